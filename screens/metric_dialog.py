"""Add or edit one custom impact metric: name, and its value before, during and after."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from data.records import ImpactMetric
from widgets.form import FieldRow, TextField


class MetricDialog(ModalScreen[dict[str, str] | None]):
    """Values are free text ("<0.1%", "38%", "p99 4.2 s"); only the name is required."""

    CSS_PATH = "dialogs.tcss"
    AREA = "metric"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="metric.cancel")]

    def __init__(self, metric: ImpactMetric | None) -> None:
        super().__init__()
        self.metric = metric

    def compose(self) -> ComposeResult:
        metric = self.metric
        with Vertical(classes="dialog", id="metric-dialog"):
            yield Static("Edit metric" if metric else "New custom metric", classes="dialog-title")
            for name, caption, placeholder in (
                ("name", "Metric", "Checkout error rate"), ("baseline", "Baseline", "<0.1%"),
                ("during", "During", "38%"), ("after", "After", "0.1%"),
            ):
                value = getattr(metric, name) if metric else ""
                yield FieldRow(caption, TextField(value, id=f"metric-{name}", compact=True, placeholder=placeholder),
                               id=f"metric-row-{name}")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (enter)", variant="primary", id="metric-save")
                yield Button("Cancel (esc)", id="metric-cancel")

    def on_mount(self) -> None:
        self.query_one("#metric-name", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#metric-save")
    def _save(self) -> None:
        values = {name: self.query_one(f"#metric-{name}", Input).value.strip()
                  for name in ("name", "baseline", "during", "after")}
        if not values["name"]:
            self.query_one("#metric-row-name", FieldRow).show_error("A metric needs a name.")
            self.query_one("#metric-name", Input).focus()
            return
        self.dismiss(values)

    @on(Button.Pressed, "#metric-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
