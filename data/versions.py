"""Row versions: refuse a save based on a row someone else has changed since it was read.

Every row people edit carries `version` (bumped by each edit) and `changed_by`.
A caller passes what it based its edit on (`expected`: the record it showed, or
just its version number); when the row has moved on, the store raises
`Conflict` with who changed what, and writes nothing. `expected=None` (imports,
scripts) saves without the check, as before.

Versions this service itself wrote never conflict: a field saved on every key
press sends its next save before the last one's new version is back, and that
must not count as someone else's change.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from typing import Any

from data.errors import Conflict

#: Row versions the person chose to overwrite, for the call being retried on this thread.
_overwriting = threading.local()


@contextmanager
def overwriting(conflict: Conflict | None) -> Iterator[None]:
    """Within this block, a save over exactly the version `conflict` reported is let through: the
    person saw who changed what and chose to overwrite it. A newer change is still a conflict."""
    previous = getattr(_overwriting, "key", None)
    _overwriting.key = conflict.key if conflict is not None else None
    try:
        yield
    finally:
        _overwriting.key = previous


def _key(row: Any) -> tuple[str, Any, int]:
    identity = row.id if hasattr(row, "id") else row.postmortem_id
    return (row.__tablename__, identity, row.version)


#: Fields that say nothing about content: bookkeeping, or order among siblings.
_NOT_CONTENT = frozenset({"version", "changed_by", "updated_at", "created_at", "revision", "position", "seq",
                          "exported_at"})

_KINDS = {
    "Postmortem": "postmortem", "TimelineEvent": "timeline event", "Impact": "impact",
    "ImpactMetric": "impact metric", "WhyNode": "why", "FishboneCategory": "fishbone category",
    "FishboneCause": "fishbone cause", "FaultNode": "fault-tree node", "RootCause": "root cause",
    "CorrectiveAction": "action", "LearningItem": "item", "Reference": "link", "ParkingItem": "parked item",
}


def kind_of(record_type: type) -> str:
    return _KINDS.get(record_type.__name__, record_type.__name__.lower())


def expected_version(expected: Any) -> int:
    return expected if isinstance(expected, int) else expected.version


def check(row: Any, expected: Any, current: Callable[[], Any], own: OwnVersions) -> None:
    """Raise `Conflict` when `row` moved on from the version `expected` was read at, by someone else's
    edit (`current()` gives the row as a record, built only then)."""
    if expected is None or row.version == expected_version(expected):
        return
    if getattr(_overwriting, "key", None) == _key(row):
        return
    ours = own.get(_key(row)[:2], ())
    if all(version in ours for version in range(expected_version(expected) + 1, row.version + 1)):
        return
    current_record = current()
    conflict = Conflict(kind_of(type(current_record)), current_record, differences(expected, current_record),
                        row.changed_by)
    conflict.key = _key(row)
    raise conflict


def differences(seen: Any, now: Any) -> list[tuple[str, Any, Any]]:
    """The content fields whose value differs between two versions of a record."""
    if isinstance(seen, int):
        return []
    return [
        (field.name, getattr(seen, field.name), getattr(now, field.name))
        for field in fields(now)
        if field.name not in _NOT_CONTENT and hasattr(seen, field.name)
        and getattr(seen, field.name) != getattr(now, field.name)
    ]


#: (table, row id) -> the versions of that row this service wrote.
OwnVersions = dict[tuple[str, Any], set[int]]


def bump(session: Any, row: Any, user: str, own: OwnVersions) -> None:
    """Mark `row` as edited by `user`: the next version, remembered as ours once committed."""
    row.version = (row.version or 0) + 1
    row.changed_by = user
    table, identity, version = _key(row)
    session.info.setdefault("after_commit", []).append(
        lambda: own.setdefault((table, identity), set()).add(version))
