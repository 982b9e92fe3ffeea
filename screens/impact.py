"""The Impact screen: what the room knows, turned into numbers that show their working."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Input, Select, Static, TextArea

from app.logic.display import brief
from app.logic.impact import compute_impact
from app.logic.language import check_text
from app.logic.money import check_currency_code, format_money
from app.logic.numbers import (
    NumberError,
    format_number,
    parse_count,
    parse_days,
    parse_hours,
    parse_money,
    parse_percent,
    parse_score,
)
from app.logic.timeline import incident_window
from app.logic.times import TimeParseError, format_local, parse_datetime, zone_label
from data.errors import Conflict, StoreError, ValidationError
from data.records import Impact, ImpactMetric
from screens.section import SectionScreen
from widgets.findings_text_area import FindingsTextArea
from widgets.form import FieldRow, TextField
from widgets.impact_outputs import ImpactOutputs
from widgets.literal import cell
from widgets.table import MeasuredTable


@dataclass(frozen=True)
class InputField:
    name: str
    label: str
    unit: str
    parse: Callable[[str], Any]
    hint: str


def _percent_below_100(text: str) -> float:
    return parse_percent(text, below_100=True)


GROUPS: list[tuple[str, list[InputField]]] = [
    ("Who, and how badly", [
        InputField("users_affected", "Users affected", "users", parse_count, "50K, 1.2M or 50,000"),
        InputField("user_base", "User base", "users", parse_count, "everyone who could have been affected"),
        InputField("degradation_percent", "Degradation", "%", parse_percent,
                   "100 = full outage; 30 = 30% of requests failing"),
    ]),
    ("Money", [
        InputField("revenue_amount", "Revenue", "", parse_money, "$10,000, 10k, 1.2M; per hour, month or year"),
        InputField("currency", "Currency", "ISO code", check_currency_code, "USD, EUR, GBP, JPY …"),
        InputField("mrr", "Monthly recurring", "per month", parse_money, "MRR of the customers owed an SLA credit"),
        InputField("sla_credit_percent", "SLA credit", "% of MRR", parse_percent, "from the SLA's credit table"),
        InputField("responder_hours", "Responder effort", "person-hours", parse_hours, "12, 2h, 90m or 1h30m"),
        InputField("hourly_cost", "Loaded hourly cost", "per person-hour", parse_money, "salary plus overhead"),
        InputField("churned_arr", "ARR lost", "per year", parse_money, "annual revenue of customers who left"),
    ]),
    ("Reliability", [
        InputField("slo_target_percent", "SLO target", "%", _percent_below_100, "99.9 or 99.95%; below 100"),
        InputField("slo_window_days", "SLO window", "days", parse_days, "30, 30d or 4w"),
    ]),
    ("Customers", [
        InputField("support_tickets", "Support tickets", "tickets", parse_count, "opened about this incident"),
        InputField("churned_customers", "Churned customers", "customers", parse_count, "who left because of it"),
        InputField("nps_before", "NPS before", "-100 to 100", parse_score, "score before the incident"),
        InputField("nps_after", "NPS after", "-100 to 100", parse_score, "score after the incident"),
    ]),
]
FIELDS = {field.name: field for _, fields in GROUPS for field in fields}
MONEY_FIELDS = {"revenue_amount", "mrr", "hourly_cost", "churned_arr"}
PERIODS = [("per hour", "hour"), ("per month", "month"), ("per year", "year")]


class ImpactScreen(SectionScreen):
    SECTION = "impact"
    AREA = "impact"
    CSS_PATH = "impact.tcss"
    AUTO_FOCUS = None
    HELP = """\
## Impact

"Many users affected" is the most common weakness of a postmortem. Enter what the room
knows, in the words it uses (`50K`, `1.2M`, `$20,000`, `99.95%`, `2h`, `90m`), and the
figures on the right follow, each with its formula and values, so anyone can answer
"where does $20K come from?". Every input is optional; a figure that cannot be computed
says which input it needs.

- **Impact window**: started → resolved from the Timeline, unless you enter one here.
- **Revenue loss** = revenue per hour × impact hours × degradation / 100
  (a month counts 730 hours, a year 8,760).
- **Error budget** = (100 − SLO) / 100 × window days × 1440 min; a 2-hour full outage
  against 99.9% over 30 days (43.2 min) consumes 277.8% of it.
- **Suggested severity** comes from the numbers, with the rule that produced it; when it
  differs from the Summary's severity, both are shown.

The narrative underlines vague quantities ("many users", "significant downtime") as you
type: replace each with the number. Number fields are saved on Enter or when you leave
them; a field with a red message was not saved.
"""
    BINDINGS = [
        Binding("m", "add_metric", "Add metric", id="impact.add_metric",
                tooltip="Add a custom metric (name, baseline, during, after)"),
        Binding("x,delete", "delete_metric", "Delete metric", key_display="x", id="impact.delete_metric",
                tooltip="Delete the highlighted custom metric"),
        Binding("n", "narrative", "Narrative", id="impact.narrative", tooltip="Go to the narrative paragraph"),
    ]

    def __init__(self, postmortem_id: int) -> None:
        super().__init__(postmortem_id)
        self.impact = Impact(postmortem_id)
        self.window: tuple[Any, Any] = (None, None)
        self.metrics: list[ImpactMetric] = []
        self.shown: dict[str, str] = {}

    def compose_body(self) -> ComposeResult:
        disabled = self.app.store.read_only
        with Horizontal(id="impact-body"):
            with VerticalScroll(id="impact-inputs"):
                yield Static("Impact window", classes="group-title")
                for name, caption in (("window_start", "Window start"), ("window_end", "Window end")):
                    yield FieldRow(caption, TextField(id=name, compact=True, disabled=disabled,
                                                      select_on_focus=False),
                                   unit="", hint="YYYY-MM-DD HH:MM; empty = from the timeline", id=f"row-{name}")
                for title, fields in GROUPS:
                    yield Static(title, classes="group-title")
                    for field in fields:
                        extra = None
                        if field.name == "revenue_amount":
                            extra = Select(PERIODS, value="hour", allow_blank=False, compact=True, id="revenue_period",
                                           disabled=disabled)
                        yield FieldRow(field.label, TextField(id=field.name, compact=True, disabled=disabled,
                                                              select_on_focus=False),
                                       unit=field.unit, hint=field.hint, extra=extra, id=f"row-{field.name}")
                yield Static("Custom metrics (m adds, Enter edits, x deletes)", classes="group-title")
                yield MeasuredTable(id="metrics", cursor_type="row", zebra_stripes=True)
                yield Static("Narrative", classes="group-title")
                yield FindingsTextArea(id="narrative", disabled=disabled, compact=True)
                yield Static("", id="narrative-findings", markup=False)
            with VerticalScroll(id="impact-outputs"):
                yield ImpactOutputs(id="outputs")

    #: Below this width the figures move under the inputs.
    NARROW = 110

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW, "-narrow")

    def on_mount(self) -> None:
        super().on_mount()
        metrics = self.query_one("#metrics", DataTable)
        for key, caption in (("name", "Metric"), ("baseline", "Baseline"), ("during", "During"), ("after", "After")):
            metrics.add_column(caption, key=key)

    # -- loading and showing ---------------------------------------------------------------------

    async def _load_postmortem(self) -> None:
        postmortem_id = self.postmortem_id
        try:
            postmortem, impact, metrics, firsts = await self.app.store.run(lambda service: (
                service.get(postmortem_id), service.get_impact(postmortem_id),
                service.metrics.list(postmortem_id), service.first_event_times(postmortem_id),
            ))
        except Exception as error:  # noqa: BLE001 - shown, never raised
            self.app.report_error(error, doing="Could not open the impact calculator")
            return
        self.show_postmortem(postmortem)
        self.window = incident_window(firsts)
        self.impact = impact
        self.metrics = metrics
        self._fill()
        self._show_metrics()
        self._recompute()

    def show_path(self, path: str) -> None:
        name = self.path_field(path)
        known = name in FIELDS or name in ("narrative", "window_start", "window_end")
        self.query_one(f"#{name}" if known else "#narrative").focus()

    @property
    def zone(self) -> str:
        return self.postmortem.timezone if self.postmortem else "UTC"

    def _display(self, name: str) -> str:
        """How a stored value is shown in its field."""
        value = getattr(self.impact, name)
        if value is None:
            return ""
        if name in ("window_start", "window_end"):
            return format_local(value, self.zone)
        if name == "currency":
            return value
        if name in MONEY_FIELDS:
            return format_money(value, self.impact.currency)
        if name in ("degradation_percent", "slo_target_percent", "sla_credit_percent"):
            return f"{format_number(value, 4)}%"
        return format_number(value, 2)

    def _fill(self) -> None:
        with self.prevent(Input.Changed, Select.Changed, TextArea.Changed):
            for name in ("window_start", "window_end", *FIELDS):
                self.shown[name] = self._display(name)
                self.query_one(f"#{name}", Input).value = self.shown[name]
            self.query_one("#revenue_period", Select).value = self.impact.revenue_period or "hour"
            self.query_one("#narrative", TextArea).load_text(self.impact.narrative)
        start, end = self.window
        for name, default, kind in (("window_start", start, "started"), ("window_end", end, "resolved")):
            field = self.query_one(f"#{name}", Input)
            field.placeholder = (f"{format_local(default, self.zone)} ({kind}, from the timeline)"
                                 if default else f"no {kind} event on the timeline yet")
            self.query_one(f"#row-{name}", FieldRow).set_label(
                f"Window {'start' if name == 'window_start' else 'end'} ({zone_label(default, self.zone)})")
        self._check_narrative()

    def _show_metrics(self) -> None:
        table = self.query_one("#metrics", DataTable)
        table.clear()
        room = max(40, (table.size.width or 80) - 2 * 4 - 2)  # columns fit their text, up to the table
        widths = (2 * room // 5, room // 5, room // 5, room // 5)
        for metric in self.metrics:
            values = (metric.name, metric.baseline, metric.during, metric.after)
            table.add_row(*(cell(value, width=width) for value, width in zip(values, widths, strict=True)),
                          key=str(metric.id))
        table.styles.height = min(len(self.metrics), 8) + 1

    def _recompute(self) -> None:
        start, end = self.window
        report = compute_impact(self.impact, timeline_start=start, timeline_end=end, zone=self.zone)
        chosen = self.postmortem.severity if self.postmortem else None
        self.query_one(ImpactOutputs).show(report, chosen)
        users = self.query_one("#row-users_affected", FieldRow)
        warning = next((w for w in report.warnings if w.startswith("Users affected")), None)
        if warning:
            users.show_warning(f"Saved, but: {warning}")
        elif not users.has_error:
            users.clear_message()

    # -- editing -------------------------------------------------------------------------------------

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        name = event.input.id or ""
        if name in FIELDS or name in ("window_start", "window_end"):
            event.stop()
            if await self._commit(name, event.value):
                self.focus_next()

    @on(Input.Blurred)
    async def _left(self, event: Input.Blurred) -> None:
        name = event.input.id or ""
        if name in FIELDS or name in ("window_start", "window_end"):
            await self._commit(name, event.input.value)

    async def commit_pending(self) -> None:
        focused = self.focused
        if isinstance(focused, Input) and (focused.id in FIELDS or focused.id in ("window_start", "window_end")):
            await self._commit(focused.id, focused.value)

    async def _commit(self, name: str, text: str) -> bool:
        """Parse and save one field; True when the value is now stored (or unchanged)."""
        row = self.query_one(f"#row-{name}", FieldRow)
        if text == self.shown.get(name) and not row.has_error:
            return True
        try:
            value = self._parse(name, text)
        except (NumberError, TimeParseError, ValueError) as error:
            row.show_error(f"Not saved: {error}")
            return False
        saved = await self._save(row, **{name: value})
        if saved:
            field = self.query_one(f"#{name}", Input)
            self.shown[name] = self._display(name)
            if not field.has_focus:
                with self.prevent(Input.Changed):
                    field.value = self.shown[name]
            if name == "currency":
                self._fill()  # every amount is shown in the new currency
        return saved

    def _parse(self, name: str, text: str) -> Any:
        if not text.strip():
            return None if name != "currency" else "USD"
        if name in ("window_start", "window_end"):
            return parse_datetime(text, self.zone)
        return FIELDS[name].parse(text)

    async def _save(self, row: FieldRow | None, **changes: Any) -> bool:
        postmortem_id = self.postmortem_id
        base = self.impact
        try:
            self.impact = await self.app.store.run(
                lambda service: service.update_impact(postmortem_id, expected=base, **changes))
        except Conflict as conflict:  # they chose to keep the other person's version
            if row is not None:
                row.clear_message()
            self.app.report_error(conflict)
            return False
        except ValidationError as error:
            if row is not None:
                row.show_error(f"Not saved: {error.message}")
            return False
        except StoreError as error:
            if row is not None:
                row.show_error(f"Not saved: {error}")
            else:
                self.app.report_error(error)
            return False
        except Exception as error:  # noqa: BLE001 - shown in a dialog, never a traceback
            self.app.report_error(error, doing="Saving the impact")
            return False
        if row is not None:
            row.clear_message()
        self._recompute()
        return True

    @on(Select.Changed, "#revenue_period")
    async def _period(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.impact.revenue_period:
            await self._save(self.query_one("#row-revenue_amount", FieldRow), revenue_period=event.value)

    @on(TextArea.Changed, "#narrative")
    async def _narrative(self, event: TextArea.Changed) -> None:
        text = event.text_area.text
        self._check_narrative(text)
        if text != self.impact.narrative:
            await self._save(None, narrative=text)

    def _check_narrative(self, text: str | None = None) -> None:
        text = self.impact.narrative if text is None else text
        findings = check_text(text, "impact", "impact.narrative")
        self.query_one(FindingsTextArea).set_findings(findings)
        hints = "\n".join(f"“{brief(f.text, 60)}”: {f.suggestion}" for f in findings)
        self.query_one("#narrative-findings", Static).update(hints)

    def action_narrative(self) -> None:
        self.query_one("#narrative").focus()

    # -- custom metrics ----------------------------------------------------------------------------------

    def _metric_dialog(self, metric: ImpactMetric | None) -> None:
        from screens.metric_dialog import MetricDialog

        async def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            postmortem_id = self.postmortem_id
            try:
                if metric is None:
                    await self.app.store.run(lambda service: service.metrics.add(postmortem_id, **values))
                else:
                    await self.app.store.run(
                        lambda service: service.metrics.update(metric.id, expected=metric, **values))
                self.metrics = await self.app.store.run(lambda service: service.metrics.list(postmortem_id))
            except Exception as error:  # noqa: BLE001
                self.app.report_error(error, doing="Saving the metric")
                return
            self._show_metrics()

        self.app.push_screen(MetricDialog(metric), done)

    def action_add_metric(self) -> None:
        self._metric_dialog(None)

    @on(DataTable.RowSelected, "#metrics")
    def _edit_metric(self, event: DataTable.RowSelected) -> None:
        metric = next((m for m in self.metrics if str(m.id) == event.row_key.value), None)
        if metric is not None:
            self._metric_dialog(metric)

    async def action_delete_metric(self) -> None:
        table = self.query_one("#metrics", DataTable)
        if not self.metrics or not table.has_focus:
            self.notify("Highlight a custom metric in its table first.", severity="warning")
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        metric_id = int(row_key.value or 0)
        metric = next((m for m in self.metrics if m.id == metric_id), None)
        postmortem_id = self.postmortem_id
        try:
            await self.app.store.run(lambda service: service.metrics.delete(metric_id, expected=metric))
            self.metrics = await self.app.store.run(lambda service: service.metrics.list(postmortem_id))
        except Exception as error:  # noqa: BLE001
            self.app.report_error(error, doing="Deleting the metric")
            return
        self._show_metrics()
