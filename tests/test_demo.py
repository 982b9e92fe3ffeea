"""The demo postmortem is the method's example, loaded once."""

from __future__ import annotations

import pendulum

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


def test_a_demo_load_cut_short_is_redone_whole(service) -> None:
    """A killed load leaves only the provisional postmortem; the next load replaces it with the whole demo."""
    from data.demo import LOADING_INCIDENT_ID

    partial = service.create(incident_id=LOADING_INCIDENT_ID, title="Database outage (half loaded)")
    service.events.add(partial.id, at=pendulum.datetime(2024, 3, 1, 14, 5, tz="UTC"), kind="trigger",
                       description="half")
    demo = load_demo(service)
    assert demo is not None and demo.incident_id == DEMO_INCIDENT_ID
    assert service.find(LOADING_INCIDENT_ID) is None
    assert [item.incident_id for item in service.list_postmortems()] == [DEMO_INCIDENT_ID]
    assert len(service.events.list(demo.id)) == 7 and len(service.actions.list(demo.id)) == 4
