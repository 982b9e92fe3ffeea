"""Layering rules: the store and the pure logic never load Textual; nothing opens a database at import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

HEADLESS = [
    "data.enums", "data.records", "data.clock", "data.errors", "data.validation", "data.database",
    "data.migrate", "data.models", "data.service", "data.demo", "data.copying", "data.meetings",
    "data.action_status", "app.logic.meeting", "app.logic.document_meeting", "data.insights",
    "app.logic.insights", "app.logic.insights_markdown", "app.cli.report", "data.quick_read", "data.imported",
    "app.logic.times", "app.logic.filtering", "app.logic.quick_entry", "app.logic.timeline",
    "app.logic.chatlog", "app.logic.numbers", "app.logic.money", "app.logic.impact", "app.logic.language",
    "app.logic.analysis", "app.logic.actions", "app.logic.tracking", "app.logic.mdtext", "app.cli.actions",
    "app.logic.derived", "app.logic.interchange", "app.logic.markdown", "app.exporting", "app.cli.export",
    "app.cli.importing", "data.importing", "app.logic.document_reader", "app.logic.review", "app.cli.lint",
    "app.logic.language_rules", "app.logic.language_people", "app.logic.language_action_rules",
    "app.logic.language_verbs", "app.logic.language_engine",
    "app.settings", "app.cli", "app.cli.listing", "app.cli.timeline", "app.logic.display", "app.logic.buckets",
    "data.action_lines", "data.backup", "app.cli.files", "app.cli.backup", "app.cli.restore",
    "data.server", "data.versions", "data.revisions", "data.server_reader", "data.transfer", "app.cli.migrate_db",
]


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_does_not_import_textual(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{module} imported {result.stdout.strip()}"


def test_data_layer_does_not_import_rich() -> None:
    code = (
        "import sys, data.service, data.demo, data.database\n"
        "print(any(m == 'rich' or m.startswith('rich.') for m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "False", result.stderr


def test_starting_the_cli_loads_neither_the_orm_nor_the_tui() -> None:
    """Parsing arguments is all `app.cli` costs until a command needs more."""
    code = (
        "import sys, app.cli\n"
        "app.cli.build_parser()\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'alembic', 'textual', 'pendulum') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_widgets_and_screens_do_not_open_sessions() -> None:
    """Only data/service.py (and its helpers) talk to the ORM session."""
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("app", "screens", "widgets")
        for path in (ROOT / folder).rglob("*.py")
        if "Session(" in path.read_text() or "sqlmodel" in path.read_text()
    ]
    assert offenders == []


def test_every_tcss_file_sits_beside_its_python_module() -> None:
    for tcss in list((ROOT / "screens").glob("*.tcss")) + list((ROOT / "widgets").glob("*.tcss")):
        assert tcss.with_suffix(".py").exists(), tcss
