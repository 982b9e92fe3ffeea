"""Opening the database file safely.

`open_database` checks the file with the standard `sqlite3` module before any
ORM import, so every refusal (a folder, a text file, a newer schema, a lock,
a read-only file) is a clear message and leaves the file exactly as it was.
Only a file that passes is migrated, and only then is SQLAlchemy loaded.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from data import migrate
from data.errors import (
    DatabaseLocked,
    DatabaseUnusable,
    NewerSchema,
    NotADatabase,
    ReadOnlyDatabase,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from data.clock import Clock

SQLITE_HEADER = b"SQLite format 3\x00"
#: How long to wait for another program's write lock before giving up.
DEFAULT_LOCK_TIMEOUT = 5.0
#: Tables SQLite itself or Alembic create; anything else unknown means "someone else's database".
_FOREIGN_TABLE_ALLOWANCE = {"alembic_version", "sqlite_sequence", "sqlite_stat1"}


def foreign_tables(tables: set[str]) -> str | None:
    """A few of another program's tables ("a, b, c") in a database without our schema, else None."""
    if "alembic_version" in tables or not tables - _FOREIGN_TABLE_ALLOWANCE:
        return None
    return ", ".join(sorted(tables)[:3])


def refuse_newer(revision: str | None, label: str, advice: str) -> None:
    """A schema revision this version does not know was written by a newer one: `NewerSchema`."""
    known = migrate.known_revisions()
    if revision is not None and revision not in known:
        raise NewerSchema(
            f"{label} was written by a newer version of postmortem (schema revision {revision}; "
            f"this version knows up to {known[-1]}). {advice}"
        )


class Database:
    """An opened, checked and migrated database: a SQLite file, or a PostgreSQL server (`url`)."""

    def __init__(
        self,
        path: Path | None,
        read_only: bool = False,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        *,
        url: str | None = None,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.lock_timeout = lock_timeout
        #: A server's SQLAlchemy URL, password included: never shown (use `label`).
        self.url = url
        self._engine: Engine | None = None

    def __repr__(self) -> str:
        return f"Database({self.label!r}, read_only={self.read_only})"

    @property
    def is_sqlite(self) -> bool:
        return self.url is None

    @property
    def label(self) -> str:
        """How the database is named to people: the file's path, or the server URL without its password."""
        if self.url is None:
            return str(self.path)
        from data.server import masked

        return masked(self.url)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, created (and SQLAlchemy imported) on first use."""
        if self._engine is None:
            if self.url is None:
                assert self.path is not None
                self._engine = _create_engine(self.path, self.read_only, self.lock_timeout)
            else:
                from data.server import create_server_engine

                self._engine = create_server_engine(self.url, self.read_only, self.lock_timeout)
        return self._engine

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def open_database(
    path: Path | str,
    *,
    read_only: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    create_parent: bool = False,
    clock: Clock | None = None,
) -> Database:
    """Check, create or migrate the database at `path`; raise `DatabaseUnusable` with the reason.

    Before an existing database is upgraded, a copy is written next to it (`data.backup`, named with
    the time from `clock`); if that copy fails, nothing is upgraded."""
    if isinstance(path, str) and is_server_url(path):
        from data.server import open_server_database

        return open_server_database(path, read_only=read_only, lock_timeout=lock_timeout)
    path = Path(path).expanduser()
    shown = str(path)
    if path.is_dir():
        raise DatabaseUnusable(
            f"{shown} is a folder, not a database file. Give the path of a file instead, "
            f"for example --db {path / 'postmortem.db'}."
        )
    if not path.exists():
        if read_only:
            raise DatabaseUnusable(f"{shown} does not exist, so there is nothing to browse.")
        _create_private_file(path, create_parent)
    else:
        _check_header(path)
        if not read_only and not _writable(path):
            raise ReadOnlyDatabase(
                f"{shown} is read-only, so edits could not be saved. Browse it without "
                f"changes with --read-only, or make it writable (chmod u+w {shown}). "
                "The file was not changed."
            )
    database = Database(path, read_only=read_only, lock_timeout=lock_timeout)
    revision = _check_schema(path, read_only, lock_timeout)
    if revision != migrate.head_revision():
        if read_only:
            raise DatabaseUnusable(
                f"{shown} was written by an older version of postmortem and must be upgraded "
                "before it can be read; open it once without --read-only. The file was not changed."
            )
        if revision is not None:  # a new or empty file has no data to keep
            from data.backup import backup_before_upgrade

            backup_before_upgrade(path, revision, clock=clock, lock_timeout=lock_timeout)
        _migrate(database)
    return database


def is_server_url(text: str) -> bool:
    """True for a database server URL (`postgresql://…`, `postgresql+psycopg://…`), not a file path."""
    scheme, separator, _rest = text.partition("://")
    return bool(separator) and scheme.split("+", 1)[0].lower() in ("postgresql", "postgres")


def _create_private_file(path: Path, create_parent: bool) -> None:
    """Create an empty database file readable and writable by its owner only (0600)."""
    if not path.parent.exists():
        if not create_parent:
            raise DatabaseUnusable(
                f"The folder {path.parent} does not exist. Create it first or choose another --db path."
            )
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise DatabaseUnusable(f"Cannot create {path}: {error.strerror}.") from error
    os.close(descriptor)
    os.chmod(path, 0o600)


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseUnusable(f"Cannot read {path}: {error.strerror}.") from error
    if header and header != SQLITE_HEADER:
        preview = header.decode("utf-8", "replace").splitlines()[0][:16] if header.strip() else ""
        starts = f" (it starts with {preview!r})" if preview else ""
        raise NotADatabase(
            f"{path} is not a postmortem database: it is not a SQLite file{starts}. "
            "Choose another file with --db; this one was not changed."
        )


def _writable(path: Path) -> bool:
    """Writable for us, judged by the owner's write bit as well (root ignores permissions)."""
    mode = path.stat().st_mode
    return bool(mode & stat.S_IWUSR) and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _connect_checked(path: Path, read_only: bool, timeout: float) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rw'}"
    return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)


def _check_schema(path: Path, read_only: bool, lock_timeout: float) -> str | None:
    """Return the schema revision, refusing foreign, newer or locked databases."""
    try:
        connection = _connect_checked(path, read_only, lock_timeout)
    except sqlite3.Error as error:
        raise DatabaseUnusable(f"Cannot open {path}: {error}.") from error
    try:
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as error:
            if "locked" in str(error):
                raise _locked(path, lock_timeout) from error
            raise NotADatabase(
                f"{path} is not a postmortem database: SQLite cannot read it ({error}). "
                "Choose another file with --db; this one was not changed."
            ) from error
        sample = foreign_tables(tables)
        if sample:
            raise NotADatabase(
                f"{path} is a SQLite database of another program (it has tables such as {sample}), "
                "not a postmortem database. Choose another file with --db; this one was not changed."
            )
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        refuse_newer(revision, str(path), "Upgrade postmortem to open it; the file was not changed.")
        if not read_only:
            _check_write_lock(connection, path, lock_timeout)
        return revision
    finally:
        connection.close()


def _check_write_lock(connection: sqlite3.Connection, path: Path, lock_timeout: float) -> None:
    """Take and release the write lock, so a busy database is reported now, not at the first edit."""
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        message = str(error)
        if "locked" in message or "busy" in message:
            raise _locked(path, lock_timeout) from error
        if "readonly" in message or "read-only" in message:
            raise ReadOnlyDatabase(
                f"{path} cannot be written ({message}). Browse it with --read-only. "
                "The file was not changed."
            ) from error
        raise DatabaseUnusable(f"Cannot use {path}: {message}.") from error


def _locked(path: Path, lock_timeout: float) -> DatabaseLocked:
    return DatabaseLocked(
        f"{path} is locked by another program (waited {lock_timeout:g} s). Close the other "
        "postmortem window or process that is writing to it, then try again; "
        "the file was not changed."
    )


def _migrate(database: Database) -> None:
    """Apply pending revisions with foreign keys off (batch table rebuilds must not cascade)."""
    assert database.path is not None
    engine = _create_engine(database.path, False, database.lock_timeout, foreign_keys=False)
    try:
        with engine.begin() as connection:
            migrate.upgrade(connection)
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise DatabaseUnusable(
                    f"Upgrading {database.path} would break links between rows ({problems[:3]}); "
                    "nothing was changed."
                )
    finally:
        engine.dispose()


def _create_engine(
    path: Path, read_only: bool, lock_timeout: float, *, foreign_keys: bool = True
) -> Engine:
    from sqlalchemy import create_engine, event

    url = f"sqlite:///{path.resolve().as_uri()}?mode=ro&uri=true" if read_only else f"sqlite:///{path}"
    engine = create_engine(
        url,
        connect_args={"timeout": lock_timeout, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        if not read_only:
            # WAL keeps readers and the writer out of each other's way; NORMAL sync is
            # durable against a killed process (the OS holds the WAL), which is the risk here.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine
