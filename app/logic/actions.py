"""Corrective actions: due dates as people say them, buckets, priorities, and the SMART warnings.

Everything takes "today" as an argument: nothing here reads the clock.

Buckets and priorities are defined in `app.logic.buckets` (re-exported here).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from contextlib import suppress
from datetime import date, timedelta

from app.logic.buckets import (  # noqa: F401 - re-exported: the rest of the app imports them from here
    BUCKET_TITLES,
    BUCKETS,
    PRIORITY,
    QUADRANTS,
    bucket_of,
    priority,
    quadrant,
)
from app.logic.language import WARNING, Finding
from data.enums import ActionStatus
from data.records import CorrectiveAction, RootCause

ACTIVE = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED)
CLOSED = (ActionStatus.DONE, ActionStatus.WONT_DO)

DUE_FORMS = "2024-03-15, Mar 15, next friday, tomorrow, +2w, +10d, end of Q2, end of month"

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_name) if name})
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_WEEKDAYS.update({name.lower(): number for number, name in enumerate(calendar.day_abbr)})


class DueDateError(ValueError):
    """Not a date we can use; the message says why and what to type."""


def parse_due(text: str, today: date) -> date:
    """A due date as typed: ISO, a month and day, a weekday, a relative offset or a period's end."""
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    if not cleaned:
        raise DueDateError(f"Type a due date: {DUE_FORMS}.")
    try:
        for reader in (_iso, _relative, _named_day, _weekday, _period_end, _month_day):
            found = reader(cleaned, today)
            if found is not None:
                return found
    except DueDateError:
        raise
    except (OverflowError, ValueError):  # date arithmetic past year 9999, or a number too long to convert
        raise DueDateError(f"{text.strip()[:40]!r} falls outside the calendar (years 1 to 9999).") from None
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?", cleaned):
        raise DueDateError(f"{text.strip()!r} is ambiguous: is it day/month or month/day? "
                           "Type 2024-03-15 or Mar 15.")
    raise DueDateError(f"{text.strip()!r} is not a due date. Type {DUE_FORMS}.")


def _iso(text: str, today: date) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DueDateError(f"{text!r} is not a real date.") from None


def _relative(text: str, today: date) -> date | None:
    match = re.fullmatch(r"(?:\+|in )(\d+) ?(d|day|days|w|wk|week|weeks|m|mo|month|months)", text)
    if not match:
        return None
    count, unit = int(match[1]), match[2][0]
    if unit == "d":
        return today + timedelta(days=count)
    if unit == "w":
        return today + timedelta(weeks=count)
    return _add_months(today, count)


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _named_day(text: str, today: date) -> date | None:
    """Only the day named is worked out: on the calendar's last day, `today` still reads."""
    days = {"today": lambda: today, "tomorrow": lambda: today + timedelta(days=1),
            "next week": lambda: today + timedelta(days=7 - today.weekday()),
            "next month": lambda: _add_months(today.replace(day=1), 1)}
    return days[text]() if text in days else None


def _weekday(text: str, today: date) -> date | None:
    match = re.fullmatch(r"(next |this )?([a-z]+)", text)
    if not match or match[2] not in _WEEKDAYS:
        return None
    ahead = (_WEEKDAYS[match[2]] - today.weekday()) % 7
    if match[1] == "next " or ahead == 0:
        ahead = ahead or 7
    return today + timedelta(days=ahead)


def _period_end(text: str, today: date) -> date | None:
    match = re.fullmatch(r"(?:end of |eo)(q[1-4]|quarter|month|year|m|q|y)(?: (\d{4}))?", text)
    if not match:
        return None
    period, year = match[1], int(match[2]) if match[2] else None
    if year == 0:  # a typed year, not "this year": refused rather than read as today's year
        raise DueDateError(f"{text!r}: there is no year 0.")
    if period in ("month", "m"):
        return date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    if period in ("year", "y"):
        return date(year or today.year, 12, 31)
    quarter = (today.month - 1) // 3 + 1 if period in ("quarter", "q") else int(period[1])
    last_month = quarter * 3
    end = date(year or today.year, last_month, calendar.monthrange(year or today.year, last_month)[1])
    if year is None and end < today:
        end = date(end.year + 1, last_month, end.day)
    return end


def _month_day(text: str, today: date) -> date | None:
    match = re.fullmatch(r"([a-z]+)\.? (\d{1,2})(?: (\d{4}))?|(\d{1,2}) ([a-z]+)\.?(?: (\d{4}))?", text)
    if not match:
        return None
    month_name, day, year = (match[1], match[2], match[3]) if match[1] else (match[5], match[4], match[6])
    if month_name not in _MONTHS:
        return None
    month, day_number = _MONTHS[month_name], int(day)
    # Without a year, the year that puts the date closest to today (Jan 10 typed in December is next
    # January); only years in which the date exists count (Feb 29 typed in December 2023 is 2024-02-29).
    candidates = []
    for candidate_year in (int(year),) if year else (today.year - 1, today.year, today.year + 1):
        with suppress(ValueError):
            candidates.append(date(candidate_year, month, day_number))
    if not candidates:
        raise DueDateError(f"{text!r} is not a real date.")
    return min(candidates, key=lambda candidate: abs((candidate - today).days))


def suggest_type(due: date, written: date) -> str:
    """immediate (days: within a week), short_term (weeks: within six), long_term (months)."""
    days = (due - written).days
    if days <= 7:
        return "immediate"
    if days <= 42:
        return "short_term"
    return "long_term"


def bucket(action: CorrectiveAction, today: date) -> str:
    return bucket_of(action.status, action.due, today)


def is_overdue(action: CorrectiveAction, today: date) -> bool:
    return bucket(action, today) == "overdue"


# -- SMART warnings, shared with the review checks -------------------------------------------------

GROUP_OWNERS = re.compile(
    r"^(?:the )?(?:team|teams|eng|engineering|everyone|everybody|all|us|we|ops|devops|sre|dev|devs|"
    r"developers|management|tbd|tba|n/?a|someone|somebody|anyone|nobody|none|unassigned|\?+|"
    r"[\w-]+ team|team [\w-]+)$",
    re.IGNORECASE,
)


def owner_problem(owner: str) -> str:
    """Why an owner is not a named person ('' when it looks like one)."""
    cleaned = " ".join(owner.split())
    if not cleaned:
        return "no owner: name one person who will drive it"
    if GROUP_OWNERS.match(cleaned):
        return f"“{cleaned}” is a group, not a person: name one owner (they may delegate)"
    return ""


def action_findings(actions: Sequence[CorrectiveAction], root_causes: Sequence[RootCause],
                    today: date | None = None) -> list[Finding]:
    """Owner, due date, count, control mix, coverage of root causes: the structural action checks."""
    findings: list[Finding] = []
    for index, action in enumerate(actions):
        if action.status == "wont_do":
            continue
        path = f"actions[{index}]"
        problem = owner_problem(action.owner)
        if problem:
            rule = "NO_OWNER" if not action.owner.strip() else "GROUP_OWNER"
            findings.append(Finding(rule, "Name an owner", WARNING, f"{path}.owner", None, action.owner,
                                    f"“{action.title}”: {problem}.",
                                    "Who will make sure it is done? One name, not a team."))
        if action.due is None and action.status not in CLOSED:
            findings.append(Finding("NO_DUE_DATE", "Set a due date", WARNING, f"{path}.due", None, "",
                                    f"“{action.title}” has no due date: it will drift.",
                                    "By when? A date, or end of Q2."))
    active = [a for a in actions if a.status != "wont_do"]
    if len(active) > 10:
        findings.append(Finding("TOO_MANY_ACTIONS", "Too many actions", WARNING, "actions", None, "",
                                f"{len(active)} actions: more than 10 rarely all get done.",
                                "Keep the few that prevent recurrence; park the rest in the backlog."))
    controls = {a.control for a in active if a.control}
    if active and controls and controls <= {"administrative", "training"} and all(a.control for a in active):
        findings.append(Finding("ONLY_WEAK_CONTROLS", "Only process and training", WARNING, "actions", None, "",
                                "Every action is administrative or training: the weakest controls on their own.",
                                "Add an engineering control: can the system prevent or catch this?"))
    for index, cause in enumerate(root_causes):
        if not any(cause.id in a.root_cause_ids for a in active):
            findings.append(Finding("ROOT_CAUSE_WITHOUT_ACTION", "Root cause with no action", WARNING,
                                    f"root_causes[{index}]", None, cause.text,
                                    f"No action addresses the root cause “{cause.text}”.",
                                    "Add an action for it, or link an existing one."))
    return findings


def is_past(due: date, today: date) -> bool:
    return due < today
