"""Key observations computed from a timeline, shared by the Timeline screen and exports.

Definitions (all "first" / "earliest" by time, then by order of entry):

- started  = earliest `trigger`, else the earliest event
- detected = earliest `detected` or `alert`
- resolved = earliest `resolved`, else the earliest `all_clear`
- detection lag   = detected − started
- response time   = first `escalation` or `investigation` at or after detected − detected
- diagnosis time  = first `diagnosis` − detected
- mitigation time = resolved − first `mitigation`
- total duration  = resolved − started
- time to all-clear = first `all_clear` − started

A figure whose events are missing is "n/a" with what to add; one that would
be negative (events typed in an impossible order) is "n/a" with what to check.
Never a wrong number.

Phases, for the bar: Detection (started → detected), Investigation (detected →
first mitigation), Mitigation (first mitigation → resolved), Resolution
(resolved → first all-clear after it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from data.records import TimelineEvent

#: A gap longer than this between started and resolved is worth asking about.
SILENCE = timedelta(minutes=30)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    formula: str
    minutes: float | None
    sources: tuple[TimelineEvent, ...] = ()
    missing: str = ""

    @property
    def known(self) -> bool:
        return self.minutes is not None


@dataclass(frozen=True)
class Phase:
    name: str
    minutes: float


@dataclass(frozen=True)
class Silence:
    start: datetime
    end: datetime

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60


@dataclass(frozen=True)
class Observations:
    started: TimelineEvent | None
    detected: TimelineEvent | None
    resolved: TimelineEvent | None
    figures: tuple[Figure, ...]
    phases: tuple[Phase, ...]
    silences: tuple[Silence, ...]

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def _order(event: TimelineEvent) -> tuple[datetime, int, int]:
    return (event.at, event.seq, event.id)


def _first(events: Sequence[TimelineEvent], kinds: Iterable[str], after: datetime | None = None):
    wanted = set(kinds)
    for event in events:
        if event.kind in wanted and (after is None or event.at >= after):
            return event
    return None


def _span(
    key: str, label: str, formula: str, start: TimelineEvent | None, end: TimelineEvent | None,
    missing_start: str, missing_end: str,
) -> Figure:
    if start is None or end is None:
        missing = missing_start if start is None else missing_end
        return Figure(key, label, formula, None, tuple(e for e in (start, end) if e), f"n/a — add {missing}")
    minutes = (end.at - start.at).total_seconds() / 60
    if minutes < 0:
        return Figure(key, label, formula, None, (start, end),
                      f"n/a — the {end.kind} event is before the {start.kind} event: check their times")
    return Figure(key, label, formula, minutes, (start, end))


def observe(events: Iterable[TimelineEvent], *, presorted: bool = False) -> Observations:
    """All key observations of a timeline (events in any order, or in time order if `presorted`)."""
    ordered = list(events) if presorted else sorted(events, key=_order)
    started = _first(ordered, ["trigger"]) or (ordered[0] if ordered else None)
    detected = _first(ordered, ["detected", "alert"])
    resolved = _first(ordered, ["resolved"]) or _first(ordered, ["all_clear"])
    responded = _first(ordered, ["escalation", "investigation"], after=detected.at) if detected else None
    diagnosed = _first(ordered, ["diagnosis"])
    mitigated = _first(ordered, ["mitigation"])
    all_clear = _first(ordered, ["all_clear"])

    started_missing = "a `trigger` event (or any event)"
    detected_missing = "a `detected` or `alert` event"
    figures = (
        _span("detection_lag", "Detection lag", "detected − started", started, detected,
              started_missing, detected_missing),
        _span("response", "Response time", "first escalation/investigation − detected", detected, responded,
              detected_missing, "an `escalation` or `investigation` event after detection"),
        _span("diagnosis", "Diagnosis time", "first diagnosis − detected", detected, diagnosed,
              detected_missing, "a `diagnosis` event"),
        _span("mitigation", "Mitigation time", "resolved − first mitigation", mitigated, resolved,
              "a `mitigation` event", "a `resolved` event"),
        _span("total", "Total duration", "resolved − started", started, resolved,
              started_missing, "a `resolved` event"),
        _span("all_clear", "Time to all-clear", "first all-clear − started", started, all_clear,
              started_missing, "an `all_clear` event"),
    )
    return Observations(
        started=started,
        detected=detected,
        resolved=resolved,
        figures=figures,
        phases=_phases(started, detected, mitigated, resolved, _first(ordered, ["all_clear"],
                                                                      after=resolved.at if resolved else None)),
        silences=_silences(ordered, started, resolved),
    )


def incident_window(first_by_kind: dict[str, datetime]) -> tuple[datetime | None, datetime | None]:
    """started and resolved (same definitions as `observe`) from the earliest time of each kind.

    Lets a screen that needs only the window ask the store for one row per kind, not every event.
    """
    started = first_by_kind.get("trigger") or min(first_by_kind.values(), default=None)
    resolved = first_by_kind.get("resolved") or first_by_kind.get("all_clear")
    return started, resolved


def _phases(started, detected, mitigated, resolved, all_clear) -> tuple[Phase, ...]:
    marks = [("Detection", started, detected), ("Investigation", detected, mitigated),
             ("Mitigation", mitigated, resolved), ("Resolution", resolved, all_clear)]
    phases = []
    for name, start, end in marks:
        if start is not None and end is not None and end.at >= start.at:
            phases.append(Phase(name, (end.at - start.at).total_seconds() / 60))
    return tuple(phases)


def _silences(ordered: Sequence[TimelineEvent], started, resolved) -> tuple[Silence, ...]:
    """Gaps over 30 minutes between consecutive events from started to resolved (or the last event)."""
    if started is None:
        return ()
    end = resolved.at if resolved else ordered[-1].at
    inside = [e.at for e in ordered if started.at <= e.at <= end]
    # Plain timestamps: thousands of pendulum subtractions would each build an Interval.
    stamps = [moment.timestamp() for moment in inside]
    limit = SILENCE.total_seconds()
    return tuple(
        Silence(inside[i], inside[i + 1]) for i, (before, after) in enumerate(pairwise(stamps))
        if after - before > limit
    )


def phase_cells(phases: Sequence[Phase], width: int) -> list[tuple[str, int]]:
    """Split `width` cells between phases in proportion to their length (each shown phase gets ≥ 1)."""
    total = sum(p.minutes for p in phases)
    if width <= 0 or not phases:
        return []
    if total <= 0:
        share = [1.0 for _ in phases]
        total = float(len(phases))
    else:
        share = [p.minutes for p in phases]
    raw = [width * s / total for s in share]
    cells = [max(1, int(r)) for r in raw]
    # hand out what rounding left (or take back what the minimum of 1 added), largest remainders first
    order = sorted(range(len(phases)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    i = 0
    while sum(cells) < width:
        cells[order[i % len(order)]] += 1
        i += 1
    while sum(cells) > width and any(c > 1 for c in cells):
        j = max(range(len(cells)), key=lambda k: cells[k])
        cells[j] -= 1
    return [(p.name, c) for p, c in zip(phases, cells, strict=True)]


def format_minutes(minutes: float | None) -> str:
    """`2 h 0 min`, `45 min`, `30 s`; '' for None."""
    if minutes is None:
        return ""
    seconds = round(minutes * 60)
    if seconds < 60:
        return f"{seconds} s"
    hours, rest = divmod(seconds // 60, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days} d {hours} h {rest} min"
    return f"{hours} h {rest} min" if hours else f"{rest} min"
