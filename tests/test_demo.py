"""The demo postmortem is the method's example, loaded once."""

from __future__ import annotations

from data.demo import DEMO_INCIDENT_ID, load_demo


def test_demo_matches_the_method_and_loads_once(service) -> None:
    demo = load_demo(service)
    assert demo is not None and demo.incident_id == DEMO_INCIDENT_ID
    assert load_demo(service) is None
    assert len(service.list_postmortems()) == 1
    events = service.events.list(demo.id)
    assert (events[0].at.strftime("%H:%M"), events[0].kind) == ("14:05", "trigger")
    assert (events[-1].at.strftime("%H:%M"), events[-1].kind) == ("16:05", "resolved")
    impact = service.get_impact(demo.id)
    assert (impact.users_affected, impact.revenue_amount, impact.revenue_period) == (50_000, 10_000.0, "hour")
    assert len(service.whys.list(demo.id)) == 5
    actions = service.actions.list(demo.id)
    assert {(a.owner, a.due.isoformat()) for a in actions} == {
        ("Alex", "2024-03-15"), ("Jordan", "2024-03-30"), ("Sam", "2024-03-10"), ("Morgan", "2024-03-05"),
    }
    assert all(a.root_cause_ids for a in actions)
    assert [r.kind for r in service.root_causes.list(demo.id)].count("primary") == 1
