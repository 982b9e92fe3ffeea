"""Meeting mode and the presentation view, pinned at the smallest and a large terminal.

Regenerate with `python3 dev.py test tests/test_meeting_snapshots.py --snapshot-update`,
then look at every changed SVG before committing it.
"""

from __future__ import annotations

import pytest

from data.demo import load_demo
from tests.conftest import settle

SIZES = [(80, 24), (200, 50)]


@pytest.fixture
def running(service, clock):
    """The demo's meeting, eight and a half minutes into its first item, one topic parked."""
    demo = load_demo(service)
    state = service.meetings.prepare(demo.id)
    service.meetings.participants.update(state.participants[0].id, role="facilitator")
    service.meetings.start(state.meeting.id)
    clock.advance(minutes=8, seconds=30)
    return demo


async def _open(pilot, *keys: str) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    pilot.app.set_focus(None)
    await pilot.press("2")
    await settle(pilot)
    await pilot.press(*keys)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "200x50"])
def test_meeting_mode(snap_compare, make_app, running, size) -> None:
    async def run(pilot) -> None:
        await _open(pilot, "f5")

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "200x50"])
def test_presentation_view(snap_compare, make_app, running, size) -> None:
    async def run(pilot) -> None:
        await _open(pilot, "f8")

    assert snap_compare(make_app(), terminal_size=size, run_before=run)
