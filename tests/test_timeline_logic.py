"""Timeline logic: event times, the quick-entry line, key observations and the chat-log parser."""

from __future__ import annotations

from datetime import date, timedelta

import pendulum
import pytest

from app.logic.chatlog import guess_kind, parse_chat_log
from app.logic.quick_entry import QuickEntryError, match_kind, parse_quick_entry
from app.logic.timeline import format_minutes, observe, phase_cells
from app.logic.times import AmbiguousTime, NonexistentTime, TimeParseError, parse_event_time
from data.records import TimelineEvent

DAY = date(2024, 3, 5)
PREVIOUS = pendulum.datetime(2024, 3, 5, 14, 7, tz="UTC")



# -- event times ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("14:05", "UTC", "2024-03-05T14:05:00+00:00"),
        ("14:05:30", "UTC", "2024-03-05T14:05:30+00:00"),
        ("2:05 PM", "UTC", "2024-03-05T14:05:00+00:00"),
        ("14:05", "America/New_York", "2024-03-05T19:05:00+00:00"),
        ("14:05", "Europe/London", "2024-03-05T14:05:00+00:00"),
        ("+15m", "America/New_York", "2024-03-05T14:22:00+00:00"),
        ("+1h30m", "UTC", "2024-03-05T15:37:00+00:00"),
        ("-5m", "UTC", "2024-03-05T14:02:00+00:00"),
        ("2024-03-05 14:05", "Europe/London", "2024-03-05T14:05:00+00:00"),
        ("2024-03-05T14:05:00Z", "America/New_York", "2024-03-05T14:05:00+00:00"),
        ("2024-03-05T09:05:00-05:00", "Europe/London", "2024-03-05T14:05:00+00:00"),
    ],
)
def test_event_time_forms(text: str, zone: str, expected: str) -> None:
    parsed = parse_event_time(text, zone, incident_date=DAY, previous=PREVIOUS)
    assert parsed.isoformat() == expected
    assert parsed.tzinfo is not None


@pytest.mark.parametrize(("zone", "day", "clock"), [
    ("America/New_York", date(2024, 3, 10), "02:30"),
    ("Europe/London", date(2024, 3, 31), "01:30"),
])
def test_clock_time_in_the_spring_forward_gap_is_refused(zone: str, day: date, clock: str) -> None:
    with pytest.raises(NonexistentTime, match="does not exist"):
        parse_event_time(clock, zone, incident_date=day, previous=None)


@pytest.mark.parametrize(("zone", "day", "first_utc", "second_utc"), [
    ("America/New_York", date(2024, 11, 3), "05:30", "06:30"),
    ("Europe/London", date(2024, 10, 27), "00:30", "01:30"),
])
def test_clock_time_in_the_fall_back_hour_asks_which(zone, day, first_utc, second_utc) -> None:
    with pytest.raises(AmbiguousTime) as caught:
        parse_event_time("01:30", zone, incident_date=day, previous=None)
    assert [c.strftime("%H:%M") for c in caught.value.choices] == [first_utc, second_utc]
    second = parse_event_time("01:30", zone, incident_date=day, previous=None, fold=1)
    assert second.strftime("%H:%M") == second_utc


def test_relative_time_needs_a_previous_event_and_clock_time_a_date() -> None:
    with pytest.raises(TimeParseError, match="there is none yet"):
        parse_event_time("+5m", "UTC", incident_date=DAY, previous=None)
    with pytest.raises(TimeParseError, match="give the first event a full date"):
        parse_event_time("14:05", "UTC", incident_date=None, previous=None)


@pytest.mark.parametrize("junk", ["25:61", "yesterday-ish", "14:5", "+", "+5x", "13:05 PM", "2024-02-30 10:00"])
def test_junk_times_list_the_accepted_forms(junk: str) -> None:
    with pytest.raises(TimeParseError, match=r"14:05, 14:05:30.*\+15m"):
        parse_event_time(junk, "UTC", incident_date=DAY, previous=PREVIOUS)


# -- quick entry ---------------------------------------------------------------------------------

def entry(text: str, zone: str = "UTC", **options):
    return parse_quick_entry(text, zone, incident_date=options.get("day", DAY),
                             previous=options.get("previous", PREVIOUS))


def test_quick_entry_from_the_issue() -> None:
    event = entry("14:07 detected Error rate 0 → 500/min #Monitoring")
    assert (event.at.isoformat(), event.kind, event.description, event.source) == (
        "2024-03-05T14:07:00+00:00", "detected", "Error rate 0 → 500/min", "Monitoring")


@pytest.mark.parametrize(("text", "kind", "description"), [
    ("14:10 det Errors", "detected", "Errors"),
    ("14:10 inv: Looking at dashboards", "investigation", "Looking at dashboards"),
    ("14:10 mitig Rolled back", "mitigation", "Rolled back"),
    ("14:10 all clear Everything green", "all_clear", "Everything green"),
    ("14:10 comms Status page updated", "communication", "Status page updated"),
    ("14:10 Deploy started", "note", "Deploy started"),
    ("14:10 not sure what happened", "note", "not sure what happened"),
    ("14:10 al is a name", "note", "al is a name"),
    ("14:10 RESOLVED Service back", "resolved", "Service back"),
])
def test_kind_words_and_abbreviations(text: str, kind: str, description: str) -> None:
    event = entry(text)
    assert (event.kind, event.description) == (kind, description)


def test_action_taken_and_source_and_full_dates() -> None:
    event = entry("2024-03-06 09:00 esc Paged the DB team lead => opened a bridge #PagerDuty")
    assert event.at.isoformat() == "2024-03-06T09:00:00+00:00"
    assert (event.kind, event.description, event.action_taken, event.source) == (
        "escalation", "Paged the DB team lead", "opened a bridge", "PagerDuty")


def test_quick_entry_problems_are_explained() -> None:
    with pytest.raises(QuickEntryError, match="Say what happened"):
        entry("14:07 detected")
    with pytest.raises(QuickEntryError, match="is not a time"):
        entry("soon detected something")
    with pytest.raises(QuickEntryError, match="Type a time"):
        entry("   ")
    with pytest.raises(AmbiguousTime):
        entry("01:30 note twice", "America/New_York", day=date(2024, 11, 3))
    assert match_kind("trig") == "trigger" and match_kind("xyz") is None


# -- key observations ------------------------------------------------------------------------------

def ev(event_id: int, hhmm: str, kind: str, day: int = 1) -> TimelineEvent:
    hour, minute = map(int, hhmm.split(":"))
    return TimelineEvent(event_id, 1, pendulum.datetime(2024, 3, day, hour, minute, tz="UTC"), kind,
                         f"{kind} at {hhmm}", seq=event_id)


DEMO = [ev(1, "14:05", "trigger"), ev(2, "14:07", "detected"), ev(3, "14:10", "alert"),
        ev(4, "14:15", "investigation"), ev(5, "14:15", "diagnosis"), ev(6, "15:30", "mitigation"),
        ev(7, "16:05", "resolved")]


def test_observations_of_the_method_example() -> None:
    seen = observe(reversed(DEMO))
    minutes = {f.key: f.minutes for f in seen.figures}
    assert minutes == {"detection_lag": 2, "response": 8, "diagnosis": 8, "mitigation": 35, "total": 120,
                       "all_clear": None}
    assert seen.figure("all_clear").missing == "n/a — add an `all_clear` event"
    assert [e.id for e in seen.figure("detection_lag").sources] == [1, 2]
    assert [(p.name, p.minutes) for p in seen.phases] == [("Detection", 2), ("Investigation", 83),
                                                          ("Mitigation", 35)]
    assert [(s.start.strftime("%H:%M"), s.end.strftime("%H:%M")) for s in seen.silences] == [("14:15", "15:30"),
                                                                                              ("15:30", "16:05")]


def test_started_falls_back_to_the_earliest_event_and_resolved_to_all_clear() -> None:
    seen = observe([ev(1, "10:00", "note"), ev(2, "10:20", "alert"), ev(3, "11:00", "all_clear")])
    assert seen.started.id == 1 and seen.resolved.id == 3
    assert seen.figure("total").minutes == 60 and seen.figure("all_clear").minutes == 60


def test_alert_counts_as_detection_and_response_must_follow_it() -> None:
    seen = observe([ev(1, "10:00", "trigger"), ev(2, "10:01", "investigation"), ev(3, "10:05", "alert"),
                    ev(4, "10:30", "escalation")])
    assert seen.detected.id == 3
    assert seen.figure("response").minutes == 25


@pytest.mark.parametrize(("events", "key", "message"), [
    ([], "detection_lag", "n/a — add a `trigger` event (or any event)"),
    ([ev(1, "10:00", "trigger")], "detection_lag", "n/a — add a `detected` or `alert` event"),
    ([ev(1, "10:00", "trigger"), ev(2, "10:05", "alert")], "response",
     "n/a — add an `escalation` or `investigation` event after detection"),
    ([ev(1, "10:00", "trigger"), ev(2, "10:05", "alert")], "diagnosis", "n/a — add a `diagnosis` event"),
    ([ev(1, "10:00", "trigger"), ev(2, "10:05", "resolved")], "mitigation", "n/a — add a `mitigation` event"),
    ([ev(1, "10:00", "trigger"), ev(2, "10:05", "mitigation")], "mitigation", "n/a — add a `resolved` event"),
    ([ev(1, "10:00", "trigger")], "total", "n/a — add a `resolved` event"),
])
def test_missing_events_give_n_a_with_what_to_add(events, key: str, message: str) -> None:
    figure = observe(events).figure(key)
    assert figure.minutes is None and figure.missing == message


def test_impossible_order_is_n_a_never_a_negative_number() -> None:
    seen = observe([ev(1, "10:00", "trigger"), ev(2, "10:30", "detected"), ev(3, "10:10", "diagnosis")])
    diagnosis = seen.figure("diagnosis")
    assert diagnosis.minutes is None and "check their times" in diagnosis.missing


def test_silences_only_between_started_and_resolved_and_across_midnight() -> None:
    seen = observe([ev(1, "09:00", "note"), ev(2, "10:00", "trigger"), ev(3, "23:50", "alert"),
                    ev(4, "00:40", "resolved", day=2), ev(5, "03:00", "note", day=2)])
    assert [(s.start.strftime("%d %H:%M"), round(s.minutes)) for s in seen.silences] == [
        ("01 10:00", 830), ("01 23:50", 50)]
    assert seen.figure("total").minutes == 14 * 60 + 40


def test_phase_cells_are_proportional_and_never_hide_a_phase() -> None:
    phases = observe(DEMO).phases
    cells = phase_cells(phases, 40)
    assert sum(n for _, n in cells) == 40
    assert dict(cells)["Detection"] >= 1 and dict(cells)["Investigation"] > dict(cells)["Mitigation"]
    assert phase_cells(phases, 0) == [] and phase_cells((), 10) == []


def test_format_minutes() -> None:
    assert [format_minutes(m) for m in (0.5, 45, 120, 61, 60 * 26 + 5, None)] == [
        "30 s", "45 min", "2 h 0 min", "1 h 1 min", "1 d 2 h 5 min", ""]


# -- chat-log paste ----------------------------------------------------------------------------------

CHAT = """\
[14:05] alice: rolling back the deploy
[2024-03-05 14:05:40] carol: looking into the pool size
2024-03-05 14:06:12 <bob> seeing errors spike on checkout
14:07 Deploy started
this line has no time
2024-03-05T14:08:12Z ERROR connection pool exhausted
alice  2:09 PM
paged the DB team
service recovered after the restart

[25:99] impossible time
23:55 late note
00:10 after midnight
"""


def test_each_chat_format_and_the_junk() -> None:
    parsed = parse_chat_log(CHAT, "UTC", DAY)
    got = [(e.line_no, e.at.strftime("%d %H:%M:%S"), e.kind, e.source, e.description) for e in parsed.events]
    assert got == [
        (1, "05 14:05:00", "mitigation", "alice", "rolling back the deploy"),
        (2, "05 14:05:40", "investigation", "carol", "looking into the pool size"),
        (3, "05 14:06:12", "detected", "bob", "seeing errors spike on checkout"),
        (4, "05 14:07:00", "trigger", "chat", "Deploy started"),
        (6, "05 14:08:12", "note", "log", "ERROR connection pool exhausted"),
        (8, "05 14:09:00", "alert", "alice", "paged the DB team"),
        (9, "05 14:09:00", "resolved", "alice", "service recovered after the restart"),
        (12, "05 23:55:00", "note", "chat", "late note"),
        (13, "06 00:10:00", "note", "chat", "after midnight"),
    ]
    assert [(s.line_no, s.reason) for s in parsed.skipped] == [
        (5, "no time found"), (11, "'25:99' is not a valid time of day")]


def test_chat_times_use_the_display_zone_and_iso_lines_keep_their_offset() -> None:
    parsed = parse_chat_log("[09:05] ana: deploy\n2024-03-05T14:06:00+00:00 INFO ok", "America/New_York", DAY)
    assert [e.at.isoformat() for e in parsed.events] == ["2024-03-05T14:05:00+00:00", "2024-03-05T14:06:00+00:00"]


def test_window_keeps_only_the_incident_and_reports_the_rest() -> None:
    parsed = parse_chat_log(CHAT, "UTC", DAY)
    start = pendulum.datetime(2024, 3, 5, 14, 6, tz="UTC")
    windowed = parsed.within(start, start + timedelta(minutes=5))
    assert [e.line_no for e in windowed.events] == [3, 4, 6, 8, 9]
    assert {s.line_no for s in windowed.skipped if s.reason == "outside the chosen window"} == {1, 2, 12, 13}


def test_time_without_any_date_is_skipped_with_the_reason() -> None:
    parsed = parse_chat_log("[14:05] alice: hi\n2024-03-05 14:06:00 <bob> ok\n[14:07] alice: later", "UTC", None)
    assert [e.line_no for e in parsed.events] == [2, 3]
    assert parsed.skipped[0].reason == "a time without a date, and no incident date yet"


@pytest.mark.parametrize(("text", "kind"), [
    ("Rolling back to v41", "mitigation"), ("Paged the on-call", "alert"), ("Status page updated", "communication"),
    ("Root cause identified: pool size", "diagnosis"), ("All clear from support", "all_clear"),
    ("Escalating to the DB team", "escalation"), ("latency back to normal", "resolved"),
    ("Deploying v42 to prod", "trigger"), ("lunch order", "note"),
])
def test_kind_guesses(text: str, kind: str) -> None:
    assert guess_kind(text) == kind
