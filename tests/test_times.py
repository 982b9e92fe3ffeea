"""Typed dates and times in the display timezone, daylight-saving edges included."""

from __future__ import annotations

import pendulum
import pytest

from app.logic.times import (
    AmbiguousTime,
    NonexistentTime,
    TimeParseError,
    format_local,
    parse_datetime,
    zone_label,
)


@pytest.mark.parametrize(
    ("text", "zone", "expected_utc"),
    [
        ("2024-03-05 14:05", "UTC", "2024-03-05T14:05:00+00:00"),
        ("2024-03-05T14:05:30", "Europe/London", "2024-03-05T14:05:30+00:00"),
        ("2024-07-05 14:05", "Europe/London", "2024-07-05T13:05:00+00:00"),
        ("2024-03-05", "America/New_York", "2024-03-05T05:00:00+00:00"),
        ("2024-03-05T14:05:00Z", "Asia/Tokyo", "2024-03-05T14:05:00+00:00"),
        ("2024-03-05T14:05:00+01:00", "America/New_York", "2024-03-05T13:05:00+00:00"),
        ("  2024-03-05 9:05  ", "UTC", "2024-03-05T09:05:00+00:00"),
    ],
)
def test_accepted_forms(text: str, zone: str, expected_utc: str) -> None:
    parsed = parse_datetime(text, zone)
    assert isinstance(parsed, pendulum.DateTime)
    assert parsed.isoformat() == expected_utc


@pytest.mark.parametrize(("text", "zone"), [("2024-03-10 02:30", "America/New_York"),
                                           ("2024-03-31 01:30", "Europe/London")])
def test_spring_forward_gap_is_refused(text: str, zone: str) -> None:
    with pytest.raises(NonexistentTime, match="does not exist"):
        parse_datetime(text, zone)


@pytest.mark.parametrize(("text", "zone", "first", "second"), [
    ("2024-11-03 01:30", "America/New_York", "05:30", "06:30"),
    ("2024-10-27 01:30", "Europe/London", "00:30", "01:30"),
])
def test_fall_back_hour_is_ambiguous_with_both_readings(text: str, zone: str, first: str, second: str) -> None:
    with pytest.raises(AmbiguousTime, match="happens twice") as caught:
        parse_datetime(text, zone)
    assert [c.strftime("%H:%M") for c in caught.value.choices] == [first, second]


@pytest.mark.parametrize("text", ["25:61", "yesterday-ish", "2024-13-01", "2024-02-30 10:00", "", "14:05"])
def test_junk_lists_the_accepted_forms(text: str) -> None:
    with pytest.raises(TimeParseError, match="YYYY-MM-DD HH:MM"):
        parse_datetime(text, "UTC")


def test_formatting_in_the_display_zone() -> None:
    instant = pendulum.datetime(2024, 3, 5, 14, 5, tz="UTC")
    assert format_local(instant, "America/New_York") == "2024-03-05 09:05"
    assert format_local(None, "UTC") == ""
    assert zone_label(instant, "America/New_York") == "EST"
    assert zone_label(pendulum.datetime(2024, 7, 1, tz="UTC"), "Europe/London") == "BST"
