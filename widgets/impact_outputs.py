"""The impact calculator's results: each figure, its formula with the values, or what is missing."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from app.logic.impact import ImpactReport
from data.enums import label


class ImpactOutputs(Static):
    """Built from Text parts only: nothing the user typed can turn into markup."""

    def show(self, report: ImpactReport, chosen_severity: str | None) -> None:
        self.update(self.render_report(report, chosen_severity))

    @staticmethod
    def render_report(report: ImpactReport, chosen_severity: str | None) -> Group:
        parts: list[Text] = [Text("What it cost", style="bold")]
        for figure in report.figures:
            line = Text(f"{figure.label:<23}")
            line.append(figure.shown if figure.known else "n/a", style="bold" if figure.known else "italic")
            parts.append(line)
            parts.append(Text(f"  {figure.working if figure.known else figure.missing}",
                              style="dim" if figure.known else "italic"))
        parts.append(Text(""))
        severity = Text("Suggested severity: ", style="bold")
        if report.suggested_severity:
            severity.append(report.suggested_severity, style="bold reverse")
            parts.append(severity)
            parts.append(Text(f"  {report.severity_rule}", style="dim"))
            if chosen_severity and chosen_severity != report.suggested_severity:
                parts.append(Text(
                    f"  The Summary says {label(chosen_severity)}: check which is right (key 1).",
                    style="bold"))
        else:
            severity.append("none yet", style="italic")
            parts.append(severity)
            parts.append(Text("  Enter what the room knows: users, duration, revenue…", style="dim"))
        for warning in report.warnings:
            parts.append(Text(f"! {warning}", style="bold"))
        return Group(*parts)
