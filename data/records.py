"""Plain, immutable records that the store hands out.

Screens, the CLI and the pure logic work on these, never on ORM rows, so
nothing outside `data/` holds a database session and the read-only paths can
fill the same records without importing the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class PostmortemListItem:
    """One line of the home screen's table."""

    id: int
    incident_id: str
    title: str
    incident_type: str
    severity: str
    status: str
    incident_date: date | None
    open_actions: int
    overdue_actions: int
    owner: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Postmortem:
    id: int
    incident_id: str
    title: str
    incident_type: str = "outage"
    severity: str = "medium"
    status: str = "draft"
    timezone: str = "UTC"
    summary: str = ""
    owner: str = ""
    contributors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    written_at: datetime | None = None
    problem_statement: str = ""
    closed_reason: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = 0
    exported_at: datetime | None = None
    version: int = 1
    changed_by: str = ""


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    id: int
    postmortem_id: int
    at: datetime
    kind: str
    description: str = ""
    source: str = ""
    action_taken: str = ""
    seq: int = 0
    version: int = 1
    changed_by: str = ""


@dataclass(frozen=True, slots=True)
class Impact:
    """The impact calculator's inputs; every figure is optional (None = unknown)."""

    postmortem_id: int
    users_affected: int | None = None
    user_base: int | None = None
    degradation_percent: float | None = None
    window_start: datetime | None = None
    window_end: datetime | None = None
    revenue_amount: float | None = None
    revenue_period: str = "hour"
    currency: str = "USD"
    slo_target_percent: float | None = None
    slo_window_days: float | None = None
    mrr: float | None = None
    sla_credit_percent: float | None = None
    support_tickets: int | None = None
    responder_hours: float | None = None
    hourly_cost: float | None = None
    churned_customers: int | None = None
    churned_arr: float | None = None
    nps_before: float | None = None
    nps_after: float | None = None
    narrative: str = ""
    version: int = 0  # nothing saved yet
    changed_by: str = ""


@dataclass(frozen=True, slots=True)
class ImpactMetric:
    id: int
    postmortem_id: int
    name: str
    baseline: str = ""
    during: str = ""
    after: str = ""
    position: int = 0
    version: int = 1
    changed_by: str = ""


@dataclass(frozen=True, slots=True)
class WhyNode:
    id: int
    postmortem_id: int
    parent_id: int | None
    question: str = ""
    answer: str = ""
    position: int = 0
    version: int = 1
    changed_by: str = ""


@dataclass(frozen=True, slots=True)
class FishboneCategory:
    id: int
    postmortem_id: int
    name: str
    position: int = 0
    version: int = 1
    changed_by: str = ""


@dataclass(frozen=True, slots=True)
class FishboneCause:
    id: int
    postmortem_id: int
    category_id: int
    parent_id: int | None
    text: str
    position: int = 0
    version: int = 1
    changed_by: str = ""


@dataclass(frozen=True, slots=True)
class FaultNode:
    id: int
    postmortem_id: int
    parent_id: int | None
    label: str
    gate: str | None = None
    position: int = 0
    version: int = 1
    changed_by: str = ""


@dataclass(frozen=True, slots=True)
class RootCause:
    id: int
    postmortem_id: int
    text: str
    kind: str = "primary"
    category: str = ""
    why_node_id: int | None = None
    fishbone_cause_id: int | None = None
    fault_node_id: int | None = None
    position: int = 0
    version: int = 1
    changed_by: str = ""


@dataclass(frozen=True, slots=True)
class CorrectiveAction:
    id: int
    postmortem_id: int
    title: str
    owner: str = ""
    due: date | None = None
    action_type: str | None = None
    status: str = "open"
    status_reason: str = ""
    impact: str | None = None
    effort: str | None = None
    control: str | None = None
    success_measure: str = ""
    tracker: str = ""
    root_cause_ids: tuple[int, ...] = field(default=())
    position: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int = 1
    changed_by: str = ""


@dataclass(frozen=True, slots=True)
class ActionUpdate:
    """One entry of an action's history: a status change, a check-in note, or both."""

    id: int
    action_id: int
    at: datetime
    by: str
    old_status: str | None = None
    new_status: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class LearningItem:
    id: int
    postmortem_id: int
    kind: str
    text: str
    position: int = 0
    version: int = 1
    changed_by: str = ""


@dataclass(frozen=True, slots=True)
class Reference:
    id: int
    postmortem_id: int
    label: str
    url: str = ""
    kind: str = "reference"
    position: int = 0
    version: int = 1
    changed_by: str = ""


@dataclass(frozen=True, slots=True)
class TrackedAction:
    """An action seen from the tracker: with its postmortem and its latest update."""

    action: CorrectiveAction
    incident_id: str
    postmortem_title: str
    last_update: ActionUpdate | None = None


@dataclass(frozen=True, slots=True)
class FindingDismissal:
    id: int
    postmortem_id: int
    rule: str
    path: str
    text: str
    reason: str
    by: str = ""
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RubricOverride:
    id: int
    postmortem_id: int
    criterion: str
    score: int
    note: str = ""
    by: str = ""
    at: datetime | None = None


@dataclass(frozen=True)
class PostmortemBundle:
    """Everything one postmortem holds, read in one go (for exports, imports and the review)."""

    postmortem: Postmortem
    events: list[TimelineEvent]
    impact: Impact
    metrics: list[ImpactMetric]
    whys: list[WhyNode]
    categories: list[FishboneCategory]
    causes: list[FishboneCause]
    faults: list[FaultNode]
    root_causes: list[RootCause]
    actions: list[CorrectiveAction]
    updates: dict[int, list[ActionUpdate]]
    learnings: list[LearningItem]
    references: list[Reference]
    dismissals: list[FindingDismissal] = field(default_factory=list)
    overrides: list[RubricOverride] = field(default_factory=list)
    parking: list[ParkingItem] = field(default_factory=list)
    meetings: list[MeetingState] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Meeting:
    id: int
    postmortem_id: int
    started_at: datetime | None = None
    ended_at: datetime | None = None
    current_position: int | None = None
    event_mark: int = 0
    cause_mark: int = 0
    action_mark: int = 0


@dataclass(frozen=True, slots=True)
class MeetingParticipant:
    id: int
    meeting_id: int
    name: str
    role: str = "responder"
    position: int = 0


@dataclass(frozen=True, slots=True)
class AgendaItem:
    id: int
    meeting_id: int
    title: str
    step: int = 1
    section: str = "summary"
    timebox_minutes: int = 10
    spent_seconds: float = 0
    started_at: datetime | None = None
    position: int = 0


@dataclass(frozen=True, slots=True)
class MeetingState:
    """A meeting with its participants and agenda, read together."""

    meeting: Meeting
    participants: tuple[MeetingParticipant, ...] = ()
    agenda: tuple[AgendaItem, ...] = ()

    @property
    def status(self) -> str:
        """planned, running or ended."""
        if self.meeting.ended_at is not None:
            return "ended"
        return "running" if self.meeting.started_at is not None else "planned"

    @property
    def current(self) -> AgendaItem | None:
        position = self.meeting.current_position
        return next((item for item in self.agenda if item.position == position), None)


@dataclass(frozen=True, slots=True)
class ParkingItem:
    id: int
    postmortem_id: int
    text: str
    at: datetime
    by: str = ""
    section: str = ""
    done: bool = False
    position: int = 0
    version: int = 1
    changed_by: str = ""
