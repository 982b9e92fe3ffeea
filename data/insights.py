"""The facts the quarterly review needs, read for every postmortem in a handful of grouped
queries: never one round trip per postmortem, so a thousand postmortems read in one go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, and_, case, func, select, type_coerce
from sqlmodel import col

from data.models import (
    ActionUpdateRow,
    CorrectiveActionRow,
    PostmortemRow,
    PostmortemTagRow,
    RootCauseRow,
    TagRow,
    TimelineEventRow,
)

if TYPE_CHECKING:
    from data.service import PostmortemService


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    """One postmortem's key times, as the timeline defines them: started is the first trigger
    (else the first event), detected the first detected/alert, resolved the first resolved
    (else the first all-clear)."""

    id: int
    incident_id: str
    title: str
    incident_type: str
    severity: str
    status: str
    tags: tuple[str, ...]
    started: datetime | None
    detected: datetime | None
    resolved: datetime | None
    written_at: datetime | None


@dataclass(frozen=True, slots=True)
class ActionFacts:
    id: int
    postmortem_id: int
    owner: str
    status: str
    due: date | None
    created_at: datetime
    #: When its status last became done (from its history), if it is done.
    done_at: datetime | None


@dataclass(frozen=True, slots=True)
class CauseFacts:
    postmortem_id: int
    category: str
    count: int


@dataclass(frozen=True, slots=True)
class InsightFacts:
    incidents: tuple[IncidentFacts, ...]
    actions: tuple[ActionFacts, ...]
    causes: tuple[CauseFacts, ...]


def _utc(value: datetime | str | None) -> datetime | None:
    """A stored instant as a plain aware datetime in UTC: the figures subtract thousands of them,
    and the stdlib does that far faster than pendulum."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _raw(expression):
    """Skip the column type's conversion to pendulum; `_utc` does a cheaper one."""
    return type_coerce(expression, DateTime())


def read_facts(service: PostmortemService) -> InsightFacts:
    """Five queries, whatever the number of postmortems."""
    event = TimelineEventRow
    with service.session() as session:
        # Core execution on the connection: plain rows, without the ORM's per-row loading.
        connection = session.connection()
        times = {
            row[0]: row[1:]
            for row in connection.execute(
                select(
                    event.postmortem_id,
                    _raw(func.min(case((col(event.kind) == "trigger", col(event.at))))),
                    _raw(func.min(col(event.at))),
                    _raw(func.min(case((col(event.kind).in_(("detected", "alert")), col(event.at))))),
                    _raw(func.min(case((col(event.kind) == "resolved", col(event.at))))),
                    _raw(func.min(case((col(event.kind) == "all_clear", col(event.at))))),
                ).group_by(event.postmortem_id)
            ).all()
        }
        tags: dict[int, list[str]] = {}
        for pm_id, name in connection.execute(
            select(PostmortemTagRow.postmortem_id, TagRow.name)
            .join(TagRow, col(TagRow.id) == col(PostmortemTagRow.tag_id))
            .order_by(col(PostmortemTagRow.postmortem_id), col(PostmortemTagRow.position))
        ).all():
            tags.setdefault(pm_id, []).append(name)
        incidents = []
        for row in connection.execute(select(
            PostmortemRow.id, PostmortemRow.incident_id, PostmortemRow.title, PostmortemRow.incident_type,
            PostmortemRow.severity, PostmortemRow.status, _raw(col(PostmortemRow.written_at)).label("written_at"),
        ).order_by(col(PostmortemRow.id))).all():
            trigger, first, detected, resolved, all_clear = times.get(row.id, (None,) * 5)
            incidents.append(IncidentFacts(
                row.id, row.incident_id, row.title, row.incident_type, row.severity, row.status,
                tuple(tags.get(row.id, ())), _utc(trigger or first), _utc(detected), _utc(resolved or all_clear),
                _utc(row.written_at)))
        done_at = (
            select(ActionUpdateRow.action_id, _raw(func.max(ActionUpdateRow.at)).label("done_at"))
            .where(col(ActionUpdateRow.new_status) == "done").group_by(ActionUpdateRow.action_id).subquery()
        )
        actions = tuple(
            ActionFacts(row.id, row.postmortem_id, row.owner, row.status, row.due, _utc(row.created_at),
                        _utc(row.done_at) if row.status == "done" else None)
            for row in connection.execute(
                select(CorrectiveActionRow.id, CorrectiveActionRow.postmortem_id, CorrectiveActionRow.owner,
                       CorrectiveActionRow.status, CorrectiveActionRow.due,
                       _raw(col(CorrectiveActionRow.created_at)).label("created_at"),
                       done_at.c.done_at)
                .outerjoin(done_at, and_(done_at.c.action_id == col(CorrectiveActionRow.id)))
                .order_by(col(CorrectiveActionRow.id))
            ).all()
        )
        causes = tuple(
            CauseFacts(pm_id, category, count)
            for pm_id, category, count in connection.execute(
                select(RootCauseRow.postmortem_id, RootCauseRow.category, func.count())
                .group_by(RootCauseRow.postmortem_id, RootCauseRow.category)
            ).all()
        )
    return InsightFacts(tuple(incidents), actions, causes)
