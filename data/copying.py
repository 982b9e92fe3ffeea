"""Deep copy of a postmortem inside one session, remapping every internal link."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from data.models import (
    ActionRootCauseRow,
    ContributorRow,
    CorrectiveActionRow,
    FaultNodeRow,
    FishboneCategoryRow,
    FishboneCauseRow,
    ImpactMetricRow,
    ImpactRow,
    LearningItemRow,
    PostmortemRow,
    PostmortemTagRow,
    ReferenceRow,
    RootCauseRow,
    TimelineEventRow,
    WhyNodeRow,
)

# Copied in this order so every link points at a row copied before it.
# Each entry: table, and the columns that refer to other copied rows (column -> table).
_PLAN: list[tuple[type[Any], dict[str, type[Any]]]] = [
    (ContributorRow, {}),
    (PostmortemTagRow, {}),
    (TimelineEventRow, {}),
    (ImpactRow, {}),
    (ImpactMetricRow, {}),
    (WhyNodeRow, {"parent_id": WhyNodeRow}),
    (FishboneCategoryRow, {}),
    (FishboneCauseRow, {"category_id": FishboneCategoryRow, "parent_id": FishboneCauseRow}),
    (FaultNodeRow, {"parent_id": FaultNodeRow}),
    (
        RootCauseRow,
        {"why_node_id": WhyNodeRow, "fishbone_cause_id": FishboneCauseRow, "fault_node_id": FaultNodeRow},
    ),
    (CorrectiveActionRow, {}),
    (LearningItemRow, {}),
    (ReferenceRow, {}),
]


def copy_postmortem(session: Session, source: PostmortemRow, incident_id: str, now: datetime) -> PostmortemRow:
    """Copy `source` and all its rows; the copy is a draft titled "Copy of …"."""
    copy = PostmortemRow(
        **source.model_dump(exclude={"id", "incident_id", "title", "status", "created_at",
                                     "updated_at", "revision", "closed_reason"}),
        incident_id=incident_id,
        title=f"Copy of {source.title}",
        status="draft",
        created_at=now,
        updated_at=now,
    )
    session.add(copy)
    session.flush()
    new_ids: dict[tuple[type[Any], int], int] = {}
    for table, links in _PLAN:
        rows = session.exec(
            select(table).where(table.postmortem_id == source.id).order_by(*_key(table))
        ).all()
        # Tree rows: parents first, so a child's parent already has its new id.
        pending = list(rows)
        while pending:
            progressed = False
            for row in list(pending):
                values = row.model_dump()
                if any(
                    values.get(column) is not None and (target, values[column]) not in new_ids
                    for column, target in links.items()
                ):
                    continue
                old_id = values.pop("id", None)
                for column, target in links.items():
                    if values.get(column) is not None:
                        values[column] = new_ids[(target, values[column])]
                values["postmortem_id"] = copy.id
                if table is CorrectiveActionRow:
                    values["created_at"] = values["updated_at"] = now
                clone = table(**values)
                session.add(clone)
                session.flush()
                if old_id is not None:
                    new_ids[(table, old_id)] = clone.id
                pending.remove(row)
                progressed = True
            if not progressed:
                raise RuntimeError(f"circular links in {table.__tablename__}")
    links = session.exec(
        select(ActionRootCauseRow)
        .join(CorrectiveActionRow, col(CorrectiveActionRow.id) == col(ActionRootCauseRow.action_id))
        .where(CorrectiveActionRow.postmortem_id == source.id)
    ).all()
    for link in links:
        session.add(
            ActionRootCauseRow(
                action_id=new_ids[(CorrectiveActionRow, link.action_id)],
                root_cause_id=new_ids[(RootCauseRow, link.root_cause_id)],
            )
        )
    session.flush()
    return copy


def _key(table: type[Any]) -> list[Any]:
    return [col(table.id)] if "id" in table.model_fields else [col(table.postmortem_id)]
