"""The sections of a postmortem and the number keys that reach them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    id: str
    title: str
    purpose: str


SECTIONS: tuple[Section, ...] = (
    Section("1", "summary", "Summary", "what happened, in two or three sentences, with its numbers"),
    Section("2", "timeline", "Timeline", "what happened when, from trigger to all-clear"),
    Section("3", "impact", "Impact", "users, duration, revenue and SLO, with the formulas shown"),
    Section("4", "analysis", "Analysis", "5 Whys, fishbone and fault tree down to root causes"),
    Section("5", "actions", "Actions", "SMART corrective actions with owners and due dates"),
    Section("6", "review", "Review", "blameless-language and SMART checks, rubric score"),
)

SECTIONS_BY_ID = {section.id: section for section in SECTIONS}
