"""Reading and showing instants in a postmortem's display timezone.

Stored times are UTC; people type and read local time. A local time that
does not exist (the spring-forward gap) is refused, and one that happens twice
(the fall-back hour) is reported as ambiguous with both readings, never guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from data.clock import as_utc

if TYPE_CHECKING:
    import pendulum

DATETIME_FORMS = "YYYY-MM-DD HH:MM, YYYY-MM-DD, or ISO 8601 with an offset such as 2024-03-05T14:05:00Z"
_OUT_OF_RANGE = "{shown} is too close to year 1 or 9999: in UTC it falls outside the calendar."

_LOCAL = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)


class TimeParseError(ValueError):
    """The text is not a time; the message says which forms are accepted."""


class NonexistentTime(TimeParseError):
    """A local time inside a daylight-saving gap."""


class OutOfRangeTime(TimeParseError):
    """A time that exists on paper but not in the calendar the app can hold (before year 1, after 9999)."""


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


def to_local(instant: datetime, zone_name: str) -> datetime:
    """The wall-clock time of `instant` in `zone_name`, as a plain datetime.

    Goes through the timestamp: pendulum's own `astimezone` costs ten times more, which
    shows when a timeline of thousands of events is drawn.
    """
    return datetime.fromtimestamp(instant.timestamp(), zone(zone_name))


def localize(naive: datetime, zone_name: str, fold: int | None = None) -> pendulum.DateTime:
    """Attach `zone_name` to a wall-clock time, refusing gaps; an ambiguous time needs `fold`
    (0 = the first occurrence, 1 = the second), else it raises `AmbiguousTime`."""
    tz = zone(zone_name)
    early = naive.replace(tzinfo=tz, fold=0)
    late = naive.replace(tzinfo=tz, fold=1)
    try:
        if early.utcoffset() == late.utcoffset():
            return as_utc(early)
        round_trip = early.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        first, second = sorted((early.astimezone(UTC), late.astimezone(UTC)))
    except OverflowError:  # within hours of year 1 or 9999: the instant falls outside the calendar
        raise OutOfRangeTime(_OUT_OF_RANGE.format(shown=naive.isoformat(" ", "minutes"))) from None
    shown = naive.strftime("%Y-%m-%d %H:%M")
    if round_trip != naive:
        raise NonexistentTime(
            f"{shown} does not exist in {zone_name}: the clocks skip that hour for "
            "daylight saving. Check the time, or give it with an offset."
        )
    if fold is not None:
        return as_utc(second if fold else first)
    raise AmbiguousTime(
        f"{shown} happens twice in {zone_name} (the clocks go back that night): "
        f"add the offset, {_with_offset(first, tz)} or {_with_offset(second, tz)}.",
        (as_utc(first), as_utc(second)),
    )


def _with_offset(instant: datetime, tz: tzinfo) -> str:
    local = instant.astimezone(tz)
    return local.isoformat(timespec="minutes").replace("T", " ")


def parse_datetime(text: str, zone_name: str, fold: int | None = None) -> pendulum.DateTime:
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
        return localize(naive, zone_name, fold)
    import pendulum  # only here: reading instants with offsets; everything else avoids the import cost

    try:
        parsed = pendulum.parse(text, strict=True, exact=True)
    except (ValueError, pendulum.parsing.exceptions.ParserError, TypeError, OverflowError):
        raise TimeParseError(f"{text!r} is not a date and time. Use {DATETIME_FORMS}.") from None
    if not isinstance(parsed, datetime) or parsed.tzinfo is None:
        raise TimeParseError(f"{text!r} is not a date and time. Use {DATETIME_FORMS}.")
    try:
        return as_utc(parsed)
    except ValueError:  # pendulum reads offsets of a day or more, which no zone has
        raise TimeParseError(f"{text!r} has an offset of a day or more: offsets run from -23:59 to +23:59.") \
            from None
    except OverflowError:
        raise OutOfRangeTime(_OUT_OF_RANGE.format(shown=repr(text))) from None


def format_local(instant: datetime | None, zone_name: str, *, seconds: bool = False) -> str:
    """`2024-03-05 14:05` in the display timezone ('' for None)."""
    if instant is None:
        return ""
    local = to_local(instant, zone_name)
    return local.isoformat(" ", "seconds")[:19] if seconds else local.isoformat(" ", "minutes")[:16]


def zone_label(instant: datetime | None, zone_name: str) -> str:
    """The short zone name in force at `instant` (`EST`, `BST`, `UTC`), or the IANA name."""
    return to_local(instant or datetime.now(UTC), zone_name).tzname() or zone_name


EVENT_TIME_FORMS = (
    "14:05, 14:05:30, 2:05 PM, +15m, +1h30m, -5m (from the previous event), "
    "2024-03-05 14:05, or ISO 8601 with an offset such as 2024-03-05T14:05:00Z"
)

_CLOCK = re.compile(r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<half>[AaPp]\.?[Mm]\.?)?")
_RELATIVE = re.compile(
    r"(?P<sign>[+-])\s*(?=\d)(?:(?P<hours>\d+)\s*h)?\s*(?:(?P<minutes>\d+)\s*m(?:in)?)?\s*(?:(?P<seconds>\d+)\s*s)?"
)


def parse_clock(text: str) -> tuple[int, int, int] | None:
    """`14:05`, `14:05:30`, `2:05 PM` -> (hour, minute, second); None if it is not a clock time."""
    match = _CLOCK.fullmatch(text.strip())
    if not match:
        return None
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
    if match["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["half"][0] in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def parse_relative(text: str) -> int | None:
    """`+15m`, `+1h30m`, `-5m`, `+90s` -> signed seconds; None if it is not a relative time.

    Raises `OutOfRangeTime` for an offset of a billion units or more: no calendar holds it (and a
    number that long would otherwise fail to convert at all)."""
    match = _RELATIVE.fullmatch(text.strip())
    if not match or not any(match[part] for part in ("hours", "minutes", "seconds")):
        return None
    if any(len(match[part] or "") > 9 for part in ("hours", "minutes", "seconds")):
        raise OutOfRangeTime(f"{text.strip()[:40]!r} is too far from the previous event.")
    seconds = int(match["hours"] or 0) * 3600 + int(match["minutes"] or 0) * 60 + int(match["seconds"] or 0)
    return -seconds if match["sign"] == "-" else seconds


def parse_event_time(
    text: str,
    zone_name: str,
    *,
    incident_date: date | None,
    previous: datetime | None,
    fold: int | None = None,
) -> pendulum.DateTime:
    """A timeline event's time as typed in a meeting.

    Clock times fall on the incident's date in the display zone; `+15m` and
    `-5m` count from the previous event; anything else must be a full date and
    time (see `parse_datetime`).
    """
    stripped = text.strip()
    offset = parse_relative(stripped)
    if offset is not None:
        if previous is None:
            raise TimeParseError(
                f"{stripped!r} counts from the previous event, and there is none yet: type a clock time "
                "such as 14:05."
            )
        try:
            return as_utc(previous).add(seconds=offset)
        except OverflowError:
            raise OutOfRangeTime(f"{stripped[:40]!r} from the previous event falls outside the calendar "
                                 "(years 1 to 9999).") from None
    clock = parse_clock(stripped)
    if clock is not None:
        if incident_date is None:
            raise TimeParseError(
                f"{stripped!r} has no date and the incident has none yet: give the first event a full date, "
                "such as 2024-03-05 14:05."
            )
        naive = datetime(incident_date.year, incident_date.month, incident_date.day, *clock)
        return localize(naive, zone_name, fold)
    try:
        return parse_datetime(stripped, zone_name, fold)
    except (NonexistentTime, AmbiguousTime, OutOfRangeTime):
        raise
    except TimeParseError:
        raise TimeParseError(f"{stripped!r} is not a time. Use {EVENT_TIME_FORMS}.") from None


def local_date(instant: datetime | None, zone_name: str) -> date | None:
    return to_local(instant, zone_name).date() if instant is not None else None


def format_event_time(instant: datetime, zone_name: str, incident_date: date | None) -> str:
    """`14:05` (or `14:05:30`), with the date in front when it is not the incident's date."""
    local = to_local(instant, zone_name)
    clock = f"{local.hour:02d}:{local.minute:02d}:{local.second:02d}" if local.second else (
        f"{local.hour:02d}:{local.minute:02d}")
    if incident_date is not None and local.date() != incident_date:
        return f"{local.strftime('%b %d')} {clock}"
    return clock
