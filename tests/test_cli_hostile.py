"""What the command line prints for people never carries a control character out of the data:
a title holding "\\x1b[2J" must not clear the reader's terminal."""

from __future__ import annotations

import pytest

from app.cli import main
from data.database import open_database
from data.service import PostmortemService

HOSTILE = "Outage \x1b[2J\x1b[31mred\x1b[0m \x9b31m \u202eevil [bold]x[/] \x07"
CONTROLS = ["\x1b", "\x9b", "\u202e", "\x07"]


@pytest.fixture
def hostile_db(tmp_path, clock):
    path = tmp_path / "hostile.db"
    service = PostmortemService(open_database(path), clock)
    pm = service.create(title=HOSTILE, incident_id="INC-1", summary=HOSTILE)
    service.actions.add(pm.id, title=HOSTILE, owner="Ana \x1b[5m")
    service.database.dispose()
    return path


@pytest.mark.parametrize("command", [
    ["list"], ["actions"], ["actions", "--format", "markdown"], ["lint", "INC-1"],
    ["export", "INC-1", "--format", "md"],
])
def test_people_facing_output_holds_no_control_characters(command, hostile_db, capsys) -> None:
    main([*command, "--db", str(hostile_db), "--as-of", "2024-03-06"])
    out = capsys.readouterr().out
    assert "red" in out or "Outage" in out
    assert not [c for c in CONTROLS if c in out], (command, out)


def test_chat_log_lines_are_echoed_without_controls(hostile_db, tmp_path, capsys) -> None:
    chat = tmp_path / "chat.txt"
    chat.write_text(f"2024-03-05 14:05 alice: {HOSTILE}\nnot a line \x1b[2J\n", encoding="utf-8")
    main(["timeline", "import", "INC-1", str(chat), "--dry-run", "--db", str(hostile_db), "--as-of", "2024-03-06"])
    out = capsys.readouterr().out
    assert "line 1" in out and not [c for c in CONTROLS if c in out], out
