"""The Analysis screen: 5 Whys, fishbone and fault tree, feeding one list of root causes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, Vertical, VerticalScroll
from textual.widgets import DataTable, Static, TabbedContent, TabPane, Tree

from app.logic.analysis import fishbone_lines, minimal_cut_sets, why_branches
from app.logic.display import brief, shown
from data.records import (
    CorrectiveAction,
    FaultNode,
    FishboneCategory,
    FishboneCause,
    Postmortem,
    RootCause,
    WhyNode,
)
from screens.analysis_editing import AnalysisEditing
from screens.section import SectionScreen
from widgets.analysis_trees import AnalysisTree, FaultTreeOutline, FishboneOutline, Ref, WhyTree
from widgets.literal import cell
from widgets.table import MeasuredTable

VIEWS = ("whys", "fishbone", "fault", "causes")
VIEW_TITLES = {"whys": "5 Whys", "fishbone": "Fishbone", "fault": "Fault tree", "causes": "Root causes"}


@dataclass
class AnalysisData:
    postmortem: Postmortem
    whys: list[WhyNode] = field(default_factory=list)
    categories: list[FishboneCategory] = field(default_factory=list)
    causes: list[FishboneCause] = field(default_factory=list)
    faults: list[FaultNode] = field(default_factory=list)
    root_causes: list[RootCause] = field(default_factory=list)
    actions: list[CorrectiveAction] = field(default_factory=list)


def _read(postmortem_id: int) -> Callable[[Any], AnalysisData]:
    def read(service) -> AnalysisData:
        return AnalysisData(
            service.get(postmortem_id), service.whys.list(postmortem_id),
            service.fishbone_categories.list(postmortem_id), service.fishbone_causes.list(postmortem_id),
            service.fault_nodes.list(postmortem_id), service.root_causes.list(postmortem_id),
            service.actions.list(postmortem_id),
        )
    return read


class AnalysisScreen(AnalysisEditing, SectionScreen):
    SECTION = "analysis"
    AREA = "analysis"
    CSS_PATH = "analysis.tcss"
    HELP = """\
## Analysis

Keep asking *why* until the answer is something the organisation can fix: a missing
safeguard, an unclear process, a gap in testing, not a person's slip. Humans err;
systems should catch it.

- **5 Whys**: the problem statement, then a why and its answer per line. A why can have
  several answers (`s` adds a sibling), so one incident can have several causes. A branch
  that ends after fewer than three whys, or at a person or "human error", is flagged: ask
  why the system allowed it.
- **Fishbone**: causes per category (People, Process, Technology, Environment; `m` switches
  to the 6M set), drawn as a real fishbone above the outline you edit.
- **Fault tree**: the top event, AND / OR gates (`g` cycles), basic events. The minimal
  cut sets are the smallest groups of basic events that together cause the top event; a
  set of one is a single point of failure.
- **Root causes**: `p` marks the highlighted why, cause or basic event as the primary root
  cause, `c` as contributing (press again to unmark). Each shows the actions that address
  it, or "no action yet".

`[` and `]` switch view. `a` adds (an answer, a cause, an input event), `s` adds a sibling,
`e` or Enter edits, `x` deletes (a branch with everything under it, after asking),
`K`/`J` move up and down, space folds, `P` edits the problem statement.
"""
    BINDINGS = [
        Binding("left_square_bracket", "view(-1)", "Prev view", key_display="[", id="analysis.prev_view",
                tooltip="Previous view: 5 Whys, Fishbone, Fault tree, Root causes"),
        Binding("right_square_bracket", "view(1)", "Next view", key_display="]", id="analysis.next_view",
                tooltip="Next view"),
        Binding("a", "add", "Add", id="analysis.add", tooltip="Add under the highlighted line"),
        Binding("s", "sibling", "Sibling", id="analysis.sibling",
                tooltip="Add beside the highlighted line (another answer, cause or input)"),
        Binding("e", "edit", "Edit", id="analysis.edit", tooltip="Edit the highlighted line (also Enter)"),
        Binding("x,delete", "delete", "Delete", key_display="x", id="analysis.delete",
                tooltip="Delete the highlighted line and everything under it (asks first)"),
        Binding("p", "mark('primary')", "Primary", id="analysis.primary",
                tooltip="Mark (or unmark) the highlighted line as the primary root cause"),
        Binding("c", "mark('contributing')", "Contributing", id="analysis.contributing",
                tooltip="Mark (or unmark) the highlighted line as a contributing root cause"),
        Binding("g", "gate", "Gate", id="analysis.gate",
                tooltip="Fault tree: cycle the highlighted event between basic, AND and OR"),
        Binding("m", "six_m", "6M preset", id="analysis.six_m",
                tooltip="Fishbone: switch to the 6M categories (Methods, Machines, Materials, …)"),
        Binding("K,shift+up", "move(-1)", "Move up", show=False, id="analysis.up",
                tooltip="Move the highlighted line up among its siblings"),
        Binding("J,shift+down", "move(1)", "Move down", show=False, id="analysis.down",
                tooltip="Move the highlighted line down among its siblings"),
        Binding("P", "problem", "Problem", show=False, id="analysis.problem",
                tooltip="Edit the problem statement"),
    ]

    def __init__(self, postmortem_id: int, view: str = "whys") -> None:
        super().__init__(postmortem_id)
        self.data: AnalysisData | None = None
        self.initial_view = view

    def compose_body(self) -> ComposeResult:
        with TabbedContent(initial=self.initial_view, id="views"):
            with TabPane("5 Whys", id="whys"):
                yield WhyTree("Problem", id="why-tree")
                yield Static("", id="why-hints", markup=False)
            with TabPane("Fishbone", id="fishbone"), Vertical():
                with ScrollableContainer(id="fishbone-scroll"):
                    yield Static("", id="fishbone-drawing", markup=False)
                yield FishboneOutline("Problem", id="fishbone-tree")
            with TabPane("Fault tree", id="fault"), Horizontal():
                yield FaultTreeOutline("Fault tree", id="fault-tree")
                with VerticalScroll(id="cut-sets-scroll"):
                    yield Static("", id="cut-sets")
            with TabPane("Root causes", id="causes"):
                yield MeasuredTable(id="root-causes", cursor_type="row", zebra_stripes=True)
        yield Static("", id="analysis-status", markup=False)

    # -- loading and drawing --------------------------------------------------------------------------

    async def _load_postmortem(self) -> None:
        await self.reload()
        self._focus_view()

    async def reload(self) -> None:
        try:
            self.data = await self.app.store.run(_read(self.postmortem_id))
        except Exception as error:  # noqa: BLE001 - shown, never raised
            self.app.report_error(error, doing="Could not open the analysis")
            return
        self.show_postmortem(self.data.postmortem)
        self._draw()

    def _draw(self) -> None:
        data = self.data
        if data is None:
            return
        problem = data.postmortem.problem_statement
        self.query_one(WhyTree).show(problem, data.whys, data.root_causes)
        hints = [b for b in why_branches(data.whys) if b.hint]
        self.query_one("#why-hints", Static).update(
            "\n".join(f"⚠ “{brief(b.leaf.answer, 80)}”: {b.hint}" for b in hints) if hints else
            ("Every branch is at least three whys deep and ends at the system." if data.whys else
             "a adds the first why; P states the problem."))
        self.query_one(FishboneOutline).show(problem, data.categories, data.causes, data.root_causes)
        self._draw_fishbone()
        self.query_one(FaultTreeOutline).show(data.faults, data.root_causes)
        self._draw_cut_sets()
        self._draw_root_causes()

    def _draw_fishbone(self) -> None:
        if self.data is None:
            return
        width = (self.query_one("#fishbone-scroll").size.width or 100) - 5  # padding, scrollbar, a margin
        # The drawing measures what it is given: give it the text as drawn (controls visible
        # and one cell wide, long text already cut), so every bone and box lines up.
        data = self.data
        categories = [replace(c, name=shown(c.name)) for c in data.categories]
        causes = [replace(c, text=shown(c.text)) for c in data.causes]
        lines = fishbone_lines(shown(data.postmortem.problem_statement), categories, causes, width=width)
        self.query_one("#fishbone-drawing", Static).update(Text("\n".join(lines), no_wrap=True))

    def on_resize(self) -> None:
        if self.data is not None:
            self._draw_fishbone()
            self._draw_root_causes()

    def _draw_cut_sets(self) -> None:
        assert self.data is not None
        sets = minimal_cut_sets(self.data.faults)
        text = Text()
        text.append("Minimal cut sets\n", style="bold")
        text.append("The smallest groups of basic events that together cause the top event.\n\n", style="dim")
        if not sets:
            text.append("Add the top event (a), its gate (g) and basic events.", style="italic")
        for index, cut in enumerate(sets, start=1):
            single = len(cut) == 1
            events = ", ".join(brief(event, 80) for event in cut)
            text.append(f"{index}. {{{events}}}", style="bold reverse" if single else "")
            text.append("  ← single point of failure\n" if single else "\n", style="bold")
        self.query_one("#cut-sets", Static).update(text)

    def _draw_root_causes(self) -> None:
        assert self.data is not None
        table = self.query_one("#root-causes", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        room = max(20, (table.size.width or 100) - 13 - 16 - 11 - 32 - 2 * 5 - 2)
        for key, caption, width in (("kind", "Kind", 13), ("text", "Root cause", room), ("category", "Category", 16),
                                    ("source", "From", 11), ("actions", "Addressed by", 32)):
            table.add_column(caption, key=key, width=width)
        for cause in self.data.root_causes:
            addressed = [a.title for a in self.data.actions if cause.id in a.root_cause_ids]
            table.add_row(
                Text(cause.kind, style="bold" if cause.kind == "primary" else ""),
                cell(cause.text), cell(cause.category), Text(self._source(cause)),
                cell("; ".join(brief(title, 80) for title in addressed)) if addressed else
                Text("no action yet", style="bold italic"),
                key=str(cause.id),
            )
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        primary = sum(1 for c in self.data.root_causes if c.kind == "primary")
        contributing = len(self.data.root_causes) - primary
        without = sum(1 for c in self.data.root_causes
                      if not any(c.id in a.root_cause_ids for a in self.data.actions))
        status = f"Root causes: {primary} primary, {contributing} contributing"
        if without:
            status += f" · {without} with no action yet (Actions, key 5)"
        if not self.data.root_causes:
            status = "No root cause yet: p marks the highlighted line as the primary one, c as contributing."
        self.query_one("#analysis-status", Static).update(status)

    @staticmethod
    def _source(cause: RootCause) -> str:
        if cause.why_node_id is not None:
            return "5 Whys"
        if cause.fishbone_cause_id is not None:
            return "fishbone"
        if cause.fault_node_id is not None:
            return "fault tree"
        return "typed"

    def show_path(self, path: str) -> None:
        from app.logic.analysis import walk

        data = self.data
        index = self.path_index(path)
        if data is None:
            return
        if path.startswith("problem_statement"):
            self.action_problem()
        elif path.startswith("whys") and index is not None:
            ordered = [node for node, _ in walk(data.whys)]
            self.show_view("whys")
            if index < len(ordered):
                self.query_one(WhyTree).select_ref(Ref("why", ordered[index].id))
        elif path.startswith("fishbone") and index is not None:
            categories = sorted(data.categories, key=lambda c: (c.position, c.id))
            ordered = [c for category in categories for c, _ in walk([x for x in data.causes
                                                                      if x.category_id == category.id])]
            self.show_view("fishbone")
            if index < len(ordered):
                self.query_one(FishboneOutline).select_ref(Ref("cause", ordered[index].id))
        elif path.startswith("root_causes") and index is not None:
            self.show_view("causes")
            self.query_one("#root-causes", DataTable).move_cursor(row=index)

    # -- views ------------------------------------------------------------------------------------------

    @property
    def view(self) -> str:
        return self.query_one(TabbedContent).active or "whys"

    def action_view(self, step: int) -> None:
        self.show_view(VIEWS[(VIEWS.index(self.view) + step) % len(VIEWS)])

    def show_view(self, view: str) -> None:
        self.query_one(TabbedContent).active = view
        self._focus_view()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self._focus_view()
        self.refresh_bindings()

    def _focus_view(self) -> None:
        target = {"whys": "#why-tree", "fishbone": "#fishbone-tree", "fault": "#fault-tree",
                  "causes": "#root-causes"}[self.view]
        self.query_one(target).focus()

    def _tree(self) -> AnalysisTree | None:
        return {"whys": self.query_one(WhyTree), "fishbone": self.query_one(FishboneOutline),
                "fault": self.query_one(FaultTreeOutline)}.get(self.view)

    def _selected(self) -> Ref | None:
        tree = self._tree()
        return tree.selected_ref if tree is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.query(TabbedContent).first().active if self.query(TabbedContent) else "whys"
        if action == "gate":
            return view == "fault"
        if action == "six_m":
            return view == "fishbone"
        if action in ("sibling", "move"):
            return view != "causes"
        return True

    @on(Tree.NodeSelected)
    def _node_selected(self) -> None:
        self.action_edit()

    @on(DataTable.RowSelected, "#root-causes")
    def _cause_selected(self) -> None:
        self.action_edit()

    def palette_commands(self):
        yield from super().palette_commands()
        for view in VIEWS:
            title = VIEW_TITLES[view]
            yield SystemCommand(f"analysis: show {title.lower()}", f"Switch to the {title} view",
                                lambda view=view: self.show_view(view))

    # -- the store ------------------------------------------------------------------------------------

    async def _change(self, call: Callable[[Any], Any], doing: str, *, select: str | None = None) -> Any:
        """Run one change, then redraw everything from the store; `select` ("why", "cause" …) puts
        the cursor on the row the change returned, so adding again goes under it."""
        try:
            result = await self.app.store.run(call)
        except Exception as error:  # noqa: BLE001 - shown to the user, never raised
            self.app.report_error(error, doing=f"Not saved: {doing}")
            return None
        await self.reload()
        tree = self._tree()
        if select is not None and tree is not None and getattr(result, "id", None) is not None:
            tree.select_ref(Ref(select, result.id))
        return result

    def _ask(self, dialog, then: Callable[[dict[str, str]], Any]) -> None:
        async def done(values: dict[str, str] | None) -> None:
            if values is not None:
                await then(values)

        self.app.push_screen(dialog, done)

    def _find(self, rows: list, row_id: int):
        return next((row for row in rows if row.id == row_id), None)
