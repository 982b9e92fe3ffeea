"""The tracker: every corrective action of every postmortem, grouped, filtered, and updated in place."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from app.logic.actions import bucket
from app.logic.display import brief
from app.logic.tracking import FILTER_HELP, TrackerFilter, group_rows
from data.enums import label
from data.records import TrackedAction
from widgets.form import TextField
from widgets.literal import cell
from widgets.table import MeasuredTable

STATUS_KEYS = {"o": "open", "i": "in_progress", "b": "blocked", "d": "done", "w": "wont_do"}


class TrackerScreen(Screen):
    AREA = "tracker"
    CSS_PATH = "tracker.tcss"
    AUTO_FOCUS = "#tracker-table"
    HELP = f"""\
## Action tracker

Postmortems fail when their actions are forgotten. This is every corrective action of
every postmortem, grouped by when it is due (or by owner, `g`), for the weekly check-in.

Filter with words: `{FILTER_HELP}`.

`o` `i` `b` `d` `w` set the highlighted action's status (won't do asks why), `n` adds a
note, Enter opens its postmortem's actions, `c` starts the **check-in**: one open action
at a time, overdue first; the room says the status, you press its key, add a note, and
move on. At the end you get a summary of what changed.
"""
    BINDINGS = [
        Binding("c", "check_in", "Check-in", id="tracker.check_in",
                tooltip="Walk the open actions one at a time, overdue first"),
        Binding("g", "group", "Group", id="tracker.group", tooltip="Group by due date or by owner"),
        Binding("slash", "filter", "Filter", key_display="/", id="tracker.filter",
                tooltip=f"Filter: {FILTER_HELP}"),
        *(Binding(key, f"status('{status}')", label(status).capitalize(), show=key == "d",
                  id=f"tracker.status_{status}", tooltip=f"Set the highlighted action to {label(status)}")
          for key, status in STATUS_KEYS.items()),
        Binding("n", "note", "Note", id="tracker.note", tooltip="Add a note to the highlighted action"),
        Binding("escape", "back", "Back", id="tracker.back", tooltip="Back to the list of postmortems"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[TrackedAction] = []
        self.group_by = "bucket"

    def compose(self) -> ComposeResult:
        yield Static("Corrective actions", id="tracker-title", classes="screen-title", markup=False)
        yield TextField(placeholder=f"Filter: {FILTER_HELP}", id="tracker-filter", compact=True,
                        select_on_focus=False)
        yield MeasuredTable(id="tracker-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="tracker-empty", markup=False)
        yield Footer()

    @property
    def table(self) -> DataTable:
        return self.query_one("#tracker-table", DataTable)

    def on_resize(self) -> None:
        if self.items:
            self.call_after_refresh(self._draw)

    def on_screen_resume(self) -> None:
        self.refresh_from_store()

    def refresh_from_store(self, *, force: bool = False) -> None:
        """Read the list again (back on this screen, or postmortems changed elsewhere); the filter line
        is left as typed."""
        self.run_worker(self.reload(), group="load", exclusive=True, exit_on_error=False)

    async def reload(self, select: int | None = None) -> None:
        try:
            self.items = await self.app.store.run(lambda s: s.tracked_actions())
        except Exception as error:  # noqa: BLE001 - shown, never raised
            self.app.report_error(error, doing="Could not read the actions")
            return
        self._draw(select)

    def visible(self) -> list[tuple[str, TrackedAction]]:
        wanted = TrackerFilter.parse(self.query_one("#tracker-filter", Input).value)
        return group_rows([t for t in self.items if wanted.matches(t)], self.app.clock.today(), self.group_by)

    def _draw(self, select: int | None = None) -> None:
        table = self.table
        keep = select if select is not None else self.selected_id
        today = self.app.clock.today()
        rows = self.visible()
        table.clear(columns=True)
        room = max(20, (table.size.width or 100) - 16 - 15 - 14 - 12 - 12 - 2 * 6 - 2)
        first = "Owner" if self.group_by == "owner" else "When"
        for key, caption, width in (("group", first, 16), ("postmortem", "Postmortem", 15), ("title", "Action", room),
                                    ("owner", "Owner", 14), ("due", "Due", 12), ("status", "Status", 12)):
            table.add_column(caption, key=key, width=width)
        previous = None
        for group, tracked in rows:
            action = tracked.action
            overdue = bucket(action, today) == "overdue"
            table.add_row(
                cell(group if group != previous else "", style="bold"),
                cell(tracked.incident_id),
                cell(action.title),
                cell(action.owner or "—"),
                Text(("! " if overdue else "") + (action.due.isoformat() if action.due else "—"),
                     style="bold" if overdue else ""),
                Text(label(action.status)),
                key=str(action.id),
            )
            previous = group
        if keep is not None:
            index = next((i for i, (_, t) in enumerate(rows) if t.action.id == keep), None)
            if index is not None:
                table.move_cursor(row=index, animate=False)
        active = sum(1 for t in self.items if t.action.status in ("open", "in_progress", "blocked"))
        overdue = sum(1 for t in self.items if bucket(t.action, today) == "overdue")
        self.query_one("#tracker-title", Static).update(
            f"Corrective actions as of {today.isoformat()}: {active} open, {overdue} overdue "
            f"(grouped by {'owner' if self.group_by == 'owner' else 'due date'})")
        empty = self.query_one("#tracker-empty", Static)
        empty.update("" if rows else ("No actions match the filter." if self.items else
                                      "No corrective actions yet: add them on a postmortem's Actions (key 5)."))
        empty.display = not rows

    @property
    def selected_id(self) -> int | None:
        if not self.table.row_count:
            return None
        row_key, _ = self.table.coordinate_to_cell_key(self.table.cursor_coordinate)
        return int(row_key.value) if row_key.value else None

    @property
    def selected(self) -> TrackedAction | None:
        return next((t for t in self.items if t.action.id == self.selected_id), None)

    # -- filter, grouping ------------------------------------------------------------------------

    @on(Input.Changed, "#tracker-filter")
    def _filter_changed(self) -> None:
        self._draw()

    @on(Input.Submitted, "#tracker-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def action_filter(self) -> None:
        self.query_one("#tracker-filter").focus()

    def action_group(self) -> None:
        self.group_by = "owner" if self.group_by == "bucket" else "bucket"
        self._draw()

    def action_back(self) -> None:
        if self.query_one("#tracker-filter", Input).has_focus:
            self.table.focus()
            return
        self.app.pop_screen()

    # -- changes ---------------------------------------------------------------------------------------

    def action_status(self, status: str) -> None:
        tracked = self.selected
        if tracked is None:
            return

        async def change() -> None:
            from screens.status_change import change_status

            await change_status(self, tracked.action, status)
            await self.reload(select=tracked.action.id)

        self.run_worker(change(), group="status", exit_on_error=False)

    def action_note(self) -> None:
        from screens.analysis_dialogs import TextDialog

        tracked = self.selected
        if tracked is None:
            return
        action_id, user = tracked.action.id, self.app.user

        async def add(values: dict[str, str] | None) -> None:
            if not values:
                return
            await self.app.store.run(lambda s: s.add_action_note(action_id, by=user, note=values["text"]))
            self.notify("Note added.")
            await self.reload(select=action_id)

        self.app.push_screen(TextDialog(f"Note on “{brief(tracked.action.title, 80)}”", "Note"), add)

    @on(DataTable.RowSelected, "#tracker-table")
    def _open(self) -> None:
        tracked = self.selected
        if tracked is not None:
            self.app.open_section(tracked.action.postmortem_id, "actions")

    def action_check_in(self) -> None:
        from screens.check_in import CheckInScreen

        self.app.push_screen(CheckInScreen(self.items))
