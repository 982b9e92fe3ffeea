"""The app's table: rows drawn before their columns were measured are drawn again at full width."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from widgets.table import MeasuredTable

STORY = "The deploy went out on a Friday and nobody watched the error rate"


class OneTable(App):
    CSS = "DataTable { height: 1fr; }"  # a fixed size, as on a screen: filling it resizes nothing
    def __init__(self, table: DataTable) -> None:
        super().__init__()
        self.table = table

    def compose(self) -> ComposeResult:
        yield self.table


async def drawn_after_early_repaint(table: DataTable) -> str:
    """Fill the table and repaint at once, as a busy machine may, then let the table measure."""
    app = OneTable(table)
    async with app.run_test(size=(100, 6)) as pilot:
        await pilot.pause()
        table.add_columns("#", "Failure story")
        table.add_row("1", STORY)
        early = drawn(table)  # before the table's idle moment: cut at the header's width
        assert STORY not in early
        await pilot.pause()
        await pilot.pause()
        return drawn(table)


def drawn(table: DataTable) -> str:
    return "".join(line.text for line in table.render_lines(table.region.reset_offset))


async def test_rows_drawn_early_are_drawn_again_at_their_measured_width() -> None:
    assert STORY in await drawn_after_early_repaint(MeasuredTable())


@pytest.mark.xfail(strict=True, reason="the plain DataTable keeps the early, cut drawing")
async def test_the_plain_table_would_keep_the_cut_row() -> None:
    assert STORY in await drawn_after_early_repaint(DataTable())
