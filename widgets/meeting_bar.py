"""The line under the section bar while a meeting runs: the agenda item, its countdown, the steps."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from app.logic.display import shown
from app.logic.meeting import StepStatus, countdown
from data.records import MeetingState


class MeetingBar(Widget):
    """Hidden when no meeting runs. Every state is said in words as well as colour:
    "left", "under 2 min", "OVER by", and ✓ / · for done and open steps."""

    meeting: reactive[MeetingState | None] = reactive(None, always_update=True)
    now: reactive[datetime | None] = reactive(None)
    steps: reactive[tuple[StepStatus, ...]] = reactive(())

    def on_mount(self) -> None:
        app = self.app
        self.watch(app, "meeting", self._follow_meeting)
        self.watch(app, "meeting_now", self._follow_now)
        self.watch(app, "meeting_steps", self._follow_steps)

    def _follow_meeting(self, meeting: MeetingState | None) -> None:
        on_screen = getattr(self.screen, "postmortem_id", None)
        running = meeting is not None and meeting.status == "running"
        self.meeting = meeting if running and meeting.meeting.postmortem_id == on_screen else None
        self.display = self.meeting is not None
        self._restyle()

    def _follow_now(self, now: datetime | None) -> None:
        self.now = now
        self._restyle()

    def _restyle(self) -> None:
        """The warning and over classes follow the clock (set here, never while rendering)."""
        item = self.meeting.current if self.meeting is not None else None
        state = countdown(item, self.now or self.app.clock.now()).state if item is not None else "ok"
        self.set_class(state == "warning", "-warning")
        self.set_class(state == "over", "-over")

    def _follow_steps(self, steps: tuple[StepStatus, ...]) -> None:
        self.steps = steps

    def render(self) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        state = self.meeting
        item = state.current if state is not None else None
        if state is None or item is None:
            return line
        now = self.now or self.app.clock.now()
        timer = countdown(item, now)
        line.append("MEETING ", style="bold")
        line.append(f"{item.position + 1}/{len(state.agenda)} ")
        line.append(shown(item.title), style="bold")  # user text: literal, its controls inert
        line.append(f"  {timer.label}  ", style="bold reverse" if timer.state != "ok" else "bold")
        if self.steps:
            line.append(" steps ")
            for step in self.steps:
                line.append(f"{'✓' if step.done else '·'}{step.step} ", style="bold" if step.done else "dim")
        return line
