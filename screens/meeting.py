"""Meeting mode (F5): ground rules, who is in the room, the agenda with its timeboxes, and
the method's steps as the data shows them. Every change is saved as it is made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from app.logic.display import brief, shown
from app.logic.meeting import StepStatus, clock, countdown, spent, step_statuses
from data.records import MeetingState, Postmortem
from screens.meeting_dialogs import AgendaDialog, ParticipantDialog
from widgets.literal import cell
from widgets.table import MeasuredTable

GROUND_RULES = (
    "Blameless: we ask what in the system allowed it, never who slipped.",
    "Facts first: times, numbers, sources; \"we don't know\" is fine.",
    "One conversation at a time; the facilitator keeps the timebox.",
    "Important but off-topic? Park it with F7 and move on.",
    "Everyone who was there is heard; observers listen.",
)

ROLES = ("facilitator", "scribe", "responder", "observer")


@dataclass
class MeetingView:
    postmortem: Postmortem
    state: MeetingState
    steps: tuple[StepStatus, ...]


def _read(postmortem_id: int) -> Callable[[Any], MeetingView]:
    def read(service) -> MeetingView:
        state = service.meetings.prepare(postmortem_id)
        bundle = service.bundle(postmortem_id)
        return MeetingView(bundle.postmortem, state, step_statuses(bundle))
    return read


class MeetingScreen(Screen):
    CSS_PATH = "meeting.tcss"
    #: Parked items and the end of the meeting show here at once.
    REFRESH_ON_MEETING = True
    AREA = "meeting"
    HELP = """\
## Meeting mode

Run the postmortem meeting on the method's five steps: **timeline and impact**, **root-cause
analysis**, **corrective actions**, **document and share**, **tracking**. A 60-minute meeting
gives 10 minutes to the timeline, 10 to impact, 20 to analysis, 15 to actions and 5 to
wrap-up; change any timebox before or during the meeting.

Read the ground rules aloud at the start. `s` starts the clock on the first item and opens its
screen; on any screen **F6** closes the running item (its time is recorded) and opens the next,
**F7** parks a question for later and **F8** switches to the presentation view for sharing your
screen. The timer warns at two minutes left and when over, in words as well as colour.

A step shows ✓ when the data says it is done: step 1 when the timeline has started, detected
and resolved events and impact has two quantified figures (a pre-mortem: a failure story);
step 2 when a root cause exists; step 3 when every root cause has an action with an owner and
a due date; step 4 when exported or published; step 5 when every open action is tracked.
"""
    BINDINGS = [
        Binding("s", "start", "Start", id="meeting.start",
                tooltip="Start the meeting: the clock runs on the first agenda item and its screen opens"),
        Binding("a", "add_participant", "Add person", id="meeting.add_person",
                tooltip="Add a participant with their role"),
        Binding("r", "cycle_role", "Role", id="meeting.role",
                tooltip="Cycle the highlighted participant's role: facilitator, scribe, responder, observer"),
        Binding("x,delete", "remove_participant", "Remove", key_display="x", id="meeting.remove",
                tooltip="Remove the highlighted participant"),
        Binding("e", "edit_item", "Edit item", id="meeting.edit_item",
                tooltip="Edit the highlighted agenda item's title and timebox (also Enter)"),
        Binding("plus,equals_sign", "timebox(1)", "+1 min", key_display="+", id="meeting.more",
                tooltip="One more minute for the highlighted agenda item"),
        Binding("minus", "timebox(-1)", "-1 min", key_display="-", id="meeting.less",
                tooltip="One minute less for the highlighted agenda item"),
        Binding("g", "go_item", "Go to item", id="meeting.go",
                tooltip="Run the highlighted agenda item now (the running one's time is recorded)"),
        Binding("E", "end", "End meeting", id="meeting.end",
                tooltip="End the meeting now and show the wrap-up"),
        Binding("w", "wrapup", "Wrap-up", id="meeting.wrapup",
                tooltip="What this meeting added, who owns what by when, the parking lot, open findings"),
        Binding("escape", "back", "Back", id="meeting.back", tooltip="Back to the screen you came from"),
    ]

    def __init__(self, postmortem_id: int) -> None:
        super().__init__()
        self.postmortem_id = postmortem_id
        self.view: MeetingView | None = None

    def compose(self) -> ComposeResult:
        yield Static("Meeting", id="meeting-title", classes="screen-title", markup=False)
        rules = Static("\n".join(f"{n}. {rule}" for n, rule in enumerate(GROUND_RULES, 1)), id="ground-rules",
                       markup=False)
        rules.border_title = "Ground rules: read them aloud"
        yield rules
        with Horizontal(id="meeting-tables"):
            with Vertical(id="people-panel"):
                yield Static("Participants", classes="panel-title")
                yield MeasuredTable(id="people", cursor_type="row", zebra_stripes=True)
            with Vertical(id="agenda-panel"):
                yield Static("Agenda", id="agenda-title", classes="panel-title", markup=False)
                yield MeasuredTable(id="agenda", cursor_type="row", zebra_stripes=True)
        yield Static(id="steps", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        people = self.query_one("#people", DataTable)
        people.add_columns("Name", "Role")
        agenda = self.query_one("#agenda", DataTable)
        agenda.add_columns("#", "Item", "Step", "Box", "Spent", "")
        self.watch(self.app, "meeting_now", self._tick)
        self.reload()
        agenda.focus()

    def reload(self) -> None:
        self.run_worker(self._load(), group="load", exclusive=True, exit_on_error=False)

    async def _load(self) -> None:
        try:
            self.view = await self.app.store.run(_read(self.postmortem_id))
        except Exception as error:  # noqa: BLE001 - shown, never raised
            self.app.report_error(error, doing="Could not open the meeting")
            return
        self._draw()

    # -- drawing --

    def _draw(self) -> None:
        view = self.view
        if view is None:
            return
        state = view.state
        title = Text(f"Meeting · {shown(view.postmortem.incident_id)} ", style="bold")
        title.append(shown(view.postmortem.title, limit=300))
        meeting = state.meeting
        if state.status == "planned":
            title.append("  · planned: s starts it")
        elif state.status == "running" and meeting.started_at is not None:
            title.append(f"  · running since {meeting.started_at:%H:%M} UTC")
        self.query_one("#meeting-title", Static).update(title)
        people = self.query_one("#people", DataTable)
        row = people.cursor_row
        people.clear()
        for person in state.participants:
            people.add_row(cell(person.name, width=16), cell(person.role), key=str(person.id))  # a 32-cell panel
        if state.participants:
            people.move_cursor(row=min(row, len(state.participants) - 1))
        self._draw_agenda()
        self.query_one("#steps", Static).update(self._steps_text(view.steps))
        self.refresh_bindings()

    def _draw_agenda(self, now: datetime | None = None) -> None:
        view = self.view
        if view is None:
            return
        now = now or self.app.clock.now()
        agenda = self.query_one("#agenda", DataTable)
        row = agenda.cursor_row
        agenda.clear()
        current = view.state.meeting.current_position if view.state.status == "running" else None
        total = sum(item.timebox_minutes for item in view.state.agenda)
        heading = f"Agenda · {total} min planned"
        for item in view.state.agenda:
            used = spent(item, now)
            if item.position == current:
                marker = "▶ now"
                heading += f" · now {brief(item.title, 40)}: {countdown(item, now).label}"
            elif used > item.timebox_minutes * 60:
                marker = "over"
            else:
                marker = "done" if used else ""
            agenda.add_row(Text(str(item.position + 1)), cell(item.title, width=40), Text(str(item.step)),
                           Text(f"{item.timebox_minutes}m"), Text(clock(used) if used else "–"),
                           Text(marker), key=str(item.id))
        if view.state.agenda:
            agenda.move_cursor(row=min(row, len(view.state.agenda) - 1))
        self.query_one("#agenda-title", Static).update(heading)

    @staticmethod
    def _steps_text(steps: tuple[StepStatus, ...]) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for step in steps:
            text.append(f"{'✓' if step.done else '·'} {step.step} {step.title}", style="bold" if step.done else "")
            text.append(f": {step.detail}\n", style="dim")
        text.rstrip()
        return text

    def _tick(self, now: datetime | None) -> None:
        if self.view is not None and self.app.meeting is not None:
            self.view.state = self.app.meeting if self.app.meeting.meeting.id == self.view.state.meeting.id \
                else self.view.state
            self._draw_agenda(now)

    # -- changes --

    def _change(self, call: Callable[[Any], Any], doing: str, after: Callable[[Any], None] | None = None) -> None:
        async def run() -> None:
            try:
                result = await self.app.store.run(call)
            except Exception as error:  # noqa: BLE001 - shown, never raised
                self.app.report_error(error, doing=f"Not saved: {doing}")
                return
            if after is not None:
                after(result)
            await self._load()

        self.run_worker(run(), group="change", exit_on_error=False)

    def _selected(self, table_id: str, rows: tuple) -> Any:
        table = self.query_one(table_id, DataTable)
        if not rows:
            return None
        return rows[min(table.cursor_row, len(rows) - 1)]

    def _person(self):
        return self._selected("#people", self.view.state.participants) if self.view else None

    def _item(self):
        return self._selected("#agenda", self.view.state.agenda) if self.view else None

    def action_add_participant(self) -> None:
        if self.view is None:
            return
        meeting_id = self.view.state.meeting.id

        def save(values: dict[str, str] | None) -> None:
            if values:
                self._change(lambda s: s.meetings.participants.add(meeting_id, name=values["name"],
                                                                   role=values["role"]), "adding a participant")
        self.app.push_screen(ParticipantDialog("Participant"), save)

    def action_cycle_role(self) -> None:
        person = self._person()
        if person is not None:
            role = ROLES[(ROLES.index(person.role) + 1) % len(ROLES)] if person.role in ROLES else ROLES[0]
            self._change(lambda s: s.meetings.participants.update(person.id, role=role), "changing a role")

    def action_remove_participant(self) -> None:
        person = self._person()
        if person is not None:
            self._change(lambda s: s.meetings.participants.delete(person.id), "removing a participant")

    def action_edit_item(self) -> None:
        item = self._item()
        if item is None:
            return

        def save(values: dict[str, str] | None) -> None:
            if values:
                self._change(lambda s: s.meetings.agenda.update(item.id, title=values["title"],
                                                                timebox_minutes=int(values["minutes"])),
                             "editing the agenda", self._follow_if_running)
        self.app.push_screen(AgendaDialog("Agenda item", item.title, item.timebox_minutes), save)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "agenda":
            self.action_edit_item()
        else:
            self.action_cycle_role()

    def action_timebox(self, minutes: int) -> None:
        item = self._item()
        if item is None:
            return
        new = item.timebox_minutes + minutes
        if not 1 <= new <= 600:
            self.notify("A timebox is from 1 to 600 minutes.", title="Timebox", severity="warning")
            return
        self._change(lambda s: s.meetings.agenda.update(item.id, timebox_minutes=new), "changing a timebox",
                     self._follow_if_running)

    def _follow_if_running(self, _result: Any) -> None:
        async def refresh() -> None:
            state = await self.app.store.run(lambda s: s.meetings.current(self.postmortem_id))
            if state is not None and state.status == "running":
                self.app.follow_meeting(state)
        self.run_worker(refresh(), group="follow", exit_on_error=False)

    def action_start(self) -> None:
        view = self.view
        if view is None:
            return
        if view.state.status != "planned":
            self.notify("This meeting is already running: F6 moves to the next item.", title="Meeting")
            return
        if self.app.meeting is not None:
            self.notify("Another meeting is running: end it first (E on its meeting screen).", title="Meeting")
            return
        meeting_id = view.state.meeting.id

        def started(state: MeetingState) -> None:
            self.app.follow_meeting(state)
            self.notify("Ground rules read? The clock runs: F6 next item, F7 park, F8 present.",
                        title="Meeting started")
            if state.current is not None:
                self.app.show_agenda_item(self.postmortem_id, state.current.section)

        self._change(lambda s: s.meetings.start(meeting_id), "starting the meeting", started)

    def action_go_item(self) -> None:
        item, view = self._item(), self.view
        if item is None or view is None:
            return
        if view.state.status != "running":
            self.notify("Start the meeting first (s).", title="Meeting")
            return

        def moved(state: MeetingState) -> None:
            self.app.follow_meeting(state)
            self.app.show_agenda_item(self.postmortem_id, item.section)

        self._change(lambda s: s.meetings.go_to(view.state.meeting.id, item.position), "changing item", moved)

    def action_end(self) -> None:
        view = self.view
        if view is None or view.state.status != "running":
            self.notify("No meeting is running here.", title="Meeting")
            return

        def ended(state: MeetingState) -> None:
            self.app.follow_meeting(state)
            self.notify("Meeting ended: the time spent on each item is recorded.", title="Meeting")
            self.app.show_agenda_item(self.postmortem_id, "wrapup")

        self._change(lambda s: s.meetings.end(view.state.meeting.id), "ending the meeting", ended)

    def action_wrapup(self) -> None:
        self.app.show_agenda_item(self.postmortem_id, "wrapup")

    def action_back(self) -> None:
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Start shows before the meeting, Go and End while it runs."""
        status = self.view.state.status if self.view is not None else "planned"
        if action == "start":
            return status == "planned"
        if action in ("go_item", "end"):
            return status == "running"
        return True
