"""Backups: automatic before an upgrade (pruned), `postmortem backup` and `postmortem restore`."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from app.cli import main
from data import backup, migrate
from data.backup import AUTOMATIC_BACKUPS_KEPT, automatic_backups, backup_before_upgrade, backup_path
from data.clock import Clock, FixedClock
from data.database import open_database
from data.errors import DatabaseUnusable
from tests.conftest import NOW

AS_OF = ["--as-of", "2024-03-06"]  # the CLI's clock: noon UTC that day
CLI_STAMP = "20240306T120000Z"
OLD = "0001"


@pytest.fixture(autouse=True)
def _no_real_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every backup name comes from an injected clock; reading the real one fails the test."""

    def refuse(self: Clock) -> None:
        raise AssertionError("the real clock was read")

    monkeypatch.setattr(Clock, "now", refuse)


def make_old_database(path: Path, titles: tuple[str, ...] = ("Old outage",), revision: str = OLD) -> None:
    """A database left by an older version: schema at `revision`, in WAL mode, with postmortems."""
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate._config(connection), revision)
    engine.dispose()
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        for number, title in enumerate(titles, 1):
            connection.execute(
                "INSERT INTO postmortem (incident_id, title, incident_type, severity, status, timezone, summary,"
                " owner, problem_statement, closed_reason, created_at, updated_at, revision) VALUES"
                " (?, ?, 'outage', 'high', 'draft', 'UTC', '', '', '', '', '2024-03-01 10:00:00.000000',"
                " '2024-03-01 10:00:00.000000', 1)",
                (f"OLD-{number}", title),
            )


def read(path: Path, query: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        return connection.execute(query).fetchall()


def titles(path: Path) -> list[str]:
    return [row[0] for row in read(path, "SELECT title FROM postmortem ORDER BY incident_id")]


def revision_of(path: Path) -> str:
    return read(path, "SELECT version_num FROM alembic_version")[0][0]


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def others(folder: Path, *keep: Path) -> list[str]:
    """Files in `folder` besides the database's own (and `keep`)."""
    own = {p.name for p in keep}
    return sorted(p.name for p in folder.iterdir() if p.name not in own and "-wal" not in p.name
                  and "-shm" not in p.name)


# Automatic backups before an upgrade


def test_upgrade_writes_a_backup_with_the_old_data_and_revision(db_path: Path, clock: FixedClock) -> None:
    make_old_database(db_path, ("Old outage", "Older outage"))
    open_database(db_path, clock=clock).dispose()
    assert revision_of(db_path) == migrate.head_revision()
    [copy] = automatic_backups(db_path)
    assert copy.name == f"postmortem.db.backup-20240306T120000Z-before-upgrade-{OLD}.db"
    assert revision_of(copy) == OLD and titles(copy) == ["Old outage", "Older outage"]
    assert read(copy, "PRAGMA integrity_check") == [("ok",)]
    assert read(copy, "PRAGMA journal_mode") == [("delete",)]  # one self-contained file
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert not [p for p in db_path.parent.iterdir() if p.name.endswith(".partial")]


def test_only_the_last_automatic_backups_are_kept_and_never_the_users(db_path: Path, clock: FixedClock) -> None:
    folder = db_path.parent
    kept_by_user = [folder / "postmortem.db.backup-20200101T000000Z.db",
                    folder / "postmortem.db.backup-20200101T000000Z-before-restore.db",
                    folder / "other.db.backup-20200101T000000Z-before-upgrade-0001.db"]
    for path in kept_by_user:
        path.write_bytes(b"kept")
    made = []
    for _ in range(AUTOMATIC_BACKUPS_KEPT + 2):
        for leftover in folder.glob("postmortem.db*"):
            if "backup" not in leftover.name:
                leftover.unlink()
        make_old_database(db_path)
        clock.advance(minutes=1)
        open_database(db_path, clock=clock).dispose()
        made.append(automatic_backups(db_path)[-1])
    assert automatic_backups(db_path) == made[-AUTOMATIC_BACKUPS_KEPT:]
    assert not made[0].exists() and not made[1].exists()
    assert all(path.read_bytes() == b"kept" for path in kept_by_user)


def test_two_backups_in_the_same_second_get_distinct_names(db_path: Path, clock: FixedClock) -> None:
    make_old_database(db_path)
    first = backup_before_upgrade(db_path, OLD, clock=clock)
    second = backup_before_upgrade(db_path, OLD, clock=clock)
    assert second.name == f"postmortem.db.backup-20240306T120000Z-2-before-upgrade-{OLD}.db"
    assert automatic_backups(db_path) == [first, second]


def test_a_new_or_current_database_needs_no_backup(db_path: Path, clock: FixedClock) -> None:
    open_database(db_path, clock=clock).dispose()
    open_database(db_path, clock=clock).dispose()
    empty = db_path.with_name("empty.db")
    empty.touch()
    open_database(empty, clock=clock).dispose()
    assert others(db_path.parent, db_path, empty) == []


@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"),
                                     sqlite3.OperationalError("database or disk is full")])
def test_a_failed_backup_stops_the_upgrade(
    db_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    make_old_database(db_path)
    before = fingerprint(db_path)

    def broken(*_args: object) -> None:
        raise failure

    monkeypatch.setattr(backup, "_copy", broken)
    with pytest.raises(DatabaseUnusable) as caught:
        open_database(db_path, clock=clock)
    message = str(caught.value)
    assert "backup" in message and "Nothing was changed" in message and str(failure.args[-1]) in message
    assert fingerprint(db_path) == before and revision_of(db_path) == OLD
    assert others(db_path.parent, db_path) == []  # no partial copy left behind


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="permissions do not bind root")
def test_a_read_only_folder_refuses_the_backup(tmp_path: Path, clock: FixedClock) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    db = folder / "postmortem.db"
    make_old_database(db)
    folder.chmod(0o500)
    try:
        with pytest.raises(DatabaseUnusable, match="Nothing was changed"):
            backup_before_upgrade(db, OLD, clock=clock)
    finally:
        folder.chmod(0o700)
    assert revision_of(db) == OLD and others(folder, db) == []


# postmortem backup


def test_backup_is_consistent_while_another_connection_writes(
    service, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    service.create(title="Checkout errors")
    service.create(title="Token leak")
    holder = sqlite3.connect(db_path, isolation_level=None)
    assert holder.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE postmortem SET title = 'half-done edit'")
    try:
        assert main(["backup", "--db", str(db_path), *AS_OF]) == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    copy = db_path.with_name(f"postmortem.db.backup-{CLI_STAMP}.db")
    assert f"to {copy}" in capsys.readouterr().out
    assert read(copy, "PRAGMA integrity_check") == [("ok",)]
    assert sorted(titles(copy)) == ["Checkout errors", "Token leak"]
    assert revision_of(copy) == migrate.head_revision()


def test_backup_never_overwrites_without_force(service, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    service.create(title="Checkout errors")
    target = db_path.with_name("mine.db")
    target.write_text("precious")
    assert main(["backup", "--db", str(db_path), "-o", str(target), *AS_OF]) == 2
    assert "already exists" in capsys.readouterr().err and target.read_text() == "precious"
    assert main(["backup", "--db", str(db_path), "-o", str(target), "--force", *AS_OF]) == 0
    assert titles(target) == ["Checkout errors"]
    # The default name is never reused either: the second copy of the second gets its own.
    assert main(["backup", "--db", str(db_path), *AS_OF]) == 0
    assert main(["backup", "--db", str(db_path), *AS_OF]) == 0
    assert {f"postmortem.db.backup-{CLI_STAMP}.db", f"postmortem.db.backup-{CLI_STAMP}-2.db"} <= set(
        others(db_path.parent)
    )
    folder = db_path.parent / "backups"
    folder.mkdir()
    assert main(["backup", "--db", str(db_path), "-o", str(folder), *AS_OF]) == 0
    assert titles(folder / f"postmortem.db.backup-{CLI_STAMP}.db") == ["Checkout errors"]


def test_backup_refuses_what_is_not_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.db"
    assert main(["backup", "--db", str(missing), *AS_OF]) == 2
    assert "nothing to back up" in capsys.readouterr().err and not missing.exists()
    notes = tmp_path / "notes.db"
    notes.write_text("just some notes")
    assert main(["backup", "--db", str(notes), *AS_OF]) == 2
    assert "not a SQLite file" in capsys.readouterr().err
    assert main(["backup", "--db", str(notes), "-o", str(notes), "--force", *AS_OF]) == 2
    assert notes.read_text() == "just some notes"


# postmortem restore


class FakeTerminal(io.StringIO):
    """Standard input that claims to be a terminal, with the answer already typed."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def saved(service, db_path: Path) -> Path:
    """A backup holding one postmortem, while the database then moves on to hold another."""
    service.create(title="Kept in the backup")
    copy = backup.copy_database(db_path, db_path.with_name("saved.db"))
    service.create(title="Added after the backup")
    return copy


def foreign(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE recipe (name TEXT)")
        connection.commit()


def newer(path: Path) -> None:
    backup.copy_database(path.with_name("postmortem.db"), path)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()


def damaged(path: Path) -> None:
    backup.copy_database(path.with_name("postmortem.db"), path)
    data = bytearray(path.read_bytes())
    data[4096 + 8: 4096 + 200] = b"\xff" * 192  # scribble over the second page
    path.write_bytes(bytes(data))


def inconsistent(path: Path) -> None:
    """Readable, but an index disagrees with its table: only `PRAGMA integrity_check` notices."""
    backup.copy_database(path.with_name("postmortem.db"), path)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE scratch (x INTEGER)")
        connection.execute("CREATE INDEX ix_scratch ON scratch (x)")
        connection.executemany("INSERT INTO scratch VALUES (?)", [(n,) for n in range(50)])
        connection.execute("PRAGMA writable_schema=ON")
        connection.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX ix_scratch ON scratch (x DESC)'"
                           " WHERE name = 'ix_scratch'")
        connection.commit()


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda path: None, "does not exist"),
        (lambda path: path.mkdir(), "not a regular file"),
        (lambda path: path.write_text("just some notes"), "not a SQLite database"),
        (lambda path: path.touch(), "is empty"),
        (foreign, "not a postmortem database"),
        (newer, "newer version"),
        (damaged, "damaged"),
        (inconsistent, "integrity check"),
    ],
    ids=["missing", "folder", "text", "empty", "foreign", "newer", "damaged", "inconsistent"],
)
def test_restore_refuses_what_is_not_a_usable_backup(
    service, db_path: Path, capsys: pytest.CaptureFixture[str], make, expected: str
) -> None:
    service.create(title="Current")
    candidate = db_path.with_name("candidate.db")
    make(candidate)
    before = fingerprint(db_path)
    assert main(["restore", str(candidate), "--yes", "--db", str(db_path), *AS_OF]) == 2
    err = capsys.readouterr().err
    assert err.startswith("postmortem: ") and expected in err and "Traceback" not in err
    assert fingerprint(db_path) == before and titles(db_path) == ["Current"]
    assert not [name for name in others(db_path.parent) if "before-restore" in name]


def test_restore_without_a_terminal_needs_yes(
    saved: Path, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))
    assert main(["restore", str(saved), "--db", str(db_path), *AS_OF]) == 2
    assert "--yes" in capsys.readouterr().err
    assert len(titles(db_path)) == 2


def test_restore_asks_and_a_no_changes_nothing(
    saved: Path, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", FakeTerminal("no\n"))
    assert main(["restore", str(saved), "--db", str(db_path), *AS_OF]) == 1
    out = capsys.readouterr().out
    assert str(db_path) in out and str(saved) in out
    assert "2 postmortems, last change 2024-03-06 12:00 UTC" in out and "1 postmortem," in out
    assert "Type yes" in out and "Nothing was changed" in out
    assert len(titles(db_path)) == 2 and not [n for n in others(db_path.parent) if "before-restore" in n]


def test_restore_after_yes_keeps_a_safety_backup_and_brings_the_backup_back(
    saved: Path, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", FakeTerminal("yes\n"))
    assert main(["restore", str(saved), "--db", str(db_path), *AS_OF]) == 0
    out = capsys.readouterr().out
    safety = db_path.with_name(f"postmortem.db.backup-{CLI_STAMP}-before-restore.db")
    assert f"Safety backup of the current database: {safety}" in out and "Restored" in out
    assert titles(db_path) == ["Kept in the backup"]
    assert sorted(titles(safety)) == ["Added after the backup", "Kept in the backup"]


def test_restore_with_yes_while_the_app_has_the_database_open(
    saved: Path, db_path: Path, service, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["restore", str(saved), "--yes", "--db", str(db_path), *AS_OF]) == 0
    assert [item.title for item in service.list_postmortems()] == ["Kept in the backup"]
    assert read(db_path, "PRAGMA integrity_check") == [("ok",)]


def test_restoring_an_older_backup_upgrades_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "old.db"
    make_old_database(old, ("From last year",))
    target = tmp_path / "fresh" / "postmortem.db"
    target.parent.mkdir()
    assert main(["restore", str(old), "--yes", "--db", str(target), *AS_OF]) == 0
    assert "Safety backup" not in capsys.readouterr().out  # there was nothing to keep
    assert titles(target) == ["From last year"] and revision_of(target) == migrate.head_revision()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_restore_refuses_read_only_and_the_database_itself(
    saved: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["restore", str(saved), "--yes", "--read-only", "--db", str(db_path), *AS_OF]) == 2
    assert "--read-only" in capsys.readouterr().err
    assert main(["restore", str(db_path), "--yes", "--db", str(db_path), *AS_OF]) == 2
    assert "the database itself" in capsys.readouterr().err
    assert len(titles(db_path)) == 2


def test_backup_names_sort_by_time(tmp_path: Path) -> None:
    database = tmp_path / "postmortem.db"
    earlier = backup_path(database, NOW)
    later = backup_path(database, NOW.replace(year=2025, month=1))
    assert earlier.name == "postmortem.db.backup-20240306T120000Z.db" and earlier.name < later.name
