"""Small editors used by the Analysis screen: a why, one line of text, a root cause."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from data.enums import RootCauseKind
from widgets.form import FieldRow, TextField


class _Dialog(ModalScreen[dict[str, str] | None]):
    """Fields on rows, Enter saves from any field, Esc cancels; required fields are checked."""

    CSS_PATH = "dialogs.tcss"
    AREA = "edit"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="edit.cancel")]
    REQUIRED: tuple[str, ...] = ()

    def __init__(self, title: str, note: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            if self.note:
                yield Static(self.note, classes="dialog-message", markup=False)
            yield from self.fields()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (enter)", variant="primary", id="dialog-save")
                yield Button("Cancel (esc)", id="dialog-cancel")

    def fields(self) -> ComposeResult:
        yield from ()

    def values(self) -> dict[str, str]:
        result: dict[str, str] = {}
        for widget in self.query(Input):
            result[(widget.id or "").removeprefix("field-")] = widget.value.strip()
        for select in self.query(Select):
            result[(select.id or "").removeprefix("field-")] = str(select.value)
        return result

    @on(Input.Submitted)
    @on(Button.Pressed, "#dialog-save")
    def _save(self) -> None:
        values = self.values()
        for name in self.REQUIRED:
            if not values.get(name):
                self.query_one(f"#row-{name}", FieldRow).show_error("This cannot be empty.")
                self.query_one(f"#field-{name}", Input).focus()
                return
        self.dismiss(values)

    @on(Button.Pressed, "#dialog-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class WhyDialog(_Dialog):
    """A why and its answer; the answer gets focus, since the question is usually just "Why?"."""

    REQUIRED = ("answer",)

    def __init__(self, title: str, question: str = "Why?", answer: str = "", note: str = "") -> None:
        super().__init__(title, note)
        self.question = question
        self.answer = answer

    def fields(self) -> ComposeResult:
        yield FieldRow("Why?", TextField(self.question, id="field-question", compact=True), id="row-question")
        yield FieldRow("Because", TextField(self.answer, id="field-answer", compact=True,
                                            placeholder="what the system allowed, not who slipped"),
                       id="row-answer")

    def on_mount(self) -> None:
        self.query_one("#field-answer", Input).focus()


class TextDialog(_Dialog):
    """One line of text: a category name, a cause, a fault-tree event, the problem statement."""

    REQUIRED = ("text",)

    def __init__(self, title: str, label: str, text: str = "", note: str = "", placeholder: str = "") -> None:
        super().__init__(title, note)
        self.label = label
        self.text = text
        self.placeholder = placeholder

    def fields(self) -> ComposeResult:
        yield FieldRow(self.label, TextField(self.text, id="field-text", compact=True, placeholder=self.placeholder),
                       id="row-text")

    def on_mount(self) -> None:
        self.query_one("#field-text", Input).focus()


class RootCauseDialog(_Dialog):
    """A root cause typed directly (or edited): its text, primary or contributing, category."""

    REQUIRED = ("text",)

    def __init__(self, title: str, categories: list[str], text: str = "", kind: str = "primary",
                 category: str = "") -> None:
        super().__init__(title, "Systemic and fixable: what allowed the failure, not who made it.")
        self.categories = categories
        self.text = text
        self.kind = kind
        self.category = category

    def fields(self) -> ComposeResult:
        yield FieldRow("Root cause", TextField(self.text, id="field-text", compact=True), id="row-text")
        yield FieldRow("Kind", Select([(k.value, k.value) for k in RootCauseKind], value=self.kind,
                                      allow_blank=False, compact=True, id="field-kind"), id="row-kind")
        options = [("(none)", "")] + [(name, name) for name in self.categories]
        if self.category and self.category not in self.categories:
            options.append((self.category, self.category))
        yield FieldRow("Category", Select(options, value=self.category, allow_blank=False, compact=True,
                                          id="field-category"), id="row-category")

    def on_mount(self) -> None:
        self.query_one("#field-text", Input).focus()
