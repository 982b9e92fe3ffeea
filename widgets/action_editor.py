"""Every field of one corrective action, each committed on Enter or when you leave it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Select, SelectionList, Static

from app.logic.actions import quadrant
from app.logic.display import shown
from data.enums import ActionStatus, ActionType, ControlLevel, Level, label
from data.records import ActionUpdate, CorrectiveAction, RootCause
from widgets.form import FieldRow, TextField

TEXT_FIELDS = ("title", "owner", "due", "success_measure", "tracker")
SELECTS: dict[str, list[tuple[str, str]]] = {
    "status": [(label(s.value), s.value) for s in ActionStatus],
    "action_type": [("—", "")] + [(label(t.value), t.value) for t in ActionType],
    "impact": [("—", "")] + [(level.value, level.value) for level in Level],
    "effort": [("—", "")] + [(level.value, level.value) for level in Level],
    "control": [("—", "")] + [(c.value, c.value) for c in ControlLevel],
}
LABELS = {"title": "Action", "owner": "Owner", "due": "Due", "status": "Status", "action_type": "Type",
          "impact": "Impact", "effort": "Effort", "control": "Control", "success_measure": "Success measure",
          "tracker": "Tracker"}
HINTS = {
    "title": "Specific and measurable: 'Add config validation to the deploy pipeline'",
    "owner": "One named person, not a team",
    "due": "2024-03-15, Mar 15, next friday, +2w, end of Q2",
    "status": "Changes are recorded in the history below",
    "action_type": "immediate = days, short term = weeks, long term = months",
    "impact": "High or low: how much it reduces the risk",
    "effort": "High or low: what it costs",
    "control": "eliminate > substitute > engineering > administrative > training",
    "success_measure": "How we will know it worked",
    "tracker": "A URL or a key such as OPS-123",
}


class ActionEditor(VerticalScroll):
    """Shows the highlighted action; posts `FieldCommitted` for the screen to validate and save."""

    class FieldCommitted(Message):
        def __init__(self, action_id: int, field: str, value: object) -> None:
            super().__init__()
            self.action_id = action_id
            self.field = field
            self.value = value

    class NoteAdded(Message):
        def __init__(self, action_id: int, note: str) -> None:
            super().__init__()
            self.action_id = action_id
            self.note = note

    def __init__(self, *, disabled: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.editing: CorrectiveAction | None = None
        self._shown: dict[str, object] = {}
        self._read_only = disabled

    def compose(self) -> ComposeResult:
        yield Static("Select an action (or press a to add one).", id="action-heading", markup=False)
        for name in ("title", "owner", "due"):
            yield self._text_row(name)
        for name in ("status", "action_type", "impact", "effort", "control"):
            yield FieldRow(LABELS[name], Select(SELECTS[name], allow_blank=False, compact=True, id=f"action-{name}",
                                                disabled=self._read_only),
                           hint=HINTS[name], id=f"action-row-{name}")
        yield Static("", id="action-quadrant", markup=False)
        for name in ("success_measure", "tracker"):
            yield self._text_row(name)
        yield Static("Root causes it addresses (space toggles)", classes="editor-section")
        yield SelectionList[int](id="action-root-causes", disabled=self._read_only)
        yield Static("History", classes="editor-section")
        yield Static("", id="action-history", markup=False)
        yield FieldRow("Note", TextField(id="action-note", compact=True, disabled=self._read_only,
                                         placeholder="a check-in note; Enter adds it"), id="action-row-note")

    def _text_row(self, name: str) -> FieldRow:
        return FieldRow(LABELS[name], TextField(id=f"action-{name}", compact=True, select_on_focus=False,
                                                disabled=self._read_only),
                        hint=HINTS[name], id=f"action-row-{name}")

    # -- showing ------------------------------------------------------------------------------------

    def show(self, action: CorrectiveAction | None, root_causes: Sequence[RootCause],
             history: Sequence[ActionUpdate], *, due_text: str = "", focus_safe: bool = True) -> None:
        """Fill every field from `action` (fields being typed in are left alone when `focus_safe`)."""
        same = self.editing is not None and action is not None and self.editing.id == action.id
        self.editing = action
        heading = self.query_one("#action-heading", Static)
        if action is None:
            heading.update("No actions yet: press a to add the first one.")
            self.display_fields(False)
            return
        self.display_fields(True)
        heading.update(Text.assemble(("Editing: ", "bold"), shown(action.title, limit=300)))
        values: dict[str, object] = {
            "title": action.title, "owner": action.owner, "due": due_text, "success_measure": action.success_measure,
            "tracker": action.tracker, "status": action.status, "action_type": action.action_type or "",
            "impact": action.impact or "", "effort": action.effort or "", "control": action.control or "",
        }
        with self.prevent(Input.Changed, Select.Changed, SelectionList.SelectedChanged):
            for name, value in values.items():
                widget = self.query_one(f"#action-{name}")
                if focus_safe and same and widget.has_focus:
                    continue
                widget.value = value  # type: ignore[attr-defined]
                self._shown[name] = value
            choices = self.query_one("#action-root-causes", SelectionList)
            choices.clear_options()
            for cause in root_causes:
                # A Text prompt: a plain string would be read as markup.
                prompt = Text(f"{cause.kind}: {shown(cause.text, limit=300)}")
                choices.add_option((prompt, cause.id, cause.id in action.root_cause_ids))
            if root_causes:
                choices.highlighted = 0
        self._shown["root_causes"] = tuple(sorted(action.root_cause_ids))
        self.query_one("#action-quadrant", Static).update(self._quadrant_text(action))
        self.query_one("#action-history", Static).update(self._history_text(history))
        if not same:
            for row in self.query(FieldRow):
                row.clear_message()

    def display_fields(self, visible: bool) -> None:
        for widget in self.query(FieldRow):
            widget.display = visible
        for selector in ("#action-quadrant", "#action-root-causes", "#action-history", ".editor-section"):
            for widget in self.query(selector):
                widget.display = visible

    @staticmethod
    def _quadrant_text(action: CorrectiveAction) -> Text:
        where = quadrant(action.impact, action.effort)
        if not where:
            return Text("Quadrant: set impact and effort", style="italic")
        return Text.assemble("Quadrant: ", (where, "bold"),
                             f"  ({action.impact} impact, {action.effort} effort)")

    @staticmethod
    def _history_text(history: Sequence[ActionUpdate]) -> Text:
        if not history:
            return Text("No updates yet.", style="italic")
        text = Text()
        for update in reversed(history):
            change = ""
            if update.old_status != update.new_status and update.new_status:
                change = f"{label(update.old_status or '—')} → {label(update.new_status)}"
            text.append(f"{update.at.strftime('%Y-%m-%d %H:%M')} {shown(update.by)}: ", style="bold")
            note = shown(update.note, multiline=True)
            text.append(" · ".join(part for part in (change, note) if part) or "update")
            text.append("\n")
        return text

    def row(self, name: str) -> FieldRow:
        return self.query_one(f"#action-row-{name}", FieldRow)

    # -- committing ---------------------------------------------------------------------------------------

    def _commit(self, name: str, value: object) -> None:
        if self.editing is None or value == self._shown.get(name):
            return
        self.post_message(self.FieldCommitted(self.editing.id, name, value))

    def remember(self, name: str, value: object) -> None:
        """The screen saved `value`: do not commit it again."""
        self._shown[name] = value

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = (event.input.id or "").removeprefix("action-")
        event.stop()
        if name == "note":
            if self.editing is not None and event.value.strip():
                self.post_message(self.NoteAdded(self.editing.id, event.value.strip()))
            return
        self._commit(name, event.value)

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        name = (event.input.id or "").removeprefix("action-")
        if name in TEXT_FIELDS:
            self._commit(name, event.input.value)

    @on(Select.Changed)
    def _selected(self, event: Select.Changed) -> None:
        event.stop()
        name = (event.select.id or "").removeprefix("action-")
        if isinstance(event.value, str):
            self._commit(name, event.value)

    @on(SelectionList.SelectedChanged, "#action-root-causes")
    def _causes(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self._commit("root_causes", tuple(sorted(event.selection_list.selected)))

    def pending(self) -> tuple[str, str] | None:
        for name in TEXT_FIELDS:
            field = self.query_one(f"#action-{name}", Input)
            if field.has_focus and field.value != self._shown.get(name):
                return name, field.value
        return None


def due_display(due: date | None) -> str:
    return due.isoformat() if due else ""
