"""A text area that underlines what the language checks found, as the text is typed."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from textual.widgets import TextArea

from app.logic.language import Finding
from widgets.keys_in_order import KeysInOrder
from widgets.literal import ControlFreeLines

FINDING_HIGHLIGHT = "postmortem.finding"


class FindingsTextArea(KeysInOrder, ControlFreeLines, TextArea):
    """`set_findings` underlines each finding's span (character offsets into the text).

    Underlines ride on the text area's highlight map, which syntax highlighting
    normally fills; there is no language here, so the map is ours alone. Drawn lines never
    carry a control character (the text keeps them).
    """

    def __init__(self, text: str = "", **options) -> None:
        super().__init__(text, soft_wrap=True, **options)
        self._findings: list[Finding] = []

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)

    def set_findings(self, findings: Sequence[Finding]) -> None:
        self._findings = [f for f in findings if f.span is not None]
        self._build_highlight_map()
        self.refresh()

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()
        theme = getattr(self, "_theme", None)
        if theme is not None and FINDING_HIGHLIGHT not in theme.syntax_styles:
            theme.syntax_styles[FINDING_HIGHLIGHT] = Style(underline=True, color="yellow")
        text = self.text
        line_starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                line_starts.append(index + 1)
        for finding in getattr(self, "_findings", ()):
            start, end = finding.span  # type: ignore[misc]
            row = max(i for i, s in enumerate(line_starts) if s <= start)
            line_start = line_starts[row]
            line = text[line_start:].split("\n", 1)[0]
            begin = len(line[: start - line_start].encode())
            finish = len(line[: min(end, line_start + len(line)) - line_start].encode())
            self._highlights[row].append((begin, finish, FINDING_HIGHLIGHT))
