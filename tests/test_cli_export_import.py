"""`postmortem export` and `postmortem import` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from app.cli import main
from data.database import open_database
from data.service import PostmortemService

FIXTURES = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"


def test_export_to_stdout_matches_the_golden_file(demo_db, capsys) -> None:
    assert main(["export", "DEMO-2024-001", "--db", str(demo_db), "--as-of", "2024-03-20"]) == 0
    assert capsys.readouterr().out == (GOLDEN / "demo.md").read_text()
    assert main(["export", "DEMO-2024-001", "--format", "json", "--db", str(demo_db), "--as-of", "2024-03-20"]) == 0
    assert capsys.readouterr().out == (GOLDEN / "demo.json").read_text()


def test_export_to_a_file_never_overwrites_without_force(demo_db, tmp_path, capsys) -> None:
    target = tmp_path / "out.md"
    args = ["export", "DEMO-2024-001", "-o", str(target), "--db", str(demo_db), "--as-of", "2024-03-20"]
    assert main(args) == 0 and target.read_text().startswith("# DEMO-2024-001")
    target.write_text("keep me")
    assert main(args) == 2
    assert "already exists; use --force" in capsys.readouterr().err
    assert target.read_text() == "keep me"
    assert main([*args, "--force"]) == 0 and target.read_text().startswith("# DEMO-2024-001")


def test_export_all_writes_one_file_each(demo_db, tmp_path, capsys) -> None:
    assert main(["import", str(FIXTURES / "2019-cloudflare-waf-regex.json"), "--db", str(demo_db)]) == 0
    folder = tmp_path / "all"
    assert main(["export", "--all", str(folder), "--format", "json", "--db", str(demo_db)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["CLOUDFLARE-2019-07-02.json", "DEMO-2024-001.json"]
    assert "Exported 2 of 2 postmortems" in capsys.readouterr().err


def test_export_problems(demo_db, capsys) -> None:
    assert main(["export", "NOPE", "--db", str(demo_db)]) == 2
    assert "no postmortem has the incident id 'NOPE'" in capsys.readouterr().err
    assert main(["export", "--db", str(demo_db)]) == 2
    assert "give either an INCIDENT_ID or --all DIR" in capsys.readouterr().err


def test_import_reports_what_it_did(tmp_path, capsys) -> None:
    db = tmp_path / "new.db"
    files = [str(FIXTURES / "2019-cloudflare-waf-regex.json"), str(FIXTURES / "2021-fastly-global-outage.json")]
    assert main(["import", *files, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Imported CLOUDFLARE-2019-07-02 (9 events, 8 actions)." in out
    assert "Imported FASTLY-2021-06-08 (9 events, 5 actions)." in out
    assert main(["import", files[0], "--db", str(db)]) == 2
    assert "already in this database; import with --replace" in capsys.readouterr().out
    assert main(["import", files[0], "--replace", "--db", str(db)]) == 0
    assert "Replaced CLOUDFLARE-2019-07-02" in capsys.readouterr().out


def test_invalid_files_list_every_problem_and_write_nothing(tmp_path, capsys) -> None:
    db = tmp_path / "new.db"
    bad = json.loads((FIXTURES / "2019-cloudflare-waf-regex.json").read_text())
    bad["timeline"][3]["at"] = "25:61"
    bad["severity"] = "sev1"
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    (tmp_path / "broken.json").write_text("{ nope")
    (tmp_path / "latin1.json").write_bytes('{"title": "caf\xe9"}'.encode("latin-1"))
    files = [tmp_path / "bad.json", tmp_path / "broken.json", tmp_path / "latin1.json", tmp_path / "missing.json",
             tmp_path]
    assert main(["import", *map(str, files), "--db", str(db)]) == 2
    out = capsys.readouterr().out
    assert "bad.json: not imported, 2 problems:\n  severity: unknown value \"sev1\"" in out
    assert '  timeline[3].at: not a time: "25:61"' in out
    assert "broken.json: not JSON: Expecting property name enclosed in double quotes at line 1, column 3" in out
    assert "latin1.json: is not UTF-8 text" in out
    assert "missing.json: does not exist" in out
    assert f"{tmp_path}: is a folder, not a file" in out
    assert "Traceback" not in out
    service = PostmortemService(open_database(db))
    assert service.list_postmortems() == []
    service.database.dispose()


def test_meetings_parking_lot_and_failure_stories_survive_export_then_import(tmp_path, clock, capsys) -> None:
    from tests.test_export import premortem_with_a_meeting

    source, target = tmp_path / "source.db", tmp_path / "target.db"
    service = PostmortemService(open_database(source), clock)
    premortem_with_a_meeting(service, clock)
    service.database.dispose()
    exported = tmp_path / "pre.json"
    common = ["--as-of", "2024-03-20"]
    assert main(["export", "PRE-2024-001", "--format", "json", "-o", str(exported), "--db", str(source), *common]) == 0
    assert main(["import", str(exported), "--db", str(target)]) == 0
    assert "Imported PRE-2024-001" in capsys.readouterr().out
    assert main(["export", "PRE-2024-001", "--format", "json", "--db", str(target), *common]) == 0
    again = capsys.readouterr().out
    assert again == exported.read_text()
    data = json.loads(again)
    assert len(data["parking_lot"]) == 2 and data["failure_stories"] and data["exported_at"]
    assert [p["role"] for p in data["meetings"][0]["participants"]] == ["facilitator", "scribe"]


def test_a_busy_server_only_skips_the_exported_note() -> None:
    """On a server the note goes through the service, whose refusals are StoreErrors: the file is
    written already, so the command still succeeds."""
    from datetime import date

    from app.cli.context import CliContext
    from app.cli.export import _note_exported
    from data.clock import clock_for_date
    from data.errors import DatabaseLocked

    class BusyReader:
        def mark_exported(self, postmortem_id, now) -> None:
            raise DatabaseLocked("The database is busy.")

    context = CliContext(None, "tester", None, False, clock_for_date(date(2024, 3, 6)))
    _note_exported(BusyReader(), 1, context)  # no exception
