"""Filter-as-you-type over the list of postmortems."""

from __future__ import annotations

from collections.abc import Iterable

from data.records import PostmortemListItem


def searchable_text(item: PostmortemListItem) -> str:
    parts = [
        item.incident_id, item.title, item.incident_type, item.incident_type.replace("_", " "),
        item.severity, item.status, item.status.replace("_", " "), item.owner, *item.tags,
        item.incident_date.isoformat() if item.incident_date else "",
    ]
    return "\n".join(parts).casefold()


def filter_postmortems(items: Iterable[PostmortemListItem], query: str) -> list[PostmortemListItem]:
    """Items where every word of `query` appears somewhere (id, title, type, tags …), any case."""
    terms = query.casefold().split()
    if not terms:
        return list(items)
    return [item for item in items if all(term in searchable_text(item) for term in terms)]
