"""The ORM-free reads return exactly what the service returns, and the read-only commands
and the first screen never import the ORM."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pendulum

from app.logic.interchange import loads, parse_document
from data.demo import load_demo
from data.quick_read import QuickReader, read_list
from tests.conftest import NOW

FIXTURE = Path(__file__).parent / "data" / "2019-cloudflare-waf-regex.json"


def rich_database(service):
    demo = load_demo(service)
    document, _warnings = parse_document(loads(FIXTURE.read_text(encoding="utf-8")))
    service.import_document(document)
    action = service.actions.list(demo.id)[0]
    service.set_action_status(action.id, "blocked", by="Ana", note="waiting on the vendor")
    service.dismiss_finding(demo.id, rule="BLAME", path="summary", text="x", reason="quoted", by="Ana")
    service.set_override(demo.id, "timeline", 4, note="good enough", by="Ana")
    service.parking.add(demo.id, text="Who owns the pool alerts?", by="Ana", at=NOW, section="analysis")
    state = service.meetings.start(service.meetings.prepare(demo.id).meeting.id)
    service.clock.advance(minutes=3)
    service.meetings.advance(state.meeting.id)
    service.learnings.add(demo.id, kind="failure_story", text="It failed")
    service.mark_exported(demo.id)
    empty = service.create(title="Nothing yet", tags=["b", "a"])
    service.actions.add(empty.id, title="Undated", owner="Bo")
    service.actions.add(empty.id, title="Dated", due=pendulum.date(2024, 3, 1))
    return demo


def test_every_read_matches_the_service(service, db_path) -> None:
    rich_database(service)
    reader = QuickReader(db_path, service.clock.today())
    try:
        for item in service.list_postmortems():
            assert reader.bundle(item.id) == service.bundle(item.id)
            assert reader.find(item.incident_id) == service.find(item.incident_id)
        assert reader.list_postmortems() == service.list_postmortems()
        assert read_list(db_path, service.clock.today(), 5.0) == service.list_postmortems()
        assert reader.find("NOPE") is None
    finally:
        reader.close()


def test_action_lines_match_the_tracked_actions_in_check_in_order(service, db_path) -> None:
    """The check-in rows equal the service's tracked actions, and the order the query gives is
    (bucket, due, incident id, action id) whatever day it is."""
    from app.logic.buckets import BUCKETS, bucket_of
    from data.action_lines import ActionLine

    rich_database(service)
    service.set_action_status(service.tracked_actions()[-1].action.id, "done", by="Ana")
    reader = QuickReader(db_path, service.clock.today())
    try:
        everything = ("open", "in_progress", "blocked", "done", "wont_do")
        lines = reader.action_lines(everything)
        expected = {ActionLine.of(t.action, t.incident_id, t.last_update) for t in service.tracked_actions()}
        assert set(lines) == expected and len(lines) == len(expected) > 5
        assert {line.status for line in lines} >= {"open", "blocked", "done"}
        for today in (pendulum.date(2023, 1, 1), pendulum.date(2024, 3, 6), pendulum.date(2024, 3, 21),
                      pendulum.date(2030, 1, 1)):
            def key(line, today=today):
                return (BUCKETS.index(bucket_of(line.status, line.due, today)), line.due or pendulum.date(9999, 1, 1),
                        line.incident_id, line.id)

            assert lines == sorted(lines, key=key)
        assert reader.action_lines(("blocked",)) == [line for line in lines if line.status == "blocked"]
    finally:
        reader.close()


def test_marking_an_export_matches_the_service(service, db_path) -> None:
    demo = rich_database(service)
    before = service.get(demo.id)
    reader = QuickReader(db_path, service.clock.today())
    reader.mark_exported(demo.id, NOW + timedelta(hours=2))
    reader.close()
    after = service.get(demo.id)
    assert after.exported_at == NOW + timedelta(hours=2)
    assert (after.revision, after.updated_at) == (before.revision + 1, before.updated_at)


def test_read_only_commands_do_not_import_the_orm(service, db_path) -> None:
    demo = rich_database(service)
    probe = (
        "import sys\n"
        "from app.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "loaded = [m for m in ('sqlalchemy', 'sqlmodel', 'alembic', 'textual') if m in sys.modules]\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    for command in (["export", demo.incident_id, "--format", "md"], ["export", demo.incident_id, "--format", "json"],
                    ["actions", "--format", "json"], ["list", "--format", "json"], ["list"]):
        result = subprocess.run([sys.executable, "-c", probe, "--db", str(db_path), "--as-of", "2024-03-06",
                                 *command], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert "LOADED []" in result.stderr, (command, result.stderr)
