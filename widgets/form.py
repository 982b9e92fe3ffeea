"""Form building blocks: a labelled field with its own message line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from app.logic.display import shown
from widgets.keys_in_order import KeysInOrder
from widgets.literal import ControlFreeLines


class TextField(KeysInOrder, ControlFreeLines, Input):
    """An `Input` that follows the app's cursor-blink setting (off in tests, for stable snapshots).

    Its content width never changes the layout around it (a one-line field has a fixed size), so a
    key press repaints the field alone instead of laying out the whole screen again. The value
    keeps every character; the drawn line never carries a control character.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)


class FieldRow(Horizontal):
    """A label, the widget that edits the value, and a message line under it.

    The message line shows the hint while the field has focus, and always shows
    an error (the value was not saved) or a warning (saved, but worth a second look).
    """

    def __init__(
        self, label: str, field: Widget, *, hint: str = "", unit: str = "", extra: Widget | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="field-row -hinted" if hint else "field-row")
        self.label_text = label
        self.field = field
        self.hint = hint
        self.unit = unit
        self.extra = extra

    def compose(self) -> ComposeResult:
        yield Label(self.label_text, classes="field-label", markup=False)
        with Vertical(classes="field-body"):
            if self.unit or self.extra:
                with Horizontal(classes="field-line"):
                    yield self.field
                    if self.extra is not None:
                        yield self.extra
                    if self.unit:
                        yield Label(self.unit, classes="field-unit", markup=False)
            else:
                yield self.field
            yield Static(self.hint, classes="field-message", markup=False)

    @property
    def message(self) -> Static:
        return self.query_one(".field-message", Static)

    def on_descendant_focus(self) -> None:
        # A class, not `:focus-within`, which Textual does not always clear when focus moves on: the hint of a
        # field left by Tab stayed under it.
        self.add_class("-focused")

    def on_descendant_blur(self) -> None:
        self.remove_class("-focused")

    def set_label(self, text: str) -> None:
        self.label_text = text
        self.query_one(".field-label", Label).update(shown(text))

    def show_error(self, text: str) -> None:
        self._show(text, "-error")

    def show_warning(self, text: str) -> None:
        self._show(text, "-warning")

    def clear_message(self) -> None:
        self._show(self.hint, None)

    @property
    def has_error(self) -> bool:
        return self.has_class("-error")

    def _show(self, text: str, kind: str | None) -> None:
        self.remove_class("-error", "-warning")
        if kind:
            self.add_class(kind)
        self.message.update(shown(text, multiline=True, limit=600))  # errors may quote what was typed
