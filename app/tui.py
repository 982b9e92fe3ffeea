"""The Textual application: screens, navigation, help, the command palette."""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from app.logic.display import notice, shown
from app.meeting_mode import MEETING_BINDINGS, MeetingMode
from app.shared_editing import POLL_SECONDS, SharedEditing
from app.store_client import StoreClient
from data.clock import Clock
from data.errors import Conflict, StoreError
from widgets import WIDGET_CSS_PATHS

if TYPE_CHECKING:
    from app.logic.meeting import StepStatus
    from data.database import Database
    from data.records import MeetingState


class PostmortemApp(MeetingMode, SharedEditing, App[None]):
    """postmortem's TUI. The database is opened (and checked) before the app starts."""

    TITLE = "postmortem"
    CSS_PATH = ["app.tcss", *WIDGET_CSS_PATHS]
    AREA = "app"
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help",
                tooltip="List every key of this screen, with guidance on the method"),
        Binding("question_mark", "help", "Help", key_display="?", show=False, id="app.help_key",
                tooltip="Help (also F1, which works inside text fields too)"),
        *MEETING_BINDINGS,
    ]

    #: The running meeting (None when none runs), its clock and the method's steps as the data shows them.
    meeting: reactive[MeetingState | None] = reactive(None, always_update=True)
    meeting_now = reactive(None)
    meeting_steps: reactive[tuple[StepStatus, ...]] = reactive(())
    #: Presentation view for screen-sharing.
    presentation = reactive(False)

    def __init__(
        self,
        database: Database,
        *,
        clock: Clock | None = None,
        user: str = "",
        load_demo: bool = False,
        cursor_blink: bool = True,
        database_label: str | None = None,
        poll_seconds: float | None = POLL_SECONDS,
    ) -> None:
        super().__init__()
        self.clock = clock or Clock()
        self.user = user
        self.load_demo_at_start = load_demo
        self.cursor_blink = cursor_blink
        self.store = StoreClient(database, self.clock, user)
        self._database_label = database_label
        #: Set when the app must stop with a message (printed by the CLI after the screen is restored).
        self.fatal_message: str | None = None
        #: The type of each postmortem seen, so a pre-mortem's section 2 opens its failure stories.
        self.postmortem_types: dict[int, str] = {}
        self.setup_meeting_mode()
        self.setup_shared_editing(poll_seconds)

    @property
    def database_label(self) -> str:
        """Which database is open, as shown on the home screen (home folder as ~)."""
        if self._database_label is not None:
            return self._database_label
        from pathlib import Path

        if self.store.database.path is None:
            return self.store.database.label
        path = self.store.database.path.expanduser().resolve()
        try:
            return f"~/{path.relative_to(Path.home())}"
        except ValueError:
            return str(path)

    def on_mount(self) -> None:
        from screens.home import HomeScreen

        self.push_screen(HomeScreen(load_demo=self.load_demo_at_start))
        self.start_watching_changes()

    # -- navigation ---------------------------------------------------------

    def open_section(self, postmortem_id: int, section: str, focus_path: str | None = None) -> None:
        """Show a section of a postmortem (at the field `focus_path`, a JSON path, when given);
        from one section to another replaces the screen."""
        from screens.navigation import section_screen
        from screens.section import SectionScreen

        screen = section_screen(section, postmortem_id, self.postmortem_types.get(postmortem_id, ""))
        screen.focus_path = focus_path
        if isinstance(self.screen, SectionScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_tracker(self) -> None:
        """All corrective actions of all postmortems (and the weekly check-in)."""
        from screens.tracker import TrackerScreen

        if not isinstance(self.screen, TrackerScreen):
            self.push_screen(TrackerScreen())

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
        else:
            self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        """Quit, first saving a half-typed value of a save-on-leave field. The save runs in a worker:
        if it meets someone else's newer version, the conflict dialog needs the app's keys."""
        commit = getattr(self.screen, "commit_pending", None)
        if commit is None:
            self.exit()
            return

        async def save_then_quit() -> None:
            try:
                await commit()
            finally:
                self.exit()

        self.run_worker(save_then_quit(), group="quit", exclusive=True, exit_on_error=False)

    # -- errors -----------------------------------------------------------------

    def report_error(self, error: BaseException, *, doing: str = "") -> None:
        """Show a store problem as a notification, anything unexpected in a dialog."""
        if isinstance(error, Conflict):  # the person chose to keep the other version
            self.conflict_kept_theirs(error)
            return
        if isinstance(error, StoreError):  # its message may quote what was typed
            self.notify(notice(str(error)), title=shown(doing) or "Not saved",
                        severity="error", markup=False)
            return
        from screens.dialogs import ErrorDialog

        details = "".join(traceback.format_exception(error))
        self.push_screen(ErrorDialog(f"{doing or 'Something went wrong'}: {error}", details))

    # -- command palette -------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key binding of the screen and the app, plus the screen's own extra commands.

        Titles are prefixed by area ("home: new", "go: timeline"): the binding id's first
        part when it has one, else the owning screen's AREA. The palette reads titles and help
        as markup: both are escaped (a postmortem's title is user text).
        """
        from widgets.literal import markup_escaped

        seen: set[str] = set()

        def fresh(command: SystemCommand) -> SystemCommand | None:
            command = command._replace(title=markup_escaped(shown(command.title)),
                                       help=markup_escaped(shown(command.help)))
            if command.title in seen:
                return None
            seen.add(command.title)
            return command

        for active in screen.active_bindings.values():
            binding, node = active.binding, active.node
            if not binding.description or not active.enabled or not isinstance(node, Screen | App):
                continue
            area = binding.id.split(".")[0] if binding.id else getattr(node, "AREA", "app")
            key = self.get_key_display(binding)
            command = SystemCommand(
                f"{area}: {binding.description.lower()}",
                f"{binding.tooltip or binding.description} ({key})",
                partial(node.run_action, binding.action),
            )
            if (command := fresh(command)) is not None:
                yield command
        extra = getattr(screen, "palette_commands", None)
        for command in extra() if extra is not None else ():
            if (command := fresh(command)) is not None:
                yield command
        yield SystemCommand("app: change theme", "Pick another colour theme", self.action_change_theme)
        yield SystemCommand("app: quit", "Leave postmortem (everything is already saved)", self.action_quit)
