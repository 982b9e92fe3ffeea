"""Shared plumbing of the service: one transaction with readable errors, and row-to-record copying."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session

from data.clock import as_utc
from data.database import Database
from data.errors import DatabaseLocked, ReadOnlyDatabase, StoreError, ValidationError

RecordT = TypeVar("RecordT")


@contextmanager
def transaction(database: Database, *, write: bool = False) -> Iterator[Session]:
    """One transaction, committed on success; database failures become readable `StoreError`s.

    A `write` transaction on SQLite takes the write lock before it reads (BEGIN IMMEDIATE): another
    program's lock is then waited for by SQLite's busy handler, which retries with growing sleeps for
    up to `lock_timeout` seconds, instead of failing at the first write after a read. On PostgreSQL
    the rows a write changes are read FOR UPDATE instead."""
    session = Session(database.engine, expire_on_commit=False)
    try:
        if write and database.is_sqlite:
            session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        yield session
        session.commit()
        for done in session.info.get("after_commit", ()):
            done()
    except IntegrityError as error:
        session.rollback()
        raise _integrity_error(error) from error
    except DBAPIError as error:  # operational (locks, disk) or internal (a read-only server)
        session.rollback()
        raise _operational_error(error, database) from error
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def to_record(row: Any, record_type: type[RecordT], **extra: Any) -> RecordT:
    """Copy a row's fields (an ORM row, or a Core row's mapping) into a record; instants become
    aware pendulum DateTimes in UTC."""
    get = row.__getitem__ if isinstance(row, Mapping) else row.__getattribute__
    values = {}
    for field in fields(record_type):  # type: ignore[arg-type]
        if field.name in extra:
            continue
        value = get(field.name)
        if isinstance(value, datetime):
            value = as_utc(value)
        values[field.name] = value
    return record_type(**values, **extra)


def _integrity_error(error: IntegrityError) -> StoreError:
    message = str(error.orig)
    lowered = message.lower()  # SQLite and PostgreSQL word these differently
    if "incident_id" in lowered and "unique" in lowered:
        return ValidationError("incident_id", "This incident id is already used by another postmortem.")
    if "foreign key" in lowered:
        return ValidationError("link", "That row refers to something that no longer exists.")
    reason = " ".join(message.split()).rstrip(".")
    return StoreError(f"The database refused the change: {reason}.")


def _operational_error(error: DBAPIError, database: Database) -> StoreError:
    from data.server import driver_message

    message = driver_message(error, database.url)
    if "locked" in message or "busy" in message or "lock timeout" in message or "deadlock" in message:
        return DatabaseLocked(
            f"The database is busy: another program held its lock for more than "
            f"{database.lock_timeout:g} s. The change was not saved; try again."
        )
    if "readonly" in message or "read-only" in message:
        return ReadOnlyDatabase(f"{database.label} cannot be written ({message}); the change was not saved.")
    if "full" in message:
        return StoreError(f"The disk holding {database.label} is full; the change was not saved.")
    return StoreError(f"The database reported a problem: {message}. The change was not saved.")
