"""The Insights screen with real key presses: period, filters, tabs, drill-down to a postmortem."""

from __future__ import annotations

import pytest

from screens.insights import InsightsScreen
from screens.summary import SummaryScreen
from tests.conftest import settle
from tests.test_insights import quarter_set  # noqa: F401 - the hand-built set, as a fixture


def figures(screen) -> list[tuple[str, ...]]:
    table = screen.query_one("#figures")
    return [tuple(cell.plain for cell in table.get_row_at(i)) for i in range(table.row_count)]


def summary(screen) -> str:
    return str(screen.query_one("#insight-summary").render())


async def open_insights(app, pilot) -> InsightsScreen:
    await settle(pilot)
    app.set_focus(None)
    await pilot.press("i")
    await settle(pilot)
    assert isinstance(app.screen, InsightsScreen)
    return app.screen


async def test_filters_tabs_and_drill_down(make_app, quarter_set) -> None:  # noqa: F811
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_insights(app, pilot)
        # today is 2024-03-06: "this quarter" is 2024Q1
        assert summary(screen).startswith("3 incidents from 2024-01-01 to 2024-03-31 (1 without a timeline left out)")
        assert figures(screen)[:3] == [("month", "2024-01", "1"), ("month", "2024-02", "2"), ("month", "2024-03", "0")]
        await pilot.press("p")  # last quarter: only the December incident
        await settle(pilot)
        assert summary(screen).startswith("1 incident from 2023-10-01 to 2023-12-31")
        await pilot.press("p", "p")  # custom: the dates are asked for, nothing recomputed until they read
        await settle(pilot)
        assert "give both dates as YYYY-MM-DD" in str(screen.query_one("#insight-message").render())
        screen.query_one("#from").value = "2024-02-01"
        screen.query_one("#to").value = "2024-02-29"
        await pilot.pause(0.3)  # the figures follow once typing pauses
        await settle(pilot)
        assert summary(screen).startswith("2 incidents from 2024-02-01 to 2024-02-29")
        screen.query_one("#tag").value = "auth"
        await pilot.pause(0.3)
        await settle(pilot)
        assert summary(screen).startswith("1 incident from 2024-02-01")

        screen.query_one("#tag").value = ""
        await pilot.pause(0.3)
        screen.query_one("#figures").focus()
        await pilot.press("right_square_bracket", "right_square_bracket")  # causes
        await settle(pilot)
        assert figures(screen)[0] == ("Process", "1", "33%")
        await pilot.press("enter")  # the postmortems behind "Process"
        await settle(pilot)
        drill = screen.query_one("#drill-table")
        assert [drill.get_row_at(i)[0].plain for i in range(drill.row_count)] == ["INC-B"]
        assert app.focused is drill
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.postmortem.incident_id == "INC-B"


@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=["120x36", "80x24"])
def test_insights_snapshot(snap_compare, make_app, quarter_set, size) -> None:  # noqa: F811
    async def run(pilot) -> None:
        await settle(pilot)
        pilot.app.set_focus(None)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("enter")  # the postmortems behind January
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)
