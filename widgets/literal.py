"""User text on screen: always literal (never markup), its controls inert, long text cut.

Every place that draws something a person typed goes through `cell`, a `shown` text or one of the
input widgets here, so "[@click=app.quit]" reads as those characters and an escape sequence
in a description never reaches the terminal. The rules are in `app.logic.display`.
"""

from __future__ import annotations

from rich.console import JustifyMethod
from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip
from textual.widgets import Input, TextArea

from app.logic.display import brief, shown, without_controls
from widgets.keys_in_order import KeysInOrder


def cell(text: str, *, width: int | None = None, style: str = "", justify: JustifyMethod | None = None) -> Text:
    """One line (a table cell, a label): ends in … where its column ends, or after `width`
    cells for columns sized to their content, so one long value cannot widen a whole table."""
    line = brief(text, width) if width else shown(text)
    return Text(line, style=style, no_wrap=True, overflow="ellipsis", justify=justify)


def markup_escaped(text: str) -> str:
    """`text` for the places that only take Textual markup (the command palette's titles and
    help): every "[" escaped, so no tag, link or @click in it is ever read as one."""
    return text.replace("[", "\\[")


def control_free(strip: Strip) -> Strip:
    """`strip` without zero-width controls: same cells, nothing the terminal would obey."""
    segments = list(strip)
    if all(without_controls(segment.text) == segment.text for segment in segments):
        return strip
    cleaned = [segment if segment.control else Segment(without_controls(segment.text), segment.style)
               for segment in segments]
    return Strip(cleaned, strip.cell_length)


class ControlFreeLines:
    """For widgets that edit the raw value (inputs, text areas): the value keeps every
    character typed or stored; only the drawn line loses its controls."""

    def render_line(self, y: int) -> Strip:
        return control_free(super().render_line(y))  # type: ignore[misc]


class LiteralInput(KeysInOrder, ControlFreeLines, Input):
    """An `Input` whose drawn line never carries a control character."""


class LiteralTextArea(KeysInOrder, ControlFreeLines, TextArea):
    """A `TextArea` whose drawn lines never carry a control character."""
