"""Copies of the database file: before each upgrade, on demand, and before a restore.

Every copy goes through SQLite's online backup API, so it is consistent even while another
program has the database open (committed data only, WAL content included). It is written to a
hidden temporary file first and renamed into place, so a failed copy never leaves a file that
looks like a backup. Copies are single files (rollback journal, not WAL) readable by the owner
only, like the database.

Names, next to the database; within each kind they sort by time (UTC):

    postmortem.db.backup-20261128T101500Z-before-upgrade-0002.db   automatic, before upgrading
                                                                    from revision 0002; the last 5 kept
    postmortem.db.backup-20261128T101500Z.db                       `postmortem backup`; never deleted
    postmortem.db.backup-20261128T101500Z-before-restore.db        `postmortem restore`; never deleted

A second copy of the same kind in the same second gets `-2`, `-3`… after the time.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from data.clock import Clock
from data.database import (
    DEFAULT_LOCK_TIMEOUT,
    SQLITE_HEADER,
    _check_header,
    _connect_checked,
    _create_private_file,
    _locked,
    refuse_newer,
)
from data.errors import DatabaseUnusable, NotADatabase
from data.placing import move_into_place

#: How many automatic (before-upgrade) backups of one database are kept.
AUTOMATIC_BACKUPS_KEPT = 5
BEFORE_UPGRADE = "before-upgrade"
BEFORE_RESTORE = "before-restore"


class BackupFailed(DatabaseUnusable):
    """A copy could not be written; whatever it was protecting has not been touched."""


class BackupExists(BackupFailed):
    """The target file is already there and overwriting was not asked for."""


class Summary(NamedTuple):
    """What a database file holds, for the confirmation before a restore."""

    path: Path
    revision: str | None
    postmortems: int
    last_change: str | None  # latest postmortem or action update, UTC, "YYYY-MM-DD HH:MM"


def stamp(moment: datetime) -> str:
    """`20261128T101500Z`: sortable as text, free of characters file systems dislike."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def backup_path(database: Path, moment: datetime, kind: str = "") -> Path:
    """The first free name of a backup of `database` made at `moment` (see the module docstring)."""
    tail = f"-{kind}" if kind else ""
    base = f"{database.name}.backup-{stamp(moment)}"
    candidate = database.with_name(f"{base}{tail}.db")
    number = 2
    while candidate.exists():
        candidate = database.with_name(f"{base}-{number}{tail}.db")
        number += 1
    return candidate


def automatic_backups(database: Path) -> list[Path]:
    """The before-upgrade backups of `database` next to it, oldest first."""
    pattern = re.compile(
        rf"{re.escape(database.name)}\.backup-(\d{{8}}T\d{{6}}Z)(?:-(\d+))?-{BEFORE_UPGRADE}-[0-9A-Za-z_]+\.db"
    )
    found: list[tuple[str, int, Path]] = []
    with contextlib.suppress(OSError):
        for entry in database.parent.iterdir():
            match = pattern.fullmatch(entry.name)
            if match and entry.is_file():
                found.append((match[1], int(match[2] or 1), entry))
    return [path for *_, path in sorted(found)]


def prune_automatic_backups(database: Path, keep: int = AUTOMATIC_BACKUPS_KEPT) -> None:
    """Delete all but the newest `keep` automatic backups; on-demand and restore backups never match."""
    backups = automatic_backups(database)
    for old in backups[: max(0, len(backups) - keep)]:
        with contextlib.suppress(OSError):  # a backup left over is better than a failed start
            old.unlink()


def backup_before_upgrade(
    database: Path,
    revision: str,
    *,
    clock: Clock | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    keep: int = AUTOMATIC_BACKUPS_KEPT,
) -> Path:
    """Copy `database` (at schema `revision`) aside before it is upgraded; raise `BackupFailed` if that fails,
    so the upgrade does not run without a way back."""
    moment = (clock or Clock()).now()
    target = backup_path(database, moment, f"{BEFORE_UPGRADE}-{revision}")
    try:
        copy_database(database, target, lock_timeout=lock_timeout)
    except BackupFailed as error:
        raise BackupFailed(
            f"{database} needs an upgrade to this version's schema, but the backup made before every "
            f"upgrade could not be written: {error} Nothing was changed; free some space or make "
            f"{database.parent} writable, then try again."
        ) from error
    prune_automatic_backups(database, keep)
    return target


def copy_database(
    source: Path, target: Path, *, overwrite: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
) -> Path:
    """Write a consistent copy of `source` to `target` with the backup API; raise `BackupFailed` with the
    reason (`BackupExists` when `target` exists and `overwrite` is false)."""
    if target.exists() and not overwrite:
        raise BackupExists(f"{target} already exists; nothing was written (use --force to replace it).")
    try:
        descriptor, temporary_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".partial", dir=target.parent
        )
    except OSError as error:
        raise BackupFailed(f"cannot write in {target.parent} ({error.strerror}).") from error
    os.close(descriptor)
    temporary = Path(temporary_name)
    try:
        _copy(source, temporary, lock_timeout)
        _publish(temporary, target, overwrite)
    except BackupExists:
        raise
    except sqlite3.Error as error:
        raise BackupFailed(f"copying {source} to {target} failed ({error}).") from error
    except OSError as error:
        raise BackupFailed(f"writing {target} failed ({error.strerror or error}).") from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    return target


def _copy(source: Path, target: Path, lock_timeout: float) -> None:
    """The backup API, from a read-only connection into `target`, left as one self-contained file."""
    reader = _connect_checked(source, True, lock_timeout)
    try:
        writer = sqlite3.connect(target, isolation_level=None, timeout=lock_timeout)
        try:
            reader.backup(writer)
            writer.execute("PRAGMA journal_mode=DELETE")
        finally:
            writer.close()
    finally:
        reader.close()
    with target.open("rb+") as handle:
        os.fsync(handle.fileno())


def _publish(temporary: Path, target: Path, overwrite: bool) -> None:
    """Move the finished copy into place; without `overwrite`, never over a file that appeared meanwhile."""
    if not move_into_place(temporary, target, overwrite=overwrite):
        raise BackupExists(f"{target} already exists; nothing was written (use --force to replace it).")


def check_backup(path: Path, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Summary:
    """Verify that `path` is an intact postmortem database this version can use, and summarise it."""
    if not path.exists():
        raise DatabaseUnusable(f"{path} does not exist.")
    if not path.is_file():
        raise DatabaseUnusable(f"{path} is not a regular file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseUnusable(f"Cannot read {path}: {error.strerror}.") from error
    if not header:
        raise NotADatabase(f"{path} is empty: it holds no postmortem database.")
    if header != SQLITE_HEADER:
        raise NotADatabase(f"{path} is not a SQLite database, so it cannot be a postmortem backup.")
    try:
        connection = _connect_checked(path, True, lock_timeout)
        try:
            result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                raise NotADatabase(f"{path} is damaged (SQLite integrity check: {'; '.join(result[:3])}).")
            return _summarise(path, connection)
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise NotADatabase(f"{path} is damaged: SQLite cannot read it ({error}).") from error


def describe_database(path: Path, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Summary | None:
    """Summarise the database about to be replaced (None when it does not exist or is empty).

    A newer schema is accepted (it is being replaced, and kept in the safety backup); a file that is
    not a postmortem database, or that SQLite cannot read, is refused: it may be someone else's file.
    """
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return None
    if not path.is_file():
        raise DatabaseUnusable(f"{path} is not a regular file, so it is not replaced.")
    _check_header(path)
    try:
        connection = _connect_checked(path, True, lock_timeout)
        try:
            return _summarise(path, connection, accept_newer=True, empty_ok=True)
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise NotADatabase(
            f"{path} cannot be read ({error}), so it is not replaced. If it is a damaged postmortem "
            "database, move it aside and restore again."
        ) from error


def _summarise(
    path: Path, connection: sqlite3.Connection, *, accept_newer: bool = False, empty_ok: bool = False
) -> Summary:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not tables and empty_ok:
        return Summary(path, None, 0, None)
    if "alembic_version" not in tables or "postmortem" not in tables:
        sample = ", ".join(sorted(tables)[:3]) or "no tables"
        raise NotADatabase(f"{path} is a SQLite database but not a postmortem database (it has {sample}).")
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    revision = row[0] if row else None
    if not accept_newer:
        refuse_newer(revision, str(path), "Restore it with that version.")
    count = connection.execute("SELECT count(*) FROM postmortem").fetchone()[0]
    changes = ["SELECT max(updated_at) FROM postmortem"]
    if "corrective_action" in tables:
        changes.append("SELECT max(updated_at) FROM corrective_action")
    latest = [value for query in changes if (value := connection.execute(query).fetchone()[0])]
    return Summary(path, revision, count, str(max(latest))[:16] if latest else None)


def restore_database(
    source: Path, target: Path, *, create_parent: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
) -> None:
    """Replace the contents of `target` with `source` through the backup API, in the target's own
    connection: its WAL and other open connections stay coherent. Raise `DatabaseUnusable` if it fails."""
    if not target.exists():
        _create_private_file(target, create_parent)
    try:
        reader = _connect_checked(source, True, lock_timeout)
        try:
            writer = _connect_checked(target, False, lock_timeout)
            try:
                reader.backup(writer)
            finally:
                writer.close()
        finally:
            reader.close()
    except sqlite3.Error as error:
        message = str(error)
        if "locked" in message or "busy" in message:
            raise _locked(target, lock_timeout) from error
        raise DatabaseUnusable(f"Restoring into {target} failed ({message}).") from error
