"""The closed vocabularies a postmortem uses, as plain string enums.

Values are stored as text so a new member never needs a schema change, and
they are the exact strings of the `postmortem/v1` JSON format.
"""

from __future__ import annotations

from enum import StrEnum


class IncidentType(StrEnum):
    OUTAGE = "outage"
    SECURITY = "security"
    PRODUCT = "product"
    PROCESS = "process"
    NEAR_MISS = "near_miss"
    PREMORTEM = "premortem"


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class PostmortemStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    CLOSED = "closed"


class EventKind(StrEnum):
    TRIGGER = "trigger"
    DETECTED = "detected"
    ALERT = "alert"
    ESCALATION = "escalation"
    INVESTIGATION = "investigation"
    DIAGNOSIS = "diagnosis"
    MITIGATION = "mitigation"
    RESOLVED = "resolved"
    ALL_CLEAR = "all_clear"
    COMMUNICATION = "communication"
    NOTE = "note"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"
    WONT_DO = "wont_do"


#: Statuses that still need work: they count as "open" on the home screen.
ACTIVE_ACTION_STATUSES: tuple[str, ...] = (
    ActionStatus.OPEN,
    ActionStatus.IN_PROGRESS,
    ActionStatus.BLOCKED,
)


class ActionType(StrEnum):
    IMMEDIATE = "immediate"
    SHORT_TERM = "short_term"
    LONG_TERM = "long_term"


class Level(StrEnum):
    """Impact or effort of a corrective action."""

    HIGH = "high"
    LOW = "low"


class ControlLevel(StrEnum):
    """The prevention hierarchy, most effective first."""

    ELIMINATE = "eliminate"
    SUBSTITUTE = "substitute"
    ENGINEERING = "engineering"
    ADMINISTRATIVE = "administrative"
    TRAINING = "training"


class RootCauseKind(StrEnum):
    PRIMARY = "primary"
    CONTRIBUTING = "contributing"


class Gate(StrEnum):
    AND = "and"
    OR = "or"


class LearningKind(StrEnum):
    WENT_WELL = "went_well"
    GOT_LUCKY = "got_lucky"
    LESSON = "lesson"
    #: A pre-mortem's "imagine it failed" story.
    FAILURE_STORY = "failure_story"


class MeetingRole(StrEnum):
    FACILITATOR = "facilitator"
    SCRIBE = "scribe"
    RESPONDER = "responder"
    OBSERVER = "observer"


class ReferenceKind(StrEnum):
    REFERENCE = "reference"
    RELATED_INCIDENT = "related_incident"


#: Fishbone categories a new postmortem starts with.
DEFAULT_FISHBONE_CATEGORIES: tuple[str, ...] = ("People", "Process", "Technology", "Environment")


def label(value: str) -> str:
    """Human form of an enum value: `near_miss` -> `near miss`, `wont_do` -> `won't do`."""
    return "won't do" if value == "wont_do" else value.replace("_", " ")
