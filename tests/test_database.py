"""Opening the database: creation, migration, and every refusal (file left untouched)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from data import migrate
from data.database import open_database
from data.errors import (
    DatabaseLocked,
    DatabaseUnusable,
    NewerSchema,
    NotADatabase,
    ReadOnlyDatabase,
)


def fingerprint(path: Path) -> tuple[str, int, int]:
    """Content hash, size and mode: what "unchanged" means in these tests."""
    data = path.read_bytes()
    return hashlib.sha256(data).hexdigest(), len(data), stat.S_IMODE(path.stat().st_mode)


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_new_database_is_private_migrated_and_in_wal_mode(db_path: Path) -> None:
    database = open_database(db_path)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert {"postmortem", "timeline_event", "corrective_action", "action_update"} <= tables(db_path)
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            migrate.head_revision()
        )
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.dispose()


def test_empty_file_is_migrated(db_path: Path) -> None:
    db_path.touch()
    open_database(db_path).dispose()
    assert "postmortem" in tables(db_path)


def test_reopening_a_current_database_changes_nothing(db_path: Path) -> None:
    open_database(db_path).dispose()
    before = fingerprint(db_path)
    open_database(db_path).dispose()
    assert fingerprint(db_path)[0] == before[0]


def test_missing_folder_is_refused_unless_default(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnusable, match="does not exist"):
        open_database(tmp_path / "nope" / "pm.db")
    assert not (tmp_path / "nope").exists()
    open_database(tmp_path / "made" / "pm.db", create_parent=True).dispose()
    assert (tmp_path / "made" / "pm.db").exists()


def test_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(DatabaseUnusable, match="is a folder, not a database file") as caught:
        open_database(folder)
    assert "--db" in str(caught.value)
    assert list(folder.iterdir()) == []


def test_text_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello world, these are my notes\n")
    before = fingerprint(notes)
    with pytest.raises(NotADatabase, match="not a SQLite file") as caught:
        open_database(notes)
    assert "this one was not changed" in str(caught.value)
    assert fingerprint(notes) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_other_programs_sqlite_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    before = fingerprint(other)
    with pytest.raises(NotADatabase, match="another program"):
        open_database(other)
    assert fingerprint(other) == before
    assert tables(other) == {"invoices"}


def test_newer_schema_is_refused_and_left_alone(db_path: Path) -> None:
    open_database(db_path).dispose()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = fingerprint(db_path)
    with pytest.raises(NewerSchema, match="newer version of postmortem") as caught:
        open_database(db_path)
    assert "9999" in str(caught.value) and "not changed" in str(caught.value)
    assert fingerprint(db_path) == before


def test_read_only_file_is_refused_then_browsable(db_path: Path) -> None:
    open_database(db_path).dispose()
    os.chmod(db_path, 0o400)
    before = fingerprint(db_path)
    with pytest.raises(ReadOnlyDatabase, match="read-only") as caught:
        open_database(db_path)
    assert "--read-only" in str(caught.value)
    assert fingerprint(db_path) == before
    browsing = open_database(db_path, read_only=True)
    assert browsing.read_only
    browsing.dispose()
    assert fingerprint(db_path) == before


def test_locked_database_is_refused_after_the_timeout(db_path: Path) -> None:
    open_database(db_path).dispose()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO tag (name) VALUES ('held')")
    try:
        before = fingerprint(db_path)
        with pytest.raises(DatabaseLocked, match="locked by another program") as caught:
            open_database(db_path, lock_timeout=0.2)
        assert "waited 0.2 s" in str(caught.value)
        assert fingerprint(db_path) == before
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    open_database(db_path).dispose()  # free again: opens normally


def test_read_only_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnusable, match="nothing to browse"):
        open_database(tmp_path / "absent.db", read_only=True)
    assert not (tmp_path / "absent.db").exists()
