"""The timeline's table of events: sorted by time, updated row by row (never refilled per edit)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from rich.cells import cell_len
from rich.console import OverflowMethod
from rich.text import Text
from textual.binding import Binding
from textual.widgets.data_table import RowDoesNotExist, RowKey

from app.logic.display import shown as shown_text
from app.logic.times import format_event_time, zone_label
from data.enums import label
from data.records import TimelineEvent
from widgets.table import MeasuredTable

#: Fixed widths of the text columns (longer text ends in …; the editor shows all of it).
KIND_WIDTH, SOURCE_WIDTH, ACTION_WIDTH = 13, 14, 18
#: Below this table width, Source and Action taken are left to the editor.
WIDE_ENOUGH = 90


class Cell:
    """A cell's text, made into a Rich `Text` only when its row is drawn.

    A table of 5,000 events draws a screenful of rows; building 25,000 `Text` objects up
    front was a large part of opening the timeline. The text is user text: shown literally,
    on one line, its controls made visible and inert (`shown_text`), also only when drawn.
    """

    __slots__ = ("overflow", "text")

    def __init__(self, text: str, overflow: OverflowMethod | None = None) -> None:
        self.text = text
        self.overflow: OverflowMethod | None = overflow

    def __rich__(self) -> Text:
        return Text(shown_text(self.text), no_wrap=True, overflow=self.overflow)

    @property
    def plain(self) -> str:
        """The text as drawn (control codes removed), as `Text.plain` gives it."""
        return self.__rich__().plain


class TimeCell(Cell):
    """The time as shown, carrying the event whose instant and entry order it sorts by."""

    __slots__ = ("event",)

    def __init__(self, shown: str, event: TimelineEvent) -> None:
        super().__init__(shown)
        self.event = event

    @property
    def order(self) -> tuple[datetime, int, int]:
        return event_order(self.event)


#: Shared by every row with no action taken.
_EMPTY = Cell("", "ellipsis")


def event_order(event: TimelineEvent) -> tuple[datetime, int, int]:
    return (event.at, event.seq, event.id)


def _fast_order(event: TimelineEvent) -> tuple[float, int, int]:
    """The same order as `event_order`, on plain numbers (cheap to compare thousands of times)."""
    return (event.at.timestamp(), event.seq, event.id)


@dataclass(frozen=True)
class Display:
    """How times are shown: the postmortem's zone and the incident's date."""

    zone: str = "UTC"
    incident_date: date | None = None


class EventTable(MeasuredTable):
    """Events keyed by id. An add or edit touches one row and re-sorts only when the order changed."""

    BINDINGS = [
        Binding("home", "scroll_top", "First event", show=False),
        Binding("end", "scroll_bottom", "Last event", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.display_options = Display()
        self.events: dict[int, TimelineEvent] = {}
        # Kept in time order as events come and go, so nothing re-sorts thousands of events per edit.
        self._sorted: list[TimelineEvent] = []
        self._keys: list[tuple[float, int, int]] = []
        self._labels: set[str] = set()
        self._laid_out_for: tuple[int, str, int] = (-1, "", 0)

    # -- whole table ---------------------------------------------------------------

    def load(self, events: Iterable[TimelineEvent], display: Display, *, keep: int | None = None) -> None:
        """Show `events` (any order) from scratch, in `display`'s zone."""
        self.display_options = display
        self.events = {event.id: event for event in events}
        # Keys are unique (they end in the id), so the events themselves are never compared.
        keyed = sorted((_fast_order(event), event) for event in self.events.values())
        self._keys = [key for key, _event in keyed]
        self._sorted = [event for _key, event in keyed]
        self._rebuild(keep)

    def _rebuild(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.selected_id
        ordered = self.ordered()
        header, time_width, shown = self._time_column(ordered)
        self._laid_out_for = (self.size.width, header, time_width)
        self.clear(columns=True)
        for key, caption, width in self._columns(header, time_width):
            self.add_column(caption, key=key, width=width)
        wide = self.wide
        shared: dict[tuple[str, str], Cell] = {}
        for event, time_text in zip(ordered, shown, strict=True):
            self.add_row(*self._cells(event, time_text, wide, shared), key=str(event.id))
        if keep is not None:
            self.select(keep)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Every column here has a set width and every row one line, so measuring each new
        cell (25,000 of them for 5,000 events, the costliest step of opening the timeline)
        would change nothing; only the scrollable size is worked out. Overrides DataTable's
        private method (Textual 8): should it be renamed, tables only get slower again."""
        if any(column.auto_width for column in self.columns.values()):
            super()._update_dimensions(new_rows)
        else:
            super()._update_dimensions(())

    def on_resize(self) -> None:
        if self.size.width != self._laid_out_for[0] and self.events:
            self._rebuild()

    # -- row by row ------------------------------------------------------------------

    def upsert(self, event: TimelineEvent) -> None:
        """Show a new or changed event in its place by time, and put the cursor on it."""
        previous = self.events.get(event.id)
        self.events[event.id] = event
        if previous is not None:
            self._unsort(previous)
        key = _fast_order(event)
        index = bisect.bisect(self._keys, key)
        self._keys.insert(index, key)
        self._sorted.insert(index, event)
        header, time_width, shown = self._time_column([event], extend=True)
        if (header, time_width) != self._laid_out_for[1:]:
            self._rebuild(keep=event.id)
            return
        cells = self._cells(event, shown[0], self.wide)
        if previous is None:
            self.add_row(*cells, key=str(event.id))
        else:
            for column_key, cell in zip(self.columns, cells, strict=True):
                self.update_cell(str(event.id), column_key, cell)
        if (previous is None or event_order(previous) != event_order(event)) and not self._is_latest(event):
            self.sort("time", key=lambda time_cell: time_cell.order)
        self.select(event.id)

    def _unsort(self, event: TimelineEvent) -> None:
        index = bisect.bisect_left(self._keys, _fast_order(event))
        if index < len(self._sorted) and self._sorted[index].id == event.id:
            del self._keys[index]
            del self._sorted[index]

    def remove(self, event_id: int) -> None:
        removed = self.events.pop(event_id, None)
        if removed is not None:
            self._unsort(removed)
        try:
            self.remove_row(str(event_id))
        except RowDoesNotExist:
            return

    # -- cursor ------------------------------------------------------------------------

    @property
    def selected_id(self) -> int | None:
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return int(row_key.value) if row_key.value is not None else None

    @property
    def selected(self) -> TimelineEvent | None:
        selected = self.selected_id
        return self.events.get(selected) if selected is not None else None

    def select(self, event_id: int) -> None:
        try:
            index = self.get_row_index(str(event_id))
        except RowDoesNotExist:
            return
        self.move_cursor(row=index, animate=False, scroll=True)

    def ordered(self) -> list[TimelineEvent]:
        """Every event in time order (then order of entry). Do not modify the list."""
        return self._sorted

    # -- layout --------------------------------------------------------------------------

    @property
    def wide(self) -> bool:
        return self.size.width == 0 or self.size.width >= WIDE_ENOUGH

    def _is_latest(self, event: TimelineEvent) -> bool:
        """True when the event sorts last and its row is already the last: no sort needed."""
        return self._sorted[-1].id == event.id and self.get_row_index(str(event.id)) == self.row_count - 1

    def _time_column(self, events: Sequence[TimelineEvent], *,
                     extend: bool = False) -> tuple[str, int, list[str]]:
        """Header ("Time (UTC)", or "Time" when labels differ), width, and each event's time as shown.

        Without `extend`, `events` are all the events; with it, only `events` are new and the
        zone labels seen so far still hold. Each time is worked out once and used for the cells.
        """
        options = self.display_options
        zone, incident_date = options.zone, options.incident_date
        zone_labels = [zone_label(e.at, zone) for e in events]
        if extend:
            self._labels |= set(zone_labels)
        else:
            self._labels = set(zone_labels)
        labels = self._labels
        header = f"Time ({next(iter(labels))})" if len(labels) == 1 else "Time"
        shown = [format_event_time(e.at, zone, incident_date) for e in events]
        if header == "Time":
            shown = [f"{text} {zone_text}" for text, zone_text in zip(shown, zone_labels, strict=True)]
        width = max(cell_len(header), max(map(cell_len, shown), default=0))
        if extend:
            width = max(width, self._laid_out_for[2])
        return header, width, shown

    def _columns(self, time_header: str, time_width: int) -> list[tuple[str, str, int]]:
        fixed = [("time", time_header, time_width), ("kind", "Kind", KIND_WIDTH)]
        roomy = self.size.width >= 2 * WIDE_ENOUGH
        source, action = (SOURCE_WIDTH + 8, ACTION_WIDTH + 16) if roomy else (SOURCE_WIDTH, ACTION_WIDTH)
        tail = [("source", "Source", source), ("action", "Action taken", action)] if self.wide else []
        used = sum(width for _k, _c, width in fixed + tail)
        count = len(fixed) + len(tail) + 1
        room = max(16, self.size.width - used - 2 * self.cell_padding * count - 2)
        return [*fixed, ("event", "Event", room), *tail]

    @staticmethod
    def _cells(event: TimelineEvent, time_text: str, wide: bool,
               shared: dict[tuple[str, str], Cell] | None = None) -> tuple[Cell, ...]:
        """The row's cells. Kinds and sources repeat: with `shared`, each distinct one is one
        cell for the whole table (thousands fewer objects for the garbage collector to walk)."""
        shared = {} if shared is None else shared
        kind = shared.get(("kind", event.kind))
        if kind is None:
            kind = shared[("kind", event.kind)] = Cell(label(event.kind))
        cells: tuple[Cell, ...] = (
            TimeCell(time_text, event),
            kind,
            Cell(event.description, "ellipsis"),
        )
        if wide:
            source = shared.get(("source", event.source))
            if source is None:
                source = shared[("source", event.source)] = Cell(event.source, "ellipsis")
            action = event.action_taken
            cells += (source, Cell(action, "ellipsis") if action.strip() else _EMPTY)
        return cells
