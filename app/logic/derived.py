"""The computed figures of a postmortem, as one flat mapping (the `derived` block of `postmortem/v1`).

Definitions are those of `app.logic.timeline` and `app.logic.impact`; a value that
cannot be computed is None. Open and overdue action counts depend on `as_of`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.logic.actions import ACTIVE, bucket
from app.logic.impact import ImpactReport, compute_impact
from app.logic.timeline import Observations, observe
from data.records import PostmortemBundle

DERIVED_KEYS = (
    "started_at", "detected_at", "resolved_at", "duration_minutes", "detection_lag_minutes", "response_minutes",
    "diagnosis_minutes", "mitigation_minutes", "impact_minutes", "users_affected_percent", "revenue_loss",
    "error_budget_minutes", "error_budget_consumed_percent", "sla_credit", "response_cost", "total_cost",
    "suggested_severity", "open_actions", "overdue_actions",
)


@dataclass(frozen=True)
class Computed:
    """What the exports show beside the stored data."""

    observations: Observations
    impact: ImpactReport


def compute(bundle: PostmortemBundle) -> Computed:
    observations = observe(bundle.events)
    impact = compute_impact(
        bundle.impact,
        timeline_start=observations.started.at if observations.started else None,
        timeline_end=observations.resolved.at if observations.resolved else None,
        zone=bundle.postmortem.timezone,
    )
    return Computed(observations, impact)


def quantified_impact(bundle: PostmortemBundle, computed: Computed) -> list[str]:
    """Which impact figures have a number (users, duration, money, error budget, tickets, churn,
    NPS, custom metrics)."""
    impact, report = bundle.impact, computed.impact
    return [name for name, value in (
        ("users", impact.users_affected), ("duration", report.value("impact_minutes")),
        ("money", report.value("total_cost")), ("error budget", report.value("error_budget_consumed_percent")),
        ("tickets", impact.support_tickets), ("churn", impact.churned_customers), ("NPS", impact.nps_after),
    ) if value is not None] + (["custom metrics"] if bundle.metrics else [])


def _round(value: float | None) -> float | int | None:
    if value is None:
        return None
    rounded = round(value, 4)
    return int(rounded) if float(rounded).is_integer() else rounded


def derive(bundle: PostmortemBundle, as_of: date, computed: Computed | None = None) -> dict[str, Any]:
    computed = computed or compute(bundle)
    seen, impact = computed.observations, computed.impact

    def when(event) -> str | None:
        return event.at.isoformat() if event is not None else None

    active = [a for a in bundle.actions if a.status in ACTIVE]
    return {
        "started_at": when(seen.started),
        "detected_at": when(seen.detected),
        "resolved_at": when(seen.resolved),
        "duration_minutes": _round(seen.figure("total").minutes),
        "detection_lag_minutes": _round(seen.figure("detection_lag").minutes),
        "response_minutes": _round(seen.figure("response").minutes),
        "diagnosis_minutes": _round(seen.figure("diagnosis").minutes),
        "mitigation_minutes": _round(seen.figure("mitigation").minutes),
        "impact_minutes": _round(impact.value("impact_minutes")),
        "users_affected_percent": _round(impact.value("users_affected_percent")),
        "revenue_loss": _round(impact.value("revenue_loss")),
        "error_budget_minutes": _round(impact.value("error_budget_minutes")),
        "error_budget_consumed_percent": _round(impact.value("error_budget_consumed_percent")),
        "sla_credit": _round(impact.value("sla_credit")),
        "response_cost": _round(impact.value("response_cost")),
        "total_cost": _round(impact.value("total_cost")),
        "suggested_severity": impact.suggested_severity,
        "open_actions": len(active),
        "overdue_actions": sum(1 for a in active if bucket(a, as_of) == "overdue"),
        "as_of": as_of.isoformat(),
    }
