"""The Timeline screen, driven with real key presses."""

from __future__ import annotations

import pendulum
import pytest

from data.demo import load_demo
from screens.dialogs import ChoiceDialog
from screens.paste_dialog import PasteDialog
from screens.timeline import TimelineScreen
from tests.conftest import settle
from widgets.event_table import EventTable


async def open_timeline(app, pilot) -> TimelineScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    app.set_focus(None)
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(app.screen, TimelineScreen)
    return app.screen


def rows(screen) -> list[tuple[str, str, str]]:
    table = screen.query_one(EventTable)
    return [tuple(cell.plain for cell in table.get_row_at(i)[:3]) for i in range(table.row_count)]


def message(screen) -> str:
    return str(screen.query_one("#entry-message").render())


@pytest.fixture
def demo(service):
    return load_demo(service)


async def test_quick_entry_adds_a_complete_event(make_app, service, demo) -> None:
    app = make_app()
    async with app.run_test(size=(130, 36)) as pilot:
        screen = await open_timeline(app, pilot)
        assert app.focused.id == "quick-entry"
        await pilot.press(*"14:08 det Error rate 0 -> 500/min #Monitoring", "enter")
        await settle(pilot)
        assert rows(screen)[2] == ("14:08", "detected", "Error rate 0 -> 500/min")
        assert app.focused.value == ""
        # relative to the highlighted event, which is now the one just added
        await pilot.press(*"+2m comm Status page set to degraded => posted #Statuspage", "enter")
        await settle(pilot)
        assert rows(screen)[4] == ("14:10", "communication", "Status page set to degraded")  # after the 14:10 alert
        assert "Added 14:10 communication" in message(screen)
    added = [e for e in service.events.list(demo.id) if e.kind == "communication"]
    assert [(e.at.strftime("%H:%M"), e.source, e.action_taken) for e in added] == [("14:10", "Statuspage", "posted")]


async def test_bad_quick_entry_is_explained_and_nothing_is_written(make_app, service, demo) -> None:
    app = make_app()
    async with app.run_test(size=(130, 36)) as pilot:
        screen = await open_timeline(app, pilot)
        await pilot.press(*"25:61 detected nonsense", "enter")
        await settle(pilot)
        assert "is not a time" in message(screen) and "+15m" in message(screen)
        assert app.focused.value == "25:61 detected nonsense"  # kept, to fix
    assert len(service.events.list(demo.id)) == 7


async def test_observations_follow_the_events(make_app, service, demo) -> None:
    app = make_app()
    async with app.run_test(size=(130, 36)) as pilot:
        screen = await open_timeline(app, pilot)
        panel = screen.query_one("#observations")
        before = panel.render_observations(*_panel_args(screen)).renderables
        assert any("add an all_clear event" in getattr(p, "plain", "") for p in before)
        await pilot.press(*"16:30 all clear Support confirms no new tickets", "enter")
        await settle(pilot)
        after = "\n".join(getattr(p, "plain", "") for p in panel.render_observations(*_panel_args(screen)).renderables)
        assert "Time to all-clear  2 h 25 min" in after
        assert "What happened between 14:15 and 15:30?" in after


def _panel_args(screen):
    from app.logic.timeline import observe

    table = screen.query_one(EventTable)
    return observe(table.events.values()), table.display_options.zone, table.display_options.incident_date


async def test_edit_in_place_moves_the_row_and_keeps_the_cursor(make_app, service, demo) -> None:
    app = make_app()
    async with app.run_test(size=(130, 36)) as pilot:
        screen = await open_timeline(app, pilot)
        table = screen.query_one(EventTable)
        await pilot.press("escape")  # out of the entry line, onto the table
        await pilot.press("home")
        await settle(pilot)
        moved_id = table.selected_id  # 14:05 trigger
        await pilot.press("e")
        await settle(pilot)
        time_field = screen.query_one("#edit-time")
        time_field.focus()
        time_field.value = ""
        await pilot.press(*"14:12", "enter")
        await settle(pilot)
        assert [r[0] for r in rows(screen)][:4] == ["14:07", "14:10", "14:12", "14:15"]
        assert table.selected_id == moved_id
        description = screen.query_one("#edit-description")
        description.focus()
        description.value = ""
        await pilot.press(*"Config deploy started", "tab")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.query_one("#editor").display
    moved = service.events.get(moved_id)
    assert (moved.at.strftime("%H:%M"), moved.description) == ("14:12", "Config deploy started")


async def test_delete_then_undo_and_duplicate(make_app, service, demo) -> None:
    app = make_app()
    async with app.run_test(size=(130, 36)) as pilot:
        screen = await open_timeline(app, pilot)
        await pilot.press("escape", "home", "down")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert [r[1] for r in rows(screen)][:2] == ["trigger", "alert"]
        assert "Press u to bring it back" in message(screen)
        assert len(service.events.list(demo.id)) == 6
        await pilot.press("u")
        await settle(pilot)
        assert [r[1] for r in rows(screen)][:3] == ["trigger", "detected", "alert"]
        assert len(service.events.list(demo.id)) == 7
        await pilot.press("c")
        await settle(pilot)
        assert [r[1] for r in rows(screen)][:3] == ["trigger", "detected", "detected"]
    assert len(service.events.list(demo.id)) == 8


async def test_paste_dialog_previews_then_adds_on_confirm(make_app, service, demo) -> None:
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_timeline(app, pilot)
        await pilot.press("escape", "p")
        await settle(pilot)
        assert isinstance(app.screen, PasteDialog)
        chat = "[14:20] alice: posted an update on the status page\nno time here\n[09:00] bob: breakfast\n"
        app.screen.query_one("#paste-text").insert(chat)
        await pilot.pause(0.3)
        await settle(pilot)
        assert app.screen.query_one("#paste-preview").row_count == 1  # 09:00 is outside the window
        skipped = str(app.screen.query_one("#paste-skipped").render())
        assert "line 2: no time here" in skipped and "outside the chosen window" in skipped
        assert len(service.events.list(demo.id)) == 7  # nothing added before confirming
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert ("14:20", "communication", "posted an update on the status page") in rows(screen)
    assert len(service.events.list(demo.id)) == 8


async def test_ambiguous_time_asks_which(make_app, service) -> None:
    pm = service.create(title="DST night", timezone="America/New_York")
    service.events.add(pm.id, at=pendulum.datetime(2024, 11, 3, 4, 50, tz="UTC"), kind="trigger", description="start")
    app = make_app()
    async with app.run_test(size=(130, 36)) as pilot:
        await open_timeline(app, pilot)
        await pilot.press(*"01:30 note which one?", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("2")
        await settle(pilot)
    added = [e for e in service.events.list(pm.id) if e.kind == "note"]
    assert [e.at.strftime("%H:%M") for e in added] == ["06:30"]  # 01:30 EST, the second one


async def test_times_follow_the_display_timezone(make_app, service, demo) -> None:
    service.update(demo.id, timezone="America/New_York")
    app = make_app()
    async with app.run_test(size=(130, 36)) as pilot:
        screen = await open_timeline(app, pilot)
        table = screen.query_one(EventTable)
        assert str(table.columns["time"].label) == "Time (EST)"
        assert rows(screen)[0][0] == "09:05"


def test_timeline_snapshot(snap_compare, make_app, service) -> None:
    load_demo(service)

    async def run_before(pilot) -> None:
        await open_timeline(pilot.app, pilot)

    app = make_app(database_label="demo.db")
    assert snap_compare(app, terminal_size=(130, 34), run_before=run_before)
