"""Where an action stands on a given day (its bucket) and its priority: the check-in's sorting keys.

Kept free of every other import so that `postmortem actions` pays for nothing more than this.

Buckets (the `actions` JSON contract): `closed` (done / wont_do), else `no_date`, else
`overdue` (due before today), `this_week` (today to the end of today's ISO week, Sunday),
`next_week` (the following ISO week), `later`. An action due today is not overdue.
"""

from __future__ import annotations

from datetime import date, timedelta

CLOSED_STATUSES = ("done", "wont_do")
BUCKETS = ("overdue", "this_week", "next_week", "later", "no_date", "closed")
BUCKET_TITLES = {"overdue": "Overdue", "this_week": "Due this week", "next_week": "Due next week",
                 "later": "Later", "no_date": "No due date", "closed": "Closed"}

QUADRANTS = {("high", "low"): "do now", ("high", "high"): "strategic project",
             ("low", "low"): "if spare capacity", ("low", "high"): "reconsider"}
PRIORITY = {"do now": "P1", "strategic project": "P2", "if spare capacity": "P3", "reconsider": "P4"}


def bucket_of(status: str, due: date | None, today: date) -> str:
    """The bucket of an action with this status and due date, seen on `today`."""
    if status in CLOSED_STATUSES:
        return "closed"
    if due is None:
        return "no_date"
    if due < today:
        return "overdue"
    end_of_week = today + timedelta(days=6 - today.weekday())
    if due <= end_of_week:
        return "this_week"
    if due <= end_of_week + timedelta(days=7):
        return "next_week"
    return "later"


def quadrant(impact: str | None, effort: str | None) -> str:
    """The prioritisation quadrant, '' until both impact and effort are known."""
    return QUADRANTS.get((impact or "", effort or ""), "")


def priority(impact: str | None, effort: str | None) -> str:
    return PRIORITY.get(quadrant(impact, effort), "")
