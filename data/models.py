"""SQLModel tables: everything a postmortem holds.

Table rows are an implementation detail of the store: the service converts
them to the records in `data.records` before they leave `data/`. Enumerated
values are plain text checked by the service (see `data.enums`), so adding a
member never needs a migration. Every child row cascades from its postmortem.
Rows people edit carry `version` and `changed_by`: a save based on an older
version is refused with who changed what (see `data.versions`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Index
from sqlmodel import Field, SQLModel

from data.sqltypes import UTCDateTime

CASCADE = "CASCADE"


def _utc(nullable: bool = True) -> Column:
    return Column(UTCDateTime(), nullable=nullable)


def _count() -> Column:
    """A count of people or tickets: 64-bit on every backend (PostgreSQL's INTEGER stops at 2**31)."""
    return Column(BigInteger(), nullable=True)


class PostmortemRow(SQLModel, table=True):
    __tablename__ = "postmortem"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: str = Field(max_length=64, unique=True)
    title: str
    incident_type: str = "outage"
    severity: str = "medium"
    status: str = "draft"
    timezone: str = "UTC"
    summary: str = ""
    owner: str = ""
    written_at: datetime | None = Field(default=None, sa_column=_utc())
    problem_statement: str = ""
    closed_reason: str = ""
    created_at: datetime = Field(sa_column=_utc(nullable=False))
    updated_at: datetime = Field(sa_column=_utc(nullable=False))
    # Bumped by every edit of the postmortem or any of its rows: a cheap change counter.
    revision: int = 0
    # When it was last exported or copied out (the method's step 4, "document and share").
    exported_at: datetime | None = Field(default=None, sa_column=_utc())
    version: int = 1
    changed_by: str = ""


class ContributorRow(SQLModel, table=True):
    __tablename__ = "contributor"

    id: int | None = Field(default=None, primary_key=True)
    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE, index=True)
    position: int = 0
    name: str


class TagRow(SQLModel, table=True):
    __tablename__ = "tag"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)


class PostmortemTagRow(SQLModel, table=True):
    __tablename__ = "postmortem_tag"

    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE, primary_key=True)
    tag_id: int = Field(foreign_key="tag.id", ondelete=CASCADE, primary_key=True, index=True)
    position: int = 0


class TimelineEventRow(SQLModel, table=True):
    __tablename__ = "timeline_event"
    __table_args__ = (Index("ix_timeline_event_order", "postmortem_id", "at", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE)
    at: datetime = Field(sa_column=_utc(nullable=False))
    # Order of entry, so events sharing a time keep the order they were typed in.
    seq: int = 0
    kind: str = "note"
    description: str = ""
    source: str = ""
    action_taken: str = ""
    version: int = 1
    changed_by: str = ""


class ImpactRow(SQLModel, table=True):
    __tablename__ = "impact"

    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE, primary_key=True)
    users_affected: int | None = Field(default=None, sa_column=_count())
    user_base: int | None = Field(default=None, sa_column=_count())
    degradation_percent: float | None = None
    window_start: datetime | None = Field(default=None, sa_column=_utc())
    window_end: datetime | None = Field(default=None, sa_column=_utc())
    revenue_amount: float | None = None
    revenue_period: str = "hour"
    currency: str = "USD"
    slo_target_percent: float | None = None
    slo_window_days: float | None = None
    mrr: float | None = None
    sla_credit_percent: float | None = None
    support_tickets: int | None = Field(default=None, sa_column=_count())
    responder_hours: float | None = None
    hourly_cost: float | None = None
    churned_customers: int | None = Field(default=None, sa_column=_count())
    churned_arr: float | None = None
    nps_before: float | None = None
    nps_after: float | None = None
    narrative: str = ""
    version: int = 1
    changed_by: str = ""


class ImpactMetricRow(SQLModel, table=True):
    __tablename__ = "impact_metric"

    id: int | None = Field(default=None, primary_key=True)
    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE, index=True)
    position: int = 0
    name: str
    baseline: str = ""
    during: str = ""
    after: str = ""
    version: int = 1
    changed_by: str = ""


class WhyNodeRow(SQLModel, table=True):
    __tablename__ = "why_node"

    id: int | None = Field(default=None, primary_key=True)
    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE, index=True)
    parent_id: int | None = Field(default=None, foreign_key="why_node.id", ondelete=CASCADE)
    position: int = 0
    question: str = ""
    answer: str = ""
    version: int = 1
    changed_by: str = ""


class FishboneCategoryRow(SQLModel, table=True):
    __tablename__ = "fishbone_category"

    id: int | None = Field(default=None, primary_key=True)
    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE, index=True)
    position: int = 0
    name: str
    version: int = 1
    changed_by: str = ""


class FishboneCauseRow(SQLModel, table=True):
    __tablename__ = "fishbone_cause"

    id: int | None = Field(default=None, primary_key=True)
    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE, index=True)
    category_id: int = Field(foreign_key="fishbone_category.id", ondelete=CASCADE)
    parent_id: int | None = Field(default=None, foreign_key="fishbone_cause.id", ondelete=CASCADE)
    position: int = 0
    text: str
    version: int = 1
    changed_by: str = ""


class FaultNodeRow(SQLModel, table=True):
    __tablename__ = "fault_node"

    id: int | None = Field(default=None, primary_key=True)
    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE, index=True)
    parent_id: int | None = Field(default=None, foreign_key="fault_node.id", ondelete=CASCADE)
    position: int = 0
    label: str
    # "and" / "or" for a gate, NULL for a basic event.
    gate: str | None = None
    version: int = 1
    changed_by: str = ""


class RootCauseRow(SQLModel, table=True):
    __tablename__ = "root_cause"

    id: int | None = Field(default=None, primary_key=True)
    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE, index=True)
    position: int = 0
    text: str
    kind: str = "primary"
    category: str = ""
    # Where it came from; all NULL when typed directly.
    why_node_id: int | None = Field(default=None, foreign_key="why_node.id", ondelete="SET NULL")
    fishbone_cause_id: int | None = Field(
        default=None, foreign_key="fishbone_cause.id", ondelete="SET NULL"
    )
    fault_node_id: int | None = Field(default=None, foreign_key="fault_node.id", ondelete="SET NULL")
    version: int = 1
    changed_by: str = ""


class CorrectiveActionRow(SQLModel, table=True):
    __tablename__ = "corrective_action"

    id: int | None = Field(default=None, primary_key=True)
    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE, index=True)
    position: int = 0
    title: str
    owner: str = ""
    due: date | None = Field(default=None, index=True)
    action_type: str | None = None
    status: str = Field(default="open", index=True)
    # Why it was set to wont_do (or closed some other unusual way).
    status_reason: str = ""
    impact: str | None = None
    effort: str | None = None
    control: str | None = None
    success_measure: str = ""
    tracker: str = ""
    created_at: datetime = Field(sa_column=_utc(nullable=False))
    updated_at: datetime = Field(sa_column=_utc(nullable=False))
    version: int = 1
    changed_by: str = ""


class ActionRootCauseRow(SQLModel, table=True):
    __tablename__ = "action_root_cause"

    action_id: int = Field(foreign_key="corrective_action.id", ondelete=CASCADE, primary_key=True)
    root_cause_id: int = Field(
        foreign_key="root_cause.id", ondelete=CASCADE, primary_key=True, index=True
    )


class ActionUpdateRow(SQLModel, table=True):
    __tablename__ = "action_update"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="corrective_action.id", ondelete=CASCADE, index=True)
    at: datetime = Field(sa_column=_utc(nullable=False))
    by: str = ""
    old_status: str | None = None
    new_status: str | None = None
    note: str = ""


class LearningItemRow(SQLModel, table=True):
    __tablename__ = "learning_item"

    id: int | None = Field(default=None, primary_key=True)
    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE, index=True)
    kind: str
    position: int = 0
    text: str
    version: int = 1
    changed_by: str = ""


class ReferenceRow(SQLModel, table=True):
    __tablename__ = "reference"

    id: int | None = Field(default=None, primary_key=True)
    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE, index=True)
    kind: str = "reference"
    position: int = 0
    label: str
    url: str = ""


    version: int = 1
    changed_by: str = ""


class FindingDismissalRow(SQLModel, table=True):
    """A review finding someone judged not to apply, with why; matched by rule, field path and text."""

    __tablename__ = "finding_dismissal"

    id: int | None = Field(default=None, primary_key=True)
    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE, index=True)
    rule: str
    path: str
    text: str = ""
    reason: str
    by: str = ""
    at: datetime = Field(sa_column=_utc(nullable=False))


class RubricOverrideRow(SQLModel, table=True):
    """A person's score for one rubric criterion, beside the automatic one."""

    __tablename__ = "rubric_override"

    id: int | None = Field(default=None, primary_key=True)
    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE, index=True)
    criterion: str
    score: int
    note: str = ""
    by: str = ""
    at: datetime = Field(sa_column=_utc(nullable=False))


class MeetingRow(SQLModel, table=True):
    """A postmortem (or pre-mortem) meeting: planned until started, running until ended."""

    __tablename__ = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE, index=True)
    started_at: datetime | None = Field(default=None, sa_column=_utc())
    ended_at: datetime | None = Field(default=None, sa_column=_utc())
    # The agenda item running now (its position), None before the start and after the end.
    current_position: int | None = None
    # The highest row ids when the meeting started: rows above them were added during it.
    event_mark: int = 0
    cause_mark: int = 0
    action_mark: int = 0


class MeetingParticipantRow(SQLModel, table=True):
    __tablename__ = "meeting_participant"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete=CASCADE, index=True)
    position: int = 0
    name: str
    role: str = "responder"


class AgendaItemRow(SQLModel, table=True):
    """One timeboxed agenda item; `spent_seconds` excludes the stretch running since `started_at`."""

    __tablename__ = "agenda_item"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete=CASCADE, index=True)
    position: int = 0
    title: str
    step: int = 1
    section: str = "summary"
    timebox_minutes: int = 10
    spent_seconds: float = 0
    started_at: datetime | None = Field(default=None, sa_column=_utc())


class ParkingItemRow(SQLModel, table=True):
    """A question or topic parked during a meeting, to answer later."""

    __tablename__ = "parking_item"

    id: int | None = Field(default=None, primary_key=True)
    postmortem_id: int = Field(foreign_key="postmortem.id", ondelete=CASCADE, index=True)
    position: int = 0
    text: str
    by: str = ""
    at: datetime = Field(sa_column=_utc(nullable=False))
    section: str = ""
    done: bool = False
    version: int = 1
    changed_by: str = ""
