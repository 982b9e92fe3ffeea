"""Action logic: due dates against a fixed today, buckets, quadrants, type suggestions, warnings, closing."""

from __future__ import annotations

from datetime import date

import pytest

from app.logic.actions import (
    DueDateError,
    action_findings,
    bucket,
    owner_problem,
    parse_due,
    priority,
    quadrant,
    suggest_type,
)
from app.logic.tracking import TrackerFilter, check_in_order, group_rows
from data.clock import clock_for_date
from data.errors import ValidationError
from data.records import CorrectiveAction, RootCause, TrackedAction

TODAY = date(2024, 3, 2)  # a Saturday


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-15", date(2024, 3, 15)), ("Mar 15", date(2024, 3, 15)), ("march 15", date(2024, 3, 15)),
    ("15 Mar", date(2024, 3, 15)), ("Mar 15 2025", date(2025, 3, 15)), ("next friday", date(2024, 3, 8)),
    ("Friday", date(2024, 3, 8)), ("tomorrow", date(2024, 3, 3)), ("today", TODAY), ("+2w", date(2024, 3, 16)),
    ("+10d", date(2024, 3, 12)), ("+1m", date(2024, 4, 2)), ("in 3 weeks", date(2024, 3, 23)),
    ("end of Q2", date(2024, 6, 30)), ("end of q1", date(2024, 3, 31)), ("end of month", date(2024, 3, 31)),
    ("end of quarter", date(2024, 3, 31)), ("EOQ", date(2024, 3, 31)), ("end of year", date(2024, 12, 31)),
])
def test_due_dates_the_way_people_say_them(text: str, expected: date) -> None:
    assert parse_due(text, TODAY) == expected


def test_relative_to_the_injected_today() -> None:
    assert parse_due("Jan 10", date(2024, 12, 20)) == date(2025, 1, 10)  # the nearest Jan 10
    assert parse_due("end of Q2", date(2024, 8, 1)) == date(2025, 6, 30)  # this year's has passed
    assert parse_due("+1m", date(2024, 1, 31)) == date(2024, 2, 29)


@pytest.mark.parametrize(("text", "message"), [
    ("15/3", "ambiguous"), ("3/15", "ambiguous"), ("15.03.2024", "ambiguous"),
    ("Feb 30", "not a real date"), ("2024-02-30", "not a real date"), ("soonish", "is not a due date"),
    ("", "Type a due date"),
])
def test_ambiguous_impossible_and_junk_dates_are_refused_with_a_hint(text: str, message: str) -> None:
    with pytest.raises(DueDateError, match=message) as caught:
        parse_due(text, TODAY)
    assert "Mar 15" in str(caught.value) or "real date" in str(caught.value)


def act(action_id: int = 1, due: date | None = None, status: str = "open", **fields) -> CorrectiveAction:
    return CorrectiveAction(action_id, 1, fields.pop("title", f"Action {action_id}"), due=due, status=status, **fields)


def test_buckets_and_an_action_due_today_is_not_overdue() -> None:
    wednesday = date(2024, 3, 20)
    cases = {
        date(2024, 3, 19): "overdue", wednesday: "this_week", date(2024, 3, 24): "this_week",
        date(2024, 3, 25): "next_week", date(2024, 3, 31): "next_week", date(2024, 4, 1): "later",
    }
    for due, expected in cases.items():
        assert bucket(act(due=due), wednesday) == expected, due
    assert bucket(act(due=None), wednesday) == "no_date"
    assert bucket(act(due=date(2024, 1, 1), status="done"), wednesday) == "closed"
    assert bucket(act(due=date(2024, 1, 1), status="wont_do"), wednesday) == "closed"
    assert bucket(act(due=date(2024, 1, 1), status="blocked"), wednesday) == "overdue"


def test_as_of_gives_the_same_today_in_any_machine_zone() -> None:
    # The tests run in Pacific/Chatham (UTC+13:45): --as-of still means that calendar day.
    assert clock_for_date(date(2024, 3, 20)).today() == date(2024, 3, 20)


def test_quadrants_priorities_and_type_suggestions() -> None:
    assert [quadrant(i, e) for i, e in (("high", "low"), ("high", "high"), ("low", "low"), ("low", "high"))] == [
        "do now", "strategic project", "if spare capacity", "reconsider"]
    assert quadrant("high", None) == "" and priority("high", "low") == "P1"
    assert suggest_type(date(2024, 3, 5), TODAY) == "immediate"
    assert suggest_type(date(2024, 3, 30), TODAY) == "short_term"
    assert suggest_type(date(2024, 6, 30), TODAY) == "long_term"


@pytest.mark.parametrize(("owner", "problem"), [
    ("", "no owner"), ("team", "is a group"), ("Eng", "is a group"), ("everyone", "is a group"),
    ("the team", "is a group"), ("platform team", "is a group"), ("TBD", "is a group"),
    ("Alex", ""), ("Priya Raman", ""), ("Teamster Joe", ""),
])
def test_owner_must_be_a_named_person(owner: str, problem: str) -> None:
    assert (problem in owner_problem(owner)) if problem else owner_problem(owner) == ""


def test_action_warnings() -> None:
    causes = [RootCause(1, 1, "No staging"), RootCause(2, 1, "No validation")]
    actions = [act(1, due=None, owner="team", control="training", root_cause_ids=(1,)),
               act(2, due=TODAY, owner="", control="administrative")]
    rules = [(f.rule, f.path) for f in action_findings(actions, causes)]
    assert ("GROUP_OWNER", "actions[0].owner") in rules and ("NO_DUE_DATE", "actions[0].due") in rules
    assert ("NO_OWNER", "actions[1].owner") in rules
    assert ("ONLY_WEAK_CONTROLS", "actions") in rules
    assert ("ROOT_CAUSE_WITHOUT_ACTION", "root_causes[1]") in rules
    many = [act(i, due=TODAY, owner="Alex", control="engineering", root_cause_ids=(1, 2)) for i in range(11)]
    assert [f.rule for f in action_findings(many, causes)] == ["TOO_MANY_ACTIONS"]
    assert action_findings(many[:3], causes) == []


def tracked(action: CorrectiveAction, incident: str = "INC-1") -> TrackedAction:
    return TrackedAction(action, incident, "A postmortem")


def test_tracker_filter_words_grouping_and_check_in_order() -> None:
    wednesday = date(2024, 3, 20)
    items = [tracked(act(1, due=date(2024, 3, 25), owner="Alex", title="Add validation")),
             tracked(act(2, due=date(2024, 3, 1), owner="Sam", status="blocked", title="Runbook"), "INC-2"),
             tracked(act(3, due=None, owner="", title="Staging")),
             tracked(act(4, due=date(2024, 3, 21), owner="alex", status="done", title="Checklist"))]
    visible = [t.action.id for t in items if TrackerFilter.parse("").matches(t)]
    assert visible == [1, 2, 3]
    assert [t.action.id for t in items if TrackerFilter.parse("owner:ALEX").matches(t)] == [1]
    assert [t.action.id for t in items if TrackerFilter.parse("owner:alex status:all").matches(t)] == [1, 4]
    assert [t.action.id for t in items if TrackerFilter.parse("pm:inc-2 runbook").matches(t)] == [2]
    assert [t.action.id for t in items if TrackerFilter.parse("status:done").matches(t)] == [4]
    assert [(g, t.action.id) for g, t in group_rows(items[:3], wednesday, "bucket")] == [
        ("Overdue", 2), ("Due next week", 1), ("No due date", 3)]
    assert [(g, t.action.id) for g, t in group_rows(items[:3], wednesday, "owner")] == [
        ("Alex", 1), ("Sam", 2), ("No owner", 3)]
    assert [t.action.id for t in check_in_order(items, wednesday)] == [2, 1, 3]


def test_closing_with_open_actions_needs_a_reason(service) -> None:
    pm = service.create(title="Outage")
    service.actions.add(pm.id, title="Add validation", owner="Alex")
    service.actions.add(pm.id, title="Done already", status="done")
    with pytest.raises(ValidationError, match="1 action is still open: “Add validation”") as caught:
        service.update(pm.id, status="closed")
    assert caught.value.field == "status"
    assert service.get(pm.id).status == "draft"
    closed = service.update(pm.id, status="closed", closed_reason="Tracked in the platform roadmap")
    assert (closed.status, closed.closed_reason) == ("closed", "Tracked in the platform roadmap")


def test_status_changes_and_notes_are_history(service) -> None:
    pm = service.create(title="Outage")
    action = service.actions.add(pm.id, title="Add validation", owner="Alex")
    service.set_action_status(action.id, "in_progress", by="Sam")
    service.add_action_note(action.id, by="Sam", note="PR in review")
    with pytest.raises(ValidationError, match="needs a reason"):
        service.set_action_status(action.id, "wont_do", by="Sam")
    service.set_action_status(action.id, "wont_do", by="Sam", reason="Superseded by OPS-9")
    history = service.action_updates.list(action.id)
    assert [(u.by, u.old_status, u.new_status, u.note) for u in history] == [
        ("Sam", "open", "in_progress", ""), ("Sam", "in_progress", "in_progress", "PR in review"),
        ("Sam", "in_progress", "wont_do", "Superseded by OPS-9")]
    assert service.actions.get(action.id).status_reason == "Superseded by OPS-9"
    (row,) = service.tracked_actions()
    assert row.incident_id == pm.incident_id and row.last_update.new_status == "wont_do"
