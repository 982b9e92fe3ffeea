"""Wrap-up: what the meeting added, who owns what by when, the parking lot, what is still open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from app.logic.display import notice, shown
from app.logic.meeting import Added, added_in, clock, step_statuses, time_spent, who_owns_what
from app.logic.review import Review, review
from data.records import MeetingState, PostmortemBundle
from screens.section import SectionScreen
from widgets.literal import cell
from widgets.table import MeasuredTable

#: Findings listed at wrap-up; the Review screen (6) has them all.
FINDINGS_SHOWN = 8


@dataclass
class WrapUp:
    bundle: PostmortemBundle
    meeting: MeetingState | None
    review: Review


def _read(postmortem_id: int, today: date) -> Callable[[Any], WrapUp]:
    def read(service) -> WrapUp:
        bundle = service.bundle(postmortem_id)
        started = [m for m in bundle.meetings if m.meeting.started_at is not None]
        return WrapUp(bundle, started[-1] if started else None, review(bundle, today))
    return read


class WrapUpScreen(SectionScreen):
    SECTION = "wrapup"
    AREA = "wrap-up"
    CSS_PATH = "wrapup.tcss"
    #: Parked items and the end of the meeting show here at once.
    REFRESH_ON_MEETING = True
    HELP = """\
## Wrap-up

The last five minutes of the meeting: read out what was added, who owns which action by
when, and the questions parked on the way (each needs an answer or an owner). Open review
findings show what the write-up still needs before it can be shared.

`space` marks a parked item answered (or not), `x` deletes it, `a` or F7 parks another.
F6 ends the meeting when its last item runs; the time spent on each item is kept.
"""
    BINDINGS = [
        Binding("space", "toggle_answered", "Answered", id="wrapup.answered",
                tooltip="Mark the highlighted parked item answered, or open again"),
        Binding("a", "app.park", "Park", id="wrapup.park", tooltip="Park another question or topic (also F7)"),
        Binding("x,delete", "delete_parked", "Delete", key_display="x", id="wrapup.delete",
                tooltip="Delete the highlighted parked item"),
    ]

    def __init__(self, postmortem_id: int) -> None:
        super().__init__(postmortem_id)
        self.wrapup: WrapUp | None = None

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="wrapup-body"):
            yield Static(id="wrapup-meeting", markup=False)
            yield Static(id="wrapup-added", markup=False)
            yield Static(id="wrapup-owners", markup=False)
            yield Static("Parking lot", classes="wrapup-heading", markup=False)
            yield MeasuredTable(id="parking", cursor_type="row", zebra_stripes=True)
            yield Static(id="wrapup-findings", markup=False)
            yield Static(id="wrapup-time", markup=False)

    def on_mount(self) -> None:
        self.query_one("#parking", DataTable).add_columns("Topic", "Raised on", "By", "State")

    async def _load_postmortem(self) -> None:
        await self.reload()

    async def reload(self) -> None:
        try:
            self.wrapup = await self.app.store.run(_read(self.postmortem_id, self.app.clock.today()))
        except Exception as error:  # noqa: BLE001 - shown, never raised
            self.app.report_error(error, doing="Could not prepare the wrap-up")
            return
        self.show_postmortem(self.wrapup.bundle.postmortem)
        self._draw()

    def _draw(self) -> None:
        wrap = self.wrapup
        assert wrap is not None
        now = self.app.clock.now()
        self.query_one("#wrapup-meeting", Static).update(self._meeting_text(wrap.meeting, now))
        added = added_in(wrap.bundle, wrap.meeting) if wrap.meeting else None
        self.query_one("#wrapup-added", Static).update(self._added_text(added))
        self.query_one("#wrapup-owners", Static).update(self._owners(wrap.bundle))
        self._draw_parking()
        self.query_one("#wrapup-findings", Static).update(self._findings(wrap.review))
        self.query_one("#wrapup-time", Static).update(self._time(wrap, now))

    @staticmethod
    def _meeting_text(state: MeetingState | None, now) -> Text:
        if state is None:
            return Text("No meeting has started on this postmortem yet: F5 plans one.", style="bold")
        meeting = state.meeting
        text = Text("Meeting ", style="bold")
        text.append(f"{meeting.started_at:%Y-%m-%d %H:%M} UTC", style="bold")
        end = meeting.ended_at or now
        text.append(f", {clock((end - meeting.started_at).total_seconds())}"
                    f"{' so far' if meeting.ended_at is None else ''}. ")
        if state.participants:
            text.append("With ")
            for index, person in enumerate(state.participants):
                text.append(", " if index else "")
                text.append(shown(person.name, limit=100))
                text.append(f" ({shown(person.role)})", style="dim")
            text.append(".")
        return text

    @staticmethod
    def _added_text(added: Added | None) -> Text:
        text = Text("Added in this meeting: ", style="bold")
        if added is None:
            return text + Text("nothing yet.")
        counts = [(len(added.events), "event"), (len(added.causes), "root cause"), (len(added.actions), "action")]
        text.append(", ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts))
        for label, rows in (("cause", [c.text for c in added.causes]), ("action", [a.title for a in added.actions])):
            for row in rows:
                text.append(f"\n  + {label}: ", style="dim")
                text.append(shown(row, limit=300))
        return text

    @staticmethod
    def _owners(bundle: PostmortemBundle) -> Group | Text:
        owners = who_owns_what(bundle.actions)
        if not owners:
            return Text("Who owns what by when: no open actions.", style="bold")
        table = Table(title="Who owns what by when", title_justify="left", title_style="bold", expand=True,
                      show_edge=False, pad_edge=False)
        table.add_column("Owner", no_wrap=True)
        table.add_column("Action", ratio=1)
        table.add_column("Due", no_wrap=True)
        for group in owners:
            for index, action in enumerate(group.actions):
                owner = Text(shown(group.owner, limit=60) or "no owner yet", style="" if group.owner else "bold")
                table.add_row(owner if index == 0 else Text(""), Text(shown(action.title, limit=300)),
                              Text(action.due.isoformat() if action.due else "no due date"))
        return Group(table)

    def _draw_parking(self) -> None:
        assert self.wrapup is not None
        table = self.query_one("#parking", DataTable)
        row = table.cursor_row
        table.clear()
        for item in self.wrapup.bundle.parking:
            table.add_row(cell(item.text, width=80), cell(item.section or "–", width=20),
                          cell(item.by or "–", width=30), Text("answered" if item.done else "open"), key=str(item.id))
        if not self.wrapup.bundle.parking:
            table.add_row(Text("Nothing parked: F7 parks a question from any screen.", style="dim"), "", "", "")
        else:
            table.move_cursor(row=min(row, len(self.wrapup.bundle.parking) - 1))

    @staticmethod
    def _findings(result: Review) -> Text:
        errors = len(result.errors)
        text = Text(f"Open findings: {len(result.findings)} ({errors} error{'s' if errors != 1 else ''})",
                    style="bold")
        for finding in result.findings[:FINDINGS_SHOWN]:
            text.append(f"\n  {finding.severity:<7} ", style="bold" if finding.severity == "error" else "dim")
            text.append(f"{finding.label} at {finding.path}: ")
            text.append(notice(finding.message))
        if len(result.findings) > FINDINGS_SHOWN:
            text.append(f"\n  … and {len(result.findings) - FINDINGS_SHOWN} more on Review (6)", style="dim")
        return text

    @staticmethod
    def _time(wrap: WrapUp, now) -> Group | Text:
        steps = step_statuses(wrap.bundle)
        marks = Text("Steps: ", style="bold")
        for step in steps:
            marks.append(f"{'✓' if step.done else '·'} {step.step} {step.title}  ", style="" if step.done else "dim")
        if wrap.meeting is None:
            return marks
        table = Table(title="Time spent", title_justify="left", title_style="bold", show_edge=False, pad_edge=False)
        for name in ("Item", "Timebox", "Spent", ""):
            table.add_column(name, no_wrap=True)
        for item in time_spent(wrap.meeting, now):
            table.add_row(Text(shown(item.title, limit=100)), f"{item.timebox_minutes}m", clock(item.spent_seconds),
                          "over" if item.over else "")
        return Group(table, marks)

    # -- parking lot changes --

    def _parked(self):
        if self.wrapup is None or not self.wrapup.bundle.parking:
            return None
        items = self.wrapup.bundle.parking
        return items[min(self.query_one("#parking", DataTable).cursor_row, len(items) - 1)]

    def action_toggle_answered(self) -> None:
        item = self._parked()
        if item is not None:
            self.change(lambda s: s.parking.update(item.id, expected=item, done=not item.done), "marking a parked item")

    def action_delete_parked(self) -> None:
        item = self._parked()
        if item is not None:
            self.change(lambda s: s.parking.delete(item.id, expected=item), "deleting a parked item")

    def show_path(self, path: str) -> None:
        self.query_one("#parking", DataTable).focus()
