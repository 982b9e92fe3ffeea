"""The `postmortem/v1` JSON document: export and the JSON text itself (`dumps`, `loads`) here, the checked
import of a decoded document in `app.logic.document_reader`.

The field names are a contract (see docs/postmortem-v1.md); fields may be added,
never renamed. Inside a document, rows refer to each other by keys the export
assigns in order ("w1", "c1", "f1", "rc1", "a1"); imports accept any string or number.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from itertools import count
from typing import Any

from app.logic.analysis import children_of, walk
from app.logic.derived import Computed, derive
from app.logic.document_reader import FORMAT, DocumentError, parse_document  # noqa: F401  (the public API)
from data.records import MeetingState, PostmortemBundle


def _null(text: str) -> str | None:
    return text if text.strip() else None


def _number(value: float | int | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _instant(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _meeting(state: MeetingState) -> dict[str, Any]:
    """A meeting as written: when, who (with their role), and the agenda with the time spent on each item
    (for a meeting still running, the stretch since its current item started is not counted)."""
    return {
        "started_at": _instant(state.meeting.started_at),
        "ended_at": _instant(state.meeting.ended_at),
        "participants": [{"name": p.name, "role": p.role} for p in state.participants],
        "agenda": [{"title": item.title, "step": item.step, "section": item.section,
                    "timebox_minutes": item.timebox_minutes, "spent_seconds": _number(item.spent_seconds)}
                   for item in state.agenda],
    }


# -- export -----------------------------------------------------------------------------------------------

def to_document(bundle: PostmortemBundle, as_of: date, computed: Computed | None = None,
                extra_derived: dict[str, Any] | None = None) -> dict[str, Any]:
    """The postmortem as a `postmortem/v1` document (a dict ready for `json.dumps`); `derived`
    includes the review (`derived.review`: rubric scores, average, passed, finding counts)."""
    if extra_derived is None:
        from app.logic.review import review

        result = review(bundle, as_of, computed)
        extra_derived = {"review": {**result.as_json(), "errors": len(result.errors),
                                    "findings": len(result.findings), "dismissed": len(result.dismissed)}}
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
        "exported_at": _instant(pm.exported_at),
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
        "failure_stories": [i.text for i in bundle.learnings if i.kind == "failure_story"],
        "references": [{"label": r.label, "url": r.url} for r in bundle.references if r.kind == "reference"],
        "related_incidents": [{"label": r.label, "url": r.url} for r in bundle.references
                              if r.kind == "related_incident"],
        "closed_reason": pm.closed_reason,
        "dismissals": [{"rule": d.rule, "path": d.path, "text": d.text, "reason": d.reason, "by": d.by,
                        "at": d.at.isoformat() if d.at else None} for d in bundle.dismissals],
        "rubric_overrides": [{"criterion": o.criterion, "score": o.score, "note": o.note, "by": o.by,
                              "at": o.at.isoformat() if o.at else None} for o in bundle.overrides],
        "parking_lot": [{"text": p.text, "by": p.by, "at": _instant(p.at), "section": p.section, "done": p.done}
                        for p in bundle.parking],
        "meetings": [_meeting(state) for state in bundle.meetings],
        "derived": {**derive(bundle, as_of, computed), **(extra_derived or {})},
    }
    return document


def loads(text: str) -> Any:
    """Decode JSON, turning a syntax error into a `DocumentError` that says where."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DocumentError([f"(document): not JSON: {error.msg} at line {error.lineno}, column {error.colno}"]) \
            from None
    except (ValueError, RecursionError) as error:  # a number over 4300 digits long; nesting deeper than the stack
        raise DocumentError([f"(document): not a usable JSON document: {error}"]) from None


#: DEL and the C1 controls: json writes them as they are (it escapes only C0), and a terminal obeys them.
_RAW_CONTROLS = re.compile("[\x7f-\x9f]")


def dumps(document: dict[str, Any]) -> str:
    """The document as text: two-space indent, UTF-8 kept, keys in contract order, newline at the end.

    DEL and C1 controls are written as `\\u` escapes, so that printing the export cannot drive a terminal
    (outside strings JSON has none of them, so the escape is exact)."""
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def bundle_from_document(document) -> PostmortemBundle:
    """A checked document as the records the store would hold (for reviewing a file without importing it)."""
    from data import records

    pm = document.postmortem
    postmortem = records.Postmortem(0, pm["incident_id"], pm["title"], pm["incident_type"], pm["severity"],
                                    pm["status"], pm["timezone"], pm["summary"], pm["owner"],
                                    tuple(document.contributors), tuple(document.tags), pm["written_at"],
                                    pm["problem_statement"], pm["closed_reason"],
                                    exported_at=pm.get("exported_at"))
    ids: dict[tuple[str, object], int] = {}

    def number(kind: str, key: object) -> int:
        return ids.setdefault((kind, key), len(ids) + 1)

    events = [records.TimelineEvent(i + 1, 0, e["at"], e["kind"], e["description"], e["source"], e["action_taken"],
                                    seq=i) for i, e in enumerate(document.events)]
    impact = records.Impact(0, **document.impact) if document.impact else records.Impact(0)
    whys = [records.WhyNode(number("why", w["key"]), 0, number("why", w["parent"]) if w["parent"] is not None
                            else None, w["question"], w["answer"], i) for i, w in enumerate(document.whys)]
    categories = [records.FishboneCategory(number("category", name), 0, name, i)
                  for i, name in enumerate(document.categories)]
    causes = [records.FishboneCause(number("cause", c["key"]), 0, number("category", c["category"]),
                                    number("cause", c["parent"]) if c["parent"] is not None else None, c["text"], i)
              for i, c in enumerate(document.causes)]
    faults = [records.FaultNode(number("fault", f["key"]), 0, number("fault", f["parent"]) if f["parent"] is not None
                                else None, f["label"], f["gate"], i) for i, f in enumerate(document.faults)]
    root_causes = [records.RootCause(
        number("root", c["key"]), 0, c["text"], c["kind"], c["category"],
        number("why", c["why"]) if c.get("why") is not None else None,
        number("cause", c["cause"]) if c.get("cause") is not None else None,
        number("fault", c["fault"]) if c.get("fault") is not None else None, i)
        for i, c in enumerate(document.root_causes)]
    actions, updates = [], {}
    for i, a in enumerate(document.actions):
        action_id = i + 1
        fields = {k: v for k, v in a.items() if k not in ("key", "root_causes", "updates")}
        actions.append(records.CorrectiveAction(action_id, 0, root_cause_ids=tuple(number("root", k)
                                                                                    for k in a["root_causes"]),
                                                position=i, **fields))
        updates[action_id] = [records.ActionUpdate(n + 1, action_id, u["at"], u["by"], u["old_status"],
                                                   u["new_status"], u["note"]) for n, u in enumerate(a["updates"])]
    learnings = [records.LearningItem(i + 1, 0, item["kind"], item["text"], i) for i, item in
                 enumerate(document.learnings)]
    references = [records.Reference(i + 1, 0, r["label"], r["url"], r["kind"], i)
                  for i, r in enumerate(document.references)]
    dismissals = [records.FindingDismissal(i + 1, 0, **d) for i, d in enumerate(document.dismissals)]
    overrides = [records.RubricOverride(i + 1, 0, **o) for i, o in enumerate(document.overrides)]
    metrics = [records.ImpactMetric(i + 1, 0, position=i, **m) for i, m in enumerate(document.metrics)]
    # A parked item without a time gets one on import; here, the document's own export time stands in.
    parked_at = pm.get("exported_at") or pm.get("written_at") or datetime.fromtimestamp(0, UTC)
    parking = [records.ParkingItem(i + 1, 0, p["text"], p["at"] or parked_at, p["by"], p["section"], p["done"], i)
               for i, p in enumerate(document.parking)]
    meetings, participant_ids, item_ids = [], count(1), count(1)
    for i, m in enumerate(document.meetings):
        meeting_id = i + 1
        meetings.append(records.MeetingState(
            records.Meeting(meeting_id, 0, m["started_at"], m["ended_at"]),
            tuple(records.MeetingParticipant(next(participant_ids), meeting_id, p["name"], p["role"], n)
                  for n, p in enumerate(m["participants"])),
            tuple(records.AgendaItem(next(item_ids), meeting_id, position=n, **item)
                  for n, item in enumerate(m["agenda"]))))
    return PostmortemBundle(postmortem, events, impact, metrics, whys, categories, causes, faults, root_causes,
                            actions, updates, learnings, references, dismissals, overrides, parking, meetings)
