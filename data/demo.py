"""The demo postmortem: the method's own example, the connection-pool outage.

14:05 a config change is deployed, 16:05 service is restored: a 2-hour outage
for 50K of 250K users, $10,000/h of revenue, so about $20K lost.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from data.records import Postmortem
from data.service import PostmortemService

DEMO_INCIDENT_ID = "DEMO-2024-001"
#: The demo's incident id while it is being built (see `load_demo`).
LOADING_INCIDENT_ID = f"{DEMO_INCIDENT_ID}-LOADING"


def _at(hour: int, minute: int) -> datetime:
    return datetime(2024, 3, 1, hour, minute, tzinfo=UTC)


TIMELINE = [
    (_at(14, 5), "trigger", "Automated deployment started (config change)", "CI/CD", ""),
    (_at(14, 7), "detected", "Database connection pool exhausted, errors spike", "Monitoring", ""),
    (_at(14, 10), "alert", "Alerts fired, on-call paged", "PagerDuty", "On-call acknowledged"),
    (_at(14, 15), "investigation", "On-call engineer investigates the error spike", "Slack #incident", ""),
    (_at(14, 15), "diagnosis", "Bad config identified: connection pool size 10 (should be 100)",
     "Slack #incident", ""),
    (_at(15, 30), "mitigation", "Rollback initiated (delayed by unclear runbook)", "Slack #incident",
     "Rolled back the config change"),
    (_at(16, 5), "resolved", "Service restored", "Monitoring", ""),
]

WHYS = [
    ("Why was the service down?", "A bad config was deployed"),
    ("Why was the config bad?", "Connection pool size was set to 10 (should be 100)"),
    ("Why was the value wrong?", "The config was templated incorrectly"),
    ("Why was the template wrong?", "A new team member was unfamiliar with production values"),
    ("Why was it not caught?", "Configs are not tested in a staging environment before production"),
]

FISHBONE = {
    "People": ["New team member unfamiliar with production values"],
    "Process": ["No config review in onboarding", "Runbook lacked clear rollback steps"],
    "Technology": ["No config validation in the deployment pipeline"],
    "Environment": ["No staging environment with production-like load"],
}

ACTIONS = [
    # title, owner, due, type, status, impact, effort, control, success measure, root cause index
    ("Add config validation to deployment pipeline", "Alex", date(2024, 3, 15), "short_term",
     "in_progress", "high", "low", "engineering",
     "A test deploy with pool size 10 is rejected by the pipeline", 1),
    ("Create staging env with prod-like load", "Jordan", date(2024, 3, 30), "short_term", "open",
     "high", "high", "engineering",
     "Every config change runs 30 minutes in staging under 50% of production load", 0),
    ("Update runbook with rollback steps", "Sam", date(2024, 3, 10), "immediate", "done", "high",
     "low", "administrative", "A rollback drill finishes in under 15 minutes", 2),
    ("Onboarding checklist: review prod configs", "Morgan", date(2024, 3, 5), "immediate", "done",
     "low", "low", "training", "Every new engineer signs off the checklist in week one", 3),
]


def load_demo(service: PostmortemService) -> Postmortem | None:
    """Add the demo postmortem unless one with its incident id exists; return it if added.

    It is built under a provisional incident id and takes its own as the very last write: a load
    cut short (the process killed) leaves no half demo under the real id, and the next load
    removes the provisional one and starts again."""
    if service.find(DEMO_INCIDENT_ID) is not None:
        return None
    leftover = service.find(LOADING_INCIDENT_ID)
    if leftover is not None:
        service.delete(leftover.id)
    pm = service.create(
        incident_id=LOADING_INCIDENT_ID,
        title="Database outage after a connection-pool config change",
        incident_type="outage",
        severity="high",
        status="in_review",
        timezone="UTC",
        summary=(
            "A config change deployed at 14:05 UTC set the database connection pool to 10 "
            "instead of 100. The pool was exhausted within two minutes and the service was "
            "unavailable for 2 hours until a rollback restored it at 16:05: 50K users (20% of "
            "the base) could not access it and an estimated $20K of revenue was lost."
        ),
        owner="Sam",
        contributors=["Alex", "Jordan", "Sam", "Morgan"],
        tags=["database", "deploy", "config"],
        written_at=datetime(2024, 3, 2, 10, 30, tzinfo=UTC),
        problem_statement="Database outage: 2 hours of downtime, 50K users unable to access the service",
    )
    for at, kind, description, source, action_taken in TIMELINE:
        service.events.add(pm.id, at=at, kind=kind, description=description, source=source,
                           action_taken=action_taken)
    service.update_impact(
        pm.id,
        users_affected=50_000,
        user_base=250_000,
        degradation_percent=100.0,
        revenue_amount=10_000.0,
        revenue_period="hour",
        currency="USD",
        slo_target_percent=99.9,
        slo_window_days=30.0,
        narrative=(
            "50K users (20% of the 250K base) could not reach the service for 2 hours "
            "(14:05-16:05 UTC). At $10,000/h of revenue that is an estimated $20K lost."
        ),
    )
    parent = None
    whys = []
    for question, answer in WHYS:
        node = service.whys.add(pm.id, parent_id=parent, question=question, answer=answer)
        whys.append(node)
        parent = node.id
    categories = {c.name: c.id for c in service.fishbone_categories.list(pm.id)}
    causes = {}
    for category, texts in FISHBONE.items():
        for text in texts:
            causes[text] = service.fishbone_causes.add(
                pm.id, category_id=categories[category], text=text
            )
    root_causes = [
        service.root_causes.add(
            pm.id, text="Configs are not tested in a staging environment before production",
            kind="primary", category="Environment", why_node_id=whys[-1].id,
        ),
        service.root_causes.add(
            pm.id, text="No config validation in the deployment pipeline", kind="contributing",
            category="Technology",
            fishbone_cause_id=causes["No config validation in the deployment pipeline"].id,
        ),
        service.root_causes.add(
            pm.id, text="Runbook lacked clear rollback steps, delaying mitigation by over an hour",
            kind="contributing", category="Process",
            fishbone_cause_id=causes["Runbook lacked clear rollback steps"].id,
        ),
        service.root_causes.add(
            pm.id, text="Onboarding does not cover production config values", kind="contributing",
            category="Process", fishbone_cause_id=causes["No config review in onboarding"].id,
        ),
    ]
    top = service.fault_nodes.add(pm.id, label="Database connection pool exhausted in production",
                                  gate="and")
    wrong = service.fault_nodes.add(pm.id, parent_id=top.id, label="Wrong pool size in config",
                                    gate="or")
    service.fault_nodes.add(pm.id, parent_id=wrong.id, label="Config templated incorrectly")
    service.fault_nodes.add(pm.id, parent_id=wrong.id, label="Manual edit of the value")
    service.fault_nodes.add(pm.id, parent_id=top.id, label="No config validation in pipeline")
    service.fault_nodes.add(pm.id, parent_id=top.id, label="No staging test with prod-like load")
    for (title, owner, due, action_type, status, impact, effort, control, measure,
         cause_index) in ACTIONS:
        action = service.actions.add(
            pm.id, title=title, owner=owner, due=due, action_type=action_type, status=status,
            impact=impact, effort=effort, control=control, success_measure=measure,
        )
        service.actions.link_root_causes(action.id, [root_causes[cause_index].id])
        if status != "open":
            service.action_updates.add(
                action.id, at=datetime(2024, 3, 8, 16, 0, tzinfo=UTC), by=owner,
                old_status="open", new_status=status, note="Reported at the weekly check-in",
            )
    for kind, text in [
        ("went_well", "Alerts fired within 3 minutes of the error spike"),
        ("went_well", "The on-call team responded within 5 minutes"),
        ("went_well", "Clear, regular updates in the incident channel"),
        ("lesson", "Config changes need the same pre-production testing as code changes"),
    ]:
        service.learnings.add(pm.id, kind=kind, text=text)
    return service.update(pm.id, incident_id=DEMO_INCIDENT_ID)
