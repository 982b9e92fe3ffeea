"""The Summary screen: every edit saved as typed, bad values shown and not saved."""

from __future__ import annotations

import pendulum
import pytest

from data.demo import load_demo
from screens.summary import SummaryScreen
from tests.conftest import settle
from widgets.form import FieldRow


async def open_summary(app, pilot) -> SummaryScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, SummaryScreen)
    return app.screen


def message(screen, name: str) -> str:
    return str(screen.query_one(f"#row-{name}", FieldRow).message.render())


async def type_into(pilot, screen, name: str, text: str, *, then: str = "enter") -> None:
    """Select the field, clear it, type `text`, then press `then` (Enter saves the commit-on-leave fields)."""
    field = screen.query_one(f"#{name}")
    field.focus()
    field.value = ""
    await pilot.press(*text)
    if then:
        await pilot.press(then)
    await settle(pilot)


async def test_typed_fields_are_saved_as_they_change(make_app, service) -> None:
    pm = service.create(title="Draft")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_summary(app, pilot)
        await type_into(pilot, screen, "title", "Checkout errors after deploy")
        assert service.get(pm.id).title == "Checkout errors after deploy"
        await type_into(pilot, screen, "owner", "Priya")
        await type_into(pilot, screen, "contributors", "Ana, Bo,  ana")
        await type_into(pilot, screen, "tags", "Payments API, deploy")
        screen.query_one("#summary").focus()
        await pilot.press(*"2h outage")
        await settle(pilot)
        # the section bar follows the title
        assert "Checkout errors after deploy" in screen.query_one("#section-bar").render().plain
    saved = service.get(pm.id)
    assert (saved.owner, saved.contributors, saved.tags) == ("Priya", ("Ana", "Bo"), ("payments-api", "deploy"))
    assert saved.summary.endswith("2h outage")


async def test_selects_save_the_chosen_value(make_app, service) -> None:
    pm = service.create(title="Draft")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_summary(app, pilot)
        screen.query_one("#severity").focus()
        await pilot.press("enter", "up", "up", "enter")  # medium -> critical
        await settle(pilot)
    assert service.get(pm.id).severity == "critical"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("timezone", "Mars/Olympus", "not an IANA timezone name"),
        ("written_at", "yesterday-ish", "not a date and time"),
        ("written_at", "2024-03-10 02:30", "does not exist"),
        ("title", "", "Title is required"),
        ("incident_id", "INC 1", "no spaces"),
    ],
)
async def test_bad_values_show_a_message_and_are_not_saved(make_app, service, name, text, expected) -> None:
    pm = service.create(title="Stable", timezone="America/New_York")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_summary(app, pilot)
        await type_into(pilot, screen, name, text)
        assert expected in message(screen, name)
        assert screen.query_one(f"#row-{name}", FieldRow).has_error
    assert service.get(pm.id) == pm


async def test_commit_on_leave_fields_wait_for_enter_or_leaving(make_app, service) -> None:
    pm = service.create(title="Draft", incident_id="INC-2024-001")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_summary(app, pilot)
        await type_into(pilot, screen, "written_at", "2024-03-02", then="")
        assert service.get(pm.id).written_at is None  # half-typed: not yet a decision
        await pilot.press(*" 09:30", "tab")
        await settle(pilot)
        assert service.get(pm.id).written_at == pendulum.datetime(2024, 3, 2, 9, 30, tz="UTC")
        await type_into(pilot, screen, "incident_id", "INC-2024-00", then="")
        assert service.get(pm.id).incident_id == "INC-2024-001"
        await pilot.press("7", "escape")
        await settle(pilot)
    assert service.get(pm.id).incident_id == "INC-2024-007"


async def test_fixing_a_bad_value_saves_it_and_clears_the_message(make_app, service) -> None:
    pm = service.create(title="Draft")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_summary(app, pilot)
        await type_into(pilot, screen, "written_at", "2024-03-02 25:61")
        assert screen.query_one("#row-written_at", FieldRow).has_error
        await type_into(pilot, screen, "written_at", "2024-03-02 09:30")
        assert not screen.query_one("#row-written_at", FieldRow).has_error
    assert service.get(pm.id).written_at == pendulum.datetime(2024, 3, 2, 9, 30, tz="UTC")


async def test_timezone_change_redisplays_the_same_instant(make_app, service) -> None:
    pm = service.create(title="Draft", written_at=pendulum.datetime(2024, 3, 2, 10, 30, tz="UTC"))
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_summary(app, pilot)
        assert screen.query_one("#written_at").value == "2024-03-02 10:30"
        await type_into(pilot, screen, "timezone", "America/New_York")
        assert screen.query_one("#written_at").value == "2024-03-02 05:30"
        assert "(EST)" in str(screen.query_one("#row-written_at .field-label").render())
    stored = service.get(pm.id)
    assert stored.timezone == "America/New_York"
    assert stored.written_at == pm.written_at


async def test_number_keys_switch_sections_and_escape_leaves_fields_first(make_app, service) -> None:
    load_demo(service)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_summary(app, pilot)
        screen.query_one("#owner").focus()
        await pilot.press("2")  # typing in a field: a digit is text, not navigation
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("backspace", "escape")
        await settle(pilot)
        assert app.focused is None and isinstance(app.screen, SummaryScreen)
        await pilot.press("6")
        await settle(pilot)
        assert app.screen.SECTION == "review"
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert type(app.screen_stack[-2]).__name__ == "HomeScreen"  # sections replace each other
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
    assert service.find("DEMO-2024-001").owner == "Sam"


async def test_read_only_database_shows_a_banner_and_disables_fields(db_path, clock) -> None:
    from app.tui import PostmortemApp
    from data.database import open_database
    from data.service import PostmortemService

    writable = PostmortemService(open_database(db_path), clock)
    writable.create(title="Frozen")
    writable.database.dispose()
    app = PostmortemApp(open_database(db_path, read_only=True), clock=clock, cursor_blink=False)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            screen = await open_summary(app, pilot)
            assert screen.query(".read-only-banner")
            assert screen.query_one("#title").disabled
    finally:
        app.store.close()


async def test_closing_with_open_actions_asks_for_a_reason(make_app, service) -> None:
    from screens.analysis_dialogs import TextDialog

    pm = service.create(title="Outage")
    service.actions.add(pm.id, title="Add validation")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_summary(app, pilot)
        screen.query_one("#status").value = "closed"
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        assert "1 action is still open: “Add validation”" in str(app.screen.query_one(".dialog-message").render())
        await pilot.press(*"Tracked in the roadmap", "enter")
        await settle(pilot)
    closed = service.get(pm.id)
    assert (closed.status, closed.closed_reason) == ("closed", "Tracked in the roadmap")
