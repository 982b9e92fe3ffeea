"""Rules every stored value obeys, checked by the service before any write.

Screens parse what people type into typed values (see `app.logic`); these
checks guard the store itself, so the CLI, imports and screens share them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import Any

from data import enums
from data.errors import ValidationError

INCIDENT_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$")

Check = Callable[[str, Any], Any]


def one_of(enum: type[StrEnum], *, optional: bool = False) -> Check:
    allowed = [member.value for member in enum]

    def check(field: str, value: Any) -> Any:
        if value is None and optional:
            return None
        if value not in allowed:
            raise ValidationError(field, f"{field} must be one of {', '.join(allowed)} (got {value!r}).")
        return str(value)

    return check


def text(*, required: bool = False, max_length: int | None = None) -> Check:
    def check(field: str, value: Any) -> Any:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValidationError(field, f"{field} must be text.")
        if "\x00" in value:  # PostgreSQL cannot store it; refused on every backend alike
            raise ValidationError(field, f"{field} contains a NUL character (\\0), which cannot be stored.")
        if required and not value.strip():
            raise ValidationError(field, f"{field.replace('_', ' ').capitalize()} is required.")
        if max_length is not None and len(value) > max_length:
            raise ValidationError(field, f"{field} is longer than {max_length} characters.")
        return value

    return check


def currency_code() -> Check:
    """Three ASCII letters (ISO 4217), stored upper-case, as import reads them: a stored code always
    survives an export and an import."""

    def check(field: str, value: Any) -> Any:
        code = value.strip().upper() if isinstance(value, str) else value
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{3}", code):
            raise ValidationError(field, f"{field} must be a three-letter code such as USD or EUR (got {value!r}).")
        return code

    return check


#: The largest whole number stored: exact as a float too, and far inside SQLite's 64-bit integers.
MAX_WHOLE = 2**53


def number(
    *,
    minimum: float | None = 0,
    maximum: float | None = None,
    below: float | None = None,
    integer: bool = False,
) -> Check:
    def check(field: str, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(field, f"{field} must be a number.")
        if value != value or value in (float("inf"), float("-inf")):
            raise ValidationError(field, f"{field} must be a finite number.")
        if minimum is not None and value < minimum:
            raise ValidationError(field, f"{field} cannot be below {minimum:g}.")
        if maximum is not None and value > maximum:
            raise ValidationError(field, f"{field} cannot be above {maximum:g}.")
        if below is not None and value >= below:
            raise ValidationError(field, f"{field} must be below {below:g}.")
        if integer:
            if abs(value) > MAX_WHOLE:
                raise ValidationError(field, f"{field} cannot be above {MAX_WHOLE:,} (got {value:.3g}).")
            if float(value) != int(value):
                raise ValidationError(field, f"{field} must be a whole number.")
            return int(value)
        return float(value)

    return check


def instant(*, optional: bool = True) -> Check:
    def check(field: str, value: Any) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValidationError(field, f"{field} must be a date and time with a timezone.")
        return value

    return check


def flag(field: str, value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValidationError(field, f"{field} must be true or false.")
    return value


def day(field: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError(field, f"{field} must be a date.")
    return value


def reference(*, optional: bool = True) -> Check:
    def check(field: str, value: Any) -> Any:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(field, f"{field} must refer to an existing row.")
        return value

    return check


def incident_id(field: str, value: Any) -> Any:
    value = text(required=True)(field, value).strip()
    if not INCIDENT_ID_PATTERN.match(value):
        raise ValidationError(
            field,
            "Incident id: letters, digits and . _ : / - only, no spaces, "
            f"at most 64 characters (e.g. INC-2024-001); got {value!r}.",
        )
    return value


@cache
def _zone_names() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def timezone(field: str, value: Any) -> Any:
    value = text(required=True)(field, value).strip()
    if value not in _zone_names():
        raise ValidationError(
            field,
            f"{value!r} is not an IANA timezone name; use a name such as UTC, "
            "Europe/London or America/New_York.",
        )
    return value


def names(field: str, value: Any) -> tuple[str, ...]:
    """A list of names: trimmed, blanks dropped, duplicates (ignoring case) removed."""
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError(field, f"{field} must be a list of names.")
    seen: set[str] = set()
    result = []
    for item in value:
        if not isinstance(item, str):
            raise ValidationError(field, f"{field} must be a list of names.")
        name = " ".join(item.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return tuple(result)


def tags(field: str, value: Any) -> tuple[str, ...]:
    """Tags are lower-case, without spaces inside (`Database Pool` -> `database-pool`)."""
    return tuple(
        dict.fromkeys("-".join(name.lower().split()) for name in names(field, value))
    )


POSTMORTEM_RULES: dict[str, Check] = {
    "incident_id": incident_id,
    "title": text(required=True, max_length=300),
    "incident_type": one_of(enums.IncidentType),
    "severity": one_of(enums.Severity),
    "status": one_of(enums.PostmortemStatus),
    "timezone": timezone,
    "summary": text(),
    "owner": text(max_length=200),
    "contributors": names,
    "tags": tags,
    "written_at": instant(),
    "problem_statement": text(),
    "closed_reason": text(),
    "exported_at": instant(),
}

EVENT_RULES: dict[str, Check] = {
    "at": instant(optional=False),
    "kind": one_of(enums.EventKind),
    "description": text(),
    "source": text(),
    "action_taken": text(),
    "seq": number(integer=True),
}

IMPACT_RULES: dict[str, Check] = {
    "users_affected": number(integer=True),
    "user_base": number(integer=True),
    "degradation_percent": number(maximum=100),
    "window_start": instant(),
    "window_end": instant(),
    "revenue_amount": number(),
    "revenue_period": text(required=True),
    "currency": currency_code(),
    "slo_target_percent": number(below=100),
    "slo_window_days": number(),
    "mrr": number(),
    "sla_credit_percent": number(maximum=100),
    "support_tickets": number(integer=True),
    "responder_hours": number(),
    "hourly_cost": number(),
    "churned_customers": number(integer=True),
    "churned_arr": number(),
    "nps_before": number(minimum=-100, maximum=100),
    "nps_after": number(minimum=-100, maximum=100),
    "narrative": text(),
}

METRIC_RULES: dict[str, Check] = {
    "name": text(required=True),
    "baseline": text(),
    "during": text(),
    "after": text(),
    "position": number(integer=True),
}

WHY_RULES: dict[str, Check] = {
    "parent_id": reference(),
    "question": text(),
    "answer": text(),
    "position": number(integer=True),
}

FISHBONE_CATEGORY_RULES: dict[str, Check] = {
    "name": text(required=True, max_length=80),
    "position": number(integer=True),
}

FISHBONE_CAUSE_RULES: dict[str, Check] = {
    "category_id": reference(optional=False),
    "parent_id": reference(),
    "text": text(required=True),
    "position": number(integer=True),
}

FAULT_NODE_RULES: dict[str, Check] = {
    "parent_id": reference(),
    "label": text(required=True),
    "gate": one_of(enums.Gate, optional=True),
    "position": number(integer=True),
}

ROOT_CAUSE_RULES: dict[str, Check] = {
    "text": text(required=True),
    "kind": one_of(enums.RootCauseKind),
    "category": text(),
    "why_node_id": reference(),
    "fishbone_cause_id": reference(),
    "fault_node_id": reference(),
    "position": number(integer=True),
}

ACTION_RULES: dict[str, Check] = {
    "title": text(required=True),
    "owner": text(max_length=200),
    "due": day,
    "action_type": one_of(enums.ActionType, optional=True),
    "status": one_of(enums.ActionStatus),
    "status_reason": text(),
    "impact": one_of(enums.Level, optional=True),
    "effort": one_of(enums.Level, optional=True),
    "control": one_of(enums.ControlLevel, optional=True),
    "success_measure": text(),
    "tracker": text(max_length=500),
    "position": number(integer=True),
}

ACTION_UPDATE_RULES: dict[str, Check] = {
    "at": instant(optional=False),
    "by": text(),
    "old_status": one_of(enums.ActionStatus, optional=True),
    "new_status": one_of(enums.ActionStatus, optional=True),
    "note": text(),
}

LEARNING_RULES: dict[str, Check] = {
    "kind": one_of(enums.LearningKind),
    "text": text(required=True),
    "position": number(integer=True),
}

REFERENCE_RULES: dict[str, Check] = {
    "kind": one_of(enums.ReferenceKind),
    "label": text(required=True),
    "url": text(),
    "position": number(integer=True),
}


DISMISSAL_RULES: dict[str, Check] = {
    "rule": text(required=True),
    "path": text(required=True),
    "text": text(),
    "reason": text(required=True),
    "by": text(),
    "at": instant(optional=False),
}

OVERRIDE_RULES: dict[str, Check] = {
    "criterion": text(required=True),
    "score": number(minimum=1, maximum=5, integer=True),
    "note": text(required=True),
    "by": text(),
    "at": instant(optional=False),
}

PARTICIPANT_RULES: dict[str, Check] = {
    "name": text(required=True, max_length=200),
    "role": one_of(enums.MeetingRole),
    "position": number(integer=True),
}

AGENDA_RULES: dict[str, Check] = {
    "title": text(required=True, max_length=200),
    "step": number(minimum=1, maximum=5, integer=True),
    "section": text(required=True),
    "timebox_minutes": number(minimum=1, maximum=600, integer=True),
    "spent_seconds": number(),
    "started_at": instant(),
    "position": number(integer=True),
}

PARKING_RULES: dict[str, Check] = {
    "text": text(required=True, max_length=2000),
    "by": text(),
    "at": instant(optional=False),
    "section": text(),
    "done": flag,
    "position": number(integer=True),
}


def clean(rules: dict[str, Check], values: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise `values` against `rules`; unknown fields are an error."""
    cleaned = {}
    for name, value in values.items():
        rule = rules.get(name)
        if rule is None:
            raise ValidationError(name, f"Unknown field {name!r}.")
        cleaned[name] = rule(name, value)
    return cleaned
