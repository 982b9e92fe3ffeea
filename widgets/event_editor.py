"""Editing one timeline event in place, every field of it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from app.logic.display import notice
from data.enums import EventKind, label
from data.records import TimelineEvent
from widgets.form import TextField

FIELDS = ("time", "kind", "description", "source", "action_taken")


class EventEditor(Vertical):
    """Time, kind, description, source and action taken of the highlighted event.

    A field is committed when you press Enter in it or leave it: the editor
    posts `FieldCommitted` and the screen saves (or shows why not).
    """

    class FieldCommitted(Message):
        def __init__(self, editor: EventEditor, event_id: int, field: str, text: str) -> None:
            super().__init__()
            self.editor = editor
            self.event_id = event_id
            self.field = field
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.editing: TimelineEvent | None = None
        self._shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static("Editing event: Enter or Tab saves a field, Esc closes", id="editor-title")
        with Horizontal(classes="editor-row"):
            yield Label("Time", classes="editor-label")
            yield TextField(id="edit-time", compact=True, select_on_focus=False)
            yield Label("Kind", classes="editor-label")
            yield Select([(label(k.value), k.value) for k in EventKind], allow_blank=False, compact=True,
                         id="edit-kind")
        with Horizontal(classes="editor-row"):
            yield Label("Event", classes="editor-label")
            yield TextField(id="edit-description", compact=True, select_on_focus=False)
        with Horizontal(classes="editor-row"):
            yield Label("Source", classes="editor-label")
            yield TextField(id="edit-source", compact=True, select_on_focus=False,
                            placeholder="monitoring, Slack, CI/CD, a person…")
            yield Label("Action", classes="editor-label")
            yield TextField(id="edit-action_taken", compact=True, select_on_focus=False,
                            placeholder="what was done")
        yield Static("", id="editor-message", markup=False)

    def edit(self, event: TimelineEvent, time_text: str) -> None:
        """Fill the fields from `event` (its time already formatted for the display zone)."""
        self.editing = event
        self._shown = {
            "time": time_text, "kind": event.kind, "description": event.description,
            "source": event.source, "action_taken": event.action_taken,
        }
        with self.prevent(Input.Changed, Select.Changed):
            for name in ("time", "description", "source", "action_taken"):
                self.query_one(f"#edit-{name}", Input).value = self._shown[name]
            self.query_one("#edit-kind", Select).value = event.kind
        self.show_message("")

    def refresh_from(self, event: TimelineEvent, time_text: str) -> None:
        """The event was saved: remember the stored values without touching the field being typed in."""
        self.editing = event
        self._shown.update(time=time_text, kind=event.kind, description=event.description,
                           source=event.source, action_taken=event.action_taken)
        time_field = self.query_one("#edit-time", Input)
        if not time_field.has_focus:
            with self.prevent(Input.Changed):
                time_field.value = time_text

    def show_message(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#editor-message", Static)
        message.update(notice(text))  # may quote what was typed
        message.set_class(error, "-error")

    def focus_field(self, name: str = "description") -> None:
        self.query_one(f"#edit-{name}").focus()

    def _commit(self, name: str, text: str) -> None:
        if self.editing is not None and text != self._shown.get(name):
            self.post_message(self.FieldCommitted(self, self.editing.id, name, text))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._commit(self._field_of(event.input), event.value)

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        self._commit(self._field_of(event.input), event.input.value)

    @on(Select.Changed, "#edit-kind")
    def _kind(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str):
            self._commit("kind", event.value)

    def pending(self) -> tuple[str, str] | None:
        """The focused field's uncommitted text, if any (saved before the screen goes away)."""
        for name in ("time", "description", "source", "action_taken"):
            field = self.query_one(f"#edit-{name}", Input)
            if field.has_focus and field.value != self._shown.get(name):
                return name, field.value
        return None

    @staticmethod
    def _field_of(widget: Input) -> str:
        return (widget.id or "").removeprefix("edit-")
