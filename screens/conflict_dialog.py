"""Someone else saved the row you were editing: show who changed what, then reload or overwrite."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from app.logic.display import shown
from data.errors import Conflict
from screens.dialogs import dialog_message, dialog_title

#: Longest value shown in a cell of the changes table, in characters (cells wrap; a narrative is cut).
_CELL_LIMIT = 160


def _value(value: Any) -> str:
    if value is None or value == "" or value == ():
        return "(empty)"
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


class ConflictDialog(ModalScreen[bool]):
    """Their change, field by field, beside what you saw; r keeps theirs (reload), o saves yours over it.

    The choice is also given to `choice` (a future), so a caller that waits for it needs no
    callback from the screen it runs on."""

    CSS_PATH = "dialogs.tcss"
    AREA = "conflict"
    HELP = """\
Someone else saved this row after you opened it, so your change was held back rather than saved
over theirs. The table lists each field they changed: what you saw, and what it is now.

- **Reload theirs** shows their version; what you typed in that field is dropped.
- **Overwrite with mine** saves the fields you changed over theirs; fields only they changed keep
  their values. If they change it yet again meanwhile, you are asked again.
"""
    BINDINGS = [
        Binding("r,escape", "reload", "Reload theirs", id="conflict.reload",
                tooltip="Keep their version and show it; your change is dropped"),
        Binding("o", "overwrite", "Overwrite with mine", id="conflict.overwrite",
                tooltip="Save your change over theirs (only the fields you changed)"),
    ]

    def __init__(self, conflict: Conflict) -> None:
        super().__init__()
        self.conflict = conflict
        self.choice: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def compose(self) -> ComposeResult:
        conflict = self.conflict
        with Vertical(classes="dialog conflict-dialog"):
            yield dialog_title(f"{conflict.by} changed this {conflict.kind} while you were editing it")
            yield dialog_message(
                "Your change was not saved yet. Reload shows their version (your edit is dropped); "
                "Overwrite saves yours over theirs."
            )
            if conflict.changes:
                yield Static(self._changes_table(), id="conflict-changes")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Reload theirs (r)", variant="primary", id="reload")
                yield Button("Overwrite with mine (o)", variant="warning", id="overwrite")

    def _changes_table(self) -> Table:
        """Field, what you saw, what it is now: long values wrap inside their column."""
        table = Table(box=None, expand=True, padding=(0, 1), header_style="bold")
        table.add_column("Field", no_wrap=True)
        table.add_column("You saw", ratio=1)
        table.add_column(Text(f"Now (by {shown(self.conflict.by, limit=30)})"), ratio=1)
        for name, seen, now in self.conflict.changes:
            table.add_row(Text(name.replace("_", " ")), Text(shown(_value(seen), limit=_CELL_LIMIT)),
                          Text(shown(_value(now), limit=_CELL_LIMIT)))
        return table

    def on_mount(self) -> None:
        self.query_one("#reload", Button).focus()

    def on_unmount(self) -> None:
        """Closed some other way (the app quitting): nothing is overwritten, and no one waits forever."""
        if not self.choice.done():
            self.choice.set_result(False)

    def _choose(self, overwrite: bool) -> None:
        if not self.choice.done():
            self.choice.set_result(overwrite)
        self.dismiss(overwrite)

    @on(Button.Pressed, "#reload")
    def action_reload(self) -> None:
        self._choose(False)

    @on(Button.Pressed, "#overwrite")
    def action_overwrite(self) -> None:
        self._choose(True)
