"""Meeting logic and store: steps done from the data, the countdown, the agenda's clock, pre-mortems."""

from __future__ import annotations

from datetime import timedelta

import pendulum
import pytest

from app.logic.meeting import added_in, countdown, step_statuses, time_spent, who_owns_what
from app.logic.review import review
from data.errors import ValidationError
from data.records import AgendaItem
from tests.conftest import NOW


def done(service, pm_id) -> list[int]:
    return [step.step for step in step_statuses(service.bundle(pm_id)) if step.done]


def test_each_step_is_done_only_when_the_data_says_so(service) -> None:
    pm = service.create(title="Queue backlog")
    assert done(service, pm.id) == []
    at = pendulum.datetime(2024, 3, 1, 14, 0, tz="UTC")
    for minutes, kind in ((0, "trigger"), (5, "detected"), (40, "resolved")):
        service.events.add(pm.id, at=at.add(minutes=minutes), kind=kind, description=kind)
    # one impact figure of the two needed: the duration, from trigger to resolved
    assert step_statuses(service.bundle(pm.id))[0].detail == "1 of 2 impact figures"
    service.update_impact(pm.id, users_affected=1200)
    assert done(service, pm.id) == [1]
    cause = service.root_causes.add(pm.id, text="No queue depth alert")
    assert done(service, pm.id) == [1, 2]
    action = service.actions.add(pm.id, title="Alert when queue depth exceeds 10,000 for 5 minutes", owner="Ana")
    service.actions.link_root_causes(action.id, [cause.id])
    assert done(service, pm.id) == [1, 2]  # no due date yet
    service.actions.update(action.id, due=pendulum.date(2024, 3, 20))
    assert done(service, pm.id) == [1, 2, 3]
    service.mark_exported(pm.id)
    assert done(service, pm.id) == [1, 2, 3, 4]
    service.actions.update(action.id, tracker="OPS-42")
    assert done(service, pm.id) == [1, 2, 3, 4, 5]


def test_marking_an_export_is_not_an_edit(service, clock) -> None:
    pm = service.create(title="Queue backlog")
    clock.advance(hours=1)
    service.mark_exported(pm.id)
    after = service.get(pm.id)
    assert after.exported_at == clock.now()
    assert after.updated_at == pm.updated_at
    assert after.revision == pm.revision + 1


@pytest.mark.parametrize(("spent", "state", "label"), [
    (0, "ok", "10:00 left"),
    (479, "ok", "2:01 left"),
    (480, "warning", "2:00 left · under 2 min"),
    (600, "warning", "0:00 left · under 2 min"),
    (601, "over", "OVER by 0:01"),
    (600 + 3725, "over", "OVER by 1:02:05"),
])
def test_the_countdown_says_its_state_in_words(spent, state, label) -> None:
    item = AgendaItem(1, 1, "Timeline", timebox_minutes=10, spent_seconds=spent)
    timer = countdown(item, NOW)
    assert (timer.state, timer.label) == (state, label)


def test_the_running_stretch_counts_until_the_item_is_left(service, clock) -> None:
    pm = service.create(title="Queue backlog", contributors=["Ana", "Bo"])
    state = service.meetings.prepare(pm.id)
    assert state.status == "planned"
    assert [(i.title, i.step, i.timebox_minutes) for i in state.agenda] == [
        ("Timeline", 1, 10), ("Impact", 1, 10), ("Root-cause analysis", 2, 20), ("Corrective actions", 3, 15),
        ("Wrap-up: share and track", 4, 5)]
    assert [(p.name, p.role) for p in state.participants] == [("Ana", "responder"), ("Bo", "responder")]
    assert service.meetings.prepare(pm.id).meeting.id == state.meeting.id  # the same planned meeting

    state = service.meetings.start(state.meeting.id)
    assert state.current.title == "Timeline"
    clock.advance(minutes=7)
    # as read after a restart: the running stretch is in the data, not in memory
    again = service.meetings.current(pm.id)
    assert [round(t.spent_seconds) for t in time_spent(again, clock.now())][:2] == [420, 0]
    state = service.meetings.advance(state.meeting.id)
    assert state.current.title == "Impact"
    assert state.agenda[0].spent_seconds == 420 and state.agenda[0].started_at is None
    clock.advance(minutes=12)
    state = service.meetings.go_to(state.meeting.id, 4)
    clock.advance(minutes=1)
    state = service.meetings.advance(state.meeting.id)  # past the last item: the meeting ends
    assert state.status == "ended"
    assert state.meeting.ended_at == clock.now()
    assert [round(i.spent_seconds) for i in state.agenda] == [420, 720, 0, 0, 60]
    assert service.meetings.current(pm.id) is None
    with pytest.raises(ValidationError):
        service.meetings.advance(state.meeting.id)


def test_a_meeting_cannot_start_twice_or_with_a_bad_timebox(service) -> None:
    pm = service.create(title="Queue backlog")
    state = service.meetings.prepare(pm.id)
    with pytest.raises(ValidationError):
        service.meetings.agenda.update(state.agenda[0].id, timebox_minutes=0)
    with pytest.raises(ValidationError):
        service.meetings.participants.add(state.meeting.id, name="Ana", role="boss")
    service.meetings.start(state.meeting.id)
    with pytest.raises(ValidationError):
        service.meetings.start(state.meeting.id)
    assert service.meetings.state(state.meeting.id).agenda[0].timebox_minutes == 10


def test_wrap_up_lists_what_the_meeting_added_and_who_owns_what(service, clock) -> None:
    pm = service.create(title="Queue backlog")
    before = service.actions.add(pm.id, title="Old action", owner="Bo", due=pendulum.date(2024, 3, 9))
    state = service.meetings.start(service.meetings.prepare(pm.id).meeting.id)
    service.events.add(pm.id, at=NOW - timedelta(hours=3), kind="trigger", description="Deploy")
    service.root_causes.add(pm.id, text="No canary")
    service.actions.add(pm.id, title="Canary every deploy for 10 minutes", owner="Ana",
                        due=pendulum.date(2024, 3, 30))
    service.actions.add(pm.id, title="Page on queue depth", due=pendulum.date(2024, 3, 12))
    service.actions.add(pm.id, title="Runbook for queue drains", owner="Bo", due=pendulum.date(2024, 3, 8))
    bundle = service.bundle(pm.id)
    added = added_in(bundle, state)
    assert (len(added.events), len(added.causes), [a.title for a in added.actions]) == (
        1, 1, ["Canary every deploy for 10 minutes", "Page on queue depth", "Runbook for queue drains"])
    assert before.id not in {a.id for a in added.actions}
    owners = who_owns_what(bundle.actions)
    assert [(o.owner, [a.title for a in o.actions]) for o in owners] == [
        ("Ana", ["Canary every deploy for 10 minutes"]),
        ("Bo", ["Runbook for queue drains", "Old action"]),
        ("", ["Page on queue depth"]),
    ]


def test_a_premortem_runs_forward_with_failure_stories(service) -> None:
    pm = service.create(title="Launch of the new checkout", incident_type="premortem")
    state = service.meetings.prepare(pm.id)
    assert (state.agenda[0].title, state.agenda[0].timebox_minutes) == ("Failure stories", 15)
    assert sum(i.timebox_minutes for i in state.agenda) == 60
    rules = {f.rule for f in review(service.bundle(pm.id), NOW.date()).findings}
    assert "NO_FAILURE_STORY" in rules
    assert not rules & {"NO_TIMELINE", "NO_RESOLVED", "NO_DETECTED", "NO_WENT_WELL"}
    assert done(service, pm.id) == []
    service.learnings.add(pm.id, kind="failure_story", text="The payment provider throttled us at launch")
    assert done(service, pm.id) == [1]
    result = review(service.bundle(pm.id), NOW.date())
    assert "NO_FAILURE_STORY" not in {f.rule for f in result.findings}
    assert result.criterion("timeline").reason == "pre-mortem: 1 failure story"
    assert step_statuses(service.bundle(pm.id))[0].title == "Failure stories"
