"""The Analysis screen's editing commands: add, edit, delete, move, mark root causes, gates, 6M.

A mixin of `AnalysisScreen`, kept apart so each file stays readable; it relies on the
screen's `data`, `view`, `_selected`, `_change`, `_ask` and `_find`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.widgets import DataTable

from app.logic.analysis import apply_six_m
from app.logic.display import brief
from data.records import RootCause
from screens.analysis_dialogs import RootCauseDialog, TextDialog, WhyDialog
from widgets.analysis_trees import Ref

if TYPE_CHECKING:
    from screens.analysis import AnalysisData


class AnalysisEditing:
    """Every command that changes the analysis; each ends in one store call and a redraw."""

    data: AnalysisData | None
    postmortem_id: int

    # -- add, edit, delete, move ----------------------------------------------------------------------

    def action_add(self, sibling: bool = False) -> None:
        data = self.data
        if data is None:
            return
        pm_id = self.postmortem_id
        ref = self._selected()
        view = self.view
        if view == "causes":
            self._ask(RootCauseDialog("New root cause", [c.name for c in data.categories]),
                      lambda v: self._change(lambda s: s.root_causes.add(pm_id, **v), "adding the root cause"))
            return
        if view == "whys":
            node = self._find(data.whys, ref.id) if ref and ref.kind == "why" else None
            parent = (node.parent_id if sibling else node.id) if node else None
            about = self._find(data.whys, parent) if parent else None
            title = f"Why: “{brief(about.answer, 80)}”?" if about else "Why did it happen? (first why)"
            self._ask(WhyDialog(title, note="Several answers to one why make a tree: one incident, several causes."),
                      lambda v: self._change(lambda s: s.whys.add(pm_id, parent_id=parent, **v), "adding the why",
                                             select="why"))
            return
        if view == "fishbone":
            self._add_fishbone(ref, sibling)
            return
        self._add_fault(ref, sibling)

    def _add_fishbone(self, ref: Ref | None, sibling: bool) -> None:
        assert self.data is not None
        pm_id = self.postmortem_id
        if ref is None or ref.kind == "problem" or (ref.kind == "category" and sibling):
            self._ask(TextDialog("New category", "Category"),
                      lambda v: self._change(lambda s: s.fishbone_categories.add(pm_id, name=v["text"]),
                                             "adding the category", select="category"))
            return
        if ref.kind == "category":
            category_id, parent_id = ref.id, None
        else:
            cause = self._find(self.data.causes, ref.id)
            category_id = cause.category_id
            parent_id = cause.parent_id if sibling else cause.id
        category = self._find(self.data.categories, category_id)
        kind = "sub-cause" if parent_id else "cause"
        self._ask(TextDialog(f"New {kind} under {brief(category.name, 60)}", "Cause",
                             placeholder="a condition, not a culprit"),
                  lambda v: self._change(lambda s: s.fishbone_causes.add(
                      pm_id, category_id=category_id, parent_id=parent_id, text=v["text"]), f"adding the {kind}",
                      select="cause"))

    def _add_fault(self, ref: Ref | None, sibling: bool) -> None:
        assert self.data is not None
        pm_id = self.postmortem_id
        roots = [n for n in self.data.faults if n.parent_id is None]
        node = self._find(self.data.faults, ref.id) if ref and ref.kind == "fault" else None
        if node is None and not roots:
            self._ask(TextDialog("Top event", "Event", placeholder="Checkout unavailable"),
                      lambda v: self._change(lambda s: s.fault_nodes.add(pm_id, label=v["text"], gate="or"),
                                             "adding the top event", select="fault"))
            return
        parent = (node.parent_id if sibling else node.id) if node else roots[0].id
        if parent is None:
            self.notify("The top event is the only one at the top: add inputs under it (a).", severity="warning")
            return
        parent_node = self._find(self.data.faults, parent)

        async def add(values: dict[str, str]) -> None:
            def write(service):
                if parent_node.gate is None:
                    service.fault_nodes.update(parent, gate="or")  # an event with inputs is a gate
                return service.fault_nodes.add(pm_id, parent_id=parent, label=values["text"])
            await self._change(write, "adding the event", select="fault")

        self._ask(TextDialog(f"Input of “{brief(parent_node.label, 80)}”", "Event",
                             note="A basic event (g makes it a gate once it has inputs)."), add)

    def action_sibling(self) -> None:
        self.action_add(sibling=True)

    def action_edit(self) -> None:
        data = self.data
        if data is None:
            return
        if self.view == "causes":
            cause = self._selected_root_cause()
            if cause is None:
                return
            self._ask(RootCauseDialog("Edit root cause", [c.name for c in data.categories], cause.text, cause.kind,
                                      cause.category),
                      lambda v: self._change(lambda s: s.root_causes.update(cause.id, expected=cause, **v),
                                             "saving the root cause"))
            return
        ref = self._selected()
        if ref is None or ref.kind == "problem":
            self.action_problem()
            return
        if ref.kind == "why":
            node = self._find(data.whys, ref.id)
            self._ask(WhyDialog("Edit why", node.question, node.answer),
                      lambda v: self._change(lambda s: s.whys.update(node.id, expected=node, **v), "saving the why"))
        elif ref.kind == "category":
            category = self._find(data.categories, ref.id)
            self._ask(TextDialog("Rename category", "Category", category.name),
                      lambda v: self._change(lambda s: s.fishbone_categories.update(category.id, expected=category,
                                                                                    name=v["text"]),
                                             "renaming the category"))
        elif ref.kind == "cause":
            cause = self._find(data.causes, ref.id)
            self._ask(TextDialog("Edit cause", "Cause", cause.text),
                      lambda v: self._change(lambda s: s.fishbone_causes.update(cause.id, expected=cause,
                                                                                text=v["text"]),
                                             "saving the cause"))
        elif ref.kind == "fault":
            node = self._find(data.faults, ref.id)
            self._ask(TextDialog("Edit event", "Event", node.label),
                      lambda v: self._change(lambda s: s.fault_nodes.update(node.id, expected=node, label=v["text"]),
                                             "saving the event"))

    def action_problem(self) -> None:
        if self.data is None:
            return
        pm_id, base = self.postmortem_id, self.data.postmortem
        self._ask(TextDialog("Problem statement", "Problem", self.data.postmortem.problem_statement,
                             note="What failed, for whom, how badly: the head of the fishbone and the start "
                                  "of the whys.", placeholder="Checkout unavailable for 2 hours, 50K users"),
                  lambda v: self._change(lambda s: s.update(pm_id, expected=base, problem_statement=v["text"]),
                                         "saving the problem statement"))

    def action_delete(self) -> None:
        data = self.data
        if data is None:
            return
        if self.view == "causes":
            cause = self._selected_root_cause()
            if cause is None:
                return
            self._confirm_delete(f"Delete the root cause “{brief(cause.text, 80)}”?", self._links_note(cause),
                                 lambda s: s.root_causes.delete(cause.id, expected=cause))
            return
        ref = self._selected()
        if ref is None or ref.kind == "problem":
            return
        repo, rows, text = {
            "why": ("whys", data.whys, lambda r: r.answer),
            "category": ("fishbone_categories", data.categories, lambda r: r.name),
            "cause": ("fishbone_causes", data.causes, lambda r: r.text),
            "fault": ("fault_nodes", data.faults, lambda r: r.label),
        }[ref.kind]
        row = self._find(rows, ref.id)
        below = self._count_below(ref)
        note = f"{below} line{'s' if below != 1 else ''} under it will be deleted too. " if below else ""
        self._confirm_delete(f"Delete “{brief(text(row), 80)}”?", note + "This cannot be undone.",
                             lambda s: getattr(s, repo).delete(row.id, expected=row))

    def _confirm_delete(self, title: str, message: str, call: Callable[[Any], Any]) -> None:
        from screens.dialogs import ConfirmDialog

        async def decided(yes: bool | None) -> None:
            if yes:
                await self._change(call, "deleting")

        self.app.push_screen(ConfirmDialog(title, message), decided)

    def _count_below(self, ref: Ref) -> int:
        assert self.data is not None
        if ref.kind == "category":
            return sum(1 for c in self.data.causes if c.category_id == ref.id)
        rows = {"why": self.data.whys, "cause": self.data.causes, "fault": self.data.faults}[ref.kind]
        below, frontier = 0, {ref.id}
        while frontier:
            frontier = {r.id for r in rows if r.parent_id in frontier}
            below += len(frontier)
        return below

    async def action_move(self, offset: int) -> None:
        ref = self._selected()
        if ref is None or ref.kind == "problem" or self.view == "causes":
            return
        repo = {"why": "whys", "category": "fishbone_categories", "cause": "fishbone_causes",
                "fault": "fault_nodes"}[ref.kind]
        await self._change(lambda s: getattr(s, repo).move(ref.id, offset), "moving")

    # -- root causes --------------------------------------------------------------------------------------

    def _selected_root_cause(self) -> RootCause | None:
        table = self.query_one("#root-causes", DataTable)
        if self.data is None or not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return self._find(self.data.root_causes, int(row_key.value or 0))

    def _links_note(self, cause: RootCause) -> str:
        assert self.data is not None
        linked = [a.title for a in self.data.actions if cause.id in a.root_cause_ids]
        if not linked:
            return "No action addresses it yet."
        return f"{len(linked)} action{'s' if len(linked) != 1 else ''} address it and will lose the link: " + \
            "; ".join(brief(title, 80) for title in linked)

    async def action_mark(self, kind: str) -> None:
        data = self.data
        if data is None:
            return
        if self.view == "causes":
            cause = self._selected_root_cause()
            if cause is not None and cause.kind != kind:
                await self._change(lambda s: s.root_causes.update(cause.id, expected=cause, kind=kind),
                                   "changing the kind")
            return
        ref = self._selected()
        source = self._source_of(ref)
        if source is None:
            self.notify("Highlight a why, a cause or a basic event to mark it as a root cause.", severity="warning")
            return
        link, text, category = source
        existing = next((c for c in data.root_causes if getattr(c, link) == ref.id), None)
        if existing is None:
            pm_id = self.postmortem_id
            await self._change(lambda s: s.root_causes.add(pm_id, text=text, kind=kind, category=category,
                                                           **{link: ref.id}), "marking the root cause")
            self.notify(f"“{brief(text, 80)}” is now a {kind} root cause.", markup=False)
        elif existing.kind != kind:
            await self._change(lambda s: s.root_causes.update(existing.id, expected=existing, kind=kind),
                               "changing the kind")
        else:
            self._confirm_delete(f"Unmark “{brief(existing.text, 80)}” as a root cause?", self._links_note(existing),
                                 lambda s: s.root_causes.delete(existing.id, expected=existing))

    def _source_of(self, ref: Ref | None) -> tuple[str, str, str] | None:
        """(link column, text, category) of what a tree line would become as a root cause."""
        data = self.data
        if data is None or ref is None:
            return None
        if ref.kind == "why":
            node = self._find(data.whys, ref.id)
            return "why_node_id", node.answer or node.question, ""
        if ref.kind == "cause":
            cause = self._find(data.causes, ref.id)
            category = self._find(data.categories, cause.category_id)
            return "fishbone_cause_id", cause.text, category.name if category else ""
        if ref.kind == "fault":
            node = self._find(data.faults, ref.id)
            if node.gate is not None and any(n.parent_id == node.id for n in data.faults):
                self.notify("A gate is explained by its inputs: mark a basic event instead.", severity="warning")
                return None
            return "fault_node_id", node.label, ""
        return None

    # -- fault-tree gates, fishbone preset -------------------------------------------------------------------

    async def action_gate(self) -> None:
        ref = self._selected()
        if self.data is None or ref is None or ref.kind != "fault":
            return
        node = self._find(self.data.faults, ref.id)
        has_inputs = any(n.parent_id == node.id for n in self.data.faults)
        cycle = {None: "and", "and": "or", "or": None}
        new = cycle[node.gate]
        if new is None and has_inputs:
            new = "and"  # an event with inputs stays a gate: AND <-> OR
        await self._change(lambda s: s.fault_nodes.update(node.id, expected=node, gate=new), "changing the gate")

    def action_six_m(self) -> None:
        if self.data is None:
            return
        plan = apply_six_m([c.name for c in self.data.categories])
        by_name = {c.name: c for c in self.data.categories}
        renames = [(by_name[old], new) for new, old in plan if old and old != new]
        additions = [new for new, old in plan if old is None]
        if not renames and not additions:
            self.notify("The fishbone already uses the 6M categories.")
            return
        pm_id = self.postmortem_id

        def write(service) -> None:
            for category, new in renames:
                service.fishbone_categories.update(category.id, name=new)
            for name in additions:
                service.fishbone_categories.add(pm_id, name=name)

        lines = [f"{brief(c.name, 60)} → {new}" for c, new in renames] + [f"add {name}" for name in additions]

        async def decided(yes: bool | None) -> None:
            if yes:
                await self._change(write, "applying the 6M preset")

        from screens.dialogs import ConfirmDialog

        self.app.push_screen(ConfirmDialog("Switch to the 6M categories?", "\n".join(lines) +
                                           "\nCauses stay with their (renamed) category.", confirm_label="Switch"),
                             decided)

