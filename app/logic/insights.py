"""The quarterly review across postmortems: are we getting faster, what keeps causing
incidents, are actions getting done. One pass over facts read in a few queries.

Definitions (the `postmortem report` JSON contract uses them):
- an incident is in a period when its `started` time (first trigger, else first event; UTC
  date) falls in it, both ends included; a postmortem without events has no start and is
  counted as `undated` only;
- duration = resolved − started, detection lag = detected − started, time to resolve =
  resolved − detected, in minutes; negative spans (times out of order) are left out;
- medians are the middle value (mean of the two middle ones), p90 interpolates linearly
  between closest ranks (as spreadsheets' PERCENTILE.INC); both null when n is 0;
- actions are those of the incidents in the period: done = status done, overdue = still open
  and due before `as_of`, completion rate = done / created, days to done = from creation to the
  status change to done in its history;
- timeliness: hours from resolved to the date written, and the share within 48 hours.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from data.insights import ActionFacts, IncidentFacts, InsightFacts

ACTIVE = ("open", "in_progress", "blocked")
UNCATEGORISED = "uncategorised"


# -- periods ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    def months(self) -> list[str]:
        """Every month the period touches, as YYYY-MM."""
        months, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


class PeriodError(ValueError):
    """A period that cannot be read; the message says what is expected."""


def quarter(spec: str) -> Period:
    """`2026Q3` (also `2026-Q3`, `q3 2026` in any case) as its first to last day."""
    text = spec.strip().upper().replace(" ", "")
    match = re.fullmatch(r"(\d{4})-?Q([1-4])", text) or re.fullmatch(r"Q([1-4])-?(\d{4})", text)
    if match is None:
        raise PeriodError(f"not a quarter: {spec!r} (use 2026Q3)")
    year, number = (int(match[1]), int(match[2])) if len(match[1]) == 4 else (int(match[2]), int(match[1]))
    if not 1 <= year <= 9998:
        raise PeriodError(f"not a quarter: {spec!r} (the year must be between 0001 and 9998)")
    start = date(year, 3 * number - 2, 1)
    end = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return Period(start, end - timedelta(days=1), f"{year}Q{number}")


def quarter_of(day: date) -> Period:
    return quarter(f"{day.year}Q{(day.month - 1) // 3 + 1}")


def preset(name: str, today: date) -> Period:
    """`this_quarter`, `last_quarter` or `last_12_months`, as seen on `today`."""
    if name == "this_quarter":
        return quarter_of(today)
    if name == "last_quarter":
        return quarter_of(quarter_of(today).start - timedelta(days=1))
    if name == "last_12_months":
        start = date(today.year - 1, today.month, 1)
        return Period(start, today, f"{start.isoformat()} to {today.isoformat()}")
    raise PeriodError(f"unknown period preset {name!r}")


def between(start: date, end: date) -> Period:
    if end < start:
        raise PeriodError(f"the period ends ({end}) before it starts ({start})")
    return Period(start, end, f"{start.isoformat()} to {end.isoformat()}")


# -- statistics ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Stat:
    median: float | None
    p90: float | None
    n: int

    def as_json(self) -> dict:
        return {"median": self.median, "p90": self.p90, "n": self.n}


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks (PERCENTILE.INC); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def stat(values: Iterable[float]) -> Stat:
    data = list(values)
    return Stat(_round(percentile(data, 0.5)), _round(percentile(data, 0.9)), len(data))


def _round(value: float | None, digits: int = 2) -> float | None:
    if value is None:
        return None
    rounded = round(value, digits)
    return int(rounded) if float(rounded).is_integer() else rounded


def _minutes(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    minutes = (end - start).total_seconds() / 60
    return minutes if minutes >= 0 else None


# -- the figures -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    incident_type: str | None = None
    severity: str | None = None
    tag: str | None = None

    def keep(self, incident: IncidentFacts) -> bool:
        return ((self.incident_type is None or incident.incident_type == self.incident_type)
                and (self.severity is None or incident.severity == self.severity)
                and (self.tag is None or self.tag in incident.tags))


@dataclass(frozen=True)
class ActionFigures:
    created: int
    done: int
    overdue: int
    completion_rate: float | None
    median_days_to_done: float | None
    overdue_by_owner: dict[str, int]


@dataclass(frozen=True)
class Insights:
    period: Period
    as_of: date
    filters: Filters
    incidents: tuple[IncidentFacts, ...]
    undated: int
    by_type: dict[str, int]
    by_severity: dict[str, int]
    #: Months with incidents only; `months()` lists every month of the period.
    by_month: dict[str, int]
    duration: Stat
    detection_lag: Stat
    time_to_resolve: Stat
    trend: dict[str, dict[str, Stat]]
    root_cause_categories: dict[str, int]
    tags: dict[str, int]
    actions: ActionFigures
    median_hours_to_written: float | None
    within_48h_share: float | None
    timeliness_n: int
    #: (figure, key) -> the postmortem ids behind that bar or row, for drill-down.
    members: dict[tuple[str, str], tuple[int, ...]] = field(default_factory=dict)

    def months(self) -> dict[str, int]:
        """Incidents per month, every month of the period included (zeros too), for charts."""
        return {key: self.by_month.get(key, 0) for key in self.period.months()}

    def behind(self, figure: str, key: str) -> list[IncidentFacts]:
        ids = set(self.members.get((figure, key), ()))
        return [incident for incident in self.incidents if incident.id in ids]


def _counted(values: Iterable[str]) -> dict[str, int]:
    """Counts, largest first, ties by name (a Pareto order)."""
    return dict(sorted(Counter(values).items(), key=lambda item: (-item[1], item[0])))


def compute_insights(facts: InsightFacts, period: Period, as_of: date, filters: Filters | None = None) -> Insights:
    filters = filters or Filters()
    chosen = [i for i in facts.incidents if filters.keep(i)]
    undated = sum(1 for i in chosen if i.started is None)
    incidents = tuple(i for i in chosen if i.started is not None and period.start <= i.started.date() <= period.end)
    ids = {i.id for i in incidents}
    members: dict[tuple[str, str], list[int]] = defaultdict(list)

    def month(incident: IncidentFacts) -> str:
        return incident.started.strftime("%Y-%m")  # type: ignore[union-attr]

    for incident in incidents:
        members[("type", incident.incident_type)].append(incident.id)
        members[("severity", incident.severity)].append(incident.id)
        members[("month", month(incident))].append(incident.id)
        for tag in incident.tags:
            members[("tag", tag)].append(incident.id)
    counts = Counter(month(i) for i in incidents)
    by_month = {key: counts[key] for key in period.months() if counts[key]}

    spans = {
        "duration": lambda i: _minutes(i.started, i.resolved),
        "detection_lag": lambda i: _minutes(i.started, i.detected),
        "time_to_resolve": lambda i: _minutes(i.detected, i.resolved),
    }
    overall = {name: stat(v for v in map(span, incidents) if v is not None) for name, span in spans.items()}
    by_key: dict[str, list[IncidentFacts]] = defaultdict(list)
    for incident in incidents:
        by_key[month(incident)].append(incident)
    trend = {
        key: {name: stat(v for v in map(span, by_key.get(key, ())) if v is not None) for name, span in spans.items()}
        for key in period.months()
    }

    causes: Counter[str] = Counter()
    for cause in facts.causes:
        if cause.postmortem_id in ids:
            category = cause.category.strip() or UNCATEGORISED
            causes[category] += cause.count
            members[("cause", category)].append(cause.postmortem_id)
    actions = [a for a in facts.actions if a.postmortem_id in ids]
    hours = [(i.written_at - i.resolved).total_seconds() / 3600 for i in incidents
             if i.written_at is not None and i.resolved is not None]
    within = sum(1 for h in hours if h <= 48)
    return Insights(
        period=period, as_of=as_of, filters=filters, incidents=incidents, undated=undated,
        by_type=_counted(i.incident_type for i in incidents),
        by_severity=_counted(i.severity for i in incidents),
        by_month=by_month,
        duration=overall["duration"], detection_lag=overall["detection_lag"],
        time_to_resolve=overall["time_to_resolve"], trend=trend,
        root_cause_categories=dict(sorted(causes.items(), key=lambda item: (-item[1], item[0]))),
        tags=_counted(tag for i in incidents for tag in i.tags),
        actions=_action_figures(actions, as_of, members),
        median_hours_to_written=_round(percentile(hours, 0.5)),
        within_48h_share=_round(within / len(hours), 4) if hours else None,
        timeliness_n=len(hours),
        members={key: tuple(dict.fromkeys(value)) for key, value in members.items()},
    )


def _action_figures(actions: list[ActionFacts], as_of: date,
                    members: dict[tuple[str, str], list[int]]) -> ActionFigures:
    done = [a for a in actions if a.status == "done"]
    overdue = [a for a in actions if a.status in ACTIVE and a.due is not None and a.due < as_of]
    for action in overdue:
        members[("overdue", action.owner.strip() or "no owner")].append(action.postmortem_id)
    days = [(a.done_at - a.created_at).total_seconds() / 86400 for a in done if a.done_at is not None]
    return ActionFigures(
        created=len(actions),
        done=len(done),
        overdue=len(overdue),
        completion_rate=_round(len(done) / len(actions), 4) if actions else None,
        median_days_to_done=_round(percentile([max(d, 0) for d in days], 0.5)),
        overdue_by_owner=_counted(a.owner.strip() or "no owner" for a in overdue),
    )


def insights_json(insights: Insights) -> dict:
    """The `postmortem report --format json` document: keys are a contract (added to, never renamed)."""
    actions = insights.actions
    filters = insights.filters
    return {
        "period": {"from": insights.period.start.isoformat(), "to": insights.period.end.isoformat()},
        "as_of": insights.as_of.isoformat(),
        "filters": {"type": filters.incident_type, "severity": filters.severity, "tag": filters.tag},
        "incidents": len(insights.incidents),
        "undated_postmortems": insights.undated,
        "by_type": insights.by_type,
        "by_severity": insights.by_severity,
        "by_month": insights.by_month,
        "duration_minutes": insights.duration.as_json(),
        "detection_lag_minutes": insights.detection_lag.as_json(),
        "time_to_resolve_minutes": insights.time_to_resolve.as_json(),
        "trend": {month: {f"{name}_minutes": value.as_json() for name, value in figures.items()}
                  for month, figures in insights.trend.items()},
        "root_cause_categories": insights.root_cause_categories,
        "tags": insights.tags,
        "actions": {
            "created": actions.created, "done": actions.done, "overdue": actions.overdue,
            "completion_rate": actions.completion_rate, "median_days_to_done": actions.median_days_to_done,
            "overdue_by_owner": actions.overdue_by_owner,
        },
        "timeliness": {"median_hours_to_written": insights.median_hours_to_written,
                       "within_48h_share": insights.within_48h_share, "n": insights.timeliness_n},
        "postmortems": [i.incident_id for i in insights.incidents],
    }
