"""A section whose screen is not built yet: it says so plainly and pretends nothing."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.widgets import Static

from screens.section import SectionScreen
from screens.sections import SECTIONS_BY_ID

_WHAT_IT_WILL_DO = {
    "timeline": "Capture events as the room dictates them, with computed detection lag, "
    "time to resolve and silences in the timeline.",
    "impact": "Turn what the room knows into numbers: users affected, revenue lost, error "
    "budget consumed, each with its formula.",
    "analysis": "Ask why until the cause is systemic: a 5-Whys tree, a fishbone diagram and a "
    "fault tree, feeding one list of root causes.",
    "actions": "SMART corrective actions with a named owner and a due date, tracked until done.",
    "review": "Blameless-language and SMART checks on every field, and the quality rubric.",
}


class NotBuiltScreen(SectionScreen):
    CSS_PATH = "not_built.tcss"
    HELP = "This section is not built yet. Use the number keys to reach the others."

    def __init__(self, postmortem_id: int, section: str) -> None:
        self.SECTION = section
        super().__init__(postmortem_id)

    def compose_body(self) -> ComposeResult:
        section = SECTIONS_BY_ID[self.SECTION]
        with Middle(id="not-built"), Center():
            yield Static(
                f"{section.title} is not built yet.\n\n"
                f"It will: {_WHAT_IT_WILL_DO.get(section.id, section.purpose)}\n\n"
                "Nothing here works yet, so nothing here can be lost. "
                "Press 1 for the Summary, Esc for the list of postmortems.",
                id="not-built-message",
            )
