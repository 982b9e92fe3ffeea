"""What the app does for a meeting on any screen: the countdown, the next agenda item, the
parking lot key and the presentation view. Mixed into the app; the reactive values it sets
(`meeting`, `meeting_now`, `meeting_steps`, `presentation`) are declared there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.theme import Theme

if TYPE_CHECKING:
    from data.records import MeetingState

#: High contrast for a shared screen; the light one for bright rooms and projectors.
PRESENTATION_THEMES = (
    Theme(name="presentation-dark", dark=True, primary="#FFD75F", secondary="#5FD7FF", accent="#5FD7FF",
          foreground="#FFFFFF", background="#000000", surface="#000000", panel="#262626",
          boost="#303030", warning="#FFAF00", error="#FF5F5F", success="#5FFF87"),
    Theme(name="presentation-light", dark=False, primary="#0033AA", secondary="#005F5F", accent="#005F5F",
          foreground="#000000", background="#FFFFFF", surface="#FFFFFF", panel="#E4E4E4",
          boost="#D0D0D0", warning="#AF5F00", error="#AF0000", success="#005F00"),
)

MEETING_BINDINGS = [
    Binding("f5", "meeting", "Meeting", id="meeting.open",
            tooltip="Meeting mode: participants, ground rules, the agenda with its timeboxes"),
    Binding("f6", "next_item", "Next item", id="meeting.next",
            tooltip="Close the running agenda item (its time is recorded) and go to the next one"),
    Binding("f7", "park", "Park", id="meeting.park",
            tooltip="Park a question or topic for later, from any screen (listed at wrap-up, exported)"),
    Binding("f8", "presentation", "Present", show=False, id="view.presentation",
            tooltip="Presentation view for screen-sharing: high contrast, larger, editing chrome hidden"),
    Binding("f9", "presentation_light", "Light/dark", show=False, id="view.light_dark",
            tooltip="Presentation view: switch between its light and dark theme"),
]


class MeetingMode:
    """Methods of the app; `self` is the PostmortemApp."""

    meeting: MeetingState | None
    presentation: bool

    def setup_meeting_mode(self: Any) -> None:
        for theme in PRESENTATION_THEMES:
            self.register_theme(theme)
        self._theme_before_presentation = None
        self._warned: set[tuple[int, str]] = set()
        self._steps_revision: tuple[int, int] | None = None
        self._ticker = None

    # -- which postmortem --

    def postmortem_in_view(self: Any) -> int | None:
        """The postmortem on screen (under any dialog), else the one whose meeting runs."""
        for screen in reversed(self.screen_stack):
            postmortem_id = getattr(screen, "postmortem_id", None)
            if postmortem_id is not None:
                return postmortem_id
        return self.meeting.meeting.postmortem_id if self.meeting is not None else None

    # -- the meeting's clock --

    def follow_meeting(self: Any, state: MeetingState | None) -> None:
        """Show `state` (None or ended: no meeting), and keep its clock ticking while it runs."""
        running = state is not None and state.status == "running"
        self.meeting = state if running else None
        self.meeting_now = self.clock.now()
        if running and self._ticker is None:
            self._ticker = self.set_interval(1.0, self.tick_meeting)
        elif not running and self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self._steps_revision = None
        self.tick_meeting()

    async def resume_meeting(self: Any, postmortem_id: int) -> None:
        """A meeting still running from before a restart carries on, its time intact."""
        if self.meeting is not None:
            return
        state = await self.store.run(lambda service: service.meetings.current(postmortem_id))
        if state is not None and state.status == "running" and self.meeting is None:
            self.follow_meeting(state)

    def tick_meeting(self: Any) -> None:
        """Once a second: move the countdown, warn once at two minutes and once when over,
        and refresh the step marks when the data changed."""
        from app.logic.display import brief
        from app.logic.meeting import countdown

        now = self.clock.now()
        self.meeting_now = now
        state = self.meeting
        item = state.current if state is not None else None
        if item is None:
            return
        timer_state = countdown(item, now).state
        if timer_state in ("warning", "over") and (item.id, timer_state) not in self._warned:
            self._warned.add((item.id, timer_state))
            title = brief(item.title, 80)  # user text: literal, its controls inert
            message = (f"Two minutes left for {title}." if timer_state == "warning" else
                       f"{title} is over its {item.timebox_minutes}-minute timebox. F6 moves on.")
            self.notify(message, title="Timebox", severity="warning", markup=False)
        self.run_worker(self._refresh_steps(state.meeting.postmortem_id), group="meeting-steps",
                        exclusive=True, exit_on_error=False)

    async def _refresh_steps(self: Any, postmortem_id: int) -> None:
        from app.logic.meeting import step_statuses

        revision = await self.store.run(lambda service: service.meetings.revision(postmortem_id))
        if self._steps_revision == (postmortem_id, revision):
            return
        steps = await self.store.run(lambda service: step_statuses(service.bundle(postmortem_id)))
        self._steps_revision = (postmortem_id, revision)
        self.meeting_steps = steps

    # -- actions --

    def action_meeting(self: Any) -> None:
        from screens.meeting import MeetingScreen

        if isinstance(self.screen, MeetingScreen):
            self.screen.dismiss()
            return
        postmortem_id = self.postmortem_in_view()
        if postmortem_id is None:
            self.notify("Open a postmortem first, then press F5 for its meeting.", title="Meeting")
            return
        self.push_screen(MeetingScreen(postmortem_id))

    def action_next_item(self: Any) -> None:
        """F6: the running item's time is recorded, the next starts, and its screen opens. In a worker:
        saving a half-typed field first may ask about a conflict, which needs the app's keys."""
        if self.meeting is None:
            self.notify("No meeting is running: F5 starts one.", title="Meeting")
            return
        self.run_worker(self._next_item(), group="meeting-next", exclusive=True, exit_on_error=False)

    async def _next_item(self: Any) -> None:
        state = self.meeting
        if state is None:
            return
        commit = getattr(self.screen, "commit_pending", None)
        if commit is not None:
            await commit()
        try:
            state = await self.store.run(lambda service: service.meetings.advance(state.meeting.id))
        except Exception as error:  # noqa: BLE001 - shown, never raised
            self.report_error(error, doing="Could not move to the next agenda item")
            return
        self.follow_meeting(state)
        if state.status == "ended":
            self.notify("Meeting ended: the time spent on each item is recorded.", title="Meeting")
            self.post_meeting_refresh()
            return
        item = state.current
        if item is not None:
            self.show_agenda_item(state.meeting.postmortem_id, item.section)

    def show_agenda_item(self: Any, postmortem_id: int, section: str) -> None:
        from screens.meeting import MeetingScreen
        from screens.section import SectionScreen

        while isinstance(self.screen, MeetingScreen):
            self.pop_screen()
        screen = self.screen
        if isinstance(screen, SectionScreen) and screen.postmortem_id == postmortem_id \
                and section == screen.SECTION:
            return
        self.open_section(postmortem_id, section)

    def post_meeting_refresh(self: Any) -> None:
        """The screen on view shows the parked item or the ended meeting."""
        import inspect

        screen = self.screen
        if getattr(screen, "REFRESH_ON_MEETING", False):
            result = screen.reload()
            if inspect.isawaitable(result):
                screen.run_worker(result, group="load", exit_on_error=False)

    def action_park(self: Any) -> None:
        from screens.meeting_dialogs import ParkDialog

        postmortem_id = self.postmortem_in_view()
        if postmortem_id is None:
            self.notify("Open a postmortem first: parked items belong to one.", title="Parking lot")
            return
        section = getattr(self.screen, "SECTION", "") or ""

        async def save(values: dict[str, str] | None) -> None:
            text = (values or {}).get("text", "")
            if not text:
                return
            try:
                await self.store.run(lambda service: service.parking.add(
                    postmortem_id, text=text, by=self.user, at=self.clock.now(), section=section))
            except Exception as error:  # noqa: BLE001 - shown, never raised
                self.report_error(error, doing="Not parked")
                return
            from app.logic.display import notice

            self.notify(notice(text), title="Parked for later", markup=False)
            self.post_meeting_refresh()

        self.push_screen(ParkDialog(), save)

    def action_presentation(self: Any) -> None:
        self.presentation = not self.presentation

    def action_presentation_light(self: Any) -> None:
        if self.presentation:
            self.theme = "presentation-light" if self.theme == "presentation-dark" else "presentation-dark"

    def watch_presentation(self: Any, on: bool) -> None:
        self.set_class(on, "-presentation")
        if on:
            self._theme_before_presentation = self.theme
            self.theme = "presentation-dark" if self.current_theme.dark else "presentation-light"
        elif self._theme_before_presentation is not None:
            self.theme = self._theme_before_presentation

    def check_action(self: Any, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_item":
            return self.meeting is not None
        if action == "presentation_light":
            return self.presentation
        return True
