"""Files that are not what they seem: each gets one clear sentence and changes nothing.

Every command that reads a file a person names (`import`, `lint`, `timeline import`) meets a
file too large, a non-UTF-8 file, a looping symbolic link, a folder, a device and a pipe; and an
export that cannot be written leaves the old file whole.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.exporting import write_new


def _hostile_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """Each kind of bad file, with what the message must say about it."""
    huge = folder / "huge.json"
    with huge.open("wb") as handle:  # 50 MB, sparse: refused by its size before any reading
        handle.truncate(50 * 2**20)
    latin = folder / "latin1.json"
    latin.write_bytes('{"format": "postmortem/v1", "incident_id": "X", "title": "Caf\u00e9"}'.encode("latin-1"))
    loop = folder / "loop.json"
    loop.symlink_to(folder / "loop2.json")
    (folder / "loop2.json").symlink_to(loop)
    pipe = folder / "pipe.json"
    os.mkfifo(pipe)
    return {
        "huge": (huge, "is 50 MB: too large (the limit is 20 MB)"),
        "latin": (latin, "is not UTF-8 text"),
        "loop": (loop, "is a symbolic link that loops back on itself"),
        "folder": (folder, "is a folder, not a file"),
        "device": (Path("/dev/zero"), "is not a regular file"),
        "pipe": (pipe, "is not a regular file"),
        "missing": (folder / "nope.json", "does not exist"),
    }


def _counts(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as connection:
        return (connection.execute("SELECT count(*) FROM postmortem").fetchone()[0],
                connection.execute("SELECT count(*) FROM timeline_event").fetchone()[0])


@pytest.mark.parametrize("kind", ["huge", "latin", "loop", "folder", "device", "pipe", "missing"])
def test_every_file_command_refuses_a_bad_file_clearly(kind, demo_db, tmp_path, capsys) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    bad, message = _hostile_files(folder)[kind]
    before = _counts(demo_db)
    commands = {
        "import": ["import", str(bad)],
        "lint": ["lint", str(bad)],
        "timeline import": ["timeline", "import", "DEMO-2024-001", str(bad)],
    }
    for name, command in commands.items():
        code = main([*command, "--db", str(demo_db), "--as-of", "2024-03-20"])
        captured = capsys.readouterr()
        said = captured.out + captured.err
        assert code == 2, (name, said)
        assert f"{bad}" in said and message in said, (name, said)
        assert "Traceback" not in said and said.count("\n") <= 3, (name, said)
    assert _counts(demo_db) == before


def test_a_failed_export_write_leaves_the_old_file_whole(tmp_path, monkeypatch) -> None:
    target = tmp_path / "out.md"
    target.write_text("the earlier export\n")

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    problem = write_new(target, "# new\n" * 1000, force=True)
    assert problem == f"cannot write {target}: No space left on device. Nothing was written."
    assert target.read_text() == "the earlier export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no half-written temporary file left


def test_export_writes_replace_whole_and_keep_the_mode(tmp_path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old")
    target.chmod(0o600)
    assert write_new(target, "new text", force=True) is None
    assert target.read_text() == "new text" and target.stat().st_mode & 0o777 == 0o600
    fresh = tmp_path / "fresh.md"
    assert write_new(fresh, "x", force=False) is None and fresh.read_text() == "x"
    assert write_new(tmp_path / "no-such-folder" / "x.md", "x", force=False).endswith("does not exist.")


def test_a_file_that_appears_while_writing_is_not_replaced(tmp_path: Path) -> None:
    """Moving a finished file into place without --force never goes over a file created meanwhile."""
    from data.placing import move_into_place

    finished, target = tmp_path / ".report.md.part", tmp_path / "report.md"
    finished.write_text("new")
    target.write_text("someone else's")  # appeared after the check for an existing file
    assert move_into_place(finished, target, overwrite=False) is False
    assert (target.read_text(), finished.read_text()) == ("someone else's", "new")
    assert move_into_place(finished, target, overwrite=True) is True
    assert target.read_text() == "new" and not finished.exists()
