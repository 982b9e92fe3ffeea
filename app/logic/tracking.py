"""The cross-postmortem tracker: filter words, grouping, and the check-in order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from app.logic.actions import ACTIVE, BUCKET_TITLES, BUCKETS, bucket
from data.records import TrackedAction

FILTER_HELP = "owner:alex status:blocked pm:INC-2024-001 or any words (status:all shows done and won't do)"


@dataclass(frozen=True)
class TrackerFilter:
    owners: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    postmortems: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    show_closed: bool = False

    @classmethod
    def parse(cls, text: str) -> TrackerFilter:
        """`owner:`, `status:` and `pm:` words (any case, several allowed); the rest must all match."""
        owners, statuses, postmortems, words = [], [], [], []
        show_closed = False
        for word in text.split():
            key, _, value = word.partition(":")
            key, value = key.lower(), value.casefold()
            if value and key == "owner":
                owners.append(value)
            elif value and key == "status":
                if value == "all":
                    show_closed = True
                else:
                    statuses.append(value.replace("-", "_").replace("wontdo", "wont_do"))
            elif value and key in ("pm", "postmortem", "incident"):
                postmortems.append(value)
            else:
                words.append(word.casefold())
        if any(s in ("done", "wont_do") for s in statuses):
            show_closed = True
        return cls(tuple(owners), tuple(statuses), tuple(postmortems), tuple(words), show_closed)

    def matches(self, tracked: TrackedAction) -> bool:
        action = tracked.action
        if not self.show_closed and action.status not in ACTIVE:
            return False
        if self.owners and action.owner.strip().casefold() not in self.owners:
            return False
        if self.statuses and action.status not in self.statuses:
            return False
        if self.postmortems and not any(p in tracked.incident_id.casefold() for p in self.postmortems):
            return False
        haystack = " ".join((action.title, action.owner, tracked.incident_id, tracked.postmortem_title,
                             action.status, action.tracker)).casefold()
        return all(word in haystack for word in self.words)


def group_rows(items: Iterable[TrackedAction], today: date, by: str) -> list[tuple[str, TrackedAction]]:
    """(group title, action) in display order: by due bucket, or by owner (no owner last)."""
    rows = list(items)
    if by == "owner":
        def owner_key(t: TrackedAction) -> tuple:
            return (not t.action.owner.strip(), t.action.owner.strip().casefold(), t.action.due or date.max,
                    t.action.id)
        return [(t.action.owner.strip() or "No owner", t) for t in sorted(rows, key=owner_key)]
    order = {name: index for index, name in enumerate(BUCKETS)}

    def due_key(t: TrackedAction) -> tuple:
        return (order[bucket(t.action, today)], t.action.due or date.max, t.incident_id, t.action.id)
    return [(BUCKET_TITLES[bucket(t.action, today)], t) for t in sorted(rows, key=due_key)]


def check_in_order(items: Sequence[TrackedAction], today: date) -> list[TrackedAction]:
    """The open actions a check-in walks through: overdue first, then by due date, undated last."""
    active = [t for t in items if t.action.status in ACTIVE]
    return [t for _, t in group_rows(active, today, "bucket")]
