"""The home screen's table of postmortems."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding

from data.enums import label
from data.records import PostmortemListItem
from widgets.literal import cell
from widgets.table import MeasuredTable

COLUMNS = (
    ("incident", "Incident"),
    ("title", "Title"),
    ("type", "Type"),
    ("severity", "Severity"),
    ("status", "Status"),
    ("date", "Date"),
    ("open", "Open"),
    ("overdue", "Overdue"),
)

_SEVERITY_STYLE = {"critical": "bold", "high": "bold"}


class PostmortemTable(MeasuredTable):
    """One row per postmortem, keyed by its database id; user text is never read as markup."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Open", id="home.open",
                tooltip="Open the highlighted postmortem on its Summary screen"),
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._items: Sequence[PostmortemListItem] = ()
        self._width_shown_for = -1

    def on_resize(self) -> None:
        if self.size.width != self._width_shown_for:
            self.show(self._items)

    @property
    def selected_id(self) -> int | None:
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return int(row_key.value) if row_key.value is not None else None

    def show(self, items: Sequence[PostmortemListItem], *, select_id: int | None = None) -> None:
        """Replace the rows; keep the cursor on `select_id` (or the current row) when present."""
        keep = select_id if select_id is not None else self.selected_id
        self._items = items
        self._width_shown_for = self.size.width
        rows = [self._cells(item) for item in items]
        self.clear(columns=True)
        for (key, caption), width in zip(COLUMNS, self._widths(rows), strict=True):
            self.add_column(caption, key=key, width=width)
        for item, cells in zip(items, rows, strict=True):
            self.add_row(*cells, key=str(item.id))
        if keep is not None:
            ids = [item.id for item in items]
            if keep in ids:
                self.move_cursor(row=ids.index(keep), animate=False)

    def _widths(self, rows: Sequence[tuple[Text, ...]]) -> list[int]:
        """Every column as wide as its content, except the title, which takes what is left."""
        widths = [
            max([cell_len(caption), *(cell_len(row[index].plain) for row in rows)])
            for index, (_key, caption) in enumerate(COLUMNS)
        ]
        title = [key for key, _ in COLUMNS].index("title")
        others = sum(width + 2 * self.cell_padding for i, width in enumerate(widths) if i != title)
        room = self.size.width - others - 2 * self.cell_padding - 2  # 2: the vertical scrollbar
        widths[title] = max(12, min(widths[title], room)) if room > 0 else widths[title]
        return widths

    @staticmethod
    def _cells(item: PostmortemListItem) -> tuple[Text, ...]:
        overdue = Text(str(item.overdue_actions), justify="right")
        if item.overdue_actions:
            overdue = Text(f"! {item.overdue_actions}", style="bold", justify="right")
        return (
            cell(item.incident_id),
            cell(item.title),
            Text(label(item.incident_type)),
            Text(item.severity, style=_SEVERITY_STYLE.get(item.severity, "")),
            Text(label(item.status)),
            Text(item.incident_date.isoformat() if item.incident_date else "-"),
            Text(str(item.open_actions), justify="right"),
            overdue,
        )
