"""The Review screen and the inline findings, driven with real key presses."""

from __future__ import annotations

from data.demo import load_demo
from screens.analysis_dialogs import ScoreDialog, TextDialog
from screens.review import ReviewScreen
from screens.summary import SummaryScreen
from tests.conftest import settle
from widgets.form import FieldRow


async def open_section(app, pilot, key: str):
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    app.set_focus(None)
    await pilot.press(key)
    await settle(pilot)
    return app.screen


async def test_typing_a_blaming_sentence_shows_the_finding_inline(make_app, service) -> None:
    pm = service.create(title="Outage")
    app = make_app()
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await open_section(app, pilot, "1")
        assert isinstance(screen, SummaryScreen)
        screen.query_one("#summary").focus()
        await pilot.press(*"Engineer caused outage by deploying bad config")
        await pilot.pause(0.5)
        await settle(pilot)
        message = str(screen.query_one("#row-summary", FieldRow).message.render())
        assert "Blame" in message
        assert screen.query_one("#summary")._findings
    assert service.get(pm.id).summary == "Engineer caused outage by deploying bad config"


async def test_review_lists_findings_jumps_and_dismisses(make_app, service) -> None:
    demo = load_demo(service)
    service.update(demo.id, summary="Bob's change broke checkout for 2 hours.")
    app = make_app(user="Riley")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_section(app, pilot, "6")
        assert isinstance(screen, ReviewScreen)
        table = screen.query_one("#findings-table")
        rows = [[table.get_row_at(n)[i].plain for i in range(4)] for n in range(table.row_count)]
        assert rows[0][:3] == ["Summary", "error", "status"]  # in review with an open error
        blame = next(n for n, row in enumerate(rows) if row[2] == "summary")
        assert rows[blame][1] == "error" and rows[blame][3].startswith("Blame")
        table.move_cursor(row=blame)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"quoted from the vendor report", "enter")
        await settle(pilot)
        assert all(table.get_row_at(i)[1].plain != "error" for i in range(table.row_count))
        await pilot.press("h")
        await settle(pilot)
        assert any(table.get_row_at(i)[1].plain == "dismissed" for i in range(table.row_count))
        await pilot.press("right_square_bracket", "down", "o")
        await settle(pilot)
        assert isinstance(app.screen, ScoreDialog)
        await pilot.press(*"Shared at the guild", "enter")
        await settle(pilot)
        assert "(overridden)" in screen.query_one("#rubric-table").get_row_at(1)[2].plain
    assert [d.reason for d in service.bundle(demo.id).dismissals] == ["quoted from the vendor report"]


async def test_enter_on_a_finding_opens_its_field(make_app, service) -> None:
    demo = load_demo(service)
    service.actions.update(service.actions.list(demo.id)[1].id, owner="team")
    app = make_app()
    async with app.run_test(size=(130, 36)) as pilot:
        screen = await open_section(app, pilot, "6")
        table = screen.query_one("#findings-table")
        row = next(i for i in range(table.row_count) if table.get_row_at(i)[2].plain == "actions[1].owner")
        table.move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.SECTION == "actions"
        assert app.focused.id == "action-owner" and app.focused.value == "team"


async def test_learning_tab_adds_and_edits(make_app, service) -> None:
    demo = load_demo(service)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_section(app, pilot, "6")
        await pilot.press("right_square_bracket", "right_square_bracket", "a")
        await settle(pilot)
        await pilot.press(*"We got lucky it was a Tuesday", "enter")
        await settle(pilot)
    kinds = [(i.kind, i.text) for i in service.learnings.list(demo.id)]
    assert ("went_well", "We got lucky it was a Tuesday") in kinds


def test_review_snapshot(snap_compare, make_app, service) -> None:
    demo = load_demo(service)
    service.update(demo.id, summary="Bob's change broke checkout; many users were unhappy.")

    async def run_before(pilot) -> None:
        await open_section(pilot.app, pilot, "6")

    assert snap_compare(make_app(database_label="demo.db"), terminal_size=(120, 34), run_before=run_before)


async def test_a_why_answer_is_checked_as_it_is_typed(make_app, service) -> None:
    from screens.analysis_dialogs import WhyDialog

    service.create(title="Outage")
    app = make_app()
    async with app.run_test(size=(110, 36)) as pilot:
        await open_section(app, pilot, "4")
        app.push_screen(WhyDialog("Add a why"))
        await settle(pilot)
        await pilot.press(*"the intern deleted the table")
        await pilot.pause(0.5)
        await settle(pilot)
        message = str(app.screen.query_one("#row-answer", FieldRow).message.render())
        assert "Blame" in message and "intern deleted" in message
        await pilot.press(*["backspace"] * 28, *"a script deleted the table")
        await pilot.pause(0.5)
        await settle(pilot)
        assert str(app.screen.query_one("#row-answer", FieldRow).message.render()) == ""
