"""The Analysis screen, driven with the keyboard only."""

from __future__ import annotations

import pytest

from data.demo import load_demo
from screens.analysis import AnalysisScreen
from screens.dialogs import ConfirmDialog
from tests.conftest import settle


async def open_analysis(app, pilot) -> AnalysisScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    app.set_focus(None)
    await pilot.press("4")
    await settle(pilot)
    assert isinstance(app.screen, AnalysisScreen)
    return app.screen


async def answer(pilot, text: str) -> None:
    """Type the answer into the open why dialog (focus starts there) and save it."""
    await pilot.press(*text, "enter")
    await settle(pilot)


@pytest.fixture
def empty(service):
    return service.create(title="Checkout errors")


async def test_build_a_five_whys_chain_by_keyboard(make_app, service, empty) -> None:
    app = make_app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_analysis(app, pilot)
        await pilot.press("P", *"Checkout down for 2 hours", "enter")
        await settle(pilot)
        await pilot.press("a")
        await answer(pilot, "A bad config was deployed")
        await pilot.press("a")  # the cursor is on the new answer: a asks why again, under it
        await answer(pilot, "Pool size set to 10")
        assert "only 2 whys deep" in str(screen.query_one("#why-hints").render())
        await pilot.press("a")
        await answer(pilot, "No validation of configs in the pipeline")
        await pilot.press("s")  # a second answer to the same why
        await answer(pilot, "Human error")
        hints = str(screen.query_one("#why-hints").render())
        assert "“Human error”: ends at a person" in hints
        await pilot.press("up", "p")  # the validation answer: primary root cause
        await settle(pilot)
    whys = service.whys.list(empty.id)
    assert [w.answer for w in whys][:3] == ["A bad config was deployed", "Pool size set to 10",
                                           "No validation of configs in the pipeline"]
    assert [w.parent_id for w in whys] == [None, whys[0].id, whys[1].id, whys[1].id]
    (cause,) = service.root_causes.list(empty.id)
    assert (cause.text, cause.kind, cause.why_node_id) == ("No validation of configs in the pipeline", "primary",
                                                          whys[2].id)
    assert service.get(empty.id).problem_statement == "Checkout down for 2 hours"


async def test_build_a_fishbone_by_keyboard_and_see_it_drawn(make_app, service, empty) -> None:
    app = make_app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_analysis(app, pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.view == "fishbone"
        await pilot.press("down", "down", "a", *"No config review", "enter")  # Process
        await settle(pilot)
        await pilot.press("a", *"Checklist missing", "enter")  # under the new cause: a sub-cause
        await settle(pilot)
        await pilot.press("c")  # contributing root cause
        await settle(pilot)
        drawing = str(screen.query_one("#fishbone-drawing").render())
        assert "─ No config review" in drawing and "· Checklist missing" in drawing
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
    names = [c.name for c in service.fishbone_categories.list(empty.id)]
    assert names[:4] == ["Manpower/People", "Methods", "Machines", "Mother Nature/Environment"]
    assert set(names) == {"Methods", "Machines", "Materials", "Measurements", "Mother Nature/Environment",
                          "Manpower/People"}
    causes = service.fishbone_causes.list(empty.id)
    assert [(c.text, c.parent_id is not None) for c in causes] == [("No config review", False),
                                                                  ("Checklist missing", True)]
    (cause,) = service.root_causes.list(empty.id)
    assert (cause.text, cause.kind, cause.category) == ("Checklist missing", "contributing", "Process")


async def test_fault_tree_gates_and_cut_sets(make_app, service, empty) -> None:
    app = make_app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_analysis(app, pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        await pilot.press("a", *"Checkout unavailable", "enter")
        await settle(pilot)
        await pilot.press("a", *"Primary DB down", "enter")
        await settle(pilot)
        await pilot.press("s", *"Failover broken", "enter")
        await settle(pilot)
        cut = str(screen.query_one("#cut-sets").render())
        assert "{Failover broken}" in cut and "single point of failure" in cut  # OR: each alone suffices
        await pilot.press("up", "up", "g")  # the top event: OR -> basic? no, it has inputs: -> AND
        await settle(pilot)
        cut = str(screen.query_one("#cut-sets").render())
        assert "{Failover broken, Primary DB down}" in cut and "single point of failure" not in cut
    top = next(n for n in service.fault_nodes.list(empty.id) if n.parent_id is None)
    assert top.gate == "and"


async def test_delete_a_subtree_asks_first(make_app, service) -> None:
    demo = load_demo(service)
    app = make_app()
    async with app.run_test(size=(110, 34)) as pilot:
        await open_analysis(app, pilot)
        await pilot.press("down", "down")  # Why 2
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "3 lines under it" in str(app.screen.query_one(".dialog-message").render())
        await pilot.press("n")
        await settle(pilot)
        assert len(service.whys.list(demo.id)) == 5
        await pilot.press("x", "y")
        await settle(pilot)
    assert len(service.whys.list(demo.id)) == 1


async def test_reorder_siblings(make_app, service, empty) -> None:
    first = service.whys.add(empty.id, answer="first")
    second = service.whys.add(empty.id, answer="second")
    app = make_app()
    async with app.run_test(size=(110, 34)) as pilot:
        await open_analysis(app, pilot)
        await pilot.press("down", "down", "K")
        await settle(pilot)
    assert [w.id for w in sorted(service.whys.list(empty.id), key=lambda w: w.position)] == [second.id, first.id]


async def test_root_causes_view_lists_actions_or_none(make_app, service) -> None:
    demo = load_demo(service)
    service.root_causes.add(demo.id, text="Typed directly", kind="contributing")
    app = make_app()
    async with app.run_test(size=(150, 34)) as pilot:
        screen = await open_analysis(app, pilot)
        screen.show_view("causes")
        await settle(pilot)
        table = screen.query_one("#root-causes")
        rows = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0][:2] == ["primary", "Configs are not tested in a staging environment before production"]
        assert rows[0][3:] == ["5 Whys", "Create staging env with prod-like load"]
        assert rows[-1][3:] == ["typed", "no action yet"]
        assert "1 with no action yet" in str(screen.query_one("#analysis-status").render())


@pytest.mark.parametrize("view", ["whys", "fishbone", "fault"])
def test_analysis_snapshots(snap_compare, make_app, service, view: str) -> None:
    load_demo(service)

    async def run_before(pilot) -> None:
        screen = await open_analysis(pilot.app, pilot)
        screen.show_view(view)
        await settle(pilot)

    assert snap_compare(make_app(database_label="demo.db"), terminal_size=(100, 30), run_before=run_before)
