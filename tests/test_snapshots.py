"""The look of the home and Summary screens, pinned at fixed terminal sizes.

Regenerate with `python3 dev.py test tests/test_snapshots.py --snapshot-update`,
then look at every changed SVG before committing it.
"""

from __future__ import annotations

import pendulum
import pytest

from data.demo import load_demo
from tests.conftest import settle


@pytest.fixture
def populated(service):
    load_demo(service)
    security = service.create(title="Leaked API token in public CI logs", incident_type="security",
                              severity="critical", status="draft", tags=["ci"])
    service.events.add(security.id, at=pendulum.datetime(2024, 2, 12, 9, 40, tz="UTC"), kind="trigger")
    service.actions.add(security.id, title="Rotate the token", due=pendulum.date(2024, 2, 13),
                        owner="Ana")
    service.create(title="Checkout near miss: [bold]markup[/bold] stays literal", incident_type="near_miss",
                   severity="low", status="published")
    return service


def app_for(make_app, **options):
    return make_app(database_label="~/.local/share/postmortem/postmortem.db", **options)


def test_home_screen(snap_compare, make_app, populated) -> None:
    assert snap_compare(app_for(make_app), terminal_size=(100, 30), run_before=settle)


def test_home_screen_empty_at_80x24(snap_compare, make_app) -> None:
    assert snap_compare(app_for(make_app), terminal_size=(80, 24), run_before=settle)


def test_summary_screen(snap_compare, make_app, populated) -> None:
    async def open_demo(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app_for(make_app), terminal_size=(100, 30), run_before=open_demo)


def test_summary_screen_with_an_error_at_80x24(snap_compare, make_app, populated) -> None:
    async def bad_timezone(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        field = pilot.app.screen.query_one("#timezone")
        field.focus()
        field.value = "Europe/Londn"
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app_for(make_app), terminal_size=(80, 24), run_before=bad_timezone)
