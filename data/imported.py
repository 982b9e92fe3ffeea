"""A checked `postmortem/v1` document as plain values: what the reader builds and the store writes.

Kept apart from the writer so that reading a document never imports the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ImportedPostmortem:
    """A checked `postmortem/v1` document, ready to store; every value already has its type."""

    postmortem: dict[str, Any]
    contributors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    impact: dict[str, Any] = field(default_factory=dict)
    metrics: list[dict[str, Any]] = field(default_factory=list)
    whys: list[dict[str, Any]] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    causes: list[dict[str, Any]] = field(default_factory=list)
    faults: list[dict[str, Any]] = field(default_factory=list)
    root_causes: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    learnings: list[dict[str, Any]] = field(default_factory=list)
    references: list[dict[str, Any]] = field(default_factory=list)
    dismissals: list[dict[str, Any]] = field(default_factory=list)
    overrides: list[dict[str, Any]] = field(default_factory=list)
    #: Parked questions: text, by, at (None: the import time), section, done.
    parking: list[dict[str, Any]] = field(default_factory=list)
    #: Meetings: started_at, ended_at, participants [{name, role}],
    #: agenda [{title, step, section, timebox_minutes, spent_seconds}].
    meetings: list[dict[str, Any]] = field(default_factory=list)
