"""The quarterly review as Markdown: the same figures as the JSON report, as tables, with
Mermaid charts where Markdown viewers draw them (every chart follows the table it draws)."""

from __future__ import annotations

import json

from app.logic.insights import Insights, Stat
from app.logic.mdtext import cell, inline


def _value(value: float | None, unit: str = "") -> str:
    return "n/a" if value is None else f"{value:g}{unit}"


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}%"


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _label(text: str) -> str:
    """A label inside a Mermaid chart: JSON string quoting, no line breaks."""
    return json.dumps(" ".join(text.split()))


def _bar_chart(title: str, counts: dict[str, int], axis: str) -> list[str]:
    if not counts or not any(counts.values()):
        return []
    labels = ", ".join(_label(key) for key in counts)
    top = max(counts.values())
    return ["```mermaid", "xychart-beta", f"    title {_label(title)}", f"    x-axis [{labels}]",
            f"    y-axis {_label(axis)} 0 --> {top}", f"    bar [{', '.join(str(v) for v in counts.values())}]",
            "```", ""]


def _pie(title: str, counts: dict[str, int]) -> list[str]:
    if not counts:
        return []
    return ["```mermaid", f"pie title {' '.join(title.split())}",
            *(f"    {_label(key)} : {value}" for key, value in counts.items()), "```", ""]


def _stat_row(name: str, value: Stat) -> tuple[str, ...]:
    return (name, _value(value.median), _value(value.p90), str(value.n))


def render_report(insights: Insights) -> str:
    period, actions = insights.period, insights.actions
    filters = insights.filters
    chosen = [f"{name} {inline(value)}" for name, value in (("type", filters.incident_type),
              ("severity", filters.severity), ("tag", filters.tag)) if value]
    lines = [f"# Incident review {inline(period.label)}", "",
             f"{period.start.isoformat()} to {period.end.isoformat()}, as of {insights.as_of.isoformat()}"
             + (f"; only {', '.join(chosen)}" if chosen else "") + ".", "",
             f"**{len(insights.incidents)} incident{'s' if len(insights.incidents) != 1 else ''}** started in the "
             f"period, counted by their start time."
             + (f" {insights.undated} postmortem{'s have' if insights.undated != 1 else ' has'} no timeline "
                f"(so no start time) and {'are' if insights.undated != 1 else 'is'} not counted."
                if insights.undated else ""), ""]

    lines += ["## Incidents by month", ""]
    lines += _table(("Month", "Incidents"), [(month, str(count)) for month, count in insights.months().items()])
    lines += _bar_chart("Incidents by month", insights.months(), "incidents")
    lines += ["## By type and severity", ""]
    lines += _table(("Type", "Incidents"), [(cell(k.replace("_", " ")), str(v)) for k, v in insights.by_type.items()])
    lines += _pie("Incidents by type", {k.replace("_", " "): v for k, v in insights.by_type.items()})
    lines += _table(("Severity", "Incidents"), [(cell(k), str(v)) for k, v in insights.by_severity.items()])

    lines += ["## Speed", "", "Minutes; the p90 is the time nine incidents in ten stay within.", ""]
    lines += _table(("Figure", "Median", "p90", "n"), [
        _stat_row("Detection lag (started → detected)", insights.detection_lag),
        _stat_row("Time to resolve (detected → resolved)", insights.time_to_resolve),
        _stat_row("Total duration (started → resolved)", insights.duration),
    ])
    lines += ["### Trend by month", ""]
    lines += _table(("Month", "Detection lag median", "Time to resolve median", "Duration median", "Duration p90"), [
        (month, _value(f["detection_lag"].median), _value(f["time_to_resolve"].median),
         _value(f["duration"].median), _value(f["duration"].p90)) for month, f in insights.trend.items()])

    lines += ["## Root causes by category", ""]
    if insights.root_cause_categories:
        total = sum(insights.root_cause_categories.values())
        running, rows = 0, []
        for category, count in insights.root_cause_categories.items():
            running += count
            rows.append((cell(category), str(count), f"{running / total * 100:.0f}%"))
        lines += _table(("Category", "Root causes", "Cumulative share"), rows)
        lines += _bar_chart("Root causes by category", insights.root_cause_categories, "root causes")
    else:
        lines += ["No root cause recorded for these incidents.", ""]
    if insights.tags:
        lines += ["## Most frequent tags", ""]
        lines += _table(("Tag", "Incidents"), [(cell(k), str(v)) for k, v in list(insights.tags.items())[:10]])

    lines += ["## Corrective actions", ""]
    lines += _table(("Created", "Done", "Overdue", "Completion rate", "Median days to done"), [(
        str(actions.created), str(actions.done), str(actions.overdue), _share(actions.completion_rate),
        _value(actions.median_days_to_done))])
    if actions.overdue_by_owner:
        lines += _table(("Owner", "Overdue actions"), [(cell(k), str(v)) for k, v in actions.overdue_by_owner.items()])

    lines += ["## Timeliness", "",
              f"Median {_value(insights.median_hours_to_written, ' h')} from resolution to the written postmortem; "
              f"{_share(insights.within_48h_share)} within 48 hours (n = {insights.timeliness_n}).", ""]

    lines += ["## Postmortems in the period", ""]
    if insights.incidents:
        lines += _table(("Incident", "Title", "Type", "Severity", "Started (UTC)"), [
            (cell(i.incident_id), cell(i.title), cell(i.incident_type.replace("_", " ")), cell(i.severity),
             i.started.strftime("%Y-%m-%d %H:%M") if i.started else "n/a") for i in insights.incidents])
    else:
        lines += ["None.", ""]
    return "\n".join(lines).rstrip() + "\n"
