"""The Actions screen, the tracker and check-in mode, driven with real key presses."""

from __future__ import annotations

from datetime import date

import pytest

from data.clock import FixedClock
from data.demo import load_demo
from screens.actions import ActionsScreen
from screens.analysis_dialogs import TextDialog
from screens.check_in import CheckInScreen
from screens.tracker import TrackerScreen
from tests.conftest import settle
from widgets.form import FieldRow

MARCH_20 = FixedClock(__import__("datetime").datetime(2024, 3, 20, 12, tzinfo=__import__("datetime").UTC))


@pytest.fixture
def app_on_march_20(database):
    from app.tui import PostmortemApp

    app = PostmortemApp(database, clock=MARCH_20, user="Riley", cursor_blink=False, database_label="demo.db")
    yield app
    app.store.close()


async def open_actions(app, pilot) -> ActionsScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    app.set_focus(None)
    await pilot.press("5")
    await settle(pilot)
    assert isinstance(app.screen, ActionsScreen)
    return app.screen


async def commit(pilot, screen, name: str, text: str) -> None:
    field = screen.query_one(f"#action-{name}")
    field.focus()
    field.value = ""
    await pilot.press(*text, "enter")
    await settle(pilot)


def message(screen, name: str) -> str:
    return str(screen.query_one(f"#action-row-{name}", FieldRow).message.render())


async def test_add_an_action_by_keyboard(app_on_march_20, service) -> None:
    pm = service.create(title="Checkout errors", written_at=__import__("pendulum").datetime(2024, 3, 18, tz="UTC"))
    cause = service.root_causes.add(pm.id, text="No config validation")
    app = app_on_march_20
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_actions(app, pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"Add config validation to the deploy pipeline", "enter")
        await settle(pilot)
        assert app.focused.id == "action-owner"
        await pilot.press(*"team", "enter")
        await settle(pilot)
        assert "is a group" in message(screen, "owner")  # saved, with a warning
        await commit(pilot, screen, "owner", "Alex")
        await commit(pilot, screen, "due", "15/3")
        assert "ambiguous" in message(screen, "due")
        await commit(pilot, screen, "due", "next friday")
        assert "Fri 22 Mar 2024" in message(screen, "due")
        await commit(pilot, screen, "tracker", "not a key")
        assert "neither a URL" in message(screen, "tracker")
        await commit(pilot, screen, "tracker", "OPS-123")
        assert "Suggested: immediate" in message(screen, "action_type")
        screen.query_one("#action-root-causes").focus()
        await pilot.press("space")
        await settle(pilot)
        assert "No action addresses" not in str(screen.query_one("#actions-warnings").render())
    (action,) = service.actions.list(pm.id)
    assert (action.title, action.owner, action.due, action.tracker, action.root_cause_ids) == (
        "Add config validation to the deploy pipeline", "Alex", date(2024, 3, 22), "OPS-123", (cause.id,))


async def test_status_keys_record_history_and_wont_do_asks_why(app_on_march_20, service) -> None:
    demo = load_demo(service)
    app = app_on_march_20
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_actions(app, pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("down", "w")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"Covered by the platform roadmap", "enter")
        await settle(pilot)
        history_text = str(screen.query_one("#action-history").render())
        assert "Riley: open → won't do · Covered by the platform roadmap" in history_text
    first, second = service.actions.list(demo.id)[:2]
    assert (first.status, second.status, second.status_reason) == ("done", "wont_do",
                                                                    "Covered by the platform roadmap")
    history = service.action_updates.list(first.id)
    assert (history[-1].by, history[-1].old_status, history[-1].new_status) == ("Riley", "in_progress", "done")


async def test_tracker_filters_and_opens_the_postmortem(app_on_march_20, service) -> None:
    load_demo(service)
    other = service.create(title="Login failures", incident_id="INC-2024-007")
    service.actions.add(other.id, title="Rotate the signing key", owner="Priya", due=date(2024, 3, 21))
    app = app_on_march_20
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TrackerScreen)
        table = app.screen.query_one("#tracker-table")

        def titles() -> list[str]:
            return [table.get_row_at(i)[2].plain for i in range(table.row_count)]

        assert titles() == ["Add config validation to deployment pipeline", "Rotate the signing key",
                            "Create staging env with prod-like load"]
        await pilot.press("slash", *"owner:priya", "enter")
        await settle(pilot)
        assert titles() == ["Rotate the signing key"]
        app.screen.query_one("#tracker-filter").value = "status:all alex"
        await settle(pilot)
        assert titles() == ["Add config validation to deployment pipeline"]
        app.screen.query_one("#tracker-filter").value = ""
        await pilot.press("g")
        await settle(pilot)
        assert [table.get_row_at(i)[0].plain for i in range(table.row_count)] == ["Alex", "Jordan", "Priya"]
        table.focus()
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen) and app.screen.postmortem.incident_id == "INC-2024-007"


async def test_a_full_check_in_round(app_on_march_20, service) -> None:
    demo = load_demo(service)
    app = app_on_march_20
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t", "c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        assert screen.current.action.title == "Add config validation to deployment pipeline"  # overdue first
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("n", *"Merged on Monday", "enter")
        await settle(pilot)
        await pilot.press("enter")  # next
        await settle(pilot)
        assert screen.current.action.title == "Create staging env with prod-like load"
        await pilot.press("b", "enter")
        await settle(pilot)
        assert screen.finished
        summary = screen.summary_markdown()
        assert summary.startswith("**Action check-in 2024-03-20**: 2 open actions reviewed, 2 status changes, 1 note")
        assert "- Add config validation to deployment pipeline (Alex, DEMO-2024-001): in progress → done\n" \
               "  - note: Merged on Monday" in summary
        assert "Create staging env with prod-like load (Jordan, DEMO-2024-001): open → blocked" in summary
    statuses = {a.title: a.status for a in service.actions.list(demo.id)}
    assert statuses["Create staging env with prod-like load"] == "blocked"
    notes = [u.note for u in service.action_updates.list(service.actions.list(demo.id)[0].id)]
    assert "Merged on Monday" in notes


def test_actions_snapshot(snap_compare, app_on_march_20, service) -> None:
    load_demo(service)

    async def run_before(pilot) -> None:
        await open_actions(pilot.app, pilot)

    assert snap_compare(app_on_march_20, terminal_size=(130, 36), run_before=run_before)


def test_tracker_snapshot(snap_compare, app_on_march_20, service) -> None:
    load_demo(service)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)

    assert snap_compare(app_on_march_20, terminal_size=(110, 24), run_before=run_before)


def test_check_in_snapshot(snap_compare, app_on_march_20, service) -> None:
    load_demo(service)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("t", "c")
        await settle(pilot)

    assert snap_compare(app_on_march_20, terminal_size=(110, 30), run_before=run_before)
