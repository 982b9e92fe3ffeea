"""Small editors used by the Analysis screen: a why, one line of text, a root cause."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select

from app.logic.display import shown
from data.enums import RootCauseKind
from screens.dialogs import dialog_message, dialog_title
from widgets.form import FieldRow, TextField


class _Dialog(ModalScreen[dict[str, str] | None]):
    """Fields on rows, Enter saves from any field, Esc cancels; required fields are checked."""

    CSS_PATH = "dialogs.tcss"
    AREA = "edit"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="edit.cancel")]
    REQUIRED: tuple[str, ...] = ()
    #: field name -> kind of text for the language checks, run as the field is typed in
    CHECKED: dict[str, str] = {}

    def __init__(self, title: str, note: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield dialog_title(self.title_text)
            if self.note:
                yield dialog_message(self.note)
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

    @on(Input.Changed)
    def _check_language(self, event: Input.Changed) -> None:
        """Blaming or vague wording is pointed out once typing pauses, never blocking a key."""
        name = (event.input.id or "").removeprefix("field-")
        if name not in self.CHECKED:
            return
        timers = self.__dict__.setdefault("_check_timers", {})
        if name in timers:
            timers[name].stop()
        text = event.value
        timers[name] = self.set_timer(0.3, lambda: self._show_language(name, text))

    def _show_language(self, name: str, text: str) -> None:
        from app.logic.language import check_text

        row = self.query_one(f"#row-{name}", FieldRow)
        findings = check_text(text, self.CHECKED[name], name)
        if findings:
            row.show_warning("\n".join(f"{f.label}: “{f.text}”. {f.suggestion}" for f in findings))
        elif not row.has_error:
            row.clear_message()

    @on(Input.Submitted)
    @on(Button.Pressed, "#dialog-save")
    def _save(self) -> None:
        values = self.values()
        for name in self.REQUIRED:
            if not values.get(name):
                self.query_one(f"#row-{name}", FieldRow).show_error("This cannot be empty.")
                self.query_one(f"#field-{name}", Input).focus()
                return
        if self.valid(values):
            self.dismiss(values)

    def valid(self, values: dict[str, str]) -> bool:
        """Further checks of a dialog; show the message on the field and return False to keep it open."""
        return True

    @on(Button.Pressed, "#dialog-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class WhyDialog(_Dialog):
    """A why and its answer; the answer gets focus, since the question is usually just "Why?"."""

    REQUIRED = ("answer",)
    CHECKED = {"answer": "root_cause"}

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
    CHECKED = {"text": "other"}

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
    CHECKED = {"text": "root_cause"}

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
        # Text prompts: a plain string would be read as markup; the value stays the raw name.
        options = [(Text("(none)"), "")] + [(Text(shown(name, limit=200)), name) for name in self.categories]
        if self.category and self.category not in self.categories:
            options.append((Text(shown(self.category, limit=200)), self.category))
        yield FieldRow("Category", Select(options, value=self.category, allow_blank=False, compact=True,
                                          id="field-category"), id="row-category")

    def on_mount(self) -> None:
        self.query_one("#field-text", Input).focus()


class ScoreDialog(_Dialog):
    """A person's score for a rubric criterion, with the note that explains it."""

    REQUIRED = ("note",)

    def __init__(self, title: str, automatic: int, reason: str, score: int | None = None, note: str = "") -> None:
        super().__init__(title, f"Automatic score: {automatic} ({reason}). Yours replaces it in the average; "
                                "both stay visible.")
        self.score = score or automatic
        self.note_text = note

    def fields(self) -> ComposeResult:
        yield FieldRow("Score", Select([(f"{n} / 5", str(n)) for n in range(1, 6)], value=str(self.score),
                                       allow_blank=False, compact=True, id="field-score"), id="row-score")
        yield FieldRow("Note", TextField(self.note_text, id="field-note", compact=True,
                                         placeholder="why this score, for the next reader"), id="row-note")

    def on_mount(self) -> None:
        self.query_one("#field-note", Input).focus()


class LearningDialog(_Dialog):
    """One thing learned: what went well, where we got lucky, or a lesson."""

    REQUIRED = ("text",)
    CHECKED = {"text": "lesson"}
    KINDS = [("what went well", "went_well"), ("where we got lucky", "got_lucky"), ("lesson learned", "lesson")]

    def __init__(self, title: str, kind: str = "went_well", text: str = "") -> None:
        super().__init__(title)
        self.kind = kind
        self.text = text

    def fields(self) -> ComposeResult:
        yield FieldRow("Kind", Select(self.KINDS, value=self.kind, allow_blank=False, compact=True, id="field-kind"),
                       id="row-kind")
        yield FieldRow("Text", TextField(self.text, id="field-text", compact=True), id="row-text")

    def on_mount(self) -> None:
        self.query_one("#field-text", Input).focus()
