"""The weekly check-in's rows: every action with its postmortem's incident id and its latest update,
read in one query with the sqlite3 module alone.

`postmortem actions` runs every Monday over every team's actions; building full records (and
importing the modules that define them) would cost more than the listing itself.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any, NamedTuple


class LastUpdate(NamedTuple):
    """An action's latest history entry; `at` is the instant in ISO 8601, UTC."""

    at: str
    by: str
    status: str | None
    note: str


class ActionLine(NamedTuple):
    """What the check-in shows and sorts by, for one action."""

    id: int
    incident_id: str
    title: str
    owner: str
    due: date | None
    status: str
    action_type: str | None
    impact: str | None
    effort: str | None
    tracker: str
    last_update: LastUpdate | None = None

    @classmethod
    def of(cls, action: Any, incident_id: str, update: Any = None) -> ActionLine:
        """The line of a `CorrectiveAction` record (and its latest `ActionUpdate`, if any)."""
        last = None if update is None else LastUpdate(update.at.isoformat(), update.by, update.new_status,
                                                      update.note)
        return cls(action.id, incident_id, action.title, action.owner, action.due, action.status,
                   action.action_type, action.impact, action.effort, action.tracker, last)


_ACTIONS = (
    "SELECT a.id, p.incident_id, a.title, a.owner, a.due, a.status, a.action_type, a.impact, a.effort, a.tracker "
    "FROM corrective_action a JOIN postmortem p ON p.id = a.postmortem_id"
)
_LATEST_UPDATES = (
    "SELECT action_id, at, by, new_status, note FROM action_update "
    "WHERE id IN (SELECT max(id) FROM action_update GROUP BY action_id)"
)
#: The check-in's order, whatever day it is: closed actions last, then by due date (undated after dated),
#: incident id and action id. Buckets follow due dates, so this is also (bucket, due, incident, id).
_ORDER = " ORDER BY a.status IN ('done', 'wont_do'), a.due IS NULL, a.due, p.incident_id, a.id"


def _iso_instant(stored: str) -> str:
    """A stored UTC instant ('2024-05-02 13:59:00.000000') in ISO 8601 with its offset, as
    `datetime.isoformat` writes it; by slicing, since thousands are converted per listing."""
    if len(stored) == 26 and stored[10] == " " and stored[19] == ".":
        fraction = "" if stored.endswith("000000") else stored[19:]
        return f"{stored[:10]}T{stored[11:19]}{fraction}+00:00"
    from data.quick_read import _instant

    return _instant(stored).isoformat()


def read_action_lines(connection: sqlite3.Connection, statuses: tuple[str, ...]) -> list[ActionLine]:
    """Every action whose status is one of `statuses`, in the check-in's order (closed ones last, then by
    due date, undated after dated, incident id and action id). Two queries, whatever the count."""
    cursor = connection.cursor()
    cursor.row_factory = None
    latest = {action_id: LastUpdate(_iso_instant(at), by, new_status, note)
              for action_id, at, by, new_status, note in cursor.execute(_LATEST_UPDATES)}
    marks = ", ".join("?" for _ in statuses)
    # "+a.status": read the table straight through rather than by the status index; the rows become
    # Python objects either way, and the index only adds lookups.
    query = f"{_ACTIONS} WHERE +a.status IN ({marks}){_ORDER}"
    from_iso = date.fromisoformat
    return [
        ActionLine(action_id, incident_id, title, owner, None if due is None else from_iso(due), status,
                   action_type, impact, effort, tracker, latest.get(action_id))
        for (action_id, incident_id, title, owner, due, status, action_type, impact, effort, tracker)
        in cursor.execute(query, statuses)
    ]
