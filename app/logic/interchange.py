"""The `postmortem/v1` JSON document: export here, checked import in `app.logic.document_reader`.

The field names are a contract (see docs/postmortem-v1.md); fields may be added,
never renamed. Inside a document, rows refer to each other by keys the export
assigns in order ("w1", "c1", "f1", "rc1", "a1"); imports accept any string or number.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from app.logic.analysis import children_of, walk
from app.logic.derived import Computed, derive
from app.logic.document_reader import FORMAT, DocumentError, loads, parse_document  # noqa: F401  (the public API)
from data.records import PostmortemBundle


def _null(text: str) -> str | None:
    return text if text.strip() else None


def _number(value: float | int | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


# -- export -----------------------------------------------------------------------------------------------

def to_document(bundle: PostmortemBundle, as_of: date, computed: Computed | None = None,
                extra_derived: dict[str, Any] | None = None) -> dict[str, Any]:
    """The postmortem as a `postmortem/v1` document (a dict ready for `json.dumps`)."""
    pm, impact = bundle.postmortem, bundle.impact
    why_keys = {node.id: f"w{n}" for n, (node, _) in enumerate(walk(bundle.whys), start=1)}
    categories = sorted(bundle.categories, key=lambda c: (c.position, c.id))
    category_names = {c.id: c.name for c in categories}
    ordered_causes = [cause for category in categories
                      for cause, _ in walk([c for c in bundle.causes if c.category_id == category.id])]
    cause_keys = {cause.id: f"c{n}" for n, cause in enumerate(ordered_causes, start=1)}
    fault_keys = {node.id: f"f{n}" for n, (node, _) in enumerate(walk(bundle.faults), start=1)}
    rc_keys = {cause.id: f"rc{n}" for n, cause in enumerate(bundle.root_causes, start=1)}
    why_kind = {c.why_node_id: c.kind for c in bundle.root_causes if c.why_node_id is not None}
    period = impact.revenue_period if impact.revenue_period in ("hour", "month", "year") else "hour"
    per_hour = None if impact.revenue_amount is None else impact.revenue_amount / {
        "hour": 1, "month": 730, "year": 8760}[period]
    children = children_of(bundle.faults)

    def fault(node) -> dict[str, Any]:
        return {"id": fault_keys[node.id], "label": node.label, "gate": node.gate,
                "children": [fault(child) for child in children.get(node.id, [])]}

    roots = children.get(None, [])
    document: dict[str, Any] = {
        "format": FORMAT,
        "incident_id": pm.incident_id,
        "title": pm.title,
        "incident_type": pm.incident_type,
        "severity": pm.severity,
        "status": pm.status,
        "timezone": pm.timezone,
        "summary": pm.summary,
        "owner": _null(pm.owner),
        "contributors": list(pm.contributors),
        "tags": list(pm.tags),
        "written_at": pm.written_at.isoformat() if pm.written_at else None,
        "timeline": [
            {"at": e.at.isoformat(), "kind": e.kind, "description": e.description, "source": e.source,
             "action_taken": e.action_taken}
            for e in bundle.events
        ],
        "impact": {
            "users_affected": impact.users_affected, "user_base": impact.user_base,
            "degradation_percent": _number(impact.degradation_percent),
            "window_start": impact.window_start.isoformat() if impact.window_start else None,
            "window_end": impact.window_end.isoformat() if impact.window_end else None,
            "revenue_per_hour": _number(None if per_hour is None else round(per_hour, 6)),
            "currency": impact.currency,
            "slo_target_percent": _number(impact.slo_target_percent),
            "slo_window_days": _number(impact.slo_window_days), "mrr": _number(impact.mrr),
            "sla_credit_percent": _number(impact.sla_credit_percent), "support_tickets": impact.support_tickets,
            "responder_hours": _number(impact.responder_hours), "hourly_cost": _number(impact.hourly_cost),
            "churned_customers": impact.churned_customers, "churned_arr": _number(impact.churned_arr),
            "nps_before": _number(impact.nps_before), "nps_after": _number(impact.nps_after),
            "narrative": impact.narrative,
            "metrics": [{"name": m.name, "baseline": m.baseline, "during": m.during, "after": m.after}
                        for m in bundle.metrics],
            "revenue_amount": _number(impact.revenue_amount), "revenue_period": period,
        },
        "problem_statement": pm.problem_statement,
        "whys": [
            {"id": why_keys[node.id], "parent": why_keys.get(node.parent_id), "question": node.question,
             "answer": node.answer, "root_cause": why_kind.get(node.id)}
            for node, _ in walk(bundle.whys)
        ],
        "fishbone": {
            "categories": [c.name for c in categories],
            "causes": [{"id": cause_keys[c.id], "category": category_names[c.category_id],
                        "parent": cause_keys.get(c.parent_id), "text": c.text} for c in ordered_causes],
        },
        "fault_tree": fault(roots[0]) if roots else None,
        "root_causes": [
            {"id": rc_keys[c.id], "text": c.text, "kind": c.kind, "category": c.category,
             "why": why_keys.get(c.why_node_id), "fishbone_cause": cause_keys.get(c.fishbone_cause_id),
             "fault_event": fault_keys.get(c.fault_node_id)}
            for c in bundle.root_causes
        ],
        "actions": [
            {"id": f"a{n}", "title": a.title, "owner": _null(a.owner), "due": a.due.isoformat() if a.due else None,
             "type": a.action_type, "status": a.status, "impact": a.impact, "effort": a.effort, "control": a.control,
             "success_measure": a.success_measure,
             "root_causes": [rc_keys[i] for i in a.root_cause_ids if i in rc_keys],
             "tracker": a.tracker,
             "updates": [{"at": u.at.isoformat(), "by": u.by, "status": u.new_status, "note": u.note,
                          "old_status": u.old_status} for u in bundle.updates.get(a.id, [])],
             "status_reason": a.status_reason}
            for n, a in enumerate(bundle.actions, start=1)
        ],
        "went_well": [i.text for i in bundle.learnings if i.kind == "went_well"],
        "got_lucky": [i.text for i in bundle.learnings if i.kind == "got_lucky"],
        "lessons": [i.text for i in bundle.learnings if i.kind == "lesson"],
        "references": [{"label": r.label, "url": r.url} for r in bundle.references if r.kind == "reference"],
        "related_incidents": [{"label": r.label, "url": r.url} for r in bundle.references
                              if r.kind == "related_incident"],
        "closed_reason": pm.closed_reason,
        "derived": {**derive(bundle, as_of, computed), **(extra_derived or {})},
    }
    return document


def dumps(document: dict[str, Any]) -> str:
    """The document as text: two-space indent, UTF-8 kept, keys in contract order, newline at the end."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
