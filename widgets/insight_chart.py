"""A bar or line chart drawn in the terminal, always beside the table that holds its numbers."""

from __future__ import annotations

from rich.cells import get_character_cell_size
from textual_plotext import PlotextPlot

from app.logic.display import shown

#: Longest bar label, in characters (the table beside the chart has the full text).
LABEL_WIDTH = 12


def chart_label(name: str) -> str:
    """A bar label plotext can place: it puts one character per cell, so a wide character
    (emoji) becomes ▯ and a zero-width one (combining mark) is left out, or the bars would
    shift; controls are inert and the label ends in … past `LABEL_WIDTH`."""
    single = "".join(c if get_character_cell_size(c) == 1 else "▯" if get_character_cell_size(c) == 2 else ""
                     for c in shown(name, limit=4 * LABEL_WIDTH))
    return single if len(single) <= LABEL_WIDTH else single[: LABEL_WIDTH - 1] + "…"


class InsightChart(PlotextPlot):
    """Plotext underneath; labels are plain strings (plotext draws no markup)."""

    def bars(self, title: str, counts: dict[str, int]) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        if counts:
            labels = [chart_label(name) for name in counts]
            plt.bar(labels, list(counts.values()))
            top = max(counts.values())
            step = max(1, -(-top // 5))
            plt.yticks(list(range(0, top + 1, step)))  # counts are whole numbers
        self.refresh()

    def lines(self, title: str, series: dict[str, list[float | None]], labels: list[str]) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        positions = list(range(1, len(labels) + 1))
        for name, values in series.items():
            points = [(x, y) for x, y in zip(positions, values, strict=True) if y is not None]
            if points:
                plt.plot([x for x, _ in points], [y for _, y in points], label=name, marker="hd")
        if labels:
            plt.xticks(positions, [label[2:] for label in labels])
        self.refresh()
