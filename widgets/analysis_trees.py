"""Outlines of the 5-Whys tree, the fishbone and the fault tree, rebuilt keeping cursor and folds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from app.logic.analysis import GATE_SYMBOL, WhyBranch, children_of, why_branches
from app.logic.display import shown
from data.records import FaultNode, FishboneCategory, FishboneCause, RootCause, WhyNode


@dataclass(frozen=True)
class Ref:
    """What a tree line stands for: ("problem" | "why" | "category" | "cause" | "fault", id)."""

    kind: str
    id: int = 0


class AnalysisTree(Tree[Ref]):
    """A Tree that can be refilled from records without losing the cursor or the folds."""

    BINDINGS = [
        Binding("home", "scroll_home", "First", show=False),
        Binding("end", "scroll_end", "Last", show=False),
    ]

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(label, id=id)
        self.auto_expand = False
        self.show_root = True
        self.guide_depth = 3
        self._folded: set[Ref] = set()

    def render_label(self, node: TreeNode[Ref], base_style: Style, style: Style) -> Text:
        """Each line ends in … at the tree's right edge: a long cause never needs sideways
        scrolling, and the mark in front of it stays in view (the editor shows it whole)."""
        label = super().render_label(node, base_style, style)
        width = self.scrollable_content_region.width
        if width > 0:
            depth, parent = 0, node.parent
            while parent is not None:
                depth, parent = depth + 1, parent.parent
            room = max(8, width - depth * self.guide_depth)
            if label.cell_len > room:
                label.truncate(room, overflow="ellipsis")
        return label

    @property
    def selected_ref(self) -> Ref | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def remember(self) -> Ref | None:
        """Note which nodes are folded, and return where the cursor is."""
        self._folded = {node.data for node in self._all_nodes() if node.data and not node.is_expanded
                        and node.children}
        return self.selected_ref

    def restore(self, cursor: Ref | None) -> None:
        for node in self._all_nodes():
            if node.data in self._folded:
                node.collapse()
        if cursor is not None:
            self.select_ref(cursor)

    def select_ref(self, ref: Ref) -> None:
        for node in self._all_nodes():
            if node.data == ref:
                self.move_cursor(node)
                return

    def _all_nodes(self) -> list[TreeNode[Ref]]:
        found: list[TreeNode[Ref]] = []
        stack = [self.root]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(node.children)
        return found


def _root_mark(cause: RootCause | None) -> Text:
    """Shown first on the line, so it stays visible however long the text is."""
    mark = Text()
    if cause is not None:
        mark.append(f"★ {cause.kind}", style="bold reverse")
        mark.append(" ")
    return mark


class WhyTree(AnalysisTree):
    """Problem statement at the root; each node is a why and its answer, with its depth."""

    def show(self, problem: str, whys: Sequence[WhyNode], causes: Sequence[RootCause]) -> None:
        cursor = self.remember()
        self.clear()
        self.root.set_label(Text.assemble(("Problem: ", "bold"), shown(problem) or "(press P to state it)"))
        self.root.data = Ref("problem")
        by_why = {c.why_node_id: c for c in causes if c.why_node_id is not None}
        branch_of = {b.leaf.id: b for b in why_branches(whys)}
        children = children_of(whys)

        def add(parent: TreeNode[Ref], parent_id: int | None, depth: int) -> None:
            for node in children.get(parent_id, []):
                label = self._label(node, depth, branch_of.get(node.id), by_why.get(node.id))
                child = parent.add(label, data=Ref("why", node.id), expand=True,
                                   allow_expand=bool(children.get(node.id)))
                add(child, node.id, depth + 1)

        add(self.root, None, 1)
        self.root.expand()
        self.restore(cursor)

    @staticmethod
    def _label(node: WhyNode, depth: int, branch: WhyBranch | None, cause: RootCause | None) -> Text:
        label = Text.assemble((f"Why {depth} ", "bold"), _root_mark(cause))
        if branch is not None and branch.hint:
            label.append(f"⚠ {branch.hint} ", style="bold")
        label.append(shown(node.question) or "Why?", style="italic")
        label.append(" → " + (shown(node.answer) or "…"))
        return label


class FishboneOutline(AnalysisTree):
    """Problem, then categories, then causes and sub-causes, editable one line at a time."""

    def show(self, problem: str, categories: Sequence[FishboneCategory], causes: Sequence[FishboneCause],
             root_causes: Sequence[RootCause]) -> None:
        cursor = self.remember()
        self.clear()
        self.root.set_label(Text.assemble(("Problem: ", "bold"), shown(problem) or "(press P to state it)"))
        self.root.data = Ref("problem")
        promoted = {c.fishbone_cause_id: c for c in root_causes if c.fishbone_cause_id is not None}
        for category in sorted(categories, key=lambda c: (c.position, c.id)):
            mine = [c for c in causes if c.category_id == category.id]
            branch = self.root.add(Text(shown(category.name), style="bold"), data=Ref("category", category.id),
                                   expand=True, allow_expand=bool(mine))
            self._add_causes(branch, children_of(mine), None, promoted)
        self.root.expand()
        self.restore(cursor)


    def _add_causes(self, parent: TreeNode[Ref], children: dict, parent_id: int | None,
                    promoted: dict[int | None, RootCause]) -> None:
        for cause in children.get(parent_id, []):
            label = _root_mark(promoted.get(cause.id))
            label.append(shown(cause.text))
            child = parent.add(label, data=Ref("cause", cause.id), expand=True,
                               allow_expand=bool(children.get(cause.id)))
            self._add_causes(child, children, cause.id, promoted)


class FaultTreeOutline(AnalysisTree):
    """Events with their gates: AND ∧ needs every input, OR ∨ any one; ○ is a basic event."""

    def show(self, nodes: Sequence[FaultNode], root_causes: Sequence[RootCause]) -> None:
        cursor = self.remember()
        self.clear()
        self.root.set_label(Text("Fault tree (a adds the top event)" if not nodes else "Fault tree", style="bold"))
        self.root.data = Ref("problem")
        promoted = {c.fault_node_id: c for c in root_causes if c.fault_node_id is not None}
        children = children_of(nodes)

        def add(parent: TreeNode[Ref], parent_id: int | None) -> None:
            for node in children.get(parent_id, []):
                kids = children.get(node.id, [])
                label = Text.assemble((f"[{GATE_SYMBOL[node.gate]}] ", "bold"), _root_mark(promoted.get(node.id)),
                                      shown(node.label))
                if node.gate and not kids:
                    label.append("  (gate without inputs: a adds one)", style="italic")
                child = parent.add(label, data=Ref("fault", node.id), expand=True, allow_expand=bool(kids))
                add(child, node.id)

        add(self.root, None)
        self.root.expand()
        self.restore(cursor)
