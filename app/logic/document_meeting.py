"""Reading the meeting parts of a `postmortem/v1` document: the parking lot and the meetings
(who took part, the timeboxed agenda and the time spent), checked the way `document_reader` checks
the rest: every problem reported by JSON path, everything optional so older documents still read.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from data import enums

if TYPE_CHECKING:
    from app.logic.document_reader import _Reader
    from data.imported import ImportedPostmortem


def read_parking_lot(read: _Reader, data: dict[str, Any], doc: ImportedPostmortem) -> None:
    """Questions and topics parked in a meeting; a missing `at` becomes the import time."""
    for index, item in enumerate(read.listing(data, "parking_lot", "parking_lot")):
        path = f"parking_lot[{index}]"
        entry = read.record(item, path)
        if entry is None:
            continue
        read.unknown(path, entry, {"text", "by", "at", "section", "done"})
        doc.parking.append({
            "text": _longest(read, read.text(entry, "text", f"{path}.text", required=True), f"{path}.text", 2000),
            "by": read.text(entry, "by", f"{path}.by"),
            "at": read.instant(entry, "at", f"{path}.at"),
            "section": read.text(entry, "section", f"{path}.section"),
            "done": _flag(read, entry, "done", f"{path}.done")})


def read_meetings(read: _Reader, data: dict[str, Any], doc: ImportedPostmortem) -> None:
    """Meetings with who took part and the timeboxed agenda (the time spent on each item)."""
    for index, item in enumerate(read.listing(data, "meetings", "meetings")):
        path = f"meetings[{index}]"
        entry = read.record(item, path)
        if entry is None:
            continue
        read.unknown(path, entry, {"started_at", "ended_at", "participants", "agenda"})
        started = read.instant(entry, "started_at", f"{path}.started_at")
        ended = read.instant(entry, "ended_at", f"{path}.ended_at")
        if ended is not None and entry.get("started_at") is None:
            read.fail(f"{path}.ended_at", "a meeting cannot end without a start (started_at is missing)")
        elif ended is not None and started is not None and ended < started:
            read.fail(f"{path}.ended_at", f"the meeting ends ({entry['ended_at']}) before it starts "
                                          f"({entry['started_at']})")
        meeting: dict[str, Any] = {"started_at": started, "ended_at": ended, "participants": [], "agenda": []}
        for number, raw in enumerate(read.listing(entry, "participants", f"{path}.participants")):
            where = f"{path}.participants[{number}]"
            participant = read.record(raw, where)
            if participant is None:
                continue
            read.unknown(where, participant, {"name", "role"})
            meeting["participants"].append({
                "name": _longest(read, read.text(participant, "name", f"{where}.name", required=True),
                                 f"{where}.name", 200),
                "role": read.choice(participant, "role", f"{where}.role", enums.MeetingRole, "responder")})
        for number, raw in enumerate(read.listing(entry, "agenda", f"{path}.agenda")):
            where = f"{path}.agenda[{number}]"
            agenda = read.record(raw, where)
            if agenda is None:
                continue
            read.unknown(where, agenda, {"title", "step", "section", "timebox_minutes", "spent_seconds"})
            section = read.text(agenda, "section", f"{where}.section")
            spent = read.number(agenda, "spent_seconds", f"{where}.spent_seconds", "number")
            if spent is not None and not math.isfinite(spent):
                read.fail(f"{where}.spent_seconds", f"expected a finite number of seconds, got {spent}")
                spent = None
            meeting["agenda"].append({
                "title": _longest(read, read.text(agenda, "title", f"{where}.title", required=True),
                                  f"{where}.title", 200),
                "step": _whole(read, agenda, "step", f"{where}.step", 1, 5, 1),
                "section": section if section.strip() else "summary",
                "timebox_minutes": _whole(read, agenda, "timebox_minutes", f"{where}.timebox_minutes", 1, 600, 10),
                "spent_seconds": max(spent or 0.0, 0.0)})
        doc.meetings.append(meeting)


def _flag(read: _Reader, data: dict[str, Any], key: str, path: str) -> bool:
    value = data.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        read.fail(path, f"expected true or false, got {json.dumps(value)[:40]}")
        return False
    return value


def _whole(read: _Reader, data: dict[str, Any], key: str, path: str, low: int, high: int, default: int) -> int:
    """A whole number from `low` to `high` (`default` when missing)."""
    value = data.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high \
            or float(value) != int(value):
        read.fail(path, f"expected a whole number from {low} to {high}, got {json.dumps(value)[:40]}")
        return default
    return int(value)


def _longest(read: _Reader, value: str, path: str, limit: int) -> str:
    if len(value) > limit:
        read.fail(path, f"longer than {limit} characters ({len(value)})")
    return value
