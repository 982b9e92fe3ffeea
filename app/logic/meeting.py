"""Meeting logic without a screen: which method steps the data shows done, the countdown of
an agenda item, and the wrap-up of what a meeting added and who owns what by when."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from app.logic.actions import ACTIVE
from app.logic.derived import Computed, compute, quantified_impact
from data.records import (
    AgendaItem,
    CorrectiveAction,
    MeetingState,
    PostmortemBundle,
    RootCause,
    TimelineEvent,
)

#: Seconds left at which the countdown warns, gently.
WARNING_SECONDS = 120

STEP_TITLES: dict[int, str] = {
    1: "Timeline and impact",
    2: "Root-cause analysis",
    3: "Corrective actions",
    4: "Document and share",
    5: "Track to completion",
}
PREMORTEM_STEP_TITLES = {**STEP_TITLES, 1: "Failure stories"}


@dataclass(frozen=True)
class StepStatus:
    step: int
    title: str
    done: bool
    #: What is there, or what is still missing.
    detail: str


def step_statuses(bundle: PostmortemBundle, computed: Computed | None = None) -> tuple[StepStatus, ...]:
    """The method's five steps, each done or not judged from the data alone."""
    computed = computed or compute(bundle)
    premortem = bundle.postmortem.incident_type == "premortem"
    titles = PREMORTEM_STEP_TITLES if premortem else STEP_TITLES
    return (
        StepStatus(1, titles[1], *(_stories(bundle) if premortem else _timeline_and_impact(bundle, computed))),
        StepStatus(2, titles[2], *_causes(bundle.root_causes)),
        StepStatus(3, titles[3], *_actions_cover_causes(bundle.root_causes, bundle.actions)),
        StepStatus(4, titles[4], *_shared(bundle)),
        StepStatus(5, titles[5], *_tracked(bundle.actions)),
    )


def _timeline_and_impact(bundle: PostmortemBundle, computed: Computed) -> tuple[bool, str]:
    seen = computed.observations
    missing = [name for name, event in (("started", seen.started), ("detected", seen.detected),
                                        ("resolved", seen.resolved)) if event is None]
    figures = quantified_impact(bundle, computed)
    needs = []
    if missing:
        needs.append(f"no {'/'.join(missing)} event")
    if len(figures) < 2:
        needs.append(f"{len(figures)} of 2 impact figures")
    if needs:
        return False, "; ".join(needs)
    return True, f"{len(bundle.events)} events; impact: {', '.join(figures)}"


def _stories(bundle: PostmortemBundle) -> tuple[bool, str]:
    stories = sum(1 for item in bundle.learnings if item.kind == "failure_story")
    if not stories:
        return False, "no failure story yet"
    return True, f"{stories} failure stor{'ies' if stories != 1 else 'y'}"


def _causes(causes: list[RootCause]) -> tuple[bool, str]:
    if not causes:
        return False, "no root cause marked"
    primary = sum(1 for c in causes if c.kind == "primary")
    return True, f"{primary} primary, {len(causes) - primary} contributing"


def _actions_cover_causes(causes: list[RootCause], actions: list[CorrectiveAction]) -> tuple[bool, str]:
    if not causes:
        return False, "no root cause to act on"
    ready = [a for a in actions if a.owner.strip() and a.due is not None and a.status != "wont_do"]
    covered = {cause_id for action in ready for cause_id in action.root_cause_ids}
    uncovered = [c for c in causes if c.id not in covered]
    if uncovered:
        return False, f"{len(uncovered)} of {len(causes)} root causes without an owned, dated action"
    return True, f"every root cause has an owned, dated action ({len(ready)} actions)"


def _shared(bundle: PostmortemBundle) -> tuple[bool, str]:
    pm = bundle.postmortem
    if pm.status in ("published", "closed"):
        return True, f"status {pm.status}"
    if pm.exported_at is not None:
        return True, f"exported {pm.exported_at:%Y-%m-%d %H:%M} UTC"
    return False, "not exported or published yet"


def _tracked(actions: list[CorrectiveAction]) -> tuple[bool, str]:
    if not actions:
        return False, "no actions to track"
    untracked = [a for a in actions if a.status in ACTIVE and not a.tracker.strip()]
    if untracked:
        return False, f"{len(untracked)} of {len(actions)} open actions have no tracker link"
    return True, f"all {len(actions)} actions tracked or closed"


# -- the countdown ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Countdown:
    spent_seconds: float
    timebox_seconds: float

    @property
    def left_seconds(self) -> float:
        return self.timebox_seconds - self.spent_seconds

    @property
    def state(self) -> str:
        """`ok`, `warning` (two minutes or less left) or `over`."""
        if self.left_seconds < 0:
            return "over"
        return "warning" if self.left_seconds <= WARNING_SECONDS else "ok"

    @property
    def label(self) -> str:
        """What the timer shows, in words as well as digits (never colour alone)."""
        if self.state == "over":
            return f"OVER by {clock(-self.left_seconds)}"
        if self.state == "warning":
            return f"{clock(self.left_seconds)} left · under 2 min"
        return f"{clock(self.left_seconds)} left"


def spent(item: AgendaItem, now: datetime) -> float:
    """Seconds spent on an item so far, the running stretch included."""
    running = (now - item.started_at).total_seconds() if item.started_at is not None else 0
    return item.spent_seconds + max(running, 0)


def countdown(item: AgendaItem, now: datetime) -> Countdown:
    return Countdown(spent(item, now), item.timebox_minutes * 60)


def clock(seconds: float) -> str:
    """`7:05` for seconds below an hour, `1:02:03` above."""
    whole = int(max(seconds, 0))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# -- the wrap-up ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Added:
    events: tuple[TimelineEvent, ...]
    causes: tuple[RootCause, ...]
    actions: tuple[CorrectiveAction, ...]


def added_in(bundle: PostmortemBundle, state: MeetingState) -> Added:
    """What exists now that did not when the meeting started (rows with higher ids)."""
    meeting = state.meeting
    if meeting.started_at is None:
        return Added((), (), ())
    return Added(
        tuple(e for e in bundle.events if e.id > meeting.event_mark),
        tuple(c for c in bundle.root_causes if c.id > meeting.cause_mark),
        tuple(a for a in bundle.actions if a.id > meeting.action_mark),
    )


@dataclass(frozen=True)
class Ownership:
    owner: str
    actions: tuple[CorrectiveAction, ...]


def who_owns_what(actions: list[CorrectiveAction]) -> tuple[Ownership, ...]:
    """Open actions grouped by owner (the unowned last), each owner's soonest due first."""
    grouped: dict[str, list[CorrectiveAction]] = defaultdict(list)
    for action in actions:
        if action.status in ACTIVE:
            grouped[action.owner.strip()].append(action)
    owners = sorted(grouped, key=lambda name: (name == "", name.lower()))
    return tuple(
        Ownership(owner, tuple(sorted(grouped[owner], key=lambda a: (a.due or date.max, a.id))))
        for owner in owners
    )


@dataclass(frozen=True)
class TimeSpent:
    title: str
    timebox_minutes: int
    spent_seconds: float

    @property
    def over(self) -> bool:
        return self.spent_seconds > self.timebox_minutes * 60


def time_spent(state: MeetingState, now: datetime) -> tuple[TimeSpent, ...]:
    return tuple(TimeSpent(item.title, item.timebox_minutes, spent(item, now)) for item in state.agenda)
