"""`postmortem migrate`: every postmortem, with its history, copied into PostgreSQL (or a new file) and
checked; a target that holds postmortems, a missing source and a bad URL are refused; no password
ever shows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.cli import main
from data.clock import FixedClock
from data.database import open_database
from data.service import PostmortemService
from data.transfer import copy_database, count_rows, tables, verify


@pytest.fixture
def source(demo_db: Path, clock: FixedClock) -> Path:
    """The demo database plus a second postmortem holding a row of every kind, action history and
    trees whose parents were made after their children (so insert order by id breaks links)."""
    service = PostmortemService(open_database(demo_db), clock, "Ana")
    try:
        second = service.create(title="Queue backlog", incident_id="INC-2024-777", tags=("queue", "ops"),
                                contributors=("Sam", "Ana"))
        pid = second.id
        service.events.add(pid, at=clock.now(), kind="detected", description="Backlog alert")
        service.update_impact(pid, users_affected=12_000, narrative="Slow checkouts")
        service.metrics.add(pid, name="p99 latency", baseline="200 ms", during="4 s")
        child_why = service.whys.add(pid, question="Why slow?", answer="Queue full")
        root_why = service.whys.add(pid, question="Why full?", answer="Consumer stuck")
        category = service.fishbone_categories.list(pid)[0]
        child_cause = service.fishbone_causes.add(pid, category_id=category.id, text="No alert on lag")
        root_cause_node = service.fishbone_causes.add(pid, category_id=category.id, text="No runbook")
        gate = service.fault_nodes.add(pid, label="Checkout slow", gate="or")
        leaf = service.fault_nodes.add(pid, label="Consumer stuck", parent_id=gate.id)
        cause = service.root_causes.add(pid, text="Consumer had no watchdog", why_node_id=root_why.id,
                                        fault_node_id=leaf.id, fishbone_cause_id=child_cause.id)
        action = service.actions.add(pid, title="Add a consumer watchdog", owner="Sam")
        service.actions.link_root_causes(action.id, [cause.id])
        service.set_action_status(action.id, "in_progress", by="Sam")
        service.set_action_status(action.id, "blocked", by="Sam", note="Waiting on infra")
        service.add_action_note(action.id, by="Ana", note="Infra ticket filed")
        service.learnings.add(pid, kind="lesson", text="Watch consumer lag")
        service.references.add(pid, label="Runbook", url="https://example.com/runbook")
        service.dismiss_finding(pid, rule="vague-action", path="actions/0", text="watchdog", reason="Is specific",
                                by="Ana")
        service.set_override(pid, "clarity", 4, note="Reads well", by="Ana")
        service.parking.add(pid, text="Should lag page?", by="Sam", at=clock.now())
        meeting = service.meetings.prepare(pid)
        service.meetings.start(meeting.meeting.id)
    finally:
        service.database.dispose()
    with sqlite3.connect(demo_db) as connection:  # parents with higher ids than their children
        connection.execute("UPDATE why_node SET parent_id=? WHERE id=?", (root_why.id, child_why.id))
        connection.execute("UPDATE fishbone_cause SET parent_id=? WHERE id=?", (root_cause_node.id, child_cause.id))
    connection.close()
    return demo_db


def bundles(target: Path | str, clock: FixedClock) -> dict[int, object]:
    service = PostmortemService(open_database(target), clock)
    try:
        return {item.id: service.bundle(item.id) for item in service.list_postmortems()}
    finally:
        service.database.dispose()


def password_of(url: str) -> str:
    password = make_url(url).password
    assert password, "the test server's URL should carry a password"
    return str(password)


def migrate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["migrate", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_source_fixture_fills_every_table(source: Path) -> None:
    database = open_database(source)
    try:
        with database.engine.connect() as connection:
            empty = [name for name, count in count_rows(connection).items() if not count]
    finally:
        database.dispose()
    assert empty == [] and "alembic_version" not in {table.name for table in tables()}


def test_copies_every_postmortem_into_postgresql(
    source: Path, pg_url: str, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = bundles(source, clock)
    assert len(expected) == 2

    code, out, err = migrate(capsys, "--from", str(source), "--to", pg_url)

    assert code == 0, err
    assert out.startswith("Copied 2 postmortems (") and "counts verified" in out
    assert f"from {source} to " in out and ":***@" in out
    assert "action_update" in out and err == ""
    assert password_of(pg_url) not in out + err
    copied = bundles(pg_url, clock)
    assert copied == expected
    assert any(updates for bundle in copied.values() for updates in bundle.updates.values())

    # The sequences moved past the copied ids: what the app adds next gets a fresh id.
    service = PostmortemService(open_database(pg_url), clock, "Kim")
    try:
        newest = service.create(title="After the move", incident_id="INC-2024-900")
        assert newest.id > max(expected)
        second = next(b for b in copied.values() if b.postmortem.incident_id == "INC-2024-777")
        action = second.actions[0]
        service.set_action_status(action.id, "done", by="Kim", note="Watchdog live")
        history = service.bundle(second.postmortem.id).updates[action.id]
        highest_copied = max(u.id for b in copied.values() for us in b.updates.values() for u in us)
        assert history[-1].id > highest_copied and history[-1].new_status == "done"
        why = service.whys.add(newest.id, question="Why?")
        assert why.id > max(w.id for b in copied.values() for w in b.whys)
    finally:
        service.database.dispose()


def test_refuses_a_target_that_holds_postmortems(
    source: Path, pg_url: str, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    service = PostmortemService(open_database(pg_url), clock)
    service.create(title="Already here", incident_id="INC-2024-001")
    service.database.dispose()
    before = bundles(pg_url, clock)

    code, out, err = migrate(capsys, "--from", str(source), "--to", pg_url)

    assert code == 2 and out == ""
    assert "already holds 1 postmortem" in err and "nothing was changed" in err
    assert len(err.strip().splitlines()) == 1
    assert password_of(pg_url) not in err
    assert bundles(pg_url, clock) == before


def test_a_failed_copy_leaves_the_target_empty(
    source: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(source) as connection:  # SQLite keeps a NUL in text; PostgreSQL cannot
        connection.execute("UPDATE timeline_event SET description=? WHERE id=1", ("a\x00b",))
    connection.close()

    code, out, err = migrate(capsys, "--from", str(source), "--to", pg_url)

    assert code == 2 and out == ""
    assert "timeline_event row with id 1" in err and "NUL" in err
    database = open_database(pg_url)
    try:
        with database.engine.connect() as connection:
            assert not any(count_rows(connection).values())
    finally:
        database.dispose()


@pytest.mark.parametrize("port", ["1", "notaport"])
def test_an_unreachable_server_is_one_line_without_the_password(
    source: Path, pg_url: str, capsys: pytest.CaptureFixture[str], port: str
) -> None:
    parts = make_url(pg_url)
    wrong = pg_url.replace(f":{parts.port}/", f":{port}/")
    assert wrong != pg_url

    code, out, err = migrate(capsys, "--from", str(source), "--to", wrong)

    assert code == 2 and out == ""
    assert err.startswith("postmortem: ") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and ":***@" in err
    assert password_of(pg_url) not in err


def test_a_missing_source_is_refused_and_nothing_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing, target = tmp_path / "nope.db", tmp_path / "copy.db"

    code, out, err = migrate(capsys, "--from", str(missing), "--to", str(target))

    assert code == 2 and out == ""
    assert f"{missing} does not exist" in err and len(err.strip().splitlines()) == 1
    assert not missing.exists() and not target.exists()

    code, _out, err = migrate(capsys, "--to", str(target))
    assert code == 2 and "needs both --from" in err


def test_an_empty_source_is_refused_and_the_new_file_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty, target = tmp_path / "empty.db", tmp_path / "copy.db"
    open_database(empty).dispose()

    code, out, err = migrate(capsys, "--from", str(empty), "--to", str(target))

    assert code == 2 and out == "" and "holds no postmortems" in err
    assert not target.exists()


def test_copies_into_a_new_sqlite_file(
    source: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "copy.db"

    code, out, err = migrate(capsys, "--from", str(source), "--to", str(target))

    assert code == 0, err
    assert f"from {source} to {target}; counts verified." in out
    assert bundles(target, clock) == bundles(source, clock)

    code, _out, err = migrate(capsys, "--from", str(source), "--to", str(source))
    assert code == 2 and "same file" in err
    code, _out, err = migrate(capsys, "--from", str(source), "--to", str(target))
    assert code == 2 and "already holds 2 postmortems" in err


def test_verify_names_what_differs(source: Path, pg_url: str) -> None:
    origin, copy = open_database(source), open_database(pg_url)
    try:
        report = copy_database(origin, copy)
        with origin.engine.connect() as connection:
            assert report.counts == count_rows(connection) and report.postmortems == 2
        assert verify(origin, copy) == []
        with copy.engine.begin() as connection:
            connection.execute(text("UPDATE action_update SET note = 'edited' WHERE id = 1"))
            connection.execute(text("DELETE FROM learning_item"))
        problems = verify(origin, copy)
    finally:
        origin.dispose()
        copy.dispose()
    assert "action_update: 1 rows differ (id 1) in note" in problems
    assert any(problem.startswith("learning_item: ") and problem.endswith(" rows in the source, 0 in the target")
               for problem in problems), problems
    assert any(problem.startswith("learning_item: ") and "rows missing from the target" in problem
               for problem in problems), problems


def test_differences_found_after_the_copy_exit_1(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import data.transfer

    monkeypatch.setattr(data.transfer, "verify", lambda _source, _target: ["impact: 1 rows differ (id 2) in mrr"])

    code, out, err = migrate(capsys, "--from", str(source), "--to", str(tmp_path / "copy.db"))

    assert code == 1 and out == ""
    assert "Copied 2 postmortems into" in err and "impact: 1 rows differ (id 2) in mrr" in err


@pytest.mark.parametrize(("password", "text", "expected"), [
    # A password that is also a word of the URL hides the word where it stands alone, never inside another.
    ("postgres", 'Copied to postgresql+psycopg://postgres:***@127.0.0.1/pmdev; user "postgres" failed',
     'Copied to postgresql+psycopg://***:***@127.0.0.1/pmdev; user "***" failed'),
    ("s3cr%40t", "password=s3cr@t rejected for postgresql://u:s3cr%40t@h/d",
     "password=*** rejected for postgresql://u:***@h/d"),
])
def test_a_password_is_hidden_where_it_stands_alone(password: str, text: str, expected: str) -> None:
    from data.server import hide_password

    assert hide_password(text, f"postgresql://u:{password}@h/d") == expected
