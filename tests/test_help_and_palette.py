"""Help on ? and F1 lists every key; the command palette offers every action."""

from __future__ import annotations

from textual.command import CommandPalette

from data.demo import load_demo
from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.summary import SummaryScreen
from tests.conftest import settle


def help_text(app) -> str:
    return "\n".join(f"{key} {text}" for key, text in app.screen.key_rows)


async def test_help_lists_every_binding_of_the_screen(make_app, service) -> None:
    load_demo(service)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = help_text(app)
        for expected in ("Start a new postmortem", "Copy the highlighted postmortem", "Delete the highlighted",
                         "Filter the list", "Add the demo postmortem", "Open the highlighted", "ctrl+p"):
            assert expected in keys
        assert "blameless" in app.screen.query_one("#help-guidance").source
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        await settle(pilot)
        app.set_focus(None)
        await pilot.press("f1")
        await settle(pilot)
        keys = help_text(app)
        for expected in ("Timeline: what happened when", "Review:", "Leave the field you are in"):
            assert expected in keys
        await pilot.press("f1")  # toggles closed
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)


def palette_titles(app, screen) -> list[str]:
    return [command.title for command in app.get_system_commands(screen)]


async def test_palette_offers_every_action_of_the_screen(make_app, service) -> None:
    load_demo(service)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        titles = palette_titles(app, home)
        for action in ("home: new", "home: duplicate", "home: delete", "home: filter", "home: load demo",
                       "home: quit", "app: help", "open: DEMO-2024-001 Database outage after a "
                       "connection-pool config change"):
            assert action in titles
        await pilot.press("enter")
        await settle(pilot)
        titles = palette_titles(app, app.screen)
        for action in ("go: timeline", "go: impact", "go: analysis", "go: actions", "go: review",
                       "go: list of postmortems", "postmortem: back"):
            assert action in titles


async def test_palette_runs_a_command(make_app, service) -> None:
    load_demo(service)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"home: duplicate")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
    assert len(service.list_postmortems()) == 2
