"""What every screen of an open postmortem shares: the section bar, number keys, back."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, TextArea

from app.logic.display import shown
from data.records import Postmortem
from screens.sections import SECTIONS
from widgets.meeting_bar import MeetingBar
from widgets.section_bar import SectionBar


class SectionScreen(Screen):
    """Base of the Summary, Timeline, Impact, Analysis, Actions and Review screens."""

    SECTION: ClassVar[str] = ""
    AREA: ClassVar[str] = "postmortem"
    HELP: ClassVar[str] = ""
    BINDINGS = [
        *(
            Binding(s.key, f"section('{s.id}')", s.title, show=False, id=f"go.{s.id}",
                    tooltip=f"{s.title}: {s.purpose}")
            for s in SECTIONS
        ),
        Binding("escape", "back", "Back", id="postmortem.back",
                tooltip="Leave the field you are in; with no field, go back to the list"),
        Binding("ctrl+e", "export", "Export", id="postmortem.export",
                tooltip="Write this postmortem as Markdown, JSON or a CSV of its actions, or copy it"),
    ]

    def __init__(self, postmortem_id: int) -> None:
        super().__init__()
        self.postmortem_id = postmortem_id
        self.postmortem: Postmortem | None = None
        #: The field to show once loaded (a JSON path such as "actions[2].title"), set by the Review screen.
        self.focus_path: str | None = None

    def compose(self) -> ComposeResult:
        yield SectionBar(SECTIONS, self.SECTION, id="section-bar")
        yield MeetingBar(id="meeting-bar")
        if self.app.store.read_only:
            yield _read_only_banner()
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.run_worker(self._load_then_focus(), group="load", exit_on_error=False)

    async def _load_then_focus(self) -> None:
        await self._load_postmortem()
        self.go_to_focus_path()
        await self.app.resume_meeting(self.postmortem_id)

    async def _load_postmortem(self) -> None:
        postmortem_id = self.postmortem_id
        try:
            postmortem = await self.app.store.run(lambda service: service.get(postmortem_id))
        except Exception as error:  # noqa: BLE001 - shown to the user, never raised
            self.app.report_error(error, doing="Could not open the postmortem")
            return
        self.show_postmortem(postmortem)

    def show_postmortem(self, postmortem: Postmortem) -> None:
        """Called with fresh data whenever the postmortem's own fields change."""
        self.postmortem = postmortem
        bar = self.query_one(SectionBar)
        bar.incident_id = postmortem.incident_id
        bar.title = postmortem.title
        bar.premortem = postmortem.incident_type == "premortem"
        self.app.postmortem_types[postmortem.id] = postmortem.incident_type
        self.sub_title = shown(postmortem.incident_id)

    def check_as_typed(self, key: str, text: str, field: str, show) -> None:
        """Run the language checks on `text` once typing pauses (300 ms), then `show(findings)`.

        Debounced per field: a burst of keys costs one check, and typing never waits on it.
        """
        from app.logic.language import check_text

        timers = self.__dict__.setdefault("_check_timers", {})
        if key in timers:
            timers[key].stop()
        timers[key] = self.set_timer(0.3, lambda: show(check_text(text, field, key)))

    def change(self, call, doing: str) -> None:
        """Run `call(service)` on the store thread, then `reload()`; a refusal is shown, never raised."""
        async def run() -> None:
            try:
                await self.app.store.run(call)
            except Exception as error:  # noqa: BLE001 - shown to the user, never raised
                self.app.report_error(error, doing=f"Not saved: {doing}")
                return
            await self.reload()

        self.run_worker(run(), group="change", exit_on_error=False)

    async def reload(self) -> None:
        """Read the section's data again (sections that use `change` define it)."""

    def refresh_from_store(self, *, force: bool = False) -> None:
        """Show changes someone else saved. While a text field has focus the refresh waits until focus
        leaves it, so nothing being typed is overwritten; `force` (after "reload theirs") does not wait."""
        if not force and isinstance(self.focused, Input | TextArea):
            self._refresh_waiting = True
            return
        self._refresh_waiting = False
        self.run_worker(self.reload_from_store(), group="refresh", exclusive=True, exit_on_error=False)

    async def reload_from_store(self) -> None:
        """Read and show everything again (sections whose fields load only once refill them too)."""
        await self._load_postmortem()

    def on_descendant_blur(self) -> None:
        if getattr(self, "_refresh_waiting", False):
            # After the field's own save on blur, which is queued on the store thread before this read.
            self.set_timer(0.2, self.refresh_from_store)

    def go_to_focus_path(self) -> None:
        """Once the data is shown: put the cursor on the field the Review screen pointed at."""
        path, self.focus_path = self.focus_path, None
        if path:
            self.call_after_refresh(self.show_path, path)

    def show_path(self, path: str) -> None:
        """Select and focus the field at `path`; each section knows its own fields."""

    @staticmethod
    def path_index(path: str) -> int | None:
        """The first index in a JSON path: 3 for "actions[3].title"."""
        import re

        match = re.search(r"\[(\d+)\]", path)
        return int(match[1]) if match else None

    @staticmethod
    def path_field(path: str) -> str:
        """The last name in a JSON path: "title" for "actions[3].title"."""
        return path.rsplit(".", 1)[-1] if "." in path else path

    def action_section(self, section_id: str) -> None:
        if section_id != self.SECTION:
            self.app.open_section(self.postmortem_id, section_id)

    def action_back(self) -> None:
        """Escape: first out of the field being edited, then back to the list."""
        if isinstance(self.focused, Input | TextArea):
            self.set_focus(None)
            return
        self.app.pop_screen()

    def action_export(self) -> None:
        from screens.export_dialog import ExportDialog

        if self.postmortem is not None:
            self.app.push_screen(ExportDialog(self.postmortem_id, self.postmortem.incident_id))

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("go: list of postmortems", "Back to the home screen", self.app.pop_screen)
        if self.postmortem is not None and self.postmortem.incident_type == "premortem":
            yield SystemCommand("go: timeline of the pre-mortem", "An imagined timeline, beside the failure stories",
                                partial(self.app.open_section, self.postmortem_id, "timeline!"))
        yield SystemCommand("go: wrap-up", "What this meeting added, who owns what by when, the parking lot",
                            partial(self.app.open_section, self.postmortem_id, "wrapup"))
        for section in SECTIONS:
            if section.id != self.SECTION:
                yield SystemCommand(
                    f"go: {section.title.lower()}", f"{section.purpose} ({section.key})",
                    partial(self.action_section, section.id),
                )


def _read_only_banner():
    from textual.widgets import Static

    return Static(
        "Read-only: this database was opened with --read-only; nothing you change is saved.",
        classes="read-only-banner",
    )
