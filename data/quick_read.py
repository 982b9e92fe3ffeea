"""Reads with the sqlite3 module alone, for the paths where importing the ORM would cost more
than the work itself: the app's first screen (the ORM then loads on the store thread while the
list shows) and the read-only commands (`export`, `actions`).

Each function returns what the matching `PostmortemService` method returns (tests hold them equal
on the same database); instants are stdlib aware UTC datetimes, which compare equal to the
service's pendulum ones.
"""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from data import records
    from data.action_lines import ActionLine
    from data.records import PostmortemListItem


def _instant(text: str | None) -> datetime | None:
    if text is None:
        return None
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def list_postmortems(connection: sqlite3.Connection, today: date) -> list[PostmortemListItem]:
    """Every postmortem with its open and overdue action counts, newest incident first (4 queries)."""
    from zoneinfo import ZoneInfo

    from data.enums import ACTIVE_ACTION_STATUSES
    from data.records import PostmortemListItem

    first_event = dict(connection.execute(
        "SELECT postmortem_id, min(at) FROM timeline_event GROUP BY postmortem_id").fetchall())
    marks = ", ".join("?" for _ in ACTIVE_ACTION_STATUSES)
    counts = {pm_id: (count, overdue or 0) for pm_id, count, overdue in connection.execute(
        "SELECT postmortem_id, count(*), sum(CASE WHEN due < ? THEN 1 ELSE 0 END) FROM corrective_action "
        f"WHERE status IN ({marks}) GROUP BY postmortem_id",
        (today.isoformat(), *ACTIVE_ACTION_STATUSES)).fetchall()}
    tags: dict[int, list[str]] = {}
    for pm_id, name in connection.execute(
            "SELECT pt.postmortem_id, t.name FROM postmortem_tag pt JOIN tag t ON t.id = pt.tag_id "
            "ORDER BY pt.postmortem_id, pt.position").fetchall():
        tags.setdefault(pm_id, []).append(name)
    zones: dict[str, ZoneInfo] = {}
    items = []
    for (pm_id, incident_id, title, incident_type, severity, status, zone, written_at, owner) in connection.execute(
            "SELECT id, incident_id, title, incident_type, severity, status, timezone, written_at, owner "
            "FROM postmortem").fetchall():
        instant = _instant(first_event.get(pm_id)) or _instant(written_at)
        if zone not in zones:
            zones[zone] = ZoneInfo(zone)
        open_count, overdue = counts.get(pm_id, (0, 0))
        items.append(PostmortemListItem(
            id=pm_id, incident_id=incident_id, title=title, incident_type=incident_type, severity=severity,
            status=status, incident_date=instant.astimezone(zones[zone]).date() if instant else None,
            open_actions=open_count, overdue_actions=int(overdue), owner=owner, tags=tuple(tags.get(pm_id, ())),
        ))
    items.sort(key=lambda item: (item.incident_date or date.min, item.id), reverse=True)
    return items


def read_list(path, today: date, timeout: float) -> list[PostmortemListItem]:
    """Open the file read-only for one read (on the store thread), then close it."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)
    try:
        return list_postmortems(connection, today)
    finally:
        connection.close()


# -- whole postmortems and the tracker -----------------------------------------------------------------

def connect(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)
    connection.row_factory = sqlite3.Row
    return connection


def _converter(annotation: str):
    """How a stored value becomes the record's: instants as aware UTC datetimes (equal to the service's
    pendulum ones, without importing pendulum), days as dates."""
    if "datetime" in annotation:
        return _instant
    if "date" in annotation:
        return lambda value: None if value is None else date.fromisoformat(value)
    if annotation == "bool":
        return bool
    return None


_PLANS: dict[type, list[tuple[str, Any]]] = {}


def _record(record_type: type, row: sqlite3.Row, **extra: Any) -> Any:
    plan = _PLANS.get(record_type)
    if plan is None:
        plan = _PLANS[record_type] = [(f.name, _converter(str(f.type))) for f in fields(record_type)]
    values = {}
    for name, convert in plan:
        if name in extra:
            continue
        value = row[name]
        values[name] = convert(value) if convert is not None else value
    return record_type(**values, **extra)


_LAYOUTS: dict[type, tuple[str, tuple[tuple[int, Any], ...]]] = {}


def _layout(record_type: type) -> tuple[str, tuple[tuple[int, Any], ...]]:
    """The record's fields as a column list, and which positions need converting."""
    layout = _LAYOUTS.get(record_type)
    if layout is None:
        record_fields = fields(record_type)
        conversions = tuple((at, convert) for at, f in enumerate(record_fields)
                            if (convert := _converter(str(f.type))) is not None)
        layout = _LAYOUTS[record_type] = (", ".join(f'"{f.name}"' for f in record_fields), conversions)
    return layout


def _select(connection: sqlite3.Connection, record_type: type, table: str, where: str, parameters: tuple,
            order: str = "position, id") -> list[Any]:
    """Rows as records, built from plain tuples in field order: a 5,000-event timeline is read in one pass."""
    columns, conversions = _layout(record_type)
    cursor = connection.cursor()
    cursor.row_factory = None
    rows = cursor.execute(f"SELECT {columns} FROM {table} WHERE {where} ORDER BY {order}", parameters)
    if not conversions:
        return [record_type(*row) for row in rows]
    built = []
    # A row's stamps are often equal (created and never edited) and neighbours share them: each distinct
    # stored text is converted once per read.
    memos: list[dict[Any, Any]] = [{} for _ in conversions]
    for row in rows:
        values = list(row)
        for (at, convert), memo in zip(conversions, memos, strict=True):
            stored = values[at]
            converted = memo.get(stored, memo)
            if converted is memo:
                converted = memo[stored] = convert(stored)
            values[at] = converted
        built.append(record_type(*values))
    return built


def find_id(connection: sqlite3.Connection, incident_id: str) -> int | None:
    row = connection.execute("SELECT id FROM postmortem WHERE incident_id = ?", (incident_id.strip(),)).fetchone()
    return row[0] if row else None


def postmortem(connection: sqlite3.Connection, postmortem_id: int) -> records.Postmortem | None:
    from data import records

    row = connection.execute("SELECT * FROM postmortem WHERE id = ?", (postmortem_id,)).fetchone()
    if row is None:
        return None
    contributors = tuple(name for (name,) in connection.execute(
        "SELECT name FROM contributor WHERE postmortem_id = ? ORDER BY position", (postmortem_id,)))
    tags = tuple(name for (name,) in connection.execute(
        "SELECT t.name FROM postmortem_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.postmortem_id = ? "
        "ORDER BY pt.position", (postmortem_id,)))
    return _record(records.Postmortem, row, contributors=contributors, tags=tags)


def _actions(connection: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[records.CorrectiveAction]:
    from data import records

    links: dict[int, list[int]] = {}
    ids = [row["id"] for row in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for action_id, cause_id in connection.execute(
                f"SELECT action_id, root_cause_id FROM action_root_cause WHERE action_id IN ({marks}) "
                "ORDER BY root_cause_id", chunk):
            links.setdefault(action_id, []).append(cause_id)
    return [_record(records.CorrectiveAction, row, root_cause_ids=tuple(links.get(row["id"], ()))) for row in rows]


def bundle(connection: sqlite3.Connection, postmortem_id: int) -> records.PostmortemBundle | None:
    """Everything a postmortem holds, as `PostmortemService.bundle` returns it."""
    from data import records

    pm = postmortem(connection, postmortem_id)
    if pm is None:
        return None
    key = ("postmortem_id = ?", (postmortem_id,))
    actions = _actions(connection, connection.execute(
        "SELECT * FROM corrective_action WHERE postmortem_id = ? ORDER BY position, id", key[1]).fetchall())
    updates: dict[int, list[records.ActionUpdate]] = {a.id: [] for a in actions}
    for row in connection.execute(
            "SELECT u.* FROM action_update u JOIN corrective_action a ON a.id = u.action_id "
            "WHERE a.postmortem_id = ? ORDER BY u.at, u.id", key[1]):
        updates[row["action_id"]].append(_record(records.ActionUpdate, row))
    impact_row = connection.execute("SELECT * FROM impact WHERE postmortem_id = ?", key[1]).fetchone()
    meetings = []
    for row in connection.execute("SELECT * FROM meeting WHERE postmortem_id = ? ORDER BY id", key[1]).fetchall():
        meeting_key = ("meeting_id = ?", (row["id"],))
        meetings.append(records.MeetingState(
            _record(records.Meeting, row),
            tuple(_select(connection, records.MeetingParticipant, "meeting_participant", *meeting_key)),
            tuple(_select(connection, records.AgendaItem, "agenda_item", *meeting_key)),
        ))
    return records.PostmortemBundle(
        postmortem=pm,
        events=_select(connection, records.TimelineEvent, "timeline_event", *key, order="at, seq, id"),
        impact=_record(records.Impact, impact_row) if impact_row else records.Impact(postmortem_id=postmortem_id),
        metrics=_select(connection, records.ImpactMetric, "impact_metric", *key),
        whys=_select(connection, records.WhyNode, "why_node", *key),
        categories=_select(connection, records.FishboneCategory, "fishbone_category", *key),
        causes=_select(connection, records.FishboneCause, "fishbone_cause", *key),
        faults=_select(connection, records.FaultNode, "fault_node", *key),
        root_causes=_select(connection, records.RootCause, "root_cause", *key),
        actions=actions,
        updates=updates,
        learnings=_select(connection, records.LearningItem, "learning_item", *key),
        references=_select(connection, records.Reference, "reference", *key),
        dismissals=_select(connection, records.FindingDismissal, "finding_dismissal", *key, order="at, id"),
        overrides=_select(connection, records.RubricOverride, "rubric_override", *key, order="criterion, id"),
        parking=_select(connection, records.ParkingItem, "parking_item", *key),
        meetings=meetings,
    )


class QuickReader:
    """The read-only part of `PostmortemService` that `export` and `actions` use, on sqlite3 alone,
    so those commands never import the ORM. The database was opened (checked, migrated) first."""

    def __init__(self, path: Path, today: date, timeout: float = 5.0) -> None:
        self.path = path
        self.today = today
        self.connection = connect(path, timeout)

    def close(self) -> None:
        self.connection.close()

    def find(self, incident_id: str) -> records.Postmortem | None:
        found = find_id(self.connection, incident_id)
        return postmortem(self.connection, found) if found is not None else None

    def bundle(self, postmortem_id: int) -> records.PostmortemBundle:
        from data.errors import NotFound

        result = bundle(self.connection, postmortem_id)
        if result is None:
            raise NotFound(f"Postmortem {postmortem_id} does not exist.")
        return result

    def list_postmortems(self) -> list[PostmortemListItem]:
        return list_postmortems(self.connection, self.today)

    def action_lines(self, statuses: tuple[str, ...]) -> list[ActionLine]:
        """The check-in's rows of every action with one of these statuses (`postmortem actions`)."""
        from data.action_lines import read_action_lines

        return read_action_lines(self.connection, statuses)

    def mark_exported(self, postmortem_id: int, now: datetime) -> None:
        """Step 4 of the method, as `PostmortemService.mark_exported` records it (not an edit)."""
        stamp = now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        with sqlite3.connect(self.path, timeout=5.0) as writer:
            writer.execute("UPDATE postmortem SET exported_at = ?, revision = revision + 1 WHERE id = ?",
                           (stamp, postmortem_id))
        writer.close()
