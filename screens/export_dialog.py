"""Export from the TUI: write the postmortem to a file, or copy it to the clipboard."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from app.exporting import EXTENSIONS, safe_file_name
from app.logic.display import brief, notice
from widgets.form import FieldRow, TextField

FORMATS = [("Markdown", "md"), ("postmortem/v1 JSON", "json"), ("CSV of actions", "csv")]


class ExportDialog(ModalScreen[None]):
    """The path starts as `<incident-id>.md` in the current folder; an existing file is never
    overwritten without asking."""

    CSS_PATH = "dialogs.tcss"
    AREA = "export"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("ctrl+y", "copy", "Copy to clipboard", id="export.copy"),
    ]

    def __init__(self, postmortem_id: int, incident_id: str) -> None:
        super().__init__()
        self.postmortem_id = postmortem_id
        self.incident_id = incident_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Static(f"Export {brief(self.incident_id, 60)}", classes="dialog-title", markup=False)
            yield FieldRow("Format", Select(FORMATS, value="md", allow_blank=False, compact=True, id="export-format"))
            yield FieldRow("File", TextField(self._default_path("md"), id="export-path", compact=True),
                           hint="Enter writes the file; ctrl+y copies the text instead", id="export-row-path")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Write file (enter)", variant="primary", id="export-write")
                yield Button("Copy (ctrl+y)", id="export-copy")
                yield Button("Cancel (esc)", id="export-cancel")

    def _default_path(self, kind: str) -> str:
        return str(Path.cwd() / f"{safe_file_name(self.incident_id)}.{EXTENSIONS[kind]}")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Select.Changed, "#export-format")
    def _format(self, event: Select.Changed) -> None:
        path = self.query_one("#export-path", Input)
        stem = Path(path.value).with_suffix("")
        path.value = f"{stem}.{EXTENSIONS[str(event.value)]}"

    async def _text(self) -> str:
        from app.exporting import render

        kind = str(self.query_one("#export-format", Select).value)
        postmortem_id, today = self.postmortem_id, self.app.clock.today()
        return await self.app.store.run(lambda s: render(s, postmortem_id, kind, today))

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-write")
    def _write(self) -> None:
        self.run_worker(self._write_file(), exit_on_error=False)

    async def _write_file(self, force: bool = False) -> None:
        from app.exporting import write_new
        from screens.dialogs import ConfirmDialog

        row = self.query_one("#export-row-path", FieldRow)
        path = Path(self.query_one("#export-path", Input).value.strip()).expanduser()
        if not path.name:
            row.show_error("Give a file name.")
            return
        if path.exists() and not path.is_dir() and not force:
            overwrite = await self.app.push_screen_wait(
                ConfirmDialog(f"Overwrite {path.name}?", f"{path} already exists.", confirm_label="Overwrite"))
            if not overwrite:
                return
            force = True
        text = await self._text()
        problem = write_new(path, text, force)
        if problem:
            row.show_error(problem.replace("; use --force to overwrite it", ""))
            return
        self._note_exported()
        self.app.notify(notice(f"Wrote {path}"), markup=False)
        self.dismiss(None)

    @on(Button.Pressed, "#export-copy")
    async def action_copy(self) -> None:
        self.app.copy_to_clipboard(await self._text())
        self._note_exported()
        self.app.notify("Copied to the clipboard.")
        self.dismiss(None)

    def _note_exported(self) -> None:
        """Shared: step 4 of the method (document and share) now shows done."""
        from app.exporting import note_exported

        postmortem_id = self.postmortem_id
        self.app.store.submit(lambda s: note_exported(s, postmortem_id))

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
