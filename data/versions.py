"""Row versions: refuse a save based on a row someone else has changed since it was read.

Every row people edit carries `version` (bumped by each edit) and `changed_by`.
A caller passes what it based its edit on (`expected`: the record it showed, or
just its version number); when the row has moved on, the store raises
`Conflict` with who changed what, and writes nothing. `expected=None` (imports,
scripts) saves without the check, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

from data.errors import Conflict

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


def check(row: Any, expected: Any, current: Callable[[], Any]) -> None:
    """Raise `Conflict` when `row` is no longer the version `expected` was read at
    (`current()` gives the row as a record, built only then)."""
    if expected is None or row.version == expected_version(expected):
        return
    current_record = current()
    raise Conflict(kind_of(type(current_record)), current_record, differences(expected, current_record),
                   row.changed_by)


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


def bump(row: Any, user: str) -> None:
    """Mark `row` as edited by `user`: the next version."""
    row.version = (row.version or 0) + 1
    row.changed_by = user
