"""The timeline's quick-entry line: one line of text becomes one complete event.

    14:07 detected Error rate 0 → 500/min #Monitoring
    +5m inv On-call starts looking => paged the DB team #Slack

is: a time (any form `parse_event_time` accepts, a date and a clock time
counting as one), an optional kind (a whole word or an unambiguous
abbreviation of at least three letters; `all clear` as two words), the
description, an optional `=> action taken`, and an optional trailing
`#source`. Without a recognised kind the event is a `note`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from app.logic.times import EVENT_TIME_FORMS, AmbiguousTime, TimeParseError, parse_event_time
from data.enums import EventKind

KINDS: tuple[str, ...] = tuple(kind.value for kind in EventKind)
#: Spellings people use for a kind, beyond the kind's own name and its prefixes.
KIND_ALIASES = {
    "allclear": "all_clear",
    "all-clear": "all_clear",
    "comms": "communication",
    "comm": "communication",
    "escalated": "escalation",
    "investigating": "investigation",
    "mitigated": "mitigation",
    "triggered": "trigger",
    "diagnosed": "diagnosis",
}
#: Ordinary words that are also prefixes of a kind: never read as a kind.
NOT_KINDS = frozenset({"not", "all"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class QuickEntryError(ValueError):
    """What is wrong with the line, in words; nothing is added."""


@dataclass(frozen=True)
class QuickEvent:
    at: datetime
    kind: str
    description: str
    source: str = ""
    action_taken: str = ""


def match_kind(word: str) -> str | None:
    """The kind `word` names, None if it names none; raises when it could be several."""
    token = word.lower().rstrip(":").replace(" ", "_")
    if token in KINDS:
        return token
    if token in KIND_ALIASES:
        return KIND_ALIASES[token]
    if len(token) < 3 or token in NOT_KINDS:
        return None
    candidates = [kind for kind in KINDS if kind.startswith(token)]
    if len(candidates) > 1:
        raise QuickEntryError(f"{word!r} could be {' or '.join(candidates)}: type a few more letters.")
    return candidates[0] if candidates else None


def parse_quick_entry(
    text: str,
    zone_name: str,
    *,
    incident_date: date | None,
    previous: datetime | None,
    fold: int | None = None,
) -> QuickEvent:
    """Read one quick-entry line; raise `QuickEntryError` saying what to fix.

    A time in the hour that happens twice raises `AmbiguousTime` instead: ask which, and
    call again with `fold` (0 = first occurrence, 1 = second).
    """
    words = text.split()
    if not words:
        raise QuickEntryError(f"Type a time, then what happened, e.g. 14:07 detected Error rate up #Monitoring. "
                              f"Times: {EVENT_TIME_FORMS}.")
    time_words = 2 if len(words) > 1 and _DATE.fullmatch(words[0]) and ":" in words[1] else 1
    time_text = " ".join(words[:time_words])
    # "2:05 PM" is one time written as two words.
    if time_words == 1 and len(words) > 1 and words[1].upper().rstrip(".") in ("AM", "PM", "A.M", "P.M"):
        time_words = 2
        time_text = " ".join(words[:2])
    try:
        at = parse_event_time(time_text, zone_name, incident_date=incident_date, previous=previous, fold=fold)
    except AmbiguousTime:
        raise
    except TimeParseError as error:
        raise QuickEntryError(str(error)) from None
    rest = words[time_words:]
    kind = "note"
    if len(rest) >= 2 and rest[0].lower() == "all" and rest[1].lower().rstrip(":") == "clear":
        kind, rest = "all_clear", rest[2:]
    elif rest:
        found = match_kind(rest[0])
        if found:
            kind, rest = found, rest[1:]
    source = ""
    if rest and rest[-1].startswith("#") and len(rest[-1]) > 1:
        source, rest = rest[-1][1:], rest[:-1]
    body = " ".join(rest)
    description, _, action = body.partition("=>")
    description, action = description.strip(), action.strip()
    if not description:
        raise QuickEntryError("Say what happened after the time and kind, e.g. 14:07 detected Error rate up.")
    return QuickEvent(at=at, kind=kind, description=description, source=source, action_taken=action)
