"""An injectable clock, so that nothing depends on the real date in tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo


class Clock:
    """The real clock. Always returns timezone-aware UTC times."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self, tz: tzinfo | None = None) -> date:
        """Today's date in `tz`, or where the user is (the machine's zone) when not given."""
        return self.now().astimezone(tz).date()


class FixedClock(Clock):
    """A clock stopped at one instant; `advance` moves it (for meeting timers in tests)."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self._at

    def today(self, tz: tzinfo | None = None) -> date:
        """The fixed instant's date in `tz`, else in UTC: never the machine's zone."""
        return self._at.astimezone(tz or UTC).date()

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self._at += timedelta(**delta)


def clock_for_date(as_of: date) -> FixedClock:
    """A clock fixed at noon UTC of `as_of`, as used by `--as-of`."""
    return FixedClock(datetime(as_of.year, as_of.month, as_of.day, 12, 0, tzinfo=UTC))


def as_utc(value: datetime):  # -> pendulum.DateTime (pendulum is imported only when needed)
    """The same instant as an aware pendulum DateTime in UTC (pendulum's own UTC zone,
    which, unlike `datetime.timezone.utc`, survives pendulum arithmetic)."""
    import pendulum

    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: a timezone is required")
    if isinstance(value, pendulum.DateTime) and value.tzinfo is pendulum.UTC:
        return value
    utc = value.astimezone(UTC)
    # The constructor directly: ten times cheaper than pendulum.instance(), which counts when
    # a timeline of thousands of events is read.
    return pendulum.DateTime(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second,
                             utc.microsecond, tzinfo=pendulum.UTC)
