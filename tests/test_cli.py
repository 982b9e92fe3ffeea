"""The command line: options, subcommands and clear one-paragraph errors (exit 2, no traceback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from app.cli import main
from app.settings import choose_database, choose_user, default_database_path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, **(env or {})}, timeout=60,
    )


def test_version_and_help() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"postmortem {__version__}"
    result = run_cli("--help")
    assert result.returncode == 0
    for option in ("--db", "--demo", "--user", "--as-of", "--read-only", "list"):
        assert option in result.stdout
    assert str(default_database_path()) in result.stdout.replace("\n", "")


def test_console_script_points_at_main() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert 'postmortem = "app.cli:main"' in text


@pytest.mark.parametrize("kind", ["folder", "text", "newer"])
def test_unusable_database_exits_2_with_one_paragraph(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "target"
    if kind == "folder":
        target.mkdir()
        expected = "is a folder"
    elif kind == "text":
        target.write_text("just some notes")
        expected = "not a SQLite file"
    else:
        from data.database import open_database

        open_database(target).dispose()
        import sqlite3

        with sqlite3.connect(target) as connection:
            connection.execute("UPDATE alembic_version SET version_num='9999'")
        expected = "newer version"
    result = run_cli("--db", str(target), "list")
    assert result.returncode == 2
    assert result.stderr.startswith("postmortem: ") and expected in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    # The TUI path refuses the same way, before drawing anything.
    result = run_cli("--db", str(target))
    assert result.returncode == 2 and expected in result.stderr and "Traceback" not in result.stderr


def test_list_json_with_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli.db"
    from data.clock import FixedClock
    from data.database import open_database
    from data.demo import load_demo
    from data.service import PostmortemService
    from tests.conftest import NOW

    service = PostmortemService(open_database(db), FixedClock(NOW))
    load_demo(service)
    service.database.dispose()
    assert main(["list", "--db", str(db), "--format", "json", "--as-of", "2024-03-20"]) == 0
    listed = json.loads(capsys.readouterr().out)["postmortems"]
    assert listed == [{
        "incident_id": "DEMO-2024-001",
        "title": "Database outage after a connection-pool config change",
        "type": "outage", "severity": "high", "status": "in_review", "incident_date": "2024-03-01",
        "open_actions": 2, "overdue_actions": 1,
    }]
    assert main(["--db", str(db), "list", "--as-of", "2024-03-12"]) == 0
    table = capsys.readouterr().out
    assert "DEMO-2024-001" in table and "Overdue" in table


def test_bad_as_of_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["list", "--as-of", "someday"])
    assert caught.value.code == 2
    assert "not a date: 'someday'" in capsys.readouterr().err


def test_database_choice_order(tmp_path: Path) -> None:
    env = {"POSTMORTEM_DB": str(tmp_path / "env.db")}
    assert choose_database(str(tmp_path / "flag.db"), env).path == tmp_path / "flag.db"
    assert choose_database(None, env).path == tmp_path / "env.db"
    chosen = choose_database(None, {})
    assert chosen.is_default and chosen.path == default_database_path()
    assert str(chosen.path).startswith(os.environ["XDG_DATA_HOME"])


def test_env_database_is_used(tmp_path: Path) -> None:
    db = tmp_path / "from-env.db"
    result = run_cli("list", env={"POSTMORTEM_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert db.exists() and "No postmortems yet" in result.stdout


def test_user_choice_order() -> None:
    assert choose_user("  Ana ", {"POSTMORTEM_USER": "Bo"}) == "Ana"
    assert choose_user(None, {"POSTMORTEM_USER": "Bo"}) == "Bo"
    assert choose_user(None, {}) != ""
