"""Reading a `postmortem/v1` document: every problem found and listed by JSON path, nothing half-read.

The result is an `ImportedPostmortem` ready for the store to write in one transaction.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from app.logic.document_meeting import read_meetings, read_parking_lot
from app.logic.numbers import MAX_COUNT
from data import enums, validation
from data.errors import ValidationError
from data.imported import ImportedPostmortem

FORMAT = "postmortem/v1"
#: JSON may escape half a surrogate pair on its own (\ud800): not text, and the store cannot write it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: Deepest chain of whys or causes taken: exports and screens walk trees recursively, and Python's stack ends.
MAX_DEPTH = 200


class DocumentError(ValueError):
    """The document cannot be imported; `problems` lists every one, by JSON path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


KNOWN_TOP = {"format", "incident_id", "title", "incident_type", "severity", "status", "timezone", "summary", "owner",
             "contributors", "tags", "written_at", "timeline", "impact", "problem_statement", "whys", "fishbone",
             "fault_tree", "root_causes", "actions", "went_well", "got_lucky", "lessons", "references",
             "related_incidents", "closed_reason", "dismissals", "rubric_overrides", "derived", "exported_at",
             "failure_stories", "parking_lot", "meetings"}
LEARNING_KINDS = {"went_well": "went_well", "got_lucky": "got_lucky", "lessons": "lesson",
                  "failure_stories": "failure_story"}
IMPACT_NUMBERS = {"users_affected": "count", "user_base": "count", "degradation_percent": "number",
                  "revenue_per_hour": "number", "revenue_amount": "number", "slo_target_percent": "number",
                  "slo_window_days": "number", "mrr": "number", "sla_credit_percent": "number",
                  "support_tickets": "count", "responder_hours": "number", "hourly_cost": "number",
                  "churned_customers": "count", "churned_arr": "number", "nps_before": "score", "nps_after": "score"}


def _shown(value: Any, limit: int | None = None) -> str:
    """A value as JSON for a message (cut at `limit`); never fails, even on an int too long to print."""
    try:
        return json.dumps(value)[:limit]
    except (TypeError, ValueError, RecursionError):
        return type(value).__name__


def _is_key(value: Any) -> bool:
    """Ids are strings or numbers: anything else cannot name a row (nor be looked up in a set)."""
    return isinstance(value, str | int) and not isinstance(value, bool)


class _Reader:
    """Collects every problem (by JSON path) instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.warnings: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def unknown(self, path: str, data: dict[str, Any], known: set[str]) -> None:
        for key in data:
            if key not in known:
                self.warnings.append(f"{path + '.' if path else ''}{key}: unknown field, ignored")

    def text(self, data: dict[str, Any], key: str, path: str, *, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(path, "required")
            return ""
        if not isinstance(value, str) or _LONE_SURROGATE.search(value):
            self.fail(path, f"expected text, got {_shown(value, 40)}")
            return ""
        if required and not value.strip():
            self.fail(path, "cannot be empty")
        return value

    def listing(self, data: dict[str, Any], key: str, path: str) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, f"expected a list, got {_shown(value, 40)}")
            return []
        return value

    def record(self, value: Any, path: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(path, f"expected an object, got {_shown(value, 40)}")
            return None
        return value

    def choice(self, data: dict[str, Any], key: str, path: str, enum: Any, default: str | None) -> str | None:
        value = data.get(key)
        if value is None:
            return default
        allowed = [member.value for member in enum]
        if value not in allowed:
            self.fail(path, f"unknown value {_shown(value)} (expected {', '.join(allowed)})")
            return default
        return value

    def instant(self, data: dict[str, Any], key: str, path: str, *, required: bool = False) -> datetime | None:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(path, "required")
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if parsed.tzinfo is None:
                self.fail(path, f"not a time with an offset: {_shown(value)} (add Z or +00:00)")
                return None
            return parsed.astimezone(UTC)
        except ValueError:
            self.fail(path, f"not a time: {_shown(value)}")
        except OverflowError:  # 0001-01-01T00:00+01:00 is a time, but not one UTC can hold
            self.fail(path, f"outside the calendar in UTC (years 1 to 9999): {_shown(value)}")
        return None

    def day(self, data: dict[str, Any], key: str, path: str) -> date | None:
        value = data.get(key)
        if value is None:
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.fail(path, f"not a date (YYYY-MM-DD): {_shown(value)}")
            return None

    def number(self, data: dict[str, Any], key: str, path: str, kind: str) -> float | int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, f"expected a number, got {_shown(value, 40)}")
            return None
        if (isinstance(value, int) and value.bit_length() > 1000) or (kind != "number" and not math.isfinite(value)):
            self.fail(path, f"expected a finite number, got {_shown(value, 40)}")  # where float() or int() fails
            return None
        if kind == "score" and not -100 <= value <= 100:
            self.fail(path, f"an NPS score runs from -100 to 100, got {value}")
        elif kind != "score" and value < 0:
            self.fail(path, f"cannot be negative, got {value}")
        if kind == "count":
            if float(value) != int(value) or value > MAX_COUNT:  # above it, the store cannot hold it exactly
                self.fail(path, f"expected a whole number up to {MAX_COUNT}, got {value:.15g}")
                return None
            return int(value)
        return float(value)

    def key(self, data: dict[str, Any], path: str, seen: set[Any]) -> Any:
        value = data.get("id")
        if not _is_key(value):
            self.fail(f"{path}.id", "required: a string or number unique in its list")
            return None
        if value in seen:
            self.fail(f"{path}.id", f"{_shown(value)} is used twice")
        seen.add(value)
        return value


def parse_document(data: Any) -> tuple[ImportedPostmortem, list[str]]:
    """Check a decoded document; return what to store and the warnings, or raise `DocumentError`."""
    read = _Reader()
    if not isinstance(data, dict):
        raise DocumentError(["(document): expected a JSON object"])
    if data.get("format") != FORMAT:
        read.fail("format", f"expected {json.dumps(FORMAT)}, got {_shown(data.get('format'))}")
    read.unknown("", data, KNOWN_TOP)
    pm: dict[str, Any] = {
        "incident_id": read.text(data, "incident_id", "incident_id", required=True).strip(),
        "title": read.text(data, "title", "title", required=True),
        "incident_type": read.choice(data, "incident_type", "incident_type", enums.IncidentType, "outage"),
        "severity": read.choice(data, "severity", "severity", enums.Severity, "medium"),
        "status": read.choice(data, "status", "status", enums.PostmortemStatus, "draft"),
        "timezone": read.text(data, "timezone", "timezone") or "UTC",
        "summary": read.text(data, "summary", "summary"),
        "owner": read.text(data, "owner", "owner"),
        "written_at": read.instant(data, "written_at", "written_at"),
        "problem_statement": read.text(data, "problem_statement", "problem_statement"),
        "closed_reason": read.text(data, "closed_reason", "closed_reason"),
        "exported_at": read.instant(data, "exported_at", "exported_at"),
    }
    for name, check in (("incident_id", validation.incident_id), ("timezone", validation.timezone)):
        if pm[name]:
            try:
                check(name, pm[name])
            except ValidationError as error:
                read.fail(name, error.message)
    names: dict[str, list[str]] = {}
    for key in ("contributors", "tags", "went_well", "got_lucky", "lessons", "failure_stories"):
        names[key] = []
        for index, item in enumerate(read.listing(data, key, key)):
            if not isinstance(item, str) or _LONE_SURROGATE.search(item):
                read.fail(f"{key}[{index}]", f"expected text, got {_shown(item, 40)}")
            elif item.strip():
                names[key].append(item)
    doc = ImportedPostmortem(postmortem=pm, contributors=list(validation.names("contributors", names["contributors"])),
                             tags=list(validation.tags("tags", names["tags"])))
    doc.learnings = [{"kind": kind, "text": text} for key, kind in LEARNING_KINDS.items() for text in names[key]]
    _events(read, data, doc)
    _impact(read, data, doc)
    _analysis(read, data, doc)
    _actions(read, data, doc)
    for key, kind in (("references", "reference"), ("related_incidents", "related_incident")):
        for index, item in enumerate(read.listing(data, key, key)):
            entry = read.record(item, f"{key}[{index}]")
            if entry is not None:
                read.unknown(f"{key}[{index}]", entry, {"label", "url"})
                label = read.text(entry, "label", f"{key}[{index}].label")
                url = read.text(entry, "url", f"{key}[{index}].url")
                if not (label or url):
                    read.fail(f"{key}[{index}]", "needs a label or a url")
                doc.references.append({"kind": kind, "label": label or url, "url": url})
    _review(read, data, doc)
    read_parking_lot(read, data, doc)
    read_meetings(read, data, doc)
    if read.problems:
        raise DocumentError(read.problems)
    return doc, read.warnings


def _review(read: _Reader, data: dict[str, Any], doc: ImportedPostmortem) -> None:
    """Dismissed findings and rubric overrides, with who and when."""
    for index, item in enumerate(read.listing(data, "dismissals", "dismissals")):
        path = f"dismissals[{index}]"
        entry = read.record(item, path)
        if entry is not None:
            read.unknown(path, entry, {"rule", "path", "text", "reason", "by", "at"})
            doc.dismissals.append({
                "rule": read.text(entry, "rule", f"{path}.rule", required=True),
                "path": read.text(entry, "path", f"{path}.path", required=True),
                "text": read.text(entry, "text", f"{path}.text"),
                "reason": read.text(entry, "reason", f"{path}.reason", required=True),
                "by": read.text(entry, "by", f"{path}.by"),
                "at": read.instant(entry, "at", f"{path}.at", required=True)})
    from app.logic.review import CRITERIA

    seen: set[str] = set()
    for index, item in enumerate(read.listing(data, "rubric_overrides", "rubric_overrides")):
        path = f"rubric_overrides[{index}]"
        entry = read.record(item, path)
        if entry is None:
            continue
        read.unknown(path, entry, {"criterion", "score", "note", "by", "at"})
        criterion = read.text(entry, "criterion", f"{path}.criterion", required=True)
        if criterion and criterion not in CRITERIA:
            read.fail(f"{path}.criterion", f"unknown criterion \"{criterion}\" (expected {', '.join(CRITERIA)})")
        elif criterion in seen:
            read.fail(f"{path}.criterion", f"\"{criterion}\" is overridden twice")
        seen.add(criterion)
        score = read.number(entry, "score", f"{path}.score", "count")
        if score is None or not 1 <= score <= 5:
            read.fail(f"{path}.score", "expected a score from 1 to 5")
        doc.overrides.append({"criterion": criterion,
                              "score": score, "note": read.text(entry, "note", f"{path}.note", required=True),
                              "by": read.text(entry, "by", f"{path}.by"),
                              "at": read.instant(entry, "at", f"{path}.at", required=True)})


def _events(read: _Reader, data: dict[str, Any], doc: ImportedPostmortem) -> None:
    for index, item in enumerate(read.listing(data, "timeline", "timeline")):
        path = f"timeline[{index}]"
        event = read.record(item, path)
        if event is None:
            continue
        read.unknown(path, event, {"at", "kind", "description", "source", "action_taken"})
        doc.events.append({
            "at": read.instant(event, "at", f"{path}.at", required=True),
            "kind": read.choice(event, "kind", f"{path}.kind", enums.EventKind, "note"),
            "description": read.text(event, "description", f"{path}.description"),
            "source": read.text(event, "source", f"{path}.source"),
            "action_taken": read.text(event, "action_taken", f"{path}.action_taken"),
        })
    doc.events.sort(key=lambda e: e["at"] or datetime.min.replace(tzinfo=UTC))


def _impact(read: _Reader, data: dict[str, Any], doc: ImportedPostmortem) -> None:
    raw = data.get("impact")
    if raw is None:
        return
    impact = read.record(raw, "impact")
    if impact is None:
        return
    read.unknown("impact", impact, {*IMPACT_NUMBERS, "window_start", "window_end", "currency", "narrative",
                                    "metrics", "revenue_period"})
    values: dict[str, Any] = {name: read.number(impact, name, f"impact.{name}", kind)
                              for name, kind in IMPACT_NUMBERS.items()}
    for name, value in values.items():
        if value is not None and not math.isfinite(value):
            read.fail(f"impact.{name}", f"expected a finite number, got {_shown(value)}")
    for name in ("degradation_percent", "sla_credit_percent"):
        if values[name] is not None and values[name] > 100:
            read.fail(f"impact.{name}", f"more than 100%: {values[name]:g}")
    if values["slo_target_percent"] is not None and values["slo_target_percent"] >= 100:
        read.fail("impact.slo_target_percent", "an SLO must be below 100%")
    period = impact.get("revenue_period") or "hour"
    if period not in ("hour", "month", "year"):
        read.fail("impact.revenue_period", f"unknown value {_shown(period)} (expected hour, month, year)")
        period = "hour"
    per_hour = values.pop("revenue_per_hour")
    amount = values.pop("revenue_amount")
    if amount is None and per_hour is not None:
        amount, period = per_hour, "hour"
    currency = read.text(impact, "currency", "impact.currency").strip().upper() or "USD"
    if len(currency) != 3 or not (currency.isascii() and currency.isalpha()):
        read.fail("impact.currency", f"not an ISO currency code: {_shown(currency)}")
    doc.impact = {
        **values, "revenue_amount": amount, "revenue_period": period, "currency": currency,
        "window_start": read.instant(impact, "window_start", "impact.window_start"),
        "window_end": read.instant(impact, "window_end", "impact.window_end"),
        "narrative": read.text(impact, "narrative", "impact.narrative"),
    }
    for index, item in enumerate(read.listing(impact, "metrics", "impact.metrics")):
        path = f"impact.metrics[{index}]"
        metric = read.record(item, path)
        if metric is not None:
            read.unknown(path, metric, {"name", "baseline", "during", "after"})
            doc.metrics.append({"name": read.text(metric, "name", f"{path}.name", required=True),
                                **{k: read.text(metric, k, f"{path}.{k}") for k in ("baseline", "during", "after")}})


def _tree(read: _Reader, items: list[dict[str, Any]], path: str, label: str) -> None:
    """Parents must exist in the same list, no item may be its own ancestor, none more than MAX_DEPTH deep."""
    keys = {item["key"] for item in items}
    parent_of = {item["key"]: item.get("parent") for item in items}
    for index, item in enumerate(items):
        parent = item.get("parent")
        if parent is not None and (not _is_key(parent) or parent not in keys):
            read.fail(f"{path}[{index}].parent", f"no {label} has the id {_shown(parent)}")
            item["parent"] = None
            parent_of[item["key"]] = None
    for index, item in enumerate(items):
        seen, current = set(), item["key"]
        while current is not None:
            if current in seen or len(seen) > MAX_DEPTH:
                read.fail(f"{path}[{index}].parent", "the parents form a loop" if current in seen else
                          f"nested more than {MAX_DEPTH} levels deep")
                item["parent"] = None
                break
            seen.add(current)
            current = parent_of.get(current)


def _analysis(read: _Reader, data: dict[str, Any], doc: ImportedPostmortem) -> None:
    seen: set[Any] = set()
    why_roots: dict[Any, str] = {}
    for index, item in enumerate(read.listing(data, "whys", "whys")):
        path = f"whys[{index}]"
        why = read.record(item, path)
        if why is None:
            continue
        read.unknown(path, why, {"id", "parent", "question", "answer", "root_cause"})
        key = read.key(why, path, seen)
        kind = read.choice(why, "root_cause", f"{path}.root_cause", enums.RootCauseKind, None)
        if kind and key is not None:
            why_roots[key] = kind
        doc.whys.append({"key": key, "parent": why.get("parent"), "question": read.text(why, "question", path),
                         "answer": read.text(why, "answer", f"{path}.answer")})
    _tree(read, doc.whys, "whys", "why")
    fishbone = data.get("fishbone")
    if fishbone is not None and read.record(fishbone, "fishbone") is not None:
        read.unknown("fishbone", fishbone, {"categories", "causes"})
        for index, name in enumerate(read.listing(fishbone, "categories", "fishbone.categories")):
            if not isinstance(name, str) or not name.strip() or _LONE_SURROGATE.search(name):
                read.fail(f"fishbone.categories[{index}]", "expected a category name")
            elif name not in doc.categories:
                doc.categories.append(name)
        seen = set()
        for index, item in enumerate(read.listing(fishbone, "causes", "fishbone.causes")):
            path = f"fishbone.causes[{index}]"
            cause = read.record(item, path)
            if cause is None:
                continue
            read.unknown(path, cause, {"id", "category", "parent", "text"})
            category = read.text(cause, "category", f"{path}.category", required=True)
            if category and category not in doc.categories:
                doc.categories.append(category)
            doc.causes.append({"key": read.key(cause, path, seen), "category": category,
                               "parent": cause.get("parent"), "text": read.text(cause, "text", f"{path}.text",
                                                                                required=True)})
        _tree(read, doc.causes, "fishbone.causes", "cause")
    else:
        doc.categories = list(enums.DEFAULT_FISHBONE_CATEGORIES) if fishbone is None else doc.categories
    _fault_tree(read, data.get("fault_tree"), doc)
    seen = set()
    linked_whys = set()
    known = {"why": {w["key"] for w in doc.whys}, "fishbone_cause": {c["key"] for c in doc.causes},
             "fault_event": {f["key"] for f in doc.faults}}
    for index, item in enumerate(read.listing(data, "root_causes", "root_causes")):
        path = f"root_causes[{index}]"
        cause = read.record(item, path)
        if cause is None:
            continue
        read.unknown(path, cause, {"id", "text", "kind", "category", "why", "fishbone_cause", "fault_event"})
        links = {}
        for field, target in (("why", "why"), ("fishbone_cause", "cause"), ("fault_event", "fault")):
            value = cause.get(field)
            if value is not None and (not _is_key(value) or value not in known[field]):
                read.fail(f"{path}.{field}", f"no {field.replace('_', ' ')} has the id {_shown(value)}")
                value = None
            links[target] = value
        linked_whys.add(links["why"])
        doc.root_causes.append({"key": read.key(cause, path, seen),
                                "text": read.text(cause, "text", f"{path}.text", required=True),
                                "kind": read.choice(cause, "kind", f"{path}.kind", enums.RootCauseKind, "primary"),
                                "category": read.text(cause, "category", f"{path}.category"), **links})
    for why in doc.whys:  # a why marked as a root cause with no entry of its own gets one
        if why["key"] in why_roots and why["key"] not in linked_whys:
            doc.root_causes.append({"key": ("why-root", why["key"]), "text": why["answer"] or why["question"],
                                    "kind": why_roots[why["key"]], "category": "", "why": why["key"],
                                    "cause": None, "fault": None})


def _fault_tree(read: _Reader, raw: Any, doc: ImportedPostmortem) -> None:
    if raw is None:
        return
    seen: set[Any] = set()

    def visit(node: Any, path: str, parent: Any) -> None:
        entry = read.record(node, path)
        if entry is None:
            return
        read.unknown(path, entry, {"id", "label", "gate", "children"})
        key = read.key(entry, path, seen)
        doc.faults.append({"key": key, "parent": parent, "label": read.text(entry, "label", f"{path}.label",
                                                                           required=True),
                           "gate": read.choice(entry, "gate", f"{path}.gate", enums.Gate, None)})
        for index, child in enumerate(read.listing(entry, "children", f"{path}.children")):
            visit(child, f"{path}.children[{index}]", key)

    visit(raw, "fault_tree", None)


def _actions(read: _Reader, data: dict[str, Any], doc: ImportedPostmortem) -> None:
    root_keys = {c["key"] for c in doc.root_causes}
    seen: set[Any] = set()
    for index, item in enumerate(read.listing(data, "actions", "actions")):
        path = f"actions[{index}]"
        action = read.record(item, path)
        if action is None:
            continue
        read.unknown(path, action, {"id", "title", "owner", "due", "type", "status", "impact", "effort", "control",
                                    "success_measure", "root_causes", "tracker", "updates", "status_reason"})
        read.key(action, path, seen)
        links = []
        for link_index, key in enumerate(read.listing(action, "root_causes", f"{path}.root_causes")):
            if not _is_key(key) or key not in root_keys:
                read.fail(f"{path}.root_causes[{link_index}]", f"no root cause has the id {_shown(key)}")
            else:
                links.append(key)
        choose: Callable[..., Any] = read.choice
        entry = {
            "title": read.text(action, "title", f"{path}.title", required=True),
            "owner": read.text(action, "owner", f"{path}.owner"),
            "due": read.day(action, "due", f"{path}.due"),
            "action_type": choose(action, "type", f"{path}.type", enums.ActionType, None),
            "status": choose(action, "status", f"{path}.status", enums.ActionStatus, "open"),
            "impact": choose(action, "impact", f"{path}.impact", enums.Level, None),
            "effort": choose(action, "effort", f"{path}.effort", enums.Level, None),
            "control": choose(action, "control", f"{path}.control", enums.ControlLevel, None),
            "success_measure": read.text(action, "success_measure", f"{path}.success_measure"),
            "tracker": read.text(action, "tracker", f"{path}.tracker"),
            "status_reason": read.text(action, "status_reason", f"{path}.status_reason"),
            "key": action.get("id"), "root_causes": links, "updates": [],
        }
        previous = "open"
        for update_index, raw in enumerate(read.listing(action, "updates", f"{path}.updates")):
            update_path = f"{path}.updates[{update_index}]"
            update = read.record(raw, update_path)
            if update is None:
                continue
            read.unknown(update_path, update, {"at", "by", "status", "note", "old_status"})
            status = choose(update, "status", f"{update_path}.status", enums.ActionStatus, None)
            old = choose(update, "old_status", f"{update_path}.old_status", enums.ActionStatus, None) \
                if "old_status" in update else previous
            entry["updates"].append({"at": read.instant(update, "at", f"{update_path}.at", required=True),
                                     "by": read.text(update, "by", f"{update_path}.by"), "new_status": status,
                                     "old_status": old, "note": read.text(update, "note", f"{update_path}.note")})
            previous = status or previous
        doc.actions.append(entry)
