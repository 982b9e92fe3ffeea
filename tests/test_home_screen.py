"""The home screen, driven with real key presses."""

from __future__ import annotations

from data.demo import DEMO_INCIDENT_ID, load_demo
from screens.dialogs import ConfirmDialog, NewPostmortemDialog
from screens.home import HomeScreen
from screens.summary import SummaryScreen
from tests.conftest import settle
from widgets.postmortem_table import PostmortemTable


def table_ids(app) -> list[str]:
    table = app.screen.query_one(PostmortemTable)
    return [table.get_row_at(i)[0].plain for i in range(table.row_count)]


async def test_new_postmortem_by_keyboard_opens_its_summary(make_app, service) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "No postmortems yet" in str(app.screen.query_one("#empty").render())
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewPostmortemDialog)
        assert app.screen.query_one("#new-incident-id").value == "INC-2024-001"
        await pilot.press(*"Checkout errors", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.query_one("#title").value == "Checkout errors"
    (created,) = service.list_postmortems()
    assert (created.incident_id, created.title, created.status) == ("INC-2024-001", "Checkout errors", "draft")


async def test_new_postmortem_needs_a_title_and_a_free_id(make_app, service) -> None:
    service.create(title="Existing", incident_id="INC-2024-001")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.query_one("#new-incident-id").value == "INC-2024-002"
        await pilot.press("enter")
        await settle(pilot)
        assert "A title is required" in str(app.screen.query_one("#new-row-title .field-message").render())
        app.screen.query_one("#new-incident-id").value = "INC-2024-001"
        await pilot.press(*"Clash", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NewPostmortemDialog)
        assert "already used" in str(app.screen.query_one("#new-row-incident_id .field-message").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert [p.title for p in service.list_postmortems()] == ["Existing"]


async def test_filter_as_you_type_from_the_table(make_app, service) -> None:
    load_demo(service)
    service.create(title="Login failures", incident_type="security", tags=["auth"])
    service.create(title="Payment timeouts", severity="critical")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert len(table_ids(app)) == 3
        await pilot.press(*"auth")  # typed while the table has focus: goes to the filter
        await settle(pilot)
        assert app.screen.query_one("#filter").value == "auth"
        assert table_ids(app) == ["INC-2024-001"]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one("#filter").value == ""
        assert len(table_ids(app)) == 3
        await pilot.press("slash", *"critical", "enter")
        await settle(pilot)
        assert table_ids(app) == ["INC-2024-002"]
        assert app.screen.query_one(PostmortemTable).has_focus
        await pilot.press("slash", *" zzz")
        await settle(pilot)
        assert table_ids(app) == []
        assert "No postmortem matches" in str(app.screen.query_one("#empty").render())


async def test_open_with_enter_and_come_back_with_escape(make_app, service) -> None:
    load_demo(service)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.query_one("#incident_id").value == DEMO_INCIDENT_ID
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_duplicate_then_delete_with_confirmation(make_app, service) -> None:
    demo = load_demo(service)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert sorted(table_ids(app)) == [DEMO_INCIDENT_ID, "INC-2024-001"]
        assert app.screen.query_one(PostmortemTable).selected_id != demo.id
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "7 events" in str(app.screen.query_one(".dialog-message").render())
        await pilot.press("enter")  # Cancel has focus: a stray Enter deletes nothing
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and len(table_ids(app)) == 2
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert table_ids(app) == [DEMO_INCIDENT_ID]
    assert [p.incident_id for p in service.list_postmortems()] == [DEMO_INCIDENT_ID]
    assert len(service.events.list(demo.id)) == 7


async def test_demo_key_and_demo_option_load_it_once(make_app, service) -> None:
    app = make_app(load_demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert table_ids(app) == [DEMO_INCIDENT_ID]
        await pilot.press("d")
        await settle(pilot)
        assert table_ids(app) == [DEMO_INCIDENT_ID]
    assert len(service.list_postmortems()) == 1


async def test_user_text_is_shown_literally(make_app, service) -> None:
    service.create(title="[bold red]not bold[/] [link=http://x]link[/link] [@click=app.quit]x[/]")
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        title_cell = app.screen.query_one(PostmortemTable).get_row_at(0)[1]
        assert title_cell.plain.startswith("[bold red]not bold[/]")
        assert title_cell.spans == []
        await pilot.press("enter")
        await settle(pilot)
        bar = app.screen.query_one("#section-bar")
        assert "[bold red]not bold[/]" in bar.render().plain
