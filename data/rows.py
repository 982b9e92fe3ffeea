"""Shared plumbing of the service: one transaction with readable errors, and row-to-record copying."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from data.clock import as_utc
from data.database import Database
from data.errors import DatabaseLocked, ReadOnlyDatabase, StoreError, ValidationError

RecordT = TypeVar("RecordT")


@contextmanager
def transaction(database: Database) -> Iterator[Session]:
    """One transaction, committed on success; database failures become readable `StoreError`s."""
    session = Session(database.engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except IntegrityError as error:
        session.rollback()
        raise _integrity_error(error) from error
    except OperationalError as error:
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
    if "postmortem.incident_id" in message:
        return ValidationError("incident_id", "This incident id is already used by another postmortem.")
    if "FOREIGN KEY" in message:
        return ValidationError("link", "That row refers to something that no longer exists.")
    return StoreError(f"The database refused the change: {message}.")


def _operational_error(error: OperationalError, database: Database) -> StoreError:
    message = str(error.orig)
    if "locked" in message or "busy" in message:
        return DatabaseLocked(
            f"The database is busy: another program held its lock for more than "
            f"{database.lock_timeout:g} s. The change was not saved; try again."
        )
    if "readonly" in message or "read-only" in message:
        return ReadOnlyDatabase(f"{database.path} cannot be written ({message}); the change was not saved.")
    if "full" in message:
        return StoreError(f"The disk holding {database.path} is full; the change was not saved.")
    return StoreError(f"The database reported a problem: {message}. The change was not saved.")
