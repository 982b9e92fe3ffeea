"""The Review screen: every finding grouped by section, the quality rubric, and what was learned."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from app.logic.display import notice, shown
from app.logic.language import Finding
from app.logic.review import CRITERION_TITLES, PASS_MARK, Review, review, section_of
from data.records import LearningItem
from screens.analysis_dialogs import LearningDialog, ScoreDialog, TextDialog
from screens.section import SectionScreen
from screens.sections import SECTIONS_BY_ID
from widgets.literal import cell
from widgets.table import MeasuredTable

TABS = ("findings", "rubric", "learning")
LEARNING_TITLES = {"went_well": "went well", "got_lucky": "got lucky", "lesson": "lesson"}


class ReviewScreen(SectionScreen):
    SECTION = "review"
    AREA = "review"
    CSS_PATH = "review.tcss"
    HELP = """\
## Review

The checks every screen runs as you type, all in one place, grouped by section. Enter
jumps to the field. A finding that does not apply can be dismissed with a reason (`d`):
the reason is kept and exported, and the finding no longer counts.

- **Blame** (an error): fault put on a person or role ("the intern deleted…", "human error")
  instead of the system. Ask what allowed it.
- **Vague action**: "improve testing", "be more careful". Say exactly what changes, with a
  measurable target, one owner and a date.
- **Quantify the impact**: "many users", "significant downtime" with no number.
- Structure: owners, due dates, root causes without actions, shallow 5-Whys branches,
  missing detection or resolution events, events out of order, vague times, nothing under
  what went well, written more than 48 hours after resolution.

The **rubric** scores eight criteria from 1 to 5, each with its reason; the average must
reach 3.5. `o` overrides a score with a note (the automatic score stays beside it), `c`
clears the override. **Learning** holds what went well, where you got lucky and the
lessons: `a` adds, `e` edits, `x` deletes.
"""
    BINDINGS = [
        Binding("left_square_bracket", "tab(-1)", "Prev tab", key_display="[", id="review.prev",
                tooltip="Previous tab: findings, rubric, learning"),
        Binding("right_square_bracket", "tab(1)", "Next tab", key_display="]", id="review.next", tooltip="Next tab"),
        Binding("d", "dismiss_finding", "Dismiss", id="review.dismiss",
                tooltip="Dismiss the highlighted finding, with the reason it does not apply"),
        Binding("h", "toggle_dismissed", "Show dismissed", id="review.dismissed",
                tooltip="Show or hide the findings dismissed earlier, with their reasons"),
        Binding("o", "override", "Override", id="review.override",
                tooltip="Give the highlighted criterion your own score, with a note"),
        Binding("c", "clear_override", "Clear override", id="review.clear", show=False,
                tooltip="Go back to the automatic score for the highlighted criterion"),
        Binding("a", "add_learning", "Add", id="review.add", tooltip="Add what went well, luck, or a lesson"),
        Binding("e", "edit_learning", "Edit", id="review.edit", tooltip="Edit the highlighted learning"),
        Binding("x,delete", "delete_learning", "Delete", key_display="x", id="review.delete",
                tooltip="Delete the highlighted learning"),
    ]

    def __init__(self, postmortem_id: int) -> None:
        super().__init__(postmortem_id)
        self.review: Review | None = None
        self.learnings: list[LearningItem] = []
        self.show_dismissed = False
        self._rows: list[tuple[Finding, str | None]] = []

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="review-tabs"):
            with TabPane("Findings", id="findings"):
                yield MeasuredTable(id="findings-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="finding-detail", markup=False)
            with TabPane("Rubric", id="rubric"):
                yield MeasuredTable(id="rubric-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="rubric-detail", markup=False)
            with TabPane("Learning", id="learning"):
                yield MeasuredTable(id="learning-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="review-status", markup=False)

    # -- loading --------------------------------------------------------------------------------------------

    async def _load_postmortem(self) -> None:
        await self.reload()
        self.query_one("#findings-table").focus()

    async def reload(self) -> None:
        pm_id, today = self.postmortem_id, self.app.clock.today()

        def read(service) -> tuple[Any, Review]:
            bundle = service.bundle(pm_id)
            return bundle, review(bundle, today)

        try:
            bundle, self.review = await self.app.store.run(read)
        except Exception as error:  # noqa: BLE001 - shown, never raised
            self.app.report_error(error, doing="Could not review the postmortem")
            return
        self.learnings = bundle.learnings
        self.show_postmortem(bundle.postmortem)
        self._draw()

    def _draw(self) -> None:
        assert self.review is not None
        result = self.review
        self._draw_findings()
        self._draw_rubric()
        self._draw_learning()
        errors, others = len(result.errors), len(result.findings) - len(result.errors)
        verdict = "passes" if result.passed else "does not pass yet"
        self.query_one("#review-status", Static).update(
            f"{errors} error{'s' if errors != 1 else ''}, {others} other finding{'s' if others != 1 else ''}"
            f", {len(result.dismissed)} dismissed · rubric average {result.average:.2f} / 5: {verdict} "
            f"({PASS_MARK} needed)")

    def _draw_findings(self) -> None:
        assert self.review is not None
        table = self.query_one("#findings-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        rows: list[tuple[Finding, str | None]] = [(f, None) for f in self.review.findings]
        if self.show_dismissed:
            rows += list(self.review.dismissed)
        field_width = min(28, max((len(f.path) for f, _ in rows), default=5) + 1)
        room = max(20, (table.size.width or 100) - 10 - 9 - field_width - 2 * 4 - 2)
        for key, caption, width in (("section", "Section", 10), ("severity", "Level", 9),
                                    ("field", "Field", field_width), ("finding", "Finding", room)):
            table.add_column(caption, key=key, width=width)
        order = [s for s in SECTIONS_BY_ID]
        rows.sort(key=lambda r: (order.index(section_of(r[0].path)), r[1] is not None))
        self._rows = rows
        previous = None
        for index, (finding, reason) in enumerate(rows):
            section = SECTIONS_BY_ID[section_of(finding.path)].title
            text = f"{finding.label}: {finding.message}"
            table.add_row(
                Text(section if section != previous else "", style="bold"),
                Text(finding.severity if reason is None else "dismissed",
                     style="bold reverse" if finding.severity == "error" and reason is None else ""),
                cell(finding.path),
                cell(text, style="dim" if reason is not None else ""),
                key=str(index),
            )
            previous = section
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))
        self._show_finding()

    def _show_finding(self) -> None:
        detail = self.query_one("#finding-detail", Static)
        finding, reason = self.selected_finding or (None, None)
        if finding is None:
            detail.update("No findings: nothing blames a person, every figure and action is specific. "
                          "Well done." if self.review and not self.review.findings else "")
            return
        text = Text()  # findings quote user text: literal, controls inert, cut to the pane
        text.append(f"{finding.label} ({finding.rule}, {finding.severity}) at {finding.path}\n", style="bold")
        if finding.text:
            text.append("“")
            text.append(shown(finding.text, limit=300), style="underline")
            text.append("”\n")
        text.append(notice(finding.message) + "\n")
        text.append("Try: ", style="bold")
        text.append(notice(finding.suggestion))
        if reason is not None:
            text.append("\nDismissed: ", style="bold")
            text.append(notice(reason))
        else:
            text.append("\nEnter jumps to the field; d dismisses it with a reason.", style="dim")
        detail.update(text)

    @property
    def selected_finding(self) -> tuple[Finding, str | None] | None:
        table = self.query_one("#findings-table", DataTable)
        if not self._rows or table.cursor_row >= len(self._rows):
            return None
        return self._rows[table.cursor_row]

    @on(DataTable.RowHighlighted, "#findings-table")
    def _finding_highlighted(self) -> None:
        self._show_finding()

    @on(DataTable.RowSelected, "#findings-table")
    def _jump(self) -> None:
        selected = self.selected_finding
        if selected is not None:
            self.app.open_section(self.postmortem_id, section_of(selected[0].path), focus_path=selected[0].path)

    def _draw_rubric(self) -> None:
        assert self.review is not None
        table = self.query_one("#rubric-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        for key, caption in (("criterion", "Criterion"), ("score", "Score"), ("automatic", "Automatic"),
                             ("reason", "Why")):
            table.add_column(caption, key=key)
        for criterion in self.review.criteria:
            mark = "✓" if criterion.score >= 4 else "·" if criterion.score == 3 else "✗"
            table.add_row(Text(CRITERION_TITLES[criterion.name]), Text(f"{mark} {criterion.score} / 5", style="bold"),
                          Text(str(criterion.automatic) + (" (overridden)" if criterion.override is not None else "")),
                          cell(criterion.reason), key=criterion.name)
        table.move_cursor(row=min(cursor, len(self.review.criteria) - 1))
        self._show_criterion()

    def _show_criterion(self) -> None:
        if self.review is None:
            return
        row = self.query_one("#rubric-table", DataTable).cursor_row
        criterion = self.review.criteria[min(row, len(self.review.criteria) - 1)]
        text = Text(f"{CRITERION_TITLES[criterion.name]}: {criterion.score} / 5\n", style="bold")
        text.append(f"Automatic {criterion.automatic}: {notice(criterion.reason)}\n")
        if criterion.override is not None:
            text.append("Override note: ", style="bold")
            text.append(notice(criterion.note))
        else:
            text.append("o gives your own score with a note.", style="dim")
        self.query_one("#rubric-detail", Static).update(text)

    @on(DataTable.RowHighlighted, "#rubric-table")
    def _criterion_highlighted(self) -> None:
        self._show_criterion()

    def _draw_learning(self) -> None:
        table = self.query_one("#learning-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_column("Kind", key="kind", width=10)
        table.add_column("What", key="text")
        order = {"went_well": 0, "got_lucky": 1, "lesson": 2}
        self.learnings.sort(key=lambda i: (order[i.kind], i.position, i.id))
        widest = max(20, (table.size.width or 100) - 10 - 2 * 2 - 2)  # the column fits its text, up to the table
        for item in self.learnings:
            table.add_row(Text(LEARNING_TITLES[item.kind]), cell(item.text, width=widest), key=str(item.id))
        if self.learnings:
            table.move_cursor(row=min(cursor, len(self.learnings) - 1))

    # -- tabs -------------------------------------------------------------------------------------------------

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active or "findings"

    def action_tab(self, step: int) -> None:
        self.show_tab(TABS[(TABS.index(self.tab) + step) % len(TABS)])

    def show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one(f"#{tab}-table").focus()
        self.refresh_bindings()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.query_one(f"#{self.tab}-table").focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tabs = self.query(TabbedContent)
        tab = (tabs.first().active if tabs else "findings") or "findings"
        wanted = {"dismiss_finding": "findings", "toggle_dismissed": "findings", "override": "rubric",
                  "clear_override": "rubric", "add_learning": "learning", "edit_learning": "learning",
                  "delete_learning": "learning"}.get(action)
        return wanted is None or wanted == tab

    def show_path(self, path: str) -> None:
        self.show_tab("learning")

    # -- changes -------------------------------------------------------------------------------------------------

    async def _change(self, call: Callable[[Any], Any], doing: str) -> None:
        try:
            await self.app.store.run(call)
        except Exception as error:  # noqa: BLE001 - shown to the user, never raised
            self.app.report_error(error, doing=f"Not saved: {doing}")
            return
        await self.reload()

    def _ask(self, dialog, then: Callable[[dict[str, str]], Any]) -> None:
        async def done(values: dict[str, str] | None) -> None:
            if values is not None:
                await then(values)

        self.app.push_screen(dialog, done)

    def action_dismiss_finding(self) -> None:
        selected = self.selected_finding
        if selected is None or selected[1] is not None:
            return
        finding, pm_id, user = selected[0], self.postmortem_id, self.app.user
        self._ask(TextDialog(f"Dismiss “{finding.label}”?", "Reason", note=finding.message,
                             placeholder="why it does not apply here (kept and exported)"),
                  lambda v: self._change(lambda s: s.dismiss_finding(
                      pm_id, rule=finding.rule, path=finding.path, text=finding.text, reason=v["text"], by=user),
                      "dismissing"))

    def action_toggle_dismissed(self) -> None:
        self.show_dismissed = not self.show_dismissed
        self._draw_findings()

    def _criterion(self):
        if self.review is None:
            return None
        row = self.query_one("#rubric-table", DataTable).cursor_row
        return self.review.criteria[min(row, len(self.review.criteria) - 1)]

    def action_override(self) -> None:
        criterion = self._criterion()
        if criterion is None:
            return
        pm_id, user = self.postmortem_id, self.app.user
        self._ask(ScoreDialog(f"Score for {CRITERION_TITLES[criterion.name]}", criterion.automatic, criterion.reason,
                              criterion.override, criterion.note),
                  lambda v: self._change(lambda s: s.set_override(pm_id, criterion.name, int(v["score"]),
                                                                  note=v["note"], by=user), "overriding"))

    async def action_clear_override(self) -> None:
        criterion = self._criterion()
        if criterion is not None and criterion.override is not None:
            pm_id = self.postmortem_id
            await self._change(lambda s: s.set_override(pm_id, criterion.name, None), "clearing the override")

    def _learning(self) -> LearningItem | None:
        table = self.query_one("#learning-table", DataTable)
        if not self.learnings:
            return None
        return self.learnings[min(table.cursor_row, len(self.learnings) - 1)]

    def action_add_learning(self) -> None:
        pm_id = self.postmortem_id
        self._ask(LearningDialog("Something learned"),
                  lambda v: self._change(lambda s: s.learnings.add(pm_id, kind=v["kind"], text=v["text"]), "adding"))

    def action_edit_learning(self) -> None:
        item = self._learning()
        if item is not None:
            self._ask(LearningDialog("Edit", item.kind, item.text),
                      lambda v: self._change(lambda s: s.learnings.update(item.id, expected=item, kind=v["kind"],
                                                                                   text=v["text"]),
                                             "saving"))

    @on(DataTable.RowSelected, "#learning-table")
    def _learning_selected(self) -> None:
        self.action_edit_learning()

    async def action_delete_learning(self) -> None:
        item = self._learning()
        if item is not None:
            await self._change(lambda s: s.learnings.delete(item.id, expected=item), "deleting")
