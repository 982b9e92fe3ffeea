"""The app's data table: a DataTable that redraws its rows once their columns are measured."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widgets import DataTable
from textual.widgets.data_table import RowKey


class MeasuredTable(DataTable):
    """A DataTable whose rows never stay drawn at a column's old width.

    DataTable measures new rows' cells only when its queue is idle, and caches each drawn row
    without the widths it was drawn at. A repaint between filling the table and that idle moment
    (a busy machine, a long row) would otherwise leave every row cut at its header's width until
    something else touched the table.
    """

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        before = [column.content_width for column in self.columns.values()]
        super()._update_dimensions(new_rows)
        if [column.content_width for column in self.columns.values()] != before:
            self._clear_caches()
            self.refresh()
