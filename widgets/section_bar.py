"""The two lines at the top of every postmortem screen: which incident, which section."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from app.logic.display import shown


class SectionLike(Protocol):
    key: str
    id: str
    title: str


class SectionBar(Widget):
    """Shows the incident id and title, then the sections with their number keys.

    The current section is marked by reverse video and by brackets, so it
    reads on a shared screen without relying on colour.
    """

    incident_id: reactive[str] = reactive("")
    title: reactive[str] = reactive("")
    #: A pre-mortem's section 2 holds failure stories rather than a timeline.
    premortem: reactive[bool] = reactive(False)

    def __init__(
        self, sections: Sequence[SectionLike], current: str, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.sections = sections
        self.current = current

    def render(self) -> Text:
        heading = Text(no_wrap=True, overflow="ellipsis")
        heading.append(shown(self.incident_id) or "…", style="bold")
        if self.title:
            heading.append("  ")
            heading.append(shown(self.title))  # user text: literal, its controls inert
        tabs = Text(no_wrap=True, overflow="ellipsis")
        for section in self.sections:
            title = "Stories" if self.premortem and section.id == "timeline" else section.title
            if section.id == self.current:
                tabs.append(f"[{section.key} {title}]", style="bold reverse")
            else:
                tabs.append(f" {section.key} {title} ", style="dim")
            tabs.append(" ")
        return Text("\n").join([heading, tabs])
