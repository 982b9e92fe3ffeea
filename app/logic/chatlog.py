"""Turn a pasted chat log or log file into timeline events.

Understood lines (one event each):

    [14:05] alice: rolling back              bracketed time, optional author
    [2024-03-05 14:05:12] alice: rolling back
    2024-03-05 14:05:12 <alice> rolling back  IRC style
    2024-03-05 14:05:12 rolling back
    14:05 Deploy started                      bare time, optional "author:"
    2024-03-05T14:05:12Z ERROR pool exhausted ISO 8601 log line
    alice  2:05 PM                            Slack copy: a header line (two spaces before the time),
    rolling back now                            then one event per message line under it

Times without a date fall on the incident's date in the display zone; a time
more than six hours earlier than the line before it is taken as the next day
(a chat running past midnight). The kind is guessed from keywords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.logic.times import TimeParseError, localize, parse_clock, parse_datetime, to_local

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
_DATE = r"\d{4}-\d{2}-\d{2}"
_ISO = rf"{_DATE}T\d{{2}}:\d{{2}}(?::\d{{2}}(?:[.,]\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"^(?P<iso>{_ISO})\s+(?P<text>\S.*)$")),
    ("bracket", re.compile(
        rf"^\[(?:(?P<date>{_DATE})[ T])?(?P<time>{_TIME})\]\s*(?:(?P<author>[^:\s][^:]{{0,39}}):\s+)?(?P<text>\S.*)$")),
    ("irc", re.compile(rf"^(?P<date>{_DATE})[ T](?P<time>{_TIME})\s+<(?P<author>[^>]{{1,40}})>\s*(?P<text>\S.*)$")),
    ("dated", re.compile(rf"^(?P<date>{_DATE})[ T](?P<time>{_TIME})\s+(?P<text>\S.*)$")),
    ("bare", re.compile(rf"^(?P<time>{_TIME})\s+(?:(?P<author>[A-Za-z][\w.\- ]{{0,30}}):\s+)?(?P<text>\S.*)$")),
]
_SLACK_HEADER = re.compile(rf"^(?P<author>\S[^\t]{{0,60}}?)(?:\s{{2,}}|\t)\[?(?P<time>{_TIME})\]?\s*$")

#: Keyword rules, first match wins: (kind, words or phrases matched at word starts).
KIND_KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    ("all_clear", ("all clear", "all-clear", "allclear")),
    ("resolved", ("resolved", "recovered", "restored", "back to normal", "back up", "fully operational")),
    ("mitigation", ("rollback", "roll back", "rolling back", "rolled back", "revert", "failover",
                    "failing over", "failed over", "restart", "mitigat", "hotfix", "disabled", "kill switch",
                    "scaled up", "scaling up")),
    ("escalation", ("escalat", "looping in", "incident commander", "declared", "sev1", "sev-1", "sev 1")),
    ("communication", ("status page", "statuspage", "customers notified", "announce", "posted an update",
                       "update:", "comms")),
    ("alert", ("paged", "paging", "page the", "alert", "alarm", "pagerduty", "opsgenie", "firing", "fired")),
    ("diagnosis", ("root cause", "identified", "found the", "caused by", "the cause", "culprit")),
    ("investigation", ("investigat", "looking into", "looking at", "checking", "digging", "debugging")),
    ("detected", ("noticed", "detected", "seeing errors", "error rate", "spike", "users report", "reports of")),
    ("trigger", ("deploy", "release", "rolled out", "rolling out", "config change", "migration", "merged")),
]


@dataclass(frozen=True)
class ParsedEvent:
    line_no: int
    at: datetime
    kind: str
    description: str
    source: str


@dataclass(frozen=True)
class SkippedLine:
    line_no: int
    text: str
    reason: str


@dataclass(frozen=True)
class ChatLog:
    events: tuple[ParsedEvent, ...]
    skipped: tuple[SkippedLine, ...]

    def within(self, start: datetime | None, end: datetime | None) -> ChatLog:
        """Only the events between `start` and `end` (either may be open); the rest count as skipped."""
        kept, dropped = [], list(self.skipped)
        for event in self.events:
            if (start is None or event.at >= start) and (end is None or event.at <= end):
                kept.append(event)
            else:
                dropped.append(SkippedLine(event.line_no, event.description, "outside the chosen window"))
        return ChatLog(tuple(kept), tuple(sorted(dropped, key=lambda s: s.line_no)))


def guess_kind(text: str) -> str:
    lowered = f" {text.lower()} "
    for kind, keywords in KIND_KEYWORDS:
        for keyword in keywords:
            if re.search(rf"(?<![\w-]){re.escape(keyword)}", lowered):
                return kind
    return "note"


def parse_chat_log(text: str, zone_name: str, incident_date: date | None) -> ChatLog:
    """Every event the text yields, and every non-blank line it could not use (with why)."""
    events: list[ParsedEvent] = []
    skipped: list[SkippedLine] = []
    previous: datetime | None = None
    slack: tuple[str, datetime] | None = None  # author and time of the current Slack header
    day = incident_date
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parsed, header = None, None
        try:
            parsed = _parse_line(line, zone_name, day, previous)
            header = _SLACK_HEADER.match(line) if parsed is None else None
            if header and parse_clock(header["time"]) is not None:
                if day is None:
                    raise TimeParseError("a time without a date, and no incident date yet")
                at = _on_day(header["time"], zone_name, day, previous)
                slack = (header["author"].strip(), at)
                previous = at
                continue
            if parsed is not None and parsed[3] and day is None:
                day = to_local(parsed[0], zone_name).date()  # later bare times fall on this line's date
        except (ValueError, OverflowError) as error:  # TimeParseError is a ValueError
            # The others: a time near year 1 or 9999 whose next day, or local date, is off the calendar.
            reason = str(error) if isinstance(error, TimeParseError) else "the time falls outside the calendar"
            skipped.append(SkippedLine(line_no, line, reason))
            if header is not None:  # a header that cannot be placed: its messages cannot be either
                slack = None
            continue
        if parsed is None:
            if slack is not None:
                author, at = slack
                events.append(ParsedEvent(line_no, at, guess_kind(line), line, author))
                continue
            skipped.append(SkippedLine(line_no, line, "no time found"))
            continue
        at, author, message, _dated = parsed
        slack = None
        previous = at
        events.append(ParsedEvent(line_no, at, guess_kind(message), message, author))
    return ChatLog(tuple(events), tuple(skipped))


def _parse_line(line: str, zone_name: str, day: date | None, previous: datetime | None):
    """(instant, author, text, has_own_date) for a timestamped line; None when the line has no timestamp."""
    for name, pattern in _PATTERNS:
        match = pattern.match(line)
        if not match:
            continue
        groups = match.groupdict()
        text = groups["text"].strip()
        author = (groups.get("author") or "").strip()
        if name == "iso":
            at = parse_datetime(groups["iso"].replace(",", "."), "UTC")
            return at, author or "log", text, True
        author = author or "chat"
        clock = parse_clock(groups["time"])
        if clock is None:
            raise TimeParseError(f"{groups['time']!r} is not a valid time of day")
        if groups.get("date"):
            try:
                when = date.fromisoformat(groups["date"])
            except ValueError:
                raise TimeParseError(f"{groups['date']!r} is not a valid date") from None
            return localize(datetime(when.year, when.month, when.day, *clock), zone_name), author, text, True
        if day is None:
            raise TimeParseError("a time without a date, and no incident date yet")
        return _on_day(groups["time"], zone_name, day, previous), author, text, False
    return None


def _on_day(time_text: str, zone_name: str, day: date, previous: datetime | None) -> datetime:
    clock = parse_clock(time_text)
    assert clock is not None
    at = localize(datetime(day.year, day.month, day.day, *clock), zone_name)
    if previous is None or at >= previous - timedelta(hours=6):
        return at
    # A chat that runs past midnight: 00:10 after 23:55 is the next day. No day before the date of
    # (previous - 6 h) can qualify, so the search starts the day before that one (a margin for zones
    # that skip a date) instead of stepping from the incident's date: that took years of steps for a
    # log whose dated lines are years after the incident date.
    day = max(day, to_local(previous - timedelta(hours=6), zone_name).date() - timedelta(days=1))
    at = localize(datetime(day.year, day.month, day.day, *clock), zone_name)
    while at < previous - timedelta(hours=6):
        day += timedelta(days=1)
        at = localize(datetime(day.year, day.month, day.day, *clock), zone_name)
    return at
