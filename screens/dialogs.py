"""Modal dialogs: confirm a destructive step, create a postmortem, show an unexpected error."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static

from app.logic.display import shown
from data.enums import IncidentType, Severity, label
from data.errors import StoreError, ValidationError
from data.records import Postmortem
from widgets.form import FieldRow, TextField
from widgets.literal import LiteralTextArea

#: Longest dialog title and message, in characters: past it the buttons would be pushed off screen.
TITLE_LIMIT, MESSAGE_LIMIT = 200, 1_000


def dialog_title(text: str) -> Static:
    """A dialog's title (it may quote user text): literal, controls inert, cut when long."""
    return Static(shown(text, limit=TITLE_LIMIT), classes="dialog-title", markup=False)


def dialog_message(text: str) -> Static:
    return Static(shown(text, multiline=True, limit=MESSAGE_LIMIT), classes="dialog-message", markup=False)


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no, with Cancel focused so a stray Enter never destroys anything."""

    CSS_PATH = "dialogs.tcss"
    AREA = "dialog"
    BINDINGS = [
        Binding("escape,n", "cancel", "Cancel", id="dialog.cancel"),
        Binding("y", "confirm", "Confirm", id="dialog.confirm"),
    ]

    def __init__(self, title: str, message: str, *, confirm_label: str = "Delete") -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield dialog_title(self.title_text)
            yield dialog_message(self.message)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.confirm_label} (y)", variant="error", id="confirm")
                yield Button("Cancel (n)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class NewPostmortemDialog(ModalScreen[Postmortem | None]):
    """Incident id (suggested), title, type and severity; Enter creates, Esc cancels."""

    CSS_PATH = "dialogs.tcss"
    AREA = "new postmortem"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="new.cancel"),
        Binding("ctrl+s", "create", "Create", id="new.create"),
    ]

    def __init__(self, suggested_id: str) -> None:
        super().__init__()
        self.suggested_id = suggested_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="new-postmortem"):
            yield Static("New postmortem", classes="dialog-title")
            yield FieldRow("Incident id", TextField(self.suggested_id, id="new-incident-id",
                                                    compact=True), id="new-row-incident_id")
            yield FieldRow(
                "Title",
                TextField(id="new-title", compact=True,
                          placeholder="What failed: 'Checkout errors after config deploy'"),
                id="new-row-title",
            )
            yield FieldRow(
                "Type",
                Select([(label(t.value), t.value) for t in IncidentType], value="outage",
                       allow_blank=False, compact=True, id="new-type"),
            )
            yield FieldRow(
                "Severity",
                Select([(label(s.value), s.value) for s in Severity], value="medium",
                       allow_blank=False, compact=True, id="new-severity"),
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create (enter)", variant="primary", id="create")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#new-title", TextField).focus()

    @on(TextField.Submitted)
    @on(Button.Pressed, "#create")
    async def action_create(self) -> None:
        incident_id = self.query_one("#new-incident-id", TextField).value.strip()
        title = self.query_one("#new-title", TextField).value.strip()
        incident_type = self.query_one("#new-type", Select).value
        severity = self.query_one("#new-severity", Select).value
        for row in self.query(FieldRow):
            row.clear_message()
        if not title:
            self.query_one("#new-row-title", FieldRow).show_error("A title is required.")
            self.query_one("#new-title", TextField).focus()
            return
        try:
            created = await self.app.store.run(
                lambda service: service.create(
                    incident_id=incident_id, title=title, incident_type=incident_type,
                    severity=severity,
                )
            )
        except ValidationError as error:
            field = "incident_id" if error.field == "incident_id" else "title"
            self.query_one(f"#new-row-{field}", FieldRow).show_error(error.message)
            return
        except StoreError as error:
            self.query_one("#new-row-title", FieldRow).show_error(str(error))
            return
        self.dismiss(created)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ErrorDialog(ModalScreen[None]):
    """Something unexpected: the message, and the details in a box that can be selected and copied."""

    CSS_PATH = "dialogs.tcss"
    AREA = "error"
    BINDINGS = [
        Binding("escape,enter", "dismiss", "Close", id="error.close"),
        Binding("c", "copy", "Copy details", id="error.copy"),
    ]

    def __init__(self, message: str, details: str) -> None:
        super().__init__()
        self.message = message
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="error-dialog"):
            yield Static("Unexpected error", classes="dialog-title")
            yield Static(
                f"{shown(self.message, multiline=True, limit=MESSAGE_LIMIT)}\nWhat was already saved is safe. "
                "Press c to copy the details for a bug report.",
                classes="dialog-message", markup=False,
            )
            yield LiteralTextArea(self.details, read_only=True, id="error-details")

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.details)
        self.notify("Error details copied to the clipboard.")


class ChoiceDialog(ModalScreen[int | None]):
    """A question with a few answers; returns the index chosen (1-9 keys or buttons), None on Esc."""

    CSS_PATH = "dialogs.tcss"
    AREA = "choice"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(self, title: str, message: str, choices: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield dialog_title(self.title_text)
            yield dialog_message(self.message)
            with Horizontal(classes="dialog-buttons"):
                for index, choice in enumerate(self.choices):
                    yield Button(Text(f"{index + 1}: {shown(choice, limit=60)}"), id=f"choice-{index}")

    def on_mount(self) -> None:
        self.query_one("#choice-0", Button).focus()

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self.choices):
                event.stop()
                self.dismiss(index)

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(int((event.button.id or "choice-0").removeprefix("choice-")))

    def action_cancel(self) -> None:
        self.dismiss(None)
