"""The timeline's key observations: each figure with the events it came from, phases, silences."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from app.logic.timeline import Observations, format_minutes, phase_cells
from app.logic.times import format_event_time
from data.enums import label

#: Phase bar fills, distinct by shape as well as colour (readable in monochrome and on a projector).
PHASE_FILL = {"Detection": "░", "Investigation": "▒", "Mitigation": "▓", "Resolution": "█"}


#: Short names for the one-line summary on narrow screens.
SHORT = {"detection_lag": "detect", "response": "respond", "diagnosis": "diagnose", "mitigation": "mitigate",
         "total": "total", "all_clear": "all-clear"}


class ObservationsPanel(Static):
    """Renders `Observations` as plain text built from parts: user text never becomes markup.

    `compact` (narrow terminals) puts every figure on one line, then the phase bar and the silences.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.compact = False
        self._last: tuple | None = None

    def show(self, observations: Observations, zone: str, incident_date) -> None:
        self._last = (observations, zone, incident_date)
        render = self.render_compact if self.compact else self.render_observations
        self.update(render(observations, zone, incident_date))

    def on_resize(self) -> None:
        if self._last is not None:
            self.show(*self._last)  # the phase bar fills the new width

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            if self._last is not None:
                self.show(*self._last)

    def render_compact(self, observations: Observations, zone: str, incident_date) -> Group:
        line = Text()
        for index, figure in enumerate(observations.figures):
            if index:
                line.append(" · ", style="dim")
            line.append(f"{SHORT[figure.key]} ")
            line.append(format_minutes(figure.minutes) if figure.known else "n/a",
                        style="bold" if figure.known else "italic")
        parts: list = [line]
        width = max(10, (self.size.width or 60) - 2)
        cells = phase_cells(observations.phases, width)
        if cells:
            bar = Text(no_wrap=True)
            for name, count in cells:
                bar.append(PHASE_FILL[name] * count)
            parts.append(bar)
            parts.append(Text("  ".join(f"{PHASE_FILL[p.name]} {p.name}" for p in observations.phases),
                              style="dim"))
        if observations.silences:
            gaps = ", ".join(
                f"{format_event_time(s.start, zone, incident_date)}-{format_event_time(s.end, zone, incident_date)}"
                for s in observations.silences
            )
            parts.append(Text(f"Silences over 30 min: {gaps}. What happened then?"))
        return Group(*parts)

    def render_observations(self, observations: Observations, zone: str, incident_date) -> Group:
        def when(event) -> str:
            return format_event_time(event.at, zone, incident_date)

        parts: list = [Text("Key observations", style="bold")]
        for figure in observations.figures:
            line = Text(f"{figure.label:<19}")
            if figure.known:
                line.append(format_minutes(figure.minutes), style="bold")
            else:
                line.append("n/a", style="bold")
            parts.append(line)
            if figure.known and figure.sources:
                start, end = figure.sources[0], figure.sources[-1]
                parts.append(Text(f"  {when(start)} {label(start.kind)} → {when(end)} {label(end.kind)}",
                                  style="dim"))
            elif not figure.known:
                missing = figure.missing.removeprefix("n/a — ").replace("`", "")
                parts.append(Text(f"  {missing}", style="italic"))
        width = max(10, (self.size.width or 34) - 2)
        cells = phase_cells(observations.phases, width)
        if cells:
            parts.append(Text("\nPhases", style="bold"))
            bar = Text(no_wrap=True)
            for name, count in cells:
                bar.append(PHASE_FILL[name] * count)
            parts.append(bar)
            for phase in observations.phases:
                parts.append(Text(f"{PHASE_FILL[phase.name]} {phase.name}: {format_minutes(phase.minutes)}"))
        if observations.silences:
            parts.append(Text("\nSilences (over 30 min)", style="bold"))
            for silence in observations.silences:
                start = format_event_time(silence.start, zone, incident_date)
                end = format_event_time(silence.end, zone, incident_date)
                parts.append(Text(f"What happened between {start} and {end}?"))
        return Group(*parts)
