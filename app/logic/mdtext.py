"""Putting user text into Markdown without letting it change the document's structure."""

from __future__ import annotations

import html
import re

# Characters that mean something anywhere in a line (< > & are handled as HTML entities).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# What would start a block if it came first: "1." "1)" ordered lists, "-" "+" bullets, "#" headings, "=" underlines.
_BLOCK_START = re.compile(r"^(\d+)([.)])|^()([-+#=])")
# Anything inline() would change once whitespace is collapsed: Markdown punctuation or an HTML character.
_NEEDS_ESCAPING = re.compile(r"[\\`*_\[\]|~<>&]")


#: C0 controls but the newline, DEL, C1 controls, and the bidi embeddings, overrides and isolates, which
#: would reorder the rest of a line for whoever reads the export in a terminal or an editor.
_DROPPED = dict.fromkeys([*(c for c in range(32) if c != 10), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F),
                          *range(0x2066, 0x206A)])


def clean_text(text: str) -> str:
    """Control characters (ANSI escapes and bidi overrides included) removed; tabs become spaces."""
    if text.isprintable():  # no control character at all: the common case, thousands of times per export
        return text
    text = re.sub(r"\x1b\[[0-?]*[ -/]*[@-~]", "", text)  # CSI sequences
    # OSC and friends, ended by BEL or by ST (ESC and one backslash)
    text = re.sub(r"\x1b[\]P^_].*?(?:\x07|\x1b\\)", "", text, flags=re.DOTALL)
    return text.replace("\t", "    ").translate(_DROPPED)


def inline(text: str) -> str:
    """One line of literal text: Markdown punctuation escaped, HTML escaped, line breaks as spaces.

    Safe anywhere, even at the start of a list item or a line: "1. x", "- x", "= x" stay text.
    """
    if not text:
        return ""
    text = " ".join(clean_text(text).split())
    if _NEEDS_ESCAPING.search(text) is None and not (text[:1].isdigit() or text[:1] in "-+#="):
        return text  # plain words, the common case: thousands of cells per export
    text = html.escape(text, quote=False)
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: f"{m[1] or ''}\\{m[2] or m[4]}", text)


def cell(text: str) -> str:
    """Literal text for a GFM table cell (pipes and line breaks cannot end the cell)."""
    return inline(text) or " "


def paragraph(text: str) -> str:
    """Literal text that may span lines: each line escaped (no line can start a block), kept as line breaks."""
    lines = [inline(line) for line in clean_text(text).splitlines()]
    return "  \n".join(line for line in lines if line)
