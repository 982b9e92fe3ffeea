"""Reading and showing instants in a postmortem's display timezone.

Stored times are UTC; people type and read local time. A local time that
does not exist (the spring-forward gap) is refused, and one that happens twice
(the fall-back hour) is reported as ambiguous with both readings, never guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pendulum

DATETIME_FORMS = "YYYY-MM-DD HH:MM, YYYY-MM-DD, or ISO 8601 with an offset such as 2024-03-05T14:05:00Z"

_LOCAL = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)


class TimeParseError(ValueError):
    """The text is not a time; the message says which forms are accepted."""


class NonexistentTime(TimeParseError):
    """A local time inside a daylight-saving gap."""


class AmbiguousTime(TimeParseError):
    """A local time that occurs twice; `choices` holds both instants, earlier first."""

    def __init__(self, message: str, choices: tuple[datetime, datetime]) -> None:
        super().__init__(message)
        self.choices = choices


@lru_cache(maxsize=64)
def zone(name: str) -> tzinfo:
    """The timezone called `name` (an IANA name); UTC for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def localize(naive: datetime, zone_name: str) -> pendulum.DateTime:
    """Attach `zone_name` to a wall-clock time, refusing gaps and ambiguous times."""
    tz = zone(zone_name)
    early = naive.replace(tzinfo=tz, fold=0)
    late = naive.replace(tzinfo=tz, fold=1)
    if early.utcoffset() != late.utcoffset():
        round_trip = early.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        shown = naive.strftime("%Y-%m-%d %H:%M")
        if round_trip != naive:
            raise NonexistentTime(
                f"{shown} does not exist in {zone_name}: the clocks skip that hour for "
                "daylight saving. Check the time, or give it with an offset."
            )
        first, second = sorted((early.astimezone(UTC), late.astimezone(UTC)))
        raise AmbiguousTime(
            f"{shown} happens twice in {zone_name} (the clocks go back that night): "
            f"add the offset, {_with_offset(first, tz)} or {_with_offset(second, tz)}.",
            (pendulum.instance(first), pendulum.instance(second)),
        )
    return pendulum.instance(early.astimezone(UTC))


def _with_offset(instant: datetime, tz: tzinfo) -> str:
    local = instant.astimezone(tz)
    return local.isoformat(timespec="minutes").replace("T", " ")


def parse_datetime(text: str, zone_name: str) -> pendulum.DateTime:
    """A date and time typed by a person, in `zone_name` unless it carries an offset."""
    text = text.strip()
    match = _LOCAL.fullmatch(text)
    if match:
        try:
            day = date.fromisoformat(match["date"])
            naive = datetime(
                day.year, day.month, day.day,
                int(match["hour"] or 0), int(match["minute"] or 0), int(match["second"] or 0),
            )
        except ValueError:
            raise TimeParseError(f"{text!r} is not a valid date and time. Use {DATETIME_FORMS}.") from None
        return localize(naive, zone_name)
    try:
        parsed = pendulum.parse(text, strict=True, exact=True)
    except (ValueError, pendulum.parsing.exceptions.ParserError, TypeError, OverflowError):
        raise TimeParseError(f"{text!r} is not a date and time. Use {DATETIME_FORMS}.") from None
    if not isinstance(parsed, datetime) or parsed.tzinfo is None:
        raise TimeParseError(f"{text!r} is not a date and time. Use {DATETIME_FORMS}.")
    return pendulum.instance(parsed.astimezone(UTC))


def format_local(instant: datetime | None, zone_name: str, *, seconds: bool = False) -> str:
    """`2024-03-05 14:05` in the display timezone ('' for None)."""
    if instant is None:
        return ""
    local = instant.astimezone(zone(zone_name))
    return local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def zone_label(instant: datetime | None, zone_name: str) -> str:
    """The short zone name in force at `instant` (`EST`, `BST`, `UTC`), or the IANA name."""
    tz = zone(zone_name)
    reference = instant or datetime.now(UTC)
    return reference.astimezone(tz).tzname() or zone_name
