"""Root-cause analysis: 5-Whys branches, the fishbone drawing, fault-tree cut sets.

Pure functions over the records; the Analysis screen draws with them, exports
print with them, and the review checks reuse the 5-Whys branch rules.
"""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Protocol, TypeVar

from rich.cells import cell_len, set_cell_size

from data.records import FaultNode, FishboneCategory, FishboneCause, WhyNode

#: A 5-Whys branch shallower than this has probably stopped at a symptom.
MIN_WHY_DEPTH = 3

SIX_M = ("Methods", "Machines", "Materials", "Measurements", "Mother Nature/Environment", "Manpower/People")
#: How the default categories map onto the 6M set when the preset is applied.
TO_SIX_M = {"Process": "Methods", "Technology": "Machines", "Environment": "Mother Nature/Environment",
            "People": "Manpower/People"}


class TreeRow(Protocol):
    id: int
    parent_id: int | None
    position: int


Row = TypeVar("Row", bound=TreeRow)


def children_of(rows: Iterable[Row]) -> dict[int | None, list[Row]]:
    """parent id -> its children in order (None holds the roots)."""
    children: dict[int | None, list[Row]] = defaultdict(list)
    for row in rows:
        children[row.parent_id].append(row)
    for siblings in children.values():
        siblings.sort(key=lambda r: (r.position, r.id))
    return children


def walk(rows: Iterable[Row]) -> list[tuple[Row, int]]:
    """Every row with its depth (roots are 1), parents before children, siblings in order."""
    children = children_of(rows)
    ordered: list[tuple[Row, int]] = []

    def visit(parent: int | None, depth: int) -> None:
        for row in children.get(parent, []):
            ordered.append((row, depth))
            visit(row.id, depth + 1)

    visit(None, 1)
    return ordered


# -- 5 Whys -----------------------------------------------------------------------------------------

_PERSON_ENDING = re.compile(
    r"(?<![\w-])(?:human error|operator error|user error|pilot error|(?:a |the )?mistake|careless(?:ness)?|"
    r"negligen(?:t|ce)|forgot|didn'?t (?:check|test|notice|follow|know|read)|should have|"
    r"(?:an? |the )?(?:new |junior |senior )?(?:engineer|developer|dev|intern|operator|admin|sre|"
    r"team member|new hire|person|employee|contractor|on-?call)(?:'s)?(?: was| were| did| made| forgot)|"
    r"(?:he|she|they|someone|somebody) (?:was|were|did|made|forgot|didn'?t|ran|pushed|deployed))(?![\w-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class WhyBranch:
    leaf: WhyNode
    depth: int
    ends_at_person: bool

    @property
    def shallow(self) -> bool:
        return self.depth < MIN_WHY_DEPTH

    @property
    def hint(self) -> str:
        """What to ask next, or '' when the branch looks deep enough."""
        if self.ends_at_person:
            return "ends at a person: ask why the system allowed it"
        if self.shallow:
            return f"only {self.depth} why{'s' if self.depth != 1 else ''} deep: ask why the system allowed it"
        return ""


def ends_at_person(answer: str) -> bool:
    """The answer puts the cause on a person ("human error", "the engineer forgot …")."""
    return bool(_PERSON_ENDING.search(answer))


def why_branches(whys: Sequence[WhyNode]) -> list[WhyBranch]:
    """One branch per leaf of the 5-Whys tree, with its depth and whether it stops at a person."""
    children = children_of(whys)
    return [WhyBranch(node, depth, ends_at_person(node.answer))
            for node, depth in walk(whys) if not children.get(node.id)]


# -- fishbone ---------------------------------------------------------------------------------------

CAUSE_WIDTH = 30
HEAD_WIDTH = 26


def _fit(text: str, width: int) -> str:
    """Cut `text` to `width` terminal cells (wide characters counted right), ending in … when cut."""
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"


class _Canvas:
    """Text placed at (row, column) in terminal cells; wide characters keep columns aligned."""

    def __init__(self, rows: int) -> None:
        self.rows: list[list[tuple[int, str]]] = [[] for _ in range(rows)]

    def put(self, row: int, column: int, text: str) -> None:
        self.rows[row].append((column, text))

    def lines(self) -> list[str]:
        out = []
        for placements in self.rows:
            line, at = "", 0
            for column, text in sorted(placements):
                if column < at:  # never overlap: a later piece starts where the earlier one ended
                    column = at
                line += " " * (column - at) + text
                at = column + cell_len(text)
            out.append(line.rstrip())
        return out


def _items(category: FishboneCategory, causes: Sequence[FishboneCause], width: int) -> list[str]:
    """A category's causes, each followed by its sub-causes, as the lines along its bone."""
    mine = [c for c in causes if c.category_id == category.id]
    lines = []
    for cause, depth in walk(mine):
        marker = "─ " if depth == 1 else "  " * (depth - 1) + "· "
        lines.append(marker + _fit(cause.text, width - 2 * depth))
    return lines


def fishbone_lines(problem: str, categories: Sequence[FishboneCategory],
                   causes: Sequence[FishboneCause], *, width: int | None = None) -> list[str]:
    """An Ishikawa diagram in box-drawing characters: head on the right, bones per category.

    Categories alternate above and below the spine; each cause sits on its bone,
    sub-causes indented under it. Texts are cut to fit `width` cells when given (never
    below 14 cells a cause: then the drawing scrolls); the outline shows them whole.
    """
    ordered = sorted(categories, key=lambda c: (c.position, c.id))
    top, bottom = ordered[0::2], ordered[1::2]
    columns = max(len(top), len(bottom), 1)
    counts = [sum(1 for c in causes if c.category_id == category.id) for category in ordered]
    slant = max([*counts, 2]) + 1
    cause_width = CAUSE_WIDTH
    if width is not None:
        cause_width = max(14, min(40, (width - HEAD_WIDTH - columns * (slant + 4)) // columns))
    items = {c.id: _items(c, causes, cause_width) for c in ordered}
    widths = []
    for index in range(columns):
        width = 8
        for half in (top, bottom):
            if index < len(half):
                category = half[index]
                width = max(width, cell_len(_fit(category.name, cause_width)),
                            slant + 1 + max([cell_len(line) for line in items[category.id]] + [0]))
        widths.append(width + 3)
    spine = slant
    canvas = _Canvas(2 * slant + 1)
    x = 0
    for index in range(columns):
        if index < len(top):
            category = top[index]
            canvas.put(0, x, _fit(category.name, cause_width))
            for r in range(1, slant):
                canvas.put(r, x + r, "╲")
            for k, line in enumerate(items[category.id]):
                canvas.put(k + 1, x + k + 2, line)
        if index < len(bottom):
            category = bottom[index]
            canvas.put(2 * slant, x, _fit(category.name, cause_width))
            for r in range(1, slant):
                canvas.put(spine + r, x + slant - r, "╱")
            for k, line in enumerate(items[category.id]):
                canvas.put(spine + 1 + k, x + slant - k, line)
        x += widths[index]
    head = textwrap.wrap(" ".join(problem.split()) or "(problem statement)", HEAD_WIDTH - 4) or [""]
    head = [_fit(line, HEAD_WIDTH - 4) for line in head][: 2 * slant - 1]
    joins = {sum(widths[:i]) + slant for i in range(columns)}
    spine_text = "".join("╋" if col in joins else "━" for col in range(x))
    canvas.put(spine, 0, spine_text + "━▶")
    inner = max(cell_len(line) for line in head) + 2
    top_row = max(0, spine - (len(head) + 1) // 2 - 1 + (1 if len(head) % 2 == 0 else 0))
    box = ["┌" + "─" * inner + "┐", *("│ " + line + " " * (inner - 1 - cell_len(line)) + "│" for line in head),
           "└" + "─" * inner + "┘"]
    top_row = min(top_row, 2 * slant + 1 - len(box)) if len(box) <= 2 * slant + 1 else 0
    if len(box) > 2 * slant + 1:
        canvas.rows.extend([] for _ in range(len(box) - (2 * slant + 1)))
    for offset, line in enumerate(box):
        canvas.put(top_row + offset, x + 2, line)
    return canvas.lines()


def apply_six_m(names: Sequence[str]) -> list[tuple[str, str | None]]:
    """The 6M preset against existing categories: (new name, old name it replaces or None to add)."""
    result: list[tuple[str, str | None]] = []
    taken: set[str] = set()
    for new in SIX_M:
        old = next((name for name in names if TO_SIX_M.get(name) == new and name not in taken), None)
        if old is None and new in names:
            old = new
        if old is not None:
            taken.add(old)
        result.append((new, old))
    return result


# -- fault tree ---------------------------------------------------------------------------------------

GATE_SYMBOL = {"and": "AND ∧", "or": "OR ∨", None: "○"}


def _event_key(label: str) -> str:
    return " ".join(label.split()).casefold()


def minimal_cut_sets(nodes: Sequence[FaultNode]) -> list[tuple[str, ...]]:
    """The smallest sets of basic events that together cause the top event (MOCUS, minimised).

    Basic events with the same label (any case and spacing) are the same event, so a
    failure appearing under two gates is counted once. A gate without children counts as a
    basic event. Sets are sorted by size, then by their labels.
    """
    children = children_of(nodes)
    roots = children.get(None, [])
    if not roots:
        return []
    labels: dict[str, str] = {}

    def cut_sets(node: FaultNode) -> list[frozenset[str]]:
        kids = children.get(node.id, [])
        if node.gate is None or not kids:
            key = _event_key(node.label)
            labels.setdefault(key, " ".join(node.label.split()))
            return [frozenset([key])]
        child_sets = [cut_sets(kid) for kid in kids]
        if node.gate == "or":
            return _minimise([s for sets in child_sets for s in sets])
        combined = [frozenset().union(*combo) for combo in product(*child_sets)]
        return _minimise(combined)

    sets = cut_sets(roots[0])
    shown = [tuple(sorted(labels[key] for key in s)) for s in sets]
    return sorted(set(shown), key=lambda s: (len(s), s))


def _minimise(sets: list[frozenset[str]]) -> list[frozenset[str]]:
    unique = sorted(set(sets), key=len)
    kept: list[frozenset[str]] = []
    for candidate in unique:
        if not any(existing <= candidate for existing in kept):
            kept.append(candidate)
    return kept


def fault_tree_lines(nodes: Sequence[FaultNode]) -> list[str]:
    """The fault tree as an indented tree with gate symbols (for exports and the screen)."""
    children = children_of(nodes)
    lines: list[str] = []

    def visit(node: FaultNode, prefix: str, last: bool, root: bool) -> None:
        connector = "" if root else ("└── " if last else "├── ")
        kids = children.get(node.id, [])
        symbol = GATE_SYMBOL[node.gate] if kids or node.gate is None else f"{GATE_SYMBOL[node.gate]} (no inputs)"
        lines.append(f"{prefix}{connector}[{symbol}] {' '.join(node.label.split())}")
        extension = "" if root else ("    " if last else "│   ")
        for index, kid in enumerate(kids):
            visit(kid, prefix + extension, index == len(kids) - 1, False)

    for top in children.get(None, []):
        visit(top, "", True, True)
    return lines
