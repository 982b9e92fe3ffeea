"""Small editors of meeting mode: a parked topic, a participant, an agenda item, a failure story."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select

from data.enums import MeetingRole
from screens.analysis_dialogs import _Dialog
from widgets.form import FieldRow, TextField


class ParkDialog(_Dialog):
    """Enter parks it, Esc drops it; the meeting carries on where it was."""

    REQUIRED = ("text",)
    CHECKED = {"text": "other"}

    def __init__(self) -> None:
        super().__init__("Park for later", "A question or topic that would derail the meeting now.")

    def fields(self) -> ComposeResult:
        yield FieldRow("Topic", TextField("", id="field-text", compact=True,
                                          placeholder="e.g. Who owns the config service's alerts?"), id="row-text")

    def on_mount(self) -> None:
        self.query_one("#field-text", Input).focus()


class ParticipantDialog(_Dialog):
    REQUIRED = ("name",)

    def __init__(self, title: str, name: str = "", role: str = "responder") -> None:
        super().__init__(title)
        self.name_value = name
        self.role = role

    def fields(self) -> ComposeResult:
        yield FieldRow("Name", TextField(self.name_value, id="field-name", compact=True), id="row-name")
        roles = [(role.value, role.value) for role in MeetingRole]
        yield FieldRow("Role", Select(roles, value=self.role, allow_blank=False, compact=True, id="field-role"),
                       id="row-role")

    def on_mount(self) -> None:
        self.query_one("#field-name", Input).focus()


class AgendaDialog(_Dialog):
    """An agenda item's title and timebox; the minutes must be a whole number from 1 to 600."""

    REQUIRED = ("title", "minutes")

    def __init__(self, title: str, item_title: str = "", minutes: int = 10) -> None:
        super().__init__(title)
        self.item_title = item_title
        self.minutes = minutes

    def fields(self) -> ComposeResult:
        yield FieldRow("Item", TextField(self.item_title, id="field-title", compact=True), id="row-title")
        yield FieldRow("Minutes", TextField(str(self.minutes), id="field-minutes", compact=True), id="row-minutes",
                       hint="the timebox, 1 to 600")

    def on_mount(self) -> None:
        self.query_one("#field-minutes", Input).focus()

    def valid(self, values: dict[str, str]) -> bool:
        raw = values["minutes"].removesuffix("min").removesuffix("m").strip()
        if not raw.isdigit() or not 1 <= int(raw) <= 600:
            self.query_one("#row-minutes", FieldRow).show_error(
                f"“{values['minutes']}” is not a timebox: give whole minutes from 1 to 600.")
            self.query_one("#field-minutes", Input).focus()
            return False
        values["minutes"] = raw
        return True


class StoryDialog(_Dialog):
    """A pre-mortem's failure story, told as if the failure had already happened."""

    REQUIRED = ("text",)
    CHECKED = {"text": "other"}

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__(title, "It is six months from now and this failed. What happened?")
        self.text = text

    def fields(self) -> ComposeResult:
        yield FieldRow("Story", TextField(self.text, id="field-text", compact=True,
                                          placeholder="e.g. The migration locked the orders table at peak"),
                       id="row-text")

    def on_mount(self) -> None:
        self.query_one("#field-text", Input).focus()
