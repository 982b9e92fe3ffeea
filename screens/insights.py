"""Insights (`i` on the home screen): the quarterly review across every postmortem. Every chart
sits beside the table that feeds it; selecting a row lists the postmortems behind it."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Select, Static, Tab, Tabs

from app.logic.display import brief
from app.logic.insights import Filters, Insights, PeriodError, between, compute_insights, preset
from data.enums import IncidentType, Severity, label
from data.insights import InsightFacts, read_facts
from widgets.insight_chart import InsightChart
from widgets.literal import LiteralInput, cell
from widgets.table import MeasuredTable

PRESETS = [("This quarter", "this_quarter"), ("Last quarter", "last_quarter"),
           ("Last 12 months", "last_12_months"), ("Custom dates", "custom")]
TABS = ("incidents", "speed", "causes", "actions", "timeliness")


def _minutes(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


class InsightsScreen(Screen):
    CSS_PATH = "insights.tcss"
    AREA = "insights"
    HELP = """\
## Insights

The method's quarterly review: are we getting faster, what keeps causing incidents, are
actions getting done? Incidents count in a period by their start time (the first trigger, or
the first event); a postmortem without a timeline has no start and is left out.

- **Incidents**: by month, type, severity and tag.
- **Speed**: median and p90 of detection lag (started → detected), time to resolve
  (detected → resolved) and total duration (started → resolved), per month.
- **Causes**: root causes by category, largest first with the cumulative share (Pareto).
- **Actions**: created, done, overdue (as of today), completion rate, median days to done,
  overdue by owner.
- **Timeliness**: hours from resolution to the written postmortem, share within 48 hours.

`p` cycles the period (this quarter, last quarter, last 12 months, custom); the filters
narrow by type, severity and tag. `[` and `]` switch tab. Enter on a row lists the
postmortems behind it; Enter on one of those opens it. The same figures come out of
`postmortem report` as Markdown or JSON.
"""
    BINDINGS = [
        Binding("p", "cycle_period", "Period", id="insights.period",
                tooltip="Cycle the period: this quarter, last quarter, last 12 months, custom"),
        Binding("left_square_bracket", "tab(-1)", "Prev tab", key_display="[", id="insights.prev",
                tooltip="Previous tab: incidents, speed, causes, actions, timeliness"),
        Binding("right_square_bracket", "tab(1)", "Next tab", key_display="]", id="insights.next",
                tooltip="Next tab"),
        Binding("f", "filters", "Filters", id="insights.filters", tooltip="Go to the filters (type, severity, tag)"),
        Binding("escape", "back", "Back", id="insights.back",
                tooltip="Leave the field you are in; with no field, back to the list"),
    ]

    def __init__(self, reading: Future[InsightFacts] | None = None) -> None:
        """`reading`: the facts already being read on the store thread (started before this screen
        is built, so the query and the layout run side by side)."""
        super().__init__()
        self.reading = reading
        self.facts: InsightFacts | None = None
        self._refilter_timer: Timer | None = None
        self.insights: Insights | None = None
        #: (figure, key) of each row of the figure table, for drill-down.
        self.row_keys: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield Static("Insights: the quarterly review of every incident", classes="screen-title")
        with Horizontal(id="insight-filters"):
            yield Select(PRESETS, value="this_quarter", allow_blank=False, compact=True, id="period")
            yield LiteralInput(placeholder="from date", compact=True, id="from", tooltip="First day, YYYY-MM-DD")
            yield LiteralInput(placeholder="to date", compact=True, id="to",
                               tooltip="Last day (included), YYYY-MM-DD")
            yield Select([(label(t.value), t.value) for t in IncidentType], prompt="any type", compact=True,
                         id="type")
            yield Select([(s.value, s.value) for s in Severity], prompt="any severity", compact=True, id="severity")
            yield LiteralInput(placeholder="tag", compact=True, id="tag")
        yield Static(id="insight-message", markup=False)
        yield Static(id="insight-summary", markup=False)
        yield Tabs(*(Tab(tab.capitalize(), id=tab) for tab in TABS), id="insight-tabs")
        with Horizontal(id="figure-pane"):
            yield MeasuredTable(id="figures", cursor_type="row", zebra_stripes=True)
            yield InsightChart(id="chart")
        with Vertical(id="drill"):
            yield Static("Select a row and press Enter to list the postmortems behind it.", id="drill-title",
                         markup=False)
            yield MeasuredTable(id="drill-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#drill-table", DataTable).add_columns("Incident", "Title", "Type", "Severity", "Started (UTC)")
        self.run_worker(self._load(), group="load", exit_on_error=False)

    async def _load(self) -> None:
        try:
            reading = self.reading or self.app.store.submit(read_facts)
            self.facts = await asyncio.wrap_future(reading)
        except Exception as error:  # noqa: BLE001 - shown, never raised
            self.app.report_error(error, doing="Could not read the postmortems")
            return
        self.refilter()
        self.query_one("#figures", DataTable).focus()

    # -- filtering --

    def _period(self):
        today = self.app.clock.today()
        choice = str(self.query_one("#period", Select).value)
        if choice != "custom":
            return preset(choice, today)
        texts = [self.query_one(f"#{name}", Input).value.strip() for name in ("from", "to")]
        try:
            start, end = (date.fromisoformat(text) for text in texts)
        except ValueError:
            raise PeriodError("Custom period: give both dates as YYYY-MM-DD.") from None
        return between(start, end)

    def _filters(self) -> Filters:
        def chosen(select_id: str) -> str | None:
            value = self.query_one(select_id, Select).value
            return None if value is Select.NULL else str(value)

        tag = self.query_one("#tag", Input).value.strip().lower() or None
        return Filters(chosen("#type"), chosen("#severity"), tag)

    def refilter(self) -> None:
        """Recompute every figure from the facts already read (one pass; no database call)."""
        if self.facts is None:
            return
        message = self.query_one("#insight-message", Static)
        try:
            period = self._period()
        except PeriodError as error:
            message.update(str(error))
            message.display = True
            return
        message.display = False
        self.insights = compute_insights(self.facts, period, self.app.clock.today(), self._filters())
        self._draw()

    @on(Select.Changed)
    def _select_changed(self) -> None:
        self.refilter()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("from", "to") and event.value.strip():
            period = self.query_one("#period", Select)
            if period.value != "custom":
                period.value = "custom"
                return
        # Typing pauses before the figures are redrawn: a burst of keys costs one redraw.
        if self._refilter_timer is not None:
            self._refilter_timer.stop()
        self._refilter_timer = self.set_timer(0.15, self.refilter)

    def action_cycle_period(self) -> None:
        select = self.query_one("#period", Select)
        values = [value for _, value in PRESETS]
        select.value = values[(values.index(str(select.value)) + 1) % len(values)]

    def action_filters(self) -> None:
        self.query_one("#type", Select).focus()

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(Tabs)
        tabs.active = TABS[(TABS.index(tabs.active or TABS[0]) + step) % len(TABS)]
        self.query_one("#figures", DataTable).focus()

    @on(Tabs.TabActivated)
    def _tab_changed(self) -> None:
        if self.insights is not None:
            self._draw_view()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.set_focus(None)
            return
        self.app.pop_screen()

    # -- drawing --

    def _draw(self) -> None:
        ins = self.insights
        assert ins is not None
        acts = ins.actions
        summary = Text()
        summary.append(f"{len(ins.incidents)} incident{'s' if len(ins.incidents) != 1 else ''}", style="bold")
        summary.append(f" from {ins.period.start} to {ins.period.end}")
        if ins.undated:
            summary.append(f" ({ins.undated} without a timeline left out)", style="dim")
        summary.append(f" · detection lag median {_minutes(ins.detection_lag.median)} min"
                       f" · resolve median {_minutes(ins.time_to_resolve.median)} min"
                       f" · actions {acts.done}/{acts.created} done, {acts.overdue} overdue")
        self.query_one("#insight-summary", Static).update(summary)
        self._draw_view()

    def _draw_view(self) -> None:
        """Only the tab on view is drawn: one table and one chart, whatever the tab."""
        ins = self.insights
        assert ins is not None
        tab = self.query_one(Tabs).active or TABS[0]
        chart = self.query_one("#chart", InsightChart)
        chart.display = tab != "timeliness"
        acts = ins.actions
        if tab == "incidents":
            self._fill(("Group", "Value", "Incidents"), [
                *((("month", m), ("month", m, str(n))) for m, n in ins.months().items()),
                *((("type", t), ("type", label(t), str(n))) for t, n in ins.by_type.items()),
                *((("severity", v), ("severity", v, str(n))) for v, n in ins.by_severity.items()),
                *((("tag", t), ("tag", t, str(n))) for t, n in list(ins.tags.items())[:15]),
            ])
            chart.bars("Incidents by month", ins.months())
        elif tab == "speed":
            def row(name: str, f) -> tuple[str, ...]:
                return (name, _minutes(f["detection_lag"].median), _minutes(f["detection_lag"].p90),
                        _minutes(f["time_to_resolve"].median), _minutes(f["time_to_resolve"].p90),
                        _minutes(f["duration"].median), _minutes(f["duration"].p90), str(f["duration"].n))
            whole = {"detection_lag": ins.detection_lag, "time_to_resolve": ins.time_to_resolve,
                     "duration": ins.duration}
            self._fill(("Month", "Detect med", "p90", "Resolve med", "p90", "Duration med", "p90", "n"),
                       [(("month", m), row(m, f)) for m, f in ins.trend.items()]
                       + [(("all", "all"), row("whole period", whole))])
            chart.lines("Median minutes by month", {
                "detect": [f["detection_lag"].median for f in ins.trend.values()],
                "resolve": [f["time_to_resolve"].median for f in ins.trend.values()],
            }, list(ins.trend))
        elif tab == "causes":
            total = sum(ins.root_cause_categories.values()) or 1
            running, rows = 0, []
            for category, count in ins.root_cause_categories.items():
                running += count
                rows.append((("cause", category), (category, str(count), f"{running / total * 100:.0f}%")))
            self._fill(("Category", "Root causes", "Cumulative"), rows)
            chart.bars("Root causes (Pareto)", ins.root_cause_categories)
        elif tab == "actions":
            rate = "–" if acts.completion_rate is None else f"{acts.completion_rate * 100:.0f}%"
            self._fill(("Figure", "Value"), [
                (("all", "all"), ("created", str(acts.created))), (("all", "all"), ("done", str(acts.done))),
                (("all", "all"), ("overdue", str(acts.overdue))), (("all", "all"), ("completion rate", rate)),
                (("all", "all"), ("median days to done", _minutes(acts.median_days_to_done))),
                *((("overdue", owner), (f"overdue: {owner}", str(n))) for owner, n in acts.overdue_by_owner.items()),
            ])
            chart.bars("Overdue actions by owner", acts.overdue_by_owner)
        else:
            share = "–" if ins.within_48h_share is None else f"{ins.within_48h_share * 100:.0f}%"
            self._fill(("Figure", "Value"), [
                (("all", "all"), ("median hours from resolution to written", _minutes(ins.median_hours_to_written))),
                (("all", "all"), ("written within 48 hours", share)),
                (("all", "all"), ("postmortems measured", str(ins.timeliness_n))),
            ])

    def _fill(self, columns: tuple[str, ...], rows: list[tuple[tuple[str, str], tuple[str, ...]]]) -> None:
        table = self.query_one("#figures", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_columns(*columns)
        for _key, cells in rows:  # tags, owners and categories are user text
            table.add_row(*(cell(text, width=48) for text in cells))
        self.row_keys = [key for key, _cells in rows]
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))

    # -- drill-down --

    @on(DataTable.RowSelected, "#figures")
    def _drill(self, event: DataTable.RowSelected) -> None:
        ins = self.insights
        keys = self.row_keys
        if ins is None or not keys:
            return
        figure, key = keys[min(event.cursor_row, len(keys) - 1)]
        behind = list(ins.incidents) if figure == "all" else ins.behind(figure, key)
        title = "all incidents of the period" if figure == "all" else f"{figure} {brief(key, 60)}"
        self.query_one("#drill-title", Static).update(
            f"{len(behind)} postmortem{'s' if len(behind) != 1 else ''} behind {title} (Enter opens one)")
        table = self.query_one("#drill-table", DataTable)
        table.clear()
        for incident in behind:
            started = incident.started.strftime("%Y-%m-%d %H:%M") if incident.started else "–"
            table.add_row(cell(incident.incident_id, width=30), cell(incident.title, width=80),
                          Text(label(incident.incident_type)),
                          Text(incident.severity), Text(started), key=str(incident.id))
        if behind:
            table.focus()

    @on(DataTable.RowSelected, "#drill-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.open_section(int(event.row_key.value), "summary")
