"""Two people on one database, driven with real key presses: a clash is asked about, never lost, and
changes saved elsewhere appear without touching what is being typed."""

from __future__ import annotations

import asyncio

import pendulum
import pytest

from data.database import open_database
from data.demo import load_demo
from data.service import PostmortemService
from screens.conflict_dialog import ConflictDialog
from tests.conftest import settle
from tests.test_actions_screens import open_actions
from tests.test_impact_screen import open_impact
from tests.test_summary_screen import open_summary
from tests.test_timeline_screen import open_timeline, rows


@pytest.fixture
def demo(service):
    return load_demo(service)


@pytest.fixture
def sam(database, clock):
    """Another person, in another program, on the same database file."""
    other = PostmortemService(open_database(database.path), clock, user="Sam")
    yield other
    other.database.dispose()


async def wait_for(pilot, condition, seconds: float = 5.0) -> bool:
    """Poll `condition` with plain sleeps: a screen waiting on a dialog never goes idle for pilot.pause."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await asyncio.sleep(0.05)
    return condition()


async def change_owner_after_sam(pilot, screen, sam, *, then: str = "enter",
                                 **changes) -> tuple[int, str]:
    """Sam saves the first action (its owner, unless `changes` say otherwise); this app, still showing
    the old version, types another owner and presses `then`."""
    action = screen.selected
    sam.actions.update(action.id, **(changes or {"owner": "Sam Chen"}))
    field = screen.query_one("#action-owner")
    field.focus()
    field.value = ""
    await pilot.press(*"Riley Ng", then)
    if then == "enter":  # a quit waits on the dialog: its caller waits for that
        await settle(pilot)
    return action.id, action.owner


async def test_a_stale_save_asks_and_overwrite_keeps_mine(make_app, service, demo, sam) -> None:
    app = make_app(user="Riley")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_actions(app, pilot)
        action_id, seen = await change_owner_after_sam(pilot, screen, sam)
        assert isinstance(app.screen, ConflictDialog)
        dialog = app.screen
        assert dialog.conflict.by == "Sam"
        assert dialog.conflict.changes == [("owner", seen, "Sam Chen")]  # drawn: the snapshot below
        assert service.actions.get(action_id).owner == "Sam Chen"  # nothing saved while asking
        await pilot.press("o")
        await settle(pilot)
        assert not isinstance(app.screen, ConflictDialog)
    saved = service.actions.get(action_id)
    assert (saved.owner, saved.changed_by) == ("Riley Ng", "Riley")


async def test_a_stale_save_asks_and_reload_shows_theirs(make_app, service, demo, sam) -> None:
    app = make_app(user="Riley")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_actions(app, pilot)
        action_id, _seen = await change_owner_after_sam(pilot, screen, sam)
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("r")
        await settle(pilot)
        assert screen.query_one("#action-owner").value == "Sam Chen"
        assert screen.selected.owner == "Sam Chen"
    saved = service.actions.get(action_id)
    assert (saved.owner, saved.changed_by) == ("Sam Chen", "Sam")


async def test_deleting_an_action_someone_just_changed_asks_first(make_app, service, demo, sam) -> None:
    app = make_app(user="Riley")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_actions(app, pilot)
        action = screen.selected
        sam.actions.update(action.id, owner="Sam Chen")
        app.set_focus(None)
        await pilot.press("x", "y")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await pilot.press("r")
        await settle(pilot)
        assert screen.selected.owner == "Sam Chen"
    assert service.actions.get(action.id).owner == "Sam Chen"  # kept, not deleted


async def test_own_saves_on_every_key_never_conflict(make_app, service, demo) -> None:
    """The summary saves as it is typed: each save leaves before the last one's version is back."""
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_summary(app, pilot)
        screen.query_one("#summary").focus()
        await pilot.press(*" More.")
        await settle(pilot)
        assert not isinstance(app.screen, ConflictDialog)
    stored = service.get(demo.id)
    assert " More." in stored.summary and stored.version > demo.version + 1  # one save per key


async def test_changes_saved_elsewhere_appear_and_typing_is_kept(make_app, service, demo, sam) -> None:
    """The timeline reads again within a second of Sam's change; the quick-entry line keeps its text."""
    app = make_app(poll_seconds=0.1)
    async with app.run_test(size=(130, 36)) as pilot:
        screen = await open_timeline(app, pilot)
        before = len(rows(screen))
        await pilot.press(*"14:30 note half-typed")
        sam.events.add(demo.id, at=pendulum.datetime(2024, 3, 5, 15, 0, tz="UTC"), kind="note",
                       description="Added by Sam")
        assert await wait_for(pilot, lambda: len(rows(screen)) == before + 1)
        assert any(description == "Added by Sam" for _time, _kind, description in rows(screen))
        assert screen.query_one("#quick-entry").value == "14:30 note half-typed"
        assert app.focused.id == "quick-entry"


async def test_the_timeline_refresh_keeps_the_event_being_edited_and_the_message(make_app, service, demo,
                                                                                sam) -> None:
    """Sam changes the very event being edited and adds another: the editor keeps what is typed, the
    message about a bad quick entry stays, and saving the edit asks about Sam's change."""
    app = make_app(poll_seconds=0.1)
    async with app.run_test(size=(130, 36)) as pilot:
        screen = await open_timeline(app, pilot)
        await pilot.press(*"25:61 note bad time", "enter")
        await settle(pilot)
        error = str(screen.query_one("#entry-message").render())
        assert "25:61" in error
        editing = screen.table.selected
        screen.action_edit()
        await settle(pilot)
        description = screen.query_one("#edit-description")
        description.value = "Mine"
        sam.events.update(editing.id, description="Sam's wording")
        sam.events.add(demo.id, at=pendulum.datetime(2024, 3, 5, 15, 0, tz="UTC"), kind="note",
                       description="Added by Sam")
        assert await wait_for(pilot, lambda: any(d == "Added by Sam" for _t, _k, d in rows(screen)))
        await pilot.pause(0.3)
        assert description.value == "Mine"
        assert str(screen.query_one("#entry-message").render()) == error
        assert screen.table.selected.id == editing.id
        description.focus()
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
        assert app.screen.conflict.changes[0][2] == "Sam's wording"


async def test_a_field_being_typed_in_is_not_refreshed_under_the_cursor(make_app, service, demo, sam) -> None:
    """Summary fields wait for focus to leave before showing Sam's change; the next key typed, based on
    the version before Sam's, asks; overwriting saves the title and keeps Sam's owner."""
    app = make_app(poll_seconds=0.1)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_summary(app, pilot)
        title = screen.query_one("#title")
        title.focus()
        await pilot.press("end", *" (draft")
        await settle(pilot)
        sam.update(demo.id, owner="Sam Chen")
        await pilot.pause(0.5)
        assert title.value.endswith(" (draft")  # not replaced while typing
        assert screen.query_one("#owner").value != "Sam Chen"
        await pilot.press(")")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
        assert app.screen.conflict.changes == [("owner", demo.owner, "Sam Chen")]
        await pilot.press("o")
        await settle(pilot)
        assert title.value.endswith(" (draft)")
        await pilot.press("tab")  # focus leaves the title: the waiting refresh shows Sam's owner
        assert await wait_for(pilot, lambda: screen.query_one("#owner").value == "Sam Chen")
    stored = service.get(demo.id)
    assert stored.title.endswith(" (draft)") and stored.owner == "Sam Chen"


async def test_quitting_with_a_stale_half_typed_field_asks_then_quits(make_app, service, demo, sam) -> None:
    """ctrl+q saves what is typed first; that save meets Sam's version, so it asks, and then quits."""
    app = make_app(user="Riley")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_actions(app, pilot)
        action_id, _seen = await change_owner_after_sam(pilot, screen, sam, then="ctrl+q")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await pilot.press("o")
        assert await wait_for(pilot, lambda: not app.is_running)
    assert service.actions.get(action_id).owner == "Riley Ng"


async def test_the_home_list_shows_postmortems_added_elsewhere(make_app, service, demo, sam) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = app.screen.table
        assert table.row_count == 1
        await app.look_for_changes()  # the first look only learns where things stand
        newer = sam.create(title="Login failures", incident_id="INC-2024-007")
        sam.events.add(newer.id, at=pendulum.datetime(2024, 6, 1, 9, tz="UTC"), kind="trigger",
                       description="Logins start failing")  # a newer incident: listed above the demo
        await app.look_for_changes()
        assert await wait_for(pilot, lambda: table.row_count == 2)
        assert table.cursor_row == 1 and table.selected_id == demo.id  # the cursor stays on its postmortem


def test_conflict_dialog_look(snap_compare, make_app, service, demo, sam) -> None:
    """Who changed what, field by field, with both choices; user text stays literal."""
    async def clash(pilot) -> None:
        screen = await open_actions(pilot.app, pilot)
        await change_owner_after_sam(
            pilot, screen, sam, owner="Sam [bold]Chen[/bold]", due=pendulum.date(2024, 4, 1),
            success_measure="Every deploy runs the config validator; a pool size under 50 fails the pipeline "
                            "before anything reaches production")

    assert snap_compare(make_app(user="Riley", database_label="team.db"), terminal_size=(100, 30),
                        run_before=clash)


@pytest.mark.parametrize(("field_id", "typed", "stored"), [
    ("incident_id", "INC-2024-099", lambda pm: pm.incident_id),  # saved on Enter and when focus leaves
    ("timezone", "Europe/Paris", lambda pm: pm.timezone),
])
async def test_reload_theirs_on_a_save_on_leave_field_saves_nothing(make_app, service, demo, sam,
                                                                   field_id, typed, stored) -> None:
    """After "reload theirs" the typed-in field shows the stored value, and focus leaving it later
    saves nothing: the change the person chose to drop stays dropped."""
    app = make_app(user="Riley")
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_summary(app, pilot)
        before = stored(service.get(demo.id))
        await reload_theirs_after_typing(pilot, screen.query_one(f"#{field_id}"), typed,
                                         lambda: sam.update(demo.id, owner="Sam Chen"))
        assert screen.query_one(f"#{field_id}").value == before
    stored_now = service.get(demo.id)
    assert (stored(stored_now), stored_now.owner) == (before, "Sam Chen")


async def test_reload_theirs_on_an_impact_field_saves_nothing_and_asks_once(make_app, service, demo, sam) -> None:
    app = make_app(user="Riley")
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_impact(app, pilot)
        before = service.get_impact(demo.id).users_affected
        await reload_theirs_after_typing(pilot, screen.query_one("#users_affected"), "150",
                                         lambda: sam.update_impact(demo.id, narrative="Sam's account of it"))
    impact = service.get_impact(demo.id)
    assert (impact.users_affected, impact.narrative) == (before, "Sam's account of it")


async def reload_theirs_after_typing(pilot, field, typed: str, sams_change) -> None:
    """Sam saves; this app types `typed` over `field` and presses Enter, chooses "reload theirs",
    then focus leaves the field: the dialog must not come back."""
    field.focus()
    field.value = ""
    sams_change()
    await pilot.press(*typed, "enter")
    assert await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConflictDialog))
    await pilot.press("r")
    await settle(pilot)
    pilot.app.set_focus(None)
    await settle(pilot)
    assert not isinstance(pilot.app.screen, ConflictDialog)  # nothing asked again
