"""The impact calculator: every figure with its formula, values substituted.

Definitions (the contract used by the screen, exports and the CLI):

- impact minutes   = window end − window start (each end as entered, else started / resolved
  from the timeline)
- users affected % = users affected / user base × 100
- revenue loss     = revenue per hour × impact hours × degradation / 100
  (revenue per month counts 730 h, per year 8,760 h)
- error budget     = (100 − SLO target) / 100 × SLO window days × 1440 minutes
- budget consumed  = impact minutes × degradation / 100 ÷ error budget × 100
- SLA credit       = MRR × SLA credit % / 100
- response cost    = responder person-hours × loaded hourly cost
- total cost       = revenue loss + SLA credit + response cost + ARR lost, over the parts known

Suggested severity: the first rule below that matches (amounts in the postmortem's currency):

- critical: ≥ 50% of users affected, or error budget consumed ≥ 100%, or total cost ≥ 100,000,
  or ≥ 4 h of impact at ≥ 50% degradation
- high: ≥ 10% of users affected, or budget consumed ≥ 50%, or total cost ≥ 10,000, or ≥ 1 h of
  impact at ≥ 25% degradation, or any churned customers / ARR lost
- medium: ≥ 1% of users affected, or budget consumed ≥ 10%, or total cost ≥ 1,000, or ≥ 15 min
  of impact, or ≥ 10 support tickets
- low: anything else that is known; none when nothing is known.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from app.logic.money import format_money
from app.logic.numbers import format_number
from app.logic.times import format_local
from data.records import Impact

HOURS_PER_PERIOD = {"hour": 1.0, "month": 730.0, "year": 8760.0}
PERIOD_SHORT = {"hour": "h", "month": "month", "year": "year"}


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    definition: str
    value: float | None = None
    shown: str = ""
    working: str = ""
    missing: str = ""

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class ImpactReport:
    window_start: datetime | None
    window_end: datetime | None
    window_from: tuple[str, str]
    figures: tuple[Figure, ...]
    cost_parts: tuple[str, ...] = ()
    cost_unknown: tuple[str, ...] = ()
    suggested_severity: str | None = None
    severity_rule: str = ""
    warnings: tuple[str, ...] = field(default=())

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)

    def value(self, key: str) -> float | None:
        return self.figure(key).value


def _pct(value: float) -> str:
    return f"{value:,.1f}%"


def _hours(minutes: float) -> str:
    return f"{minutes / 60:,.1f} h"


def compute_impact(
    impact: Impact,
    *,
    timeline_start: datetime | None = None,
    timeline_end: datetime | None = None,
    zone: str = "UTC",
) -> ImpactReport:
    """All figures for `impact`; the window falls back to the timeline's started → resolved."""
    money = impact.currency or "USD"

    def cash(amount: float) -> str:
        return format_money(amount, money)

    start = impact.window_start or timeline_start
    end = impact.window_end or timeline_end
    sources = ("entered" if impact.window_start else "timeline" if timeline_start else "",
               "entered" if impact.window_end else "timeline" if timeline_end else "")
    figures: list[Figure] = []

    # impact minutes
    definition = "window end − window start"
    if start is None or end is None:
        missing = "the impact window: a started and a resolved event on the Timeline, or a window start and end"
        minutes_figure = Figure("impact_minutes", "Impact duration", definition, missing=f"needs {missing}")
    elif end < start:
        minutes_figure = Figure("impact_minutes", "Impact duration", definition,
                                missing="the window ends before it starts: check the window start and end")
    else:
        minutes = (end - start).total_seconds() / 60
        minutes_figure = Figure(
            "impact_minutes", "Impact duration", definition, minutes, f"{format_number(minutes)} min",
            f"{format_local(start, zone)} → {format_local(end, zone)} = {format_number(minutes)} min "
            f"({_hours(minutes)})",
        )
    figures.append(minutes_figure)
    minutes = minutes_figure.value

    # users affected %
    definition = "users affected / user base × 100"
    if impact.users_affected is None or not impact.user_base:
        need = "users affected" if impact.users_affected is None else "a user base above 0"
        if impact.users_affected is None and not impact.user_base:
            need = "users affected and the user base"
        figures.append(Figure("users_affected_percent", "Users affected", definition, missing=f"needs {need}"))
    else:
        share = impact.users_affected / impact.user_base * 100
        figures.append(Figure(
            "users_affected_percent", "Users affected", definition, share, _pct(share),
            f"{format_number(impact.users_affected)} / {format_number(impact.user_base)} × 100 = {_pct(share)}",
        ))

    # revenue loss
    definition = "revenue per hour × impact hours × degradation / 100"
    period = impact.revenue_period if impact.revenue_period in HOURS_PER_PERIOD else "hour"
    needs = [name for name, value in (("revenue", impact.revenue_amount), ("the impact window", minutes),
                                      ("degradation percent", impact.degradation_percent)) if value is None]
    if needs:
        figures.append(Figure("revenue_loss", "Revenue loss", definition, missing=f"needs {' and '.join(needs)}"))
    else:
        assert impact.revenue_amount is not None and minutes is not None and impact.degradation_percent is not None
        per_hour = impact.revenue_amount / HOURS_PER_PERIOD[period]
        loss = per_hour * minutes / 60 * impact.degradation_percent / 100
        convert = "" if period == "hour" else (
            f"{cash(impact.revenue_amount)}/{period} ÷ {format_number(HOURS_PER_PERIOD[period])} h = "
            f"{cash(per_hour)}/h; ")
        figures.append(Figure(
            "revenue_loss", "Revenue loss", definition, loss, cash(loss),
            f"{convert}{cash(per_hour)}/h × {_hours(minutes)} × {format_number(impact.degradation_percent)}% "
            f"= {cash(loss)}",
        ))

    # error budget
    definition = "(100 − SLO) / 100 × SLO window days × 1440"
    if impact.slo_target_percent is None or impact.slo_window_days is None:
        need = " and ".join(n for n, v in (("an SLO target", impact.slo_target_percent),
                                            ("an SLO window in days", impact.slo_window_days)) if v is None)
        budget_figure = Figure("error_budget_minutes", "Error budget", definition, missing=f"needs {need}")
    else:
        budget = (100 - impact.slo_target_percent) / 100 * impact.slo_window_days * 1440
        budget_figure = Figure(
            "error_budget_minutes", "Error budget", definition, budget, f"{format_number(budget)} min",
            f"(100 − {format_number(impact.slo_target_percent, 4)}) / 100 × {format_number(impact.slo_window_days)} d "
            f"× 1440 = {format_number(budget)} min",
        )
    figures.append(budget_figure)

    # budget consumed
    definition = "impact minutes × degradation / 100 ÷ error budget × 100"
    needs = [name for name, value in (("an SLO target and window (for the error budget)", budget_figure.value),
                                      ("the impact window", minutes),
                                      ("degradation percent", impact.degradation_percent)) if value is None]
    if needs:
        figures.append(Figure("error_budget_consumed_percent", "Error budget consumed", definition,
                              missing=f"needs {' and '.join(needs)}"))
    elif not budget_figure.value:
        figures.append(Figure("error_budget_consumed_percent", "Error budget consumed", definition,
                              missing="the error budget is 0 minutes"))
    else:
        assert minutes is not None and impact.degradation_percent is not None and budget_figure.value
        consumed = minutes * impact.degradation_percent / 100 / budget_figure.value * 100
        figures.append(Figure(
            "error_budget_consumed_percent", "Error budget consumed", definition, consumed, _pct(consumed),
            f"{format_number(minutes)} min × {format_number(impact.degradation_percent)}% ÷ "
            f"{format_number(budget_figure.value)} min × 100 = {_pct(consumed)}",
        ))

    # SLA credit
    definition = "MRR × SLA credit % / 100"
    if impact.mrr is None or impact.sla_credit_percent is None:
        need = " and ".join(n for n, v in (("MRR", impact.mrr), ("an SLA credit percent", impact.sla_credit_percent))
                            if v is None)
        figures.append(Figure("sla_credit", "SLA credit", definition, missing=f"needs {need}"))
    else:
        credit = impact.mrr * impact.sla_credit_percent / 100
        figures.append(Figure("sla_credit", "SLA credit", definition, credit, cash(credit),
                              f"{cash(impact.mrr)} × {format_number(impact.sla_credit_percent)}% = {cash(credit)}"))

    # response cost
    definition = "responder person-hours × loaded hourly cost"
    if impact.responder_hours is None or impact.hourly_cost is None:
        need = " and ".join(n for n, v in (("responder person-hours", impact.responder_hours),
                                            ("a loaded hourly cost", impact.hourly_cost)) if v is None)
        figures.append(Figure("response_cost", "Response cost", definition, missing=f"needs {need}"))
    else:
        cost = impact.responder_hours * impact.hourly_cost
        figures.append(Figure("response_cost", "Response cost", definition, cost, cash(cost),
                              f"{format_number(impact.responder_hours)} person-h × {cash(impact.hourly_cost)}/h "
                              f"= {cash(cost)}"))

    figures = _computable(figures)  # before the total: it adds these up

    # total
    parts = [("revenue loss", _value(figures, "revenue_loss")), ("SLA credit", _value(figures, "sla_credit")),
             ("response cost", _value(figures, "response_cost")), ("ARR lost", impact.churned_arr)]
    known = [(name, value) for name, value in parts if value is not None]
    unknown = tuple(name for name, value in parts if value is None)
    definition = "revenue loss + SLA credit + response cost + ARR lost"
    if not known:
        figures.append(Figure("total_cost", "Total estimated cost", definition,
                              missing="needs at least one of revenue loss, SLA credit, response cost, ARR lost"))
    else:
        total = sum(value for _, value in known)
        working = " + ".join(f"{cash(value)} ({name})" for name, value in known) + f" = {cash(total)}"
        if unknown:
            working += f"; not known: {', '.join(unknown)}"
        figures.append(Figure("total_cost", "Total estimated cost", definition, total, cash(total), working))

    # NPS change
    definition = "NPS after − NPS before"
    if impact.nps_before is None or impact.nps_after is None:
        figures.append(Figure("nps_change", "NPS change", definition, missing="needs NPS before and after"))
    else:
        change = impact.nps_after - impact.nps_before
        figures.append(Figure("nps_change", "NPS change", definition, change, f"{change:+g}",
                              f"{format_number(impact.nps_before)} → {format_number(impact.nps_after)} = {change:+g}"))

    figures = _computable(figures)
    warnings = []
    if impact.users_affected is not None and impact.user_base and impact.users_affected > impact.user_base:
        warnings.append(f"Users affected ({format_number(impact.users_affected)}) is more than the user base "
                        f"({format_number(impact.user_base)}): check both.")
    report = ImpactReport(start, end, sources, tuple(figures), tuple(n for n, _ in known), unknown,
                          warnings=tuple(warnings))
    severity, rule = suggest_severity(report, impact)
    return ImpactReport(start, end, sources, tuple(figures), report.cost_parts, unknown, severity, rule,
                        tuple(warnings))


def _computable(figures: list[Figure]) -> list[Figure]:
    """Figures whose arithmetic overflowed (inputs near 1e308 multiplied) become unknown, with why: an
    infinite amount can be neither shown nor written to JSON."""
    return [figure if figure.value is None or math.isfinite(figure.value) else
            Figure(figure.key, figure.label, figure.definition, missing="the numbers entered are too large to compute")
            for figure in figures]


def _value(figures: list[Figure], key: str) -> float | None:
    return next((f.value for f in figures if f.key == key), None)


Rule = tuple[str, str, Callable[[ImpactReport, Impact], float | None], float]


def _long_and_deep(hours: float, degradation: float) -> Callable[[ImpactReport, Impact], float | None]:
    def measure(report: ImpactReport, impact: Impact) -> float | None:
        minutes = report.value("impact_minutes")
        if minutes is None or impact.degradation_percent is None or impact.degradation_percent < degradation:
            return None
        return minutes / 60

    return measure


SEVERITY_RULES: list[Rule] = [
    ("critical", "users affected", lambda r, i: r.value("users_affected_percent"), 50),
    ("critical", "error budget consumed", lambda r, i: r.value("error_budget_consumed_percent"), 100),
    ("critical", "total estimated cost", lambda r, i: r.value("total_cost"), 100_000),
    ("critical", "hours of impact at ≥ 50% degradation", _long_and_deep(4, 50), 4),
    ("high", "users affected", lambda r, i: r.value("users_affected_percent"), 10),
    ("high", "error budget consumed", lambda r, i: r.value("error_budget_consumed_percent"), 50),
    ("high", "total estimated cost", lambda r, i: r.value("total_cost"), 10_000),
    ("high", "hours of impact at ≥ 25% degradation", _long_and_deep(1, 25), 1),
    ("high", "churned customers", lambda r, i: i.churned_customers, 1),
    ("high", "ARR lost", lambda r, i: i.churned_arr or None, 1),
    ("medium", "users affected", lambda r, i: r.value("users_affected_percent"), 1),
    ("medium", "error budget consumed", lambda r, i: r.value("error_budget_consumed_percent"), 10),
    ("medium", "total estimated cost", lambda r, i: r.value("total_cost"), 1_000),
    ("medium", "minutes of impact", lambda r, i: r.value("impact_minutes"), 15),
    ("medium", "support tickets", lambda r, i: i.support_tickets, 10),
]

_PERCENT_RULES = {"users affected", "error budget consumed"}


def suggest_severity(report: ImpactReport, impact: Impact) -> tuple[str | None, str]:
    """The first matching rule (see the module docstring), with its values, as `(severity, why)`."""
    for severity, name, measure, threshold in SEVERITY_RULES:
        value = measure(report, impact)
        if value is not None and value >= threshold:
            if name in _PERCENT_RULES:
                shown, limit = _pct(value), f"{threshold:g}%"
            elif name in ("total estimated cost", "ARR lost"):
                shown, limit = format_money(value, impact.currency), format_money(threshold, impact.currency)
            else:
                shown, limit = format_number(value), format_number(threshold)
            return severity, f"{severity}: {name} {shown} ≥ {limit}"
    anything_known = any(f.known for f in report.figures) or any(
        v is not None for v in (impact.support_tickets, impact.churned_customers, impact.users_affected))
    if anything_known:
        return "low", "low: no rule for medium or above matched the known figures"
    return None, "no figures known yet"
