"""`postmortem actions`: every format, filters, determinism and --fail-on-overdue."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from data.database import open_database
from data.demo import load_demo
from data.service import PostmortemService


@pytest.fixture
def db(tmp_path: Path, clock) -> Path:
    path = tmp_path / "actions.db"
    service = PostmortemService(open_database(path), clock)
    load_demo(service)
    other = service.create(title="Login failures", incident_id="INC-2024-007")
    service.actions.add(other.id, title="Rotate the signing key", owner="Priya", due=date(2024, 3, 21))
    service.actions.add(other.id, title="Decide on SSO vendor", owner="team")
    service.actions.add(other.id, title="Blocked on legal", owner="Alex", status="blocked", due=date(2024, 4, 15))
    service.database.dispose()
    return path


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(["actions", *args])
    return code, capsys.readouterr().out


def test_json_contract(db, capsys) -> None:
    code, out = run(capsys, "--db", str(db), "--as-of", "2024-03-20", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2024-03-20"
    keys = {"postmortem", "id", "title", "owner", "due", "status", "type", "bucket", "overdue", "last_update"}
    assert all(keys <= set(row) for row in data["actions"])
    got = [(r["postmortem"], r["title"], r["bucket"], r["overdue"]) for r in data["actions"]]
    assert got == [
        ("DEMO-2024-001", "Add config validation to deployment pipeline", "overdue", True),
        ("INC-2024-007", "Rotate the signing key", "this_week", False),
        ("DEMO-2024-001", "Create staging env with prod-like load", "next_week", False),
        ("INC-2024-007", "Blocked on legal", "later", False),
        ("INC-2024-007", "Decide on SSO vendor", "no_date", False),
    ]
    first = data["actions"][0]
    assert (first["due"], first["status"], first["type"], first["owner"]) == (
        "2024-03-15", "in_progress", "short_term", "Alex")
    assert first["last_update"] == {"at": "2024-03-08T16:00:00+00:00", "by": "Alex", "status": "in_progress",
                                    "note": "Reported at the weekly check-in"}
    assert data["actions"][1]["last_update"] is None


def test_output_is_deterministic_for_an_as_of(db, capsys) -> None:
    outputs = {run(capsys, "--db", str(db), "--as-of", "2024-03-20", "--format", kind)[1]
               for kind in ("json",) * 3}
    assert len(outputs) == 1


def test_filters(db, capsys) -> None:
    def titles(*args: str) -> list[str]:
        code, out = run(capsys, "--db", str(db), "--as-of", "2024-03-20", "--format", "json", *args)
        assert code == 0
        return [row["title"] for row in json.loads(out)["actions"]]

    assert titles("--owner", "alex") == ["Add config validation to deployment pipeline", "Blocked on legal"]
    assert titles("--status", "blocked") == ["Blocked on legal"]
    assert titles("--status", "done", "--status", "wont_do") == ["Onboarding checklist: review prod configs",
                                                                   "Update runbook with rollback steps"]
    assert titles("--overdue") == ["Add config validation to deployment pipeline"]
    assert titles("--due-within", "7d") == ["Add config validation to deployment pipeline", "Rotate the signing key"]
    assert titles("--due-within", "2w") == ["Add config validation to deployment pipeline", "Rotate the signing key",
                                            "Create staging env with prod-like load"]


def test_csv_reads_back(db, capsys) -> None:
    code, out = run(capsys, "--db", str(db), "--as-of", "2024-03-20", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 5
    assert list(rows[0])[:8] == ["title", "owner", "due", "status", "type", "priority", "postmortem_id", "tracker"]
    assert rows[0]["title"] == "Add config validation to deployment pipeline"
    assert (rows[0]["priority"], rows[0]["postmortem_id"], rows[0]["bucket"]) == ("P1", "DEMO-2024-001", "overdue")


def test_markdown_and_table_for_people(db, capsys) -> None:
    code, out = run(capsys, "--db", str(db), "--as-of", "2024-03-20", "--format", "markdown")
    assert code == 0
    assert out.startswith("**Corrective actions as of 2024-03-20** (5 listed)")
    assert "**Overdue (1)**\n- [ ] Add config validation to deployment pipeline — Alex, due 2024-03-15, " \
           "in progress · DEMO-2024-001" in out
    code, out = run(capsys, "--db", str(db), "--as-of", "2024-03-20")
    assert code == 0 and "Overdue" in out and "Rotate the signing key" in out


def test_fail_on_overdue(db, capsys) -> None:
    assert run(capsys, "--db", str(db), "--as-of", "2024-03-20", "--fail-on-overdue")[0] == 1
    assert run(capsys, "--db", str(db), "--as-of", "2024-03-12", "--fail-on-overdue")[0] == 0
    assert run(capsys, "--db", str(db), "--as-of", "2024-03-20", "--owner", "Priya", "--fail-on-overdue")[0] == 0


def test_bad_options_are_usage_errors(db, capsys) -> None:
    for args in (["--status", "finished"], ["--due-within", "soon"], ["--format", "xml"]):
        with pytest.raises(SystemExit) as caught:
            main(["actions", "--db", str(db), *args])
        assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


HOSTILE = ['quote " and \\ backslash', "tab\tnew\nline\r\x01\x1b[31m", "ünïcödé ✓ 🚀 \u2028 \u202e", "[bold]x[/]", ""]


def test_json_lines_are_what_the_json_module_writes(tmp_path: Path, clock, capsys) -> None:
    """Each action line is built from a template; it must equal json.dumps of the same object, for any text."""
    path = tmp_path / "hostile.db"
    service = PostmortemService(open_database(path), clock)
    pm = service.create(title="Hostile", incident_id="INC-7")
    for number, text in enumerate(HOSTILE):
        action = service.actions.add(pm.id, title=text or "plain", owner=text, due=date(2024, 3, 10 + number),
                                     tracker=text)
        service.set_action_status(action.id, "blocked", by=text or "someone", note=text)
    service.database.dispose()
    code, out = run(capsys, "--db", str(path), "--as-of", "2024-03-12", "--format", "json")
    assert code == 0
    document = json.loads(out)
    lines = out.split("\n")[3:-3]
    assert len(lines) == len(HOSTILE) == len(document["actions"])
    for line, action in zip(lines, document["actions"], strict=True):
        assert line.rstrip(",") == "    " + json.dumps(action, ensure_ascii=False)
    assert [a["title"] for a in document["actions"]] == [t or "plain" for t in HOSTILE]
    assert [a["last_update"]["note"] for a in document["actions"]] == HOSTILE
    assert [a["owner"] for a in document["actions"]] == [t or None for t in HOSTILE]
