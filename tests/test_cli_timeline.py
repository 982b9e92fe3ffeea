"""`postmortem timeline import`: every line it can read is added; the rest are listed by number."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from data.database import open_database
from data.service import PostmortemService

CHAT = """\
[14:20] alice: posted an update on the status page
this line has no time
2024-03-01 15:00:00 <bob> looking into the pool size
[09:00] carol: morning standup
"""


def events(db: Path, clock) -> list:
    service = PostmortemService(open_database(db), clock)
    try:
        return service.events.list(service.find("DEMO-2024-001").id)
    finally:
        service.database.dispose()


def test_import_adds_every_parsable_line_and_lists_the_skipped(demo_db, tmp_path, capsys, clock) -> None:
    chat = tmp_path / "chat.txt"
    chat.write_text(CHAT)
    assert main(["timeline", "import", "DEMO-2024-001", str(chat), "--db", str(demo_db)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Added 3 events to DEMO-2024-001."
    assert "Skipped 1 line:\n  line 2: this line has no time  (no time found)" in out
    added = [(e.at.strftime("%H:%M"), e.kind, e.source) for e in events(demo_db, clock) if e.source in
             ("alice", "bob", "carol")]
    assert added == [("09:00", "note", "carol"), ("14:20", "communication", "alice"),
                     ("15:00", "investigation", "bob")]


def test_dry_run_and_window(demo_db, tmp_path, capsys, clock) -> None:
    chat = tmp_path / "chat.txt"
    chat.write_text(CHAT)
    assert main(["--db", str(demo_db), "timeline", "import", "DEMO-2024-001", str(chat), "--dry-run",
                 "--within", "14:00", "14:30"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Would add 1 event to DEMO-2024-001.\n  line 1: 14:20 communication:")
    assert "line 3: looking into the pool size  (outside the chosen window)" in out
    assert len(events(demo_db, clock)) == 7


@pytest.mark.parametrize(("args", "message"), [
    (["NOPE", "{chat}"], "no postmortem has the incident id 'NOPE'"),
    (["DEMO-2024-001", "{missing}"], "does not exist"),
    (["DEMO-2024-001", "{folder}"], "is a folder"),
    (["DEMO-2024-001", "{binary}"], "is not UTF-8 text"),
    (["DEMO-2024-001", "{chat}", "--within", "14:00", "soon"], "--within: 'soon' is not a time"),
])
def test_problems_exit_2_with_a_message(demo_db, tmp_path, capsys, clock, args, message) -> None:
    paths = {"chat": tmp_path / "chat.txt", "missing": tmp_path / "absent.txt", "folder": tmp_path,
             "binary": tmp_path / "bin.dat"}
    paths["chat"].write_text(CHAT)
    paths["binary"].write_bytes(b"\xff\xfe\x00garbage\x80")
    filled = [a.format(**{k: str(v) for k, v in paths.items()}) for a in args]
    assert main(["timeline", "import", *filled, "--db", str(demo_db)]) == 2
    assert message in capsys.readouterr().err
    assert len(events(demo_db, clock)) == 7
