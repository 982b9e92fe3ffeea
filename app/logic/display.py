"""Text people typed, made safe to draw on a terminal.

A stored value may hold anything: escape sequences pasted from a terminal, control
characters from an import, bidi overrides, a 100,000-character paste. None of it may reach
the terminal as a command, reorder the rest of a row, or stall a redraw. The stored value is
never changed: only what is drawn.

Rules of `shown`:

- ESC and the other C0 controls become their visible Control Pictures (ESC is ␛, BEL ␇, NUL ␀…);
  DEL becomes ␡. Newlines and tabs are kept as layout in multi-line text, and become spaces
  on one line (where every run of white space is one space, as tables and outlines show it).
- C1 controls (U+0080-U+009F, such as the 8-bit CSI U+009B), the bidi embeddings, overrides and
  isolates (U+202A-U+202E, U+2066-U+2069) and lone surrogates become U+FFFD, so their presence
  shows but they act on nothing. Right-to-left letters themselves are shown unchanged.
- The invisible bidi marks (LRM, RLM, ALM) are dropped: they carry no text.
- Text past `limit` characters is cut and ends in "…" (the editor still holds all of it).

Pure and Textual-free, so exports and the command line may use it too.
"""

from __future__ import annotations

#: Characters drawn on one line: a table row is as wide as the screen, so this is plenty.
SINGLE_LINE_LIMIT = 1_000
#: Characters of a multi-line block (a card, a detail pane): about a full screen of text.
MULTILINE_LIMIT = 5_000
#: Characters of a notification or a message line, which may quote what was typed.
NOTICE_LIMIT = 500

REPLACEMENT = "\ufffd"
_BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
_BIDI_MARKS = (0x200E, 0x200F, 0x061C)
_LINE_BREAKS = ("\r\n", "\r", "\u2028", "\u2029")


def _base_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {code: chr(0x2400 + code) for code in range(0x20)}
    table[0x7F] = "\u2421"
    table.update({code: REPLACEMENT for code in range(0x80, 0xA0)})
    table.update({code: REPLACEMENT for code in _BIDI_CONTROLS})
    table.update({code: None for code in _BIDI_MARKS})
    table.update({code: REPLACEMENT for code in range(0xD800, 0xE000)})
    return table


_MULTILINE = _base_table() | {ord("\n"): "\n", ord("\t"): "    "}
_ONE_LINE = _base_table() | {ord(c): " " for c in "\n\t\x0b\x0c"}
#: Zero-width controls deleted from text already laid out (widths stay as measured).
_INVISIBLE = {code: None for code in (*range(0x20), *range(0x7F, 0xA0), *_BIDI_CONTROLS, *_BIDI_MARKS,
                                      0x2028, 0x2029)}


def shown(text: str, *, multiline: bool = False, limit: int | None = None) -> str:
    """`text` as it may be drawn: controls visible but inert, cut after `limit` characters."""
    if not text:
        return ""
    limit = limit if limit is not None else (MULTILINE_LIMIT if multiline else SINGLE_LINE_LIMIT)
    cut = len(text) > limit
    if cut:
        text = text[:limit]
    for line_break in _LINE_BREAKS:
        if line_break in text:
            text = text.replace(line_break, "\n")
    text = text.translate(_MULTILINE) if multiline else " ".join(text.translate(_ONE_LINE).split())
    return text.rstrip() + "…" if cut else text


def notice(text: str) -> str:
    """A notification's or a message line's text (an error may quote a whole field)."""
    return shown(text, multiline=True, limit=NOTICE_LIMIT)


def brief(text: str, width: int) -> str:
    """One line of at most `width` terminal cells (wide and combining characters counted right),
    ending in … when cut: a title quoted in a message or a dialog."""
    from rich.cells import cell_len, set_cell_size

    line = shown(text, limit=max(4 * width, 64))
    if cell_len(line) <= width:
        return line
    return set_cell_size(line, max(0, width - 1)).rstrip() + "…"


def without_controls(text: str) -> str:
    """Drop the zero-width controls from text whose cells are already counted (an input's
    rendered line): what is left is as wide, and nothing in it acts on the terminal."""
    return text.translate(_INVISIBLE)
