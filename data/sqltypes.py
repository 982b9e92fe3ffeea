"""Column types shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from data.clock import as_utc


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant, stored as UTC.

    SQLite has no zone-aware type, so the value is normalised to UTC and stored
    without offset there; PostgreSQL keeps a `timestamptz`. Reading always
    gives back an aware pendulum DateTime in UTC, whatever the machine's zone.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} cannot be stored: a timezone is required")
        utc = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return datetime(
                utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond
            )
        return utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return as_utc(value)
