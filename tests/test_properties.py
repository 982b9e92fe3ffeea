"""Property tests for every parser of typed text (times, quick entry, chat logs, due dates, numbers, money,
durations): a value of the right type, or the module's own error with a message a person can read; never any
other exception. The `postmortem/v1` reader has its own file, test_properties_import.py.

Arbitrary text (control characters, unicode digits, right-to-left, emoji, combining marks, very
long runs of digits) and near-valid input (dates with out-of-range parts, huge numbers, 1e309,
NaN and infinity spellings, negative durations, daylight-saving gaps, leap days).
Examples are derandomized so that CI sees the same ones every run.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli.actions import _days
from app.logic import numbers
from app.logic.actions import DueDateError, parse_due
from app.logic.chatlog import ChatLog, parse_chat_log
from app.logic.money import check_currency_code
from app.logic.quick_entry import QuickEntryError, QuickEvent, parse_quick_entry
from app.logic.times import TimeParseError, parse_clock, parse_datetime, parse_event_time, parse_relative

T = TypeVar("T")
CHEAP = settings(max_examples=300, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
ZONES = ("UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kathmandu",
         "America/St_Johns", "Not/A_Zone")
TODAY = date(2024, 3, 6)

# -- text strategies --------------------------------------------------------------------------------------

#: Characters that trip parsers: ASCII digits and separators, unicode digits (Arabic-Indic, Devanagari,
#: full-width, superscript), minus signs, control and format characters, RTL, emoji, combining marks.
TRICKY = ("0123456789:-+.,/ TZ\t\n\r\x00\x1b\x7f\x85\u00a0\u2028\u200b\u202e\u0661\u0662\u0969\uff11\u00b2"
          "\u2212\u0301\u05d0\U0001f525eEnNaAiIfFhHmMdDsSwWqQkKbBpP%$€_()[]<>#=>")
any_text = st.text(max_size=80)
tricky_text = st.text(alphabet=st.sampled_from(TRICKY), max_size=40)
long_digits = st.integers(min_value=20, max_value=6000).map(lambda n: "9" * n)
#: Very long input: runs of a piece that parsers match piece by piece (and could backtrack over).
long_runs = st.builds(lambda piece, n, tail: piece * n + tail,
                      st.sampled_from(["9", "1:", "+1h", "1d", " ", "\u0661", "2024-01-01 ", "1,000", "[", "a"]),
                      st.integers(100, 3000), st.sampled_from(["", "x", "m", "14:05", ":"]))
SPECIAL_NUMBERS = ["1e309", "-1e309", "1e-400", "NaN", "nan", "-nan", "inf", "-inf", "Infinity", "∞", "1_000",
                   "0x10", "1e3", "٣", "١٫٥", "１２", "²", "-0", "−5", "0.0000001", ".5", "5.", "1,00", "1,000.5.5"]


def texts_or(*extra: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Arbitrary text, text of tricky characters, very long text, and the parser's own near-valid forms."""
    return st.one_of(any_text, tricky_text, long_runs, *extra)


def outcome(call: Callable[[], T], kind: type | tuple[type, ...], errors: type[Exception] | tuple) -> T | None:
    """The value `call` returns (checked to be a `kind`), or None when it raised one of `errors` with a
    message; any other exception fails the test."""
    try:
        value = call()
    except errors as error:
        assert str(error).strip(), f"{type(error).__name__} without a message"
        return None
    assert isinstance(value, kind), f"{value!r} is not a {kind}"
    return value


def aware(value: datetime | None) -> None:
    """Instants are stored in UTC: a parsed one must carry its offset."""
    if value is not None:
        assert value.tzinfo is not None and value.utcoffset() is not None


# -- times ------------------------------------------------------------------------------------------------

@st.composite
def near_dates(draw: st.DrawFn) -> str:
    """Dates and times with every part possibly out of range, in the forms the parsers read."""
    year = draw(st.sampled_from(["0000", "0001", "1970", "2024", "2023", "2100", "9999", "10000", "٢٠٢٤"]))
    month = draw(st.sampled_from(["00", "01", "02", "03", "10", "11", "12", "13", "99"]))
    day = draw(st.sampled_from(["00", "01", "10", "28", "29", "30", "31", "32"]))
    hour = draw(st.sampled_from(["0", "00", "01", "1", "2", "02", "9", "12", "23", "24", "99"]))
    minute = draw(st.sampled_from(["00", "30", "59", "60", "99"]))
    second = draw(st.sampled_from(["", ":00", ":59", ":60", ":61"]))
    offset = draw(st.sampled_from(["", "Z", "+00:00", "-05:00", "+14:00", "-23:59", "+24:00", "+05:45", "+99:99"]))
    sep = draw(st.sampled_from([" ", "T", "  "]))
    shape = draw(st.integers(0, 2))
    if shape == 0:
        return f"{year}-{month}-{day}"
    if shape == 1:
        return f"{year}-{month}-{day}{sep}{hour}:{minute}{second}"
    return f"{year}-{month}-{day}T{hour.zfill(2)}:{minute}{second}{offset}"


@st.composite
def dst_edges(draw: st.DrawFn) -> str:
    """Local times in and around the spring-forward gap and the fall-back hour (2024), and leap days."""
    day = draw(st.sampled_from(["2024-03-10", "2024-11-03", "2024-03-31", "2024-10-27", "2024-04-07",
                                "2024-02-29", "2023-02-29", "2100-02-29", "2000-02-29"]))
    hour = draw(st.integers(0, 3))
    minute = draw(st.sampled_from([0, 1, 15, 30, 45, 59]))
    return f"{day} {hour:02d}:{minute:02d}"


clock_like = st.builds(lambda h, m, s, half: f"{h}:{m}{s}{half}", st.sampled_from(["0", "00", "1", "12", "13",
                       "23", "24", "99", "٣"]), st.sampled_from(["00", "05", "59", "60", "٠٥"]),
                       st.sampled_from(["", ":00", ":59", ":60"]), st.sampled_from(["", " AM", "pm", " p.m.", "PM."]))
relative_like = st.builds(lambda sign, n, unit: f"{sign}{n}{unit}", st.sampled_from(["+", "-", "+ ", "−"]),
                          st.one_of(st.integers(0, 10**6).map(str), long_digits, st.just("")),
                          st.sampled_from(["m", "h", "s", "min", "h30m", "d", "", "1h"]))
time_inputs = texts_or(near_dates(), dst_edges(), clock_like, relative_like)


@CHEAP
@given(text=time_inputs, zone_name=st.sampled_from(ZONES), fold=st.sampled_from([None, 0, 1]))
def test_parse_datetime_gives_an_aware_instant_or_a_time_parse_error(text: str, zone_name: str,
                                                                      fold: int | None) -> None:
    aware(outcome(lambda: parse_datetime(text, zone_name, fold), datetime, TimeParseError))


@CHEAP
@given(text=time_inputs)
def test_parse_clock_gives_a_valid_time_of_day_or_none(text: str) -> None:
    clock = parse_clock(text)
    if clock is not None:
        hour, minute, second = clock
        assert 0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59


@CHEAP
@given(text=time_inputs)
def test_parse_relative_gives_seconds_none_or_a_time_parse_error(text: str) -> None:
    outcome(lambda: parse_relative(text), (int, type(None)), TimeParseError)


@CHEAP
@given(text=time_inputs, zone_name=st.sampled_from(ZONES), fold=st.sampled_from([None, 0, 1]),
       incident_date=st.one_of(st.none(), st.dates(), st.sampled_from([date(2024, 3, 10), date(2024, 11, 3),
                                                                      date(2024, 3, 31), date(2024, 10, 27)])),
       previous=st.one_of(st.none(), st.datetimes(timezones=st.just(UTC)),
                          st.sampled_from([datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)])))
def test_parse_event_time_gives_an_aware_instant_or_a_time_parse_error(
        text: str, zone_name: str, fold: int | None, incident_date: date | None, previous: datetime | None) -> None:
    aware(outcome(lambda: parse_event_time(text, zone_name, incident_date=incident_date, previous=previous,
                                           fold=fold), datetime, TimeParseError))


@CHEAP
@given(words=st.lists(st.one_of(time_inputs, st.sampled_from(["detected", "inv", "all", "clear", "=>", "#Slack",
                                                             "#", "mit", "res", "not", "PM", "a.m."])), max_size=6),
       zone_name=st.sampled_from(ZONES), fold=st.sampled_from([None, 0, 1]),
       incident_date=st.one_of(st.none(), st.dates()),
       previous=st.one_of(st.none(), st.datetimes(timezones=st.just(UTC))))
def test_quick_entry_gives_an_event_or_a_clear_error(words: list[str], zone_name: str, fold: int | None,
                                                     incident_date: date | None, previous: datetime | None) -> None:
    line = " ".join(words)
    event = outcome(lambda: parse_quick_entry(line, zone_name, incident_date=incident_date, previous=previous,
                                              fold=fold), QuickEvent, (QuickEntryError, TimeParseError))
    if event is not None:
        aware(event.at)
        assert event.description.strip()


# -- chat logs --------------------------------------------------------------------------------------------

chat_line = st.one_of(
    any_text, tricky_text,
    st.builds(lambda t, rest: f"[{t}] {rest}", st.one_of(clock_like, near_dates(), dst_edges()), any_text),
    st.builds(lambda t, rest: f"{t} <alice> {rest}", st.one_of(near_dates(), dst_edges()), any_text),
    st.builds(lambda t, rest: f"{t} {rest}", st.one_of(clock_like, near_dates(), dst_edges()), any_text),
    st.builds(lambda author, t: f"{author}  {t}", st.sampled_from(["alice", "Bo B", "ж"]), clock_like),
)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(chat_line, max_size=8), zone_name=st.sampled_from(ZONES),
       incident_date=st.one_of(st.none(), st.dates(), st.sampled_from([date(2024, 3, 10), date(2024, 11, 3),
                                                                      date(2024, 3, 31), date(9999, 12, 31),
                                                                      date(1, 1, 1)])))
def test_chat_log_never_raises_and_says_why_it_skipped_a_line(lines: list[str], zone_name: str,
                                                              incident_date: date | None) -> None:
    log = parse_chat_log("\n".join(lines), zone_name, incident_date)
    assert isinstance(log, ChatLog)
    for event in log.events:
        aware(event.at)
    assert all(skipped.reason.strip() for skipped in log.skipped)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(incident_date=st.dates(max_value=date(1999, 12, 31)), dated=st.datetimes(datetime(2000, 1, 1),
                                                                                datetime(2100, 1, 1)),
       clock=st.times(), zone_name=st.sampled_from(ZONES[:-1]))
def test_a_bare_time_after_a_dated_line_lands_near_it(incident_date: date, dated: datetime, clock: Any,
                                                      zone_name: str) -> None:
    """Past midnight a bare time moves to the next day; it never lands hours before the line above, nor a
    day after it, however long before the dated line the incident date is (and it is found in a few steps)."""
    text = f"[{dated:%Y-%m-%d %H:%M}] deploy\n[{clock:%H:%M}] rollback"
    log = parse_chat_log(text, zone_name, incident_date)
    if len(log.events) == 2:
        first, second = (event.at for event in log.events)
        assert first - timedelta(hours=6) <= second <= first + timedelta(hours=20)


# -- due dates --------------------------------------------------------------------------------------------

due_like = st.one_of(
    st.builds(lambda n, unit: f"+{n}{unit}", st.one_of(st.integers(0, 10**12).map(str), long_digits),
              st.sampled_from(["d", "w", "m", " months", " weeks"])),
    st.builds(lambda n, unit: f"in {n} {unit}", st.integers(0, 10**7), st.sampled_from(["days", "months"])),
    st.builds(lambda period, year: f"end of {period}{year}", st.sampled_from(["q1", "q4", "quarter", "month",
                                                                              "year", "y"]),
              st.sampled_from(["", " 0000", " 0001", " 2024", " 9999", " 10000"])),
    st.builds(lambda m, d, y: f"{m} {d}{y}", st.sampled_from(["Feb", "feb.", "March", "dec", "xyz"]),
              st.sampled_from(["0", "1", "29", "30", "31", "32", "99"]), st.sampled_from(["", " 0000", " 2023",
                                                                                     " 2024", " 9999"])),
    near_dates(), st.sampled_from(["today", "tomorrow", "next week", "next month", "next friday", "this mon",
                                   "eoq", "eom", "eoy", "03/04", "3.4.24", "12-31-2024"]))


@CHEAP
@given(text=texts_or(due_like), today=st.one_of(st.just(TODAY), st.dates()))
def test_parse_due_gives_a_date_or_a_due_date_error(text: str, today: date) -> None:
    outcome(lambda: parse_due(text, today), date, DueDateError)


@CHEAP
@given(today=st.dates(date(1, 7, 1), date(9998, 7, 1)), ahead=st.integers(-182, 182),
       form=st.sampled_from(["{d:%b} {d.day}", "{d.day} {d:%B}", "{d:%b}. {d.day}"]))
def test_a_month_and_day_reads_as_the_nearest_such_date(today: date, ahead: int, form: str) -> None:
    """`Mar 15` is the Mar 15 nearest today, leap days included: Feb 29 typed in December 2023 is 2024-02-29."""
    day = today + timedelta(days=ahead)
    assert parse_due(form.format(d=day), today) == day


@CHEAP
@given(text=st.sampled_from(["end of year 0000", "end of q1 0000", "eoy 0000"]))
def test_year_zero_is_refused_not_read_as_this_year(text: str) -> None:
    assert outcome(lambda: parse_due(text, TODAY), date, DueDateError) is None


# -- numbers, money, durations ----------------------------------------------------------------------------

number_like = st.one_of(
    st.sampled_from(SPECIAL_NUMBERS), long_digits, long_digits.map(lambda d: d + "k"),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.builds(lambda sign, cur, n, suffix: f"{sign}{cur}{n}{suffix}", st.sampled_from(["", "-", "−", "+"]),
              st.sampled_from(["", "$", "€ "]), st.one_of(st.integers(0, 10**30).map(str),
                                                         st.decimals(allow_nan=False, places=3).map(str)),
              st.sampled_from(["", "k", "M", "bn", " USD", "%", "h", "m", "d", "w", "h30m", "1d2h"])))
PARSERS: dict[str, Callable[[str], Any]] = {
    "count": numbers.parse_count, "money": numbers.parse_money, "percent": numbers.parse_percent,
    "slo": lambda text: numbers.parse_percent(text, below_100=True), "score": numbers.parse_score,
    "hours": numbers.parse_hours, "days": numbers.parse_days,
}


@CHEAP
@given(text=texts_or(number_like), which=st.sampled_from(sorted(PARSERS)))
def test_number_parsers_give_a_finite_number_or_a_number_error(text: str, which: str) -> None:
    value = outcome(lambda: PARSERS[which](text), (int, float), numbers.NumberError)
    if value is not None:
        assert math.isfinite(value)
        assert value >= 0 or which == "score"
        if which == "count":
            assert isinstance(value, int)


@CHEAP
@given(text=texts_or(st.sampled_from(["usd", "EUR", " gbp ", "ΑΒΓ", "ǅǅǅ", "ß", "ßab", "US", "USDX", "1SD"])))
def test_currency_codes_are_three_ascii_letters_or_a_value_error(text: str) -> None:
    code = outcome(lambda: check_currency_code(text), str, ValueError)
    if code is not None:
        assert len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()


@CHEAP
@given(text=texts_or(number_like))
def test_days_option_gives_a_usable_number_of_days_or_an_argument_error(text: str) -> None:
    days = outcome(lambda: _days(text), int, argparse.ArgumentTypeError)
    if days is not None:
        assert 0 <= days <= date.max.toordinal()
