"""The service layer: create, read, update and delete every kind of row, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pendulum
import pytest

from data.database import open_database
from data.errors import NotFound, ReadOnlyDatabase, ValidationError
from data.service import PostmortemService

T0 = datetime(2024, 3, 1, 14, 5, tzinfo=UTC)


@pytest.fixture
def database(any_database):
    """Every test here runs twice: on a SQLite file and on a real PostgreSQL server."""
    return any_database


@pytest.fixture
def pm(service: PostmortemService):
    return service.create(title="Database outage")


def test_create_read_update_delete_postmortem(service: PostmortemService) -> None:
    created = service.create(
        title="Checkout errors", incident_type="security", severity="critical",
        contributors=["Alex", " alex ", "Sam", ""], tags=["Payments API", "deploy", "payments api"],
        written_at=pendulum.datetime(2024, 3, 2, 9, 0, tz="Europe/London"),
    )
    assert created.incident_id == "INC-2024-001"
    assert created.contributors == ("Alex", "Sam")
    assert created.tags == ("payments-api", "deploy")
    read = service.get(created.id)
    assert read == created
    assert isinstance(read.written_at, pendulum.DateTime)
    assert read.written_at.tzinfo is not None and read.written_at.utcoffset() == timedelta(0)
    updated = service.update(created.id, title="Checkout 500s", status="in_review", timezone="Asia/Tokyo",
                             tags=["deploy"], owner="Priya")
    assert (updated.title, updated.status, updated.timezone, updated.tags, updated.owner) == (
        "Checkout 500s", "in_review", "Asia/Tokyo", ("deploy",), "Priya",
    )
    assert updated.revision == created.revision + 1
    assert service.find("INC-2024-001") == updated
    service.delete(created.id)
    with pytest.raises(NotFound):
        service.get(created.id)
    assert service.find("INC-2024-001") is None


def test_new_postmortem_has_the_default_fishbone_categories(service: PostmortemService, pm) -> None:
    names = [c.name for c in service.fishbone_categories.list(pm.id)]
    assert names == ["People", "Process", "Technology", "Environment"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "required"),
        ({"severity": "sev1"}, "severity", "one of critical, high, medium, low"),
        ({"incident_type": "oops"}, "incident_type", "near_miss"),
        ({"status": "done"}, "status", "in_review"),
        ({"timezone": "Mars/Olympus"}, "timezone", "IANA"),
        ({"incident_id": "has space"}, "incident_id", "no spaces"),
        ({"written_at": datetime(2024, 3, 2, 9, 0)}, "written_at", "timezone"),
        ({"nonsense": 1}, "nonsense", "Unknown field"),
    ],
)
def test_invalid_values_are_refused_and_nothing_is_written(
    service: PostmortemService, pm, changes, field, message
) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        service.update(pm.id, **changes)
    assert caught.value.field == field
    assert service.get(pm.id) == pm


def test_incident_ids_are_unique_and_suggested_in_sequence(service: PostmortemService) -> None:
    first = service.create(title="One")
    service.create(title="Two", incident_id="INC-2024-007")
    service.create(title="Other year", incident_id="INC-2023-050")
    assert first.incident_id == "INC-2024-001"
    assert service.suggest_incident_id() == "INC-2024-008"
    assert service.suggest_incident_id(2023) == "INC-2023-051"
    assert service.suggest_incident_id(2025) == "INC-2025-001"
    with pytest.raises(ValidationError, match="already used") as caught:
        service.create(title="Clash", incident_id="INC-2024-007")
    assert caught.value.field == "incident_id"
    with pytest.raises(ValidationError, match="already used"):
        service.update(first.id, incident_id="INC-2024-007")


def test_timeline_events_crud_and_order(service: PostmortemService, pm) -> None:
    later = service.events.add(pm.id, at=T0 + timedelta(minutes=5), kind="detected", description="errors")
    first = service.events.add(pm.id, at=T0, kind="trigger", description="deploy", source="CI/CD")
    same_time = service.events.add(pm.id, at=T0, kind="note", description="second at 14:05")
    assert [e.id for e in service.events.list(pm.id)] == [first.id, same_time.id, later.id]
    moved = service.events.update(later.id, at=T0 - timedelta(minutes=1), action_taken="paged")
    assert moved.action_taken == "paged"
    assert [e.id for e in service.events.list(pm.id)] == [later.id, first.id, same_time.id]
    with pytest.raises(ValidationError, match="kind must be one of"):
        service.events.add(pm.id, at=T0, kind="explosion")
    deleted = service.events.delete(first.id)
    assert deleted.description == "deploy"
    assert [e.id for e in service.events.list(pm.id)] == [later.id, same_time.id]
    assert service.get(pm.id).revision == pm.revision + 5


def test_impact_is_unknown_until_entered_then_updated(service: PostmortemService, pm) -> None:
    empty = service.get_impact(pm.id)
    assert empty.users_affected is None and empty.currency == "USD"
    impact = service.update_impact(pm.id, users_affected=50_000, user_base=250_000,
                                   degradation_percent=100.0, window_start=T0)
    assert (impact.users_affected, impact.user_base, impact.window_start) == (50_000, 250_000, T0)
    assert service.get_impact(pm.id) == impact
    for bad in ({"degradation_percent": 130.0}, {"users_affected": -5}, {"slo_target_percent": 100.0},
                {"nps_before": 150.0}, {"users_affected": 1.5}):
        with pytest.raises(ValidationError):
            service.update_impact(pm.id, **bad)
    assert service.get_impact(pm.id) == impact
    metric = service.metrics.add(pm.id, name="Error rate", baseline="<0.1%", during="38%", after="0.1%")
    assert service.metrics.update(metric.id, after="<0.1%").after == "<0.1%"
    service.metrics.delete(metric.id)
    assert service.metrics.list(pm.id) == []


def test_five_whys_tree_crud_and_subtree_delete(service: PostmortemService, pm) -> None:
    root = service.whys.add(pm.id, question="Why down?", answer="Bad config")
    child = service.whys.add(pm.id, parent_id=root.id, question="Why bad?", answer="Templated wrong")
    sibling = service.whys.add(pm.id, parent_id=root.id, question="Why not caught?", answer="No staging")
    grandchild = service.whys.add(pm.id, parent_id=child.id, question="Why?", answer="Unfamiliar values")
    assert (child.position, sibling.position) == (0, 1)
    assert service.whys.update(sibling.id, answer="No staging env").answer == "No staging env"
    with pytest.raises(ValidationError, match="under itself"):
        service.whys.update(root.id, parent_id=grandchild.id)
    service.whys.delete(child.id)
    assert [w.id for w in service.whys.list(pm.id)] == [root.id, sibling.id]


def test_links_must_stay_inside_one_postmortem(service: PostmortemService, pm) -> None:
    other = service.create(title="Other")
    foreign = service.whys.add(other.id, question="Why?", answer="x")
    with pytest.raises(ValidationError, match="not part of this postmortem"):
        service.whys.add(pm.id, parent_id=foreign.id, question="Why?")
    with pytest.raises(ValidationError, match="not part of this postmortem"):
        service.root_causes.add(pm.id, text="x", why_node_id=foreign.id)


def test_fishbone_categories_and_causes_crud(service: PostmortemService, pm) -> None:
    category = service.fishbone_categories.add(pm.id, name="Measurements")
    assert category.position == 4
    renamed = service.fishbone_categories.update(category.id, name="Monitoring")
    cause = service.fishbone_causes.add(pm.id, category_id=renamed.id, text="No pool saturation alert")
    sub = service.fishbone_causes.add(pm.id, category_id=renamed.id, parent_id=cause.id, text="Metric missing")
    assert service.fishbone_causes.update(sub.id, text="Pool metric not exported").text.startswith("Pool")
    service.fishbone_categories.delete(category.id)
    assert service.fishbone_causes.list(pm.id) == []


def test_fault_tree_crud(service: PostmortemService, pm) -> None:
    top = service.fault_nodes.add(pm.id, label="Service down", gate="or")
    basic = service.fault_nodes.add(pm.id, parent_id=top.id, label="Config error")
    assert basic.gate is None
    assert service.fault_nodes.update(top.id, gate="and").gate == "and"
    with pytest.raises(ValidationError, match="gate must be one of"):
        service.fault_nodes.update(top.id, gate="xor")
    service.fault_nodes.delete(top.id)
    assert service.fault_nodes.list(pm.id) == []


def test_root_causes_actions_links_and_history(service: PostmortemService, pm) -> None:
    why = service.whys.add(pm.id, question="Why?", answer="No staging")
    cause = service.root_causes.add(pm.id, text="No staging tests", why_node_id=why.id,
                                    category="Environment")
    assert service.root_causes.update(cause.id, kind="contributing").kind == "contributing"
    action = service.actions.add(pm.id, title="Create staging env", owner="Jordan",
                                 due=date(2024, 3, 30), action_type="short_term", control="engineering",
                                 impact="high", effort="high")
    linked = service.actions.link_root_causes(action.id, [cause.id, cause.id])
    assert linked.root_cause_ids == (cause.id,)
    done = service.actions.update(action.id, status="done")
    assert done.status == "done" and done.created_at == action.created_at
    update = service.action_updates.add(action.id, at=T0, by="tester", old_status="open",
                                        new_status="done", note="Shipped")
    assert service.action_updates.list(action.id) == [update]
    assert service.action_updates.update(update.id, note="Shipped on Mar 28").note == "Shipped on Mar 28"
    with pytest.raises(ValidationError, match="status must be one of"):
        service.actions.update(action.id, status="finished")
    with pytest.raises(ValidationError, match="must be a date"):
        service.actions.update(action.id, due="2024-03-30")
    service.root_causes.delete(cause.id)
    assert service.actions.get(action.id).root_cause_ids == ()
    service.actions.delete(action.id)
    assert service.action_updates.list(action.id) == []


def test_learning_items_and_references_crud(service: PostmortemService, pm) -> None:
    well = service.learnings.add(pm.id, kind="went_well", text="Alerts fired fast")
    lucky = service.learnings.add(pm.id, kind="got_lucky", text="Low traffic hour")
    assert service.learnings.update(lucky.id, text="Off-peak hour").text == "Off-peak hour"
    service.learnings.delete(well.id)
    assert [item.kind for item in service.learnings.list(pm.id)] == ["got_lucky"]
    ref = service.references.add(pm.id, label="Status page", url="https://status.example.com/1")
    related = service.references.add(pm.id, kind="related_incident", label="INC-2023-040")
    assert service.references.update(ref.id, label="Public status page").label == "Public status page"
    service.references.delete(related.id)
    assert len(service.references.list(pm.id)) == 1


def test_deleting_a_postmortem_removes_everything_in_it(service: PostmortemService) -> None:
    from data.demo import load_demo

    demo = load_demo(service)
    keep = service.create(title="Keep me", tags=["database"])
    service.delete(demo.id)
    with service.database.engine.connect() as connection:
        for table in ("timeline_event", "why_node", "fishbone_cause", "root_cause", "corrective_action",
                      "action_update", "action_root_cause", "learning_item", "contributor", "impact"):
            assert connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one() == 0, table
        assert [r[0] for r in connection.exec_driver_sql("SELECT name FROM tag")] == ["database"]
    assert [item.id for item in service.list_postmortems()] == [keep.id]


def test_list_counts_open_and_overdue_actions(service: PostmortemService, pm) -> None:
    today = service.clock.today()
    service.actions.add(pm.id, title="Overdue", due=today - timedelta(days=1))
    service.actions.add(pm.id, title="Due today is not overdue", due=today)
    service.actions.add(pm.id, title="Blocked, no date", status="blocked")
    service.actions.add(pm.id, title="Done long ago", status="done", due=today - timedelta(days=30))
    service.events.add(pm.id, at=pendulum.datetime(2024, 3, 1, 23, 30, tz="UTC"), kind="trigger")
    service.update(pm.id, timezone="Asia/Tokyo")
    (item,) = service.list_postmortems()
    assert (item.open_actions, item.overdue_actions) == (3, 1)
    assert item.incident_date == date(2024, 3, 2)  # 23:30 UTC is already the 2nd in Tokyo


def test_duplicate_copies_everything_with_links_remapped(service: PostmortemService) -> None:
    from data.demo import load_demo

    demo = load_demo(service)
    copy = service.duplicate(demo.id)
    assert copy.incident_id == "INC-2024-001" and copy.title.startswith("Copy of ")
    assert copy.status == "draft" and copy.tags == demo.tags and copy.contributors == demo.contributors
    assert len(service.events.list(copy.id)) == len(service.events.list(demo.id))
    assert service.get_impact(copy.id).users_affected == 50_000
    whys = service.whys.list(copy.id)
    copied_ids = {w.id for w in whys}
    assert all(w.parent_id is None or w.parent_id in copied_ids for w in whys)
    causes = service.root_causes.list(copy.id)
    actions = service.actions.list(copy.id)
    assert {c.why_node_id for c in causes} - {None} <= copied_ids
    cause_ids = {c.id for c in causes}
    assert all(set(a.root_cause_ids) <= cause_ids and a.root_cause_ids for a in actions)
    assert all(service.action_updates.list(a.id) == [] for a in actions)
    # the original is untouched
    assert service.get(demo.id).title == demo.title


def test_read_only_database_refuses_writes_but_reads(db_path, clock) -> None:
    writable = PostmortemService(open_database(db_path), clock)
    pm = writable.create(title="Readable")
    writable.database.dispose()
    reader = PostmortemService(open_database(db_path, read_only=True), clock)
    assert reader.get(pm.id).title == "Readable"
    with pytest.raises(ReadOnlyDatabase, match="read-only"):
        reader.update(pm.id, title="Changed")
    with pytest.raises(ReadOnlyDatabase):
        reader.events.add(pm.id, at=T0, kind="note")
    assert reader.get(pm.id).title == "Readable"
    reader.database.dispose()


def test_whole_numbers_past_what_is_stored_exactly_are_refused(service) -> None:
    """2**63 would overflow SQLite's integers (an unreadable error); 10**30 is not "a fraction"."""
    import pytest

    from data.errors import ValidationError

    pm = service.create(title="Huge")
    for value in (2**63, 10**30):
        with pytest.raises(ValidationError, match="cannot be above 9,007,199,254,740,992"):
            service.update_impact(pm.id, users_affected=value)
    assert service.update_impact(pm.id, users_affected=2**53).users_affected == 2**53


def test_currency_is_three_letters_kept_upper_case(service) -> None:
    """What the store keeps, an export carries and an import takes back unchanged."""
    import pytest

    from data.errors import ValidationError

    pm = service.create(title="Money")
    assert service.update_impact(pm.id, currency=" eur ").currency == "EUR"
    for bad in ("<b>", "E1R", "ÀBC", "EURO", ""):
        with pytest.raises(ValidationError, match="three-letter code"):
            service.update_impact(pm.id, currency=bad)
    assert service.get_impact(pm.id).currency == "EUR"


def test_a_nul_character_is_refused_on_every_backend(service) -> None:
    """PostgreSQL cannot store NUL in text; SQLite could, so both refuse it alike, with a message."""
    import pytest

    from data.errors import ValidationError

    pm = service.create(title="Plain")
    with pytest.raises(ValidationError, match="NUL character"):
        service.update(pm.id, summary="before\x00after")
    with pytest.raises(ValidationError, match="NUL character"):
        service.actions.add(pm.id, title="a\x00b")
    assert service.get(pm.id).summary == ""
