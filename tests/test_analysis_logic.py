"""Analysis logic: tree operations, 5-Whys branch hints, the fishbone drawing, minimal cut sets."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from app.logic.analysis import (
    SIX_M,
    apply_six_m,
    children_of,
    ends_at_person,
    fault_tree_lines,
    fishbone_lines,
    minimal_cut_sets,
    walk,
    why_branches,
)
from data.records import FaultNode, FishboneCategory, FishboneCause, WhyNode


def why(node_id: int, parent: int | None, answer: str, position: int = 0) -> WhyNode:
    return WhyNode(node_id, 1, parent, "Why?", answer, position)


def test_walk_orders_parents_before_children_and_siblings_by_position() -> None:
    rows = [why(1, None, "a"), why(2, 1, "b", position=1), why(3, 1, "c", position=0), why(4, 3, "d")]
    assert [(r.id, depth) for r, depth in walk(rows)] == [(1, 1), (3, 2), (4, 3), (2, 2)]
    assert [r.id for r in children_of(rows)[1]] == [3, 2]


def test_branches_report_depth_and_the_hint_to_ask_why() -> None:
    rows = [why(1, None, "Bad config deployed"), why(2, 1, "Pool size set to 10"),
            why(3, 2, "No config validation in the pipeline"), why(4, 1, "Human error during the rollout"),
            why(5, None, "Alert was noisy")]
    branches = {b.leaf.id: b for b in why_branches(rows)}
    assert (branches[3].depth, branches[3].hint) == (3, "")
    assert branches[4].ends_at_person and branches[4].hint == "ends at a person: ask why the system allowed it"
    assert branches[5].shallow and branches[5].hint == "only 1 why deep: ask why the system allowed it"


@pytest.mark.parametrize(("answer", "person"), [
    ("Human error", True), ("The engineer forgot to run the migration", True),
    ("A new team member was unfamiliar with production values", True),
    ("The on-call didn't check the dashboard", True), ("Someone pushed to main", True),
    ("Configs are not tested in staging", False), ("The deploy pipeline has no config validation", False),
])
def test_ends_at_a_person(answer: str, person: bool) -> None:
    assert ends_at_person(answer) is person


# -- fishbone ----------------------------------------------------------------------------------------

def categories(*names: str) -> list[FishboneCategory]:
    return [FishboneCategory(i + 1, 1, name, i) for i, name in enumerate(names)]


def test_small_fishbone_has_head_spine_bones_and_causes() -> None:
    cats = categories("People", "Process", "Technology", "Environment")
    causes = [FishboneCause(1, 1, 1, None, "Unfamiliar with prod values"),
              FishboneCause(2, 1, 2, None, "No config review"),
              FishboneCause(3, 1, 2, 2, "Checklist missing"),
              FishboneCause(4, 1, 3, None, "No validation")]
    lines = fishbone_lines("Checkout down 2 h", cats, causes, width=110)
    drawing = "\n".join(lines)
    assert lines[0].startswith("People") and "Technology" in lines[0]
    assert lines[-1].startswith("Process") and "Environment" in lines[-1]
    spine = next(line for line in lines if "━" in line)
    assert spine.count("╋") == 2 and "▶" in spine
    assert "╲─ Unfamiliar with prod values" in drawing
    assert "─ No config review" in drawing and "· Checklist missing" in drawing
    assert "│ Checkout down 2 h" in drawing and "┌" in drawing and "┘" in drawing
    assert max(cell_len(line) for line in lines) <= 110


def test_large_fishbone_grows_and_cuts_long_text() -> None:
    cats = categories(*SIX_M)
    causes = [FishboneCause(10 * c.id + n, 1, c.id, None, f"Cause {n} of {c.name} " + "detail " * 12)
              for c in cats for n in range(7)]
    lines = fishbone_lines("A problem statement long enough to wrap over several lines in the head box", cats,
                           causes, width=100)
    assert len(lines) == 2 * 8 + 1  # seven causes a bone: a taller fish
    assert all("…" in line for line in lines if "Cause 3" in line)
    assert sum("╋" in line for line in lines) == 1 and next(line for line in lines if "╋" in line).count("╋") == 3


def test_unicode_text_keeps_the_bones_aligned() -> None:
    cats = categories("人", "Process 🚀")
    causes = [FishboneCause(1, 1, 1, None, "配置错误导致连接池耗尽 ✅"),
              FishboneCause(2, 1, 2, None, "e\u0301te\u0301 cafe")]
    lines = fishbone_lines("שגיאה בפריסה", cats, causes, width=90)
    spine = next(i for i, line in enumerate(lines) if "╋" in line)
    # The bone above the spine meets it at the column of the join, whatever the widths of the texts.
    above = lines[spine - 1]
    join = cell_len(lines[spine][: lines[spine].index("╋")])
    assert cell_len(above[: above.index("╲")]) == join - 1


def test_empty_fishbone_still_draws() -> None:
    lines = fishbone_lines("", categories("People", "Process"), [])
    assert any("(problem statement)" in line for line in lines)
    assert lines[0].startswith("People") and lines[-1].startswith("Process")


def test_six_m_preset_maps_the_default_categories() -> None:
    plan = apply_six_m(["People", "Process", "Technology", "Environment"])
    assert plan == [("Methods", "Process"), ("Machines", "Technology"), ("Materials", None),
                    ("Measurements", None), ("Mother Nature/Environment", "Environment"),
                    ("Manpower/People", "People")]
    assert apply_six_m(list(SIX_M)) == [(name, name) for name in SIX_M]


# -- fault tree ----------------------------------------------------------------------------------------

def node(node_id: int, parent: int | None, label: str, gate: str | None = None, position: int = 0) -> FaultNode:
    return FaultNode(node_id, 1, parent, label, gate, position)


def test_and_of_ors() -> None:
    tree = [node(1, None, "Top", "and"), node(2, 1, "G1", "or", 0), node(3, 1, "G2", "or", 1),
            node(4, 2, "A"), node(5, 2, "B", position=1), node(6, 3, "C"), node(7, 3, "D", position=1)]
    assert minimal_cut_sets(tree) == [("A", "C"), ("A", "D"), ("B", "C"), ("B", "D")]


def test_nested_gates_and_single_points_of_failure() -> None:
    tree = [node(1, None, "Down", "or"), node(2, 1, "Power lost"), node(3, 1, "Both links", "and", 1),
            node(4, 3, "Link A"), node(5, 3, "Link B", "or", 1), node(6, 5, "Fiber cut"),
            node(7, 5, "Router", position=1)]
    sets = minimal_cut_sets(tree)
    assert sets == [("Power lost",), ("Fiber cut", "Link A"), ("Link A", "Router")]
    assert [s for s in sets if len(s) == 1] == [("Power lost",)]


def test_duplicate_events_count_once_and_supersets_are_dropped() -> None:
    tree = [node(1, None, "Top", "and"), node(2, 1, "G1", "or"), node(3, 1, "G2", "or", 1),
            node(4, 2, "Config error"), node(5, 2, "Bad deploy", position=1),
            node(6, 3, "config  ERROR"), node(7, 3, "No canary", position=1)]
    assert minimal_cut_sets(tree) == [("Config error",), ("Bad deploy", "No canary")]


def test_gate_without_inputs_is_a_basic_event_and_empty_tree_has_no_sets() -> None:
    assert minimal_cut_sets([node(1, None, "Top", "and")]) == [("Top",)]
    assert minimal_cut_sets([]) == []


def test_fault_tree_is_drawn_indented_with_gate_symbols() -> None:
    tree = [node(1, None, "Top", "and"), node(2, 1, "G", "or"), node(3, 2, "A"), node(4, 1, "B", position=1)]
    assert fault_tree_lines(tree) == ["[AND ∧] Top", "├── [OR ∨] G", "│   └── [○] A", "└── [○] B"]
