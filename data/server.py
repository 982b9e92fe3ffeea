"""A PostgreSQL server as the database: connecting, checking the schema, migrating.

The URL is a SQLAlchemy URL (`postgresql+psycopg://user@host:port/dbname`; plain
`postgresql://` means the same). The password may be in it, or come from
`PGPASSWORD` or `~/.pgpass`, which the driver reads itself. It is never shown:
every message names the server with `masked(url)` and passes through
`hide_password`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from data import migrate
from data.database import Database, foreign_tables, refuse_newer
from data.errors import DatabaseUnusable, NotADatabase

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

DRIVER = "postgresql+psycopg"
#: Two programs upgrading the same server at once take turns on this lock (any constant will do).
_MIGRATION_LOCK = 7_240_311
_PASSWORD_IN_URL = re.compile(r"^([^:/]+://[^:/@]*:)([^@]*)(@)")


def normalised(url: str) -> str:
    """The URL with the driver this app uses (`postgresql://` → `postgresql+psycopg://`)."""
    scheme, _separator, rest = url.partition("://")
    return f"{DRIVER}://{rest}" if "+" not in scheme else url


def masked(url: str) -> str:
    """The URL as people may see it: any password replaced by ***."""
    return _PASSWORD_IN_URL.sub(r"\1***\3", url)


def hide_password(text: str, url: str | None) -> str:
    """`text` with the URL's password (as typed, or percent-decoded) replaced by *** wherever it
    stands on its own: inside a URL, after `password=`, or alone. Inside a longer word it is left,
    so a password such as "postgres" does not turn "postgresql" into "***ql"."""
    if not url:
        return text
    match = _PASSWORD_IN_URL.match(url)
    if not match or not match.group(2):
        return text
    password = match.group(2)
    for form in sorted({password, unquote(password), quote(unquote(password), safe="")}, key=len, reverse=True):
        if form:
            text = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", "***", text)
    return text


def driver_message(error: BaseException, *urls: str | None) -> str:
    """The database driver's own words on one line (not SQLAlchemy's, which add the statement and
    its values), with the password of every URL hidden."""
    original = getattr(error, "orig", None)  # DBAPIError, and StatementError for a value that would not convert
    message = " ".join(str(original if original is not None else error).split())
    for url in urls:
        message = hide_password(message, url)
    return message


def create_server_engine(url: str, read_only: bool, lock_timeout: float) -> Engine:
    from sqlalchemy import create_engine

    options = f"-c lock_timeout={max(1, round(lock_timeout * 1000))} -c TimeZone=UTC"
    if read_only:
        options += " -c default_transaction_read_only=on"
    return create_engine(
        normalised(url),
        pool_pre_ping=True,
        connect_args={"connect_timeout": 10, "options": options, "application_name": "postmortem"},
    )


def open_server_database(url: str, *, read_only: bool, lock_timeout: float) -> Database:
    """Connect, refuse a foreign or newer schema, and migrate an older one; `DatabaseUnusable` says why."""
    database = Database(None, read_only, lock_timeout, url=normalised(url))
    label = database.label
    try:
        import psycopg  # noqa: F401
    except ImportError as error:
        raise DatabaseUnusable(
            f"Cannot open {label}: PostgreSQL needs the psycopg package (pip install 'psycopg[binary]')."
        ) from error
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    try:
        with database.engine.connect() as connection:
            revision = _check_schema(connection, label)
        if revision != migrate.head_revision():
            if read_only:
                raise DatabaseUnusable(
                    f"{label} has an older postmortem schema and must be upgraded before it can be read; "
                    "open it once without --read-only. Nothing was changed."
                )
            with database.engine.begin() as connection:
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
                if _check_schema(connection, label) != migrate.head_revision():
                    migrate.upgrade(connection)
    except (ValueError, ArgumentError) as error:  # the URL itself: a port that is not a number, say
        database.dispose()
        raise DatabaseUnusable(f"Cannot use {label}: the URL is not valid ({driver_message(error, url)}).") from None
    except SQLAlchemyError as error:
        database.dispose()
        raise DatabaseUnusable(f"Cannot use {label}: {driver_message(error, url)}") from None
    except DatabaseUnusable:
        database.dispose()
        raise
    return database


def _check_schema(connection: Connection, label: str) -> str | None:
    from sqlalchemy import inspect

    tables = set(inspect(connection).get_table_names())
    sample = foreign_tables(tables)
    if sample:
        raise NotADatabase(
            f"{label} holds another program's tables (such as {sample}), not a postmortem database. "
            "Give a database of its own; nothing was changed."
        )
    if "alembic_version" not in tables:
        return None
    row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    revision = row[0] if row else None
    refuse_newer(revision, label, "Upgrade postmortem to open it; nothing was changed.")
    return revision
