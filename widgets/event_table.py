"""The timeline's table of events: sorted by time, updated row by row (never refilled per edit)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from app.logic.times import format_event_time, zone_label
from data.enums import label
from data.records import TimelineEvent

#: Fixed widths of the text columns (longer text ends in …; the editor shows all of it).
KIND_WIDTH, SOURCE_WIDTH, ACTION_WIDTH = 13, 14, 18
#: Below this table width, Source and Action taken are left to the editor.
WIDE_ENOUGH = 90


class TimeCell(Text):
    """The time as shown, carrying the instant and entry order it sorts by."""

    def __init__(self, shown: str, order: tuple[datetime, int, int]) -> None:
        super().__init__(shown, no_wrap=True)
        self.order = order


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


class EventTable(DataTable):
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
        self._sorted = sorted(self.events.values(), key=_fast_order)
        self._keys = [_fast_order(event) for event in self._sorted]
        self._rebuild(keep)

    def _rebuild(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.selected_id
        ordered = self.ordered()
        header, time_width = self._time_column(ordered)
        self._laid_out_for = (self.size.width, header, time_width)
        self.clear(columns=True)
        for key, caption, width in self._columns(header, time_width):
            self.add_column(caption, key=key, width=width)
        wide, labelled = self.wide, header == "Time"
        for event in ordered:
            self.add_row(*self._cells(event, wide, labelled), key=str(event.id))
        if keep is not None:
            self.select(keep)

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
        header, time_width = self._time_column([event], extend=True)
        if (header, time_width) != self._laid_out_for[1:]:
            self._rebuild(keep=event.id)
            return
        cells = self._cells(event, self.wide, header == "Time")
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

    def _time_column(self, events: Sequence[TimelineEvent], *, extend: bool = False) -> tuple[str, int]:
        """Header ("Time (UTC)", or "Time" when labels differ) and width for the time column.

        `extend`: only `events` are new; the zone labels seen so far still hold.
        """
        zone = self.display_options.zone
        source = self.events.values()
        if extend:
            self._labels |= {zone_label(e.at, zone) for e in events}
        else:
            self._labels = {zone_label(e.at, zone) for e in source}
        labels = self._labels
        header = f"Time ({next(iter(labels))})" if len(labels) == 1 else "Time"
        shown = [self._time_text(e, header == "Time") for e in (events if extend else source)]
        width = max([cell_len(header), *(cell_len(text) for text in shown)])
        if extend:
            width = max(width, self._laid_out_for[2])
        return header, width

    def _columns(self, time_header: str, time_width: int) -> list[tuple[str, str, int]]:
        fixed = [("time", time_header, time_width), ("kind", "Kind", KIND_WIDTH)]
        roomy = self.size.width >= 2 * WIDE_ENOUGH
        source, action = (SOURCE_WIDTH + 8, ACTION_WIDTH + 16) if roomy else (SOURCE_WIDTH, ACTION_WIDTH)
        tail = [("source", "Source", source), ("action", "Action taken", action)] if self.wide else []
        used = sum(width for _k, _c, width in fixed + tail)
        count = len(fixed) + len(tail) + 1
        room = max(16, self.size.width - used - 2 * self.cell_padding * count - 2)
        return [*fixed, ("event", "Event", room), *tail]

    def _time_text(self, event: TimelineEvent, labelled: bool) -> str:
        shown = format_event_time(event.at, self.display_options.zone, self.display_options.incident_date)
        return f"{shown} {zone_label(event.at, self.display_options.zone)}" if labelled else shown

    def _cells(self, event: TimelineEvent, wide: bool, labelled: bool) -> tuple[Text, ...]:
        cells: list[Text] = [
            TimeCell(self._time_text(event, labelled), event_order(event)),
            Text(label(event.kind), no_wrap=True),
            Text(" ".join(event.description.split()), no_wrap=True, overflow="ellipsis"),
        ]
        if wide:
            cells += [
                Text(event.source, no_wrap=True, overflow="ellipsis"),
                Text(" ".join(event.action_taken.split()), no_wrap=True, overflow="ellipsis"),
            ]
        return tuple(cells)
