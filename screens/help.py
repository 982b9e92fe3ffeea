"""Help: every key of the screen underneath, and the method's guidance for it."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static


class HelpScreen(ModalScreen[None]):
    """Lists the bindings active on `target`, including ones the footer has no room for."""

    CSS_PATH = "help.tcss"
    AREA = "help"
    BINDINGS = [
        Binding("escape,q,f1,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, target: Screen) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        area = getattr(self.target, "AREA", "postmortem")
        with Vertical(id="help-panel"):
            yield Static(f"Help: {area}", id="help-title", markup=False)
            with VerticalScroll(id="help-body"):
                guidance = getattr(self.target, "HELP", "")
                if guidance:
                    yield Markdown(guidance, id="help-guidance")
                yield Static("Keys", classes="help-heading")
                yield Static(self._keys_table(), id="help-keys")
            yield Static("Esc, q, ? or F1 to close", id="help-footer")

    def _keys_table(self) -> Table:
        """This screen's keys first, then those that work everywhere."""
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        rows: list[tuple[bool, str, str]] = []
        seen: set[tuple[str, str]] = set()
        for active in self.target.active_bindings.values():
            binding = active.binding
            if not binding.description:
                continue
            key = self.app.get_key_display(binding)
            explanation = binding.tooltip or binding.description
            if (key, explanation) in seen:
                continue
            seen.add((key, explanation))
            rows.append((active.node is not self.target, key, explanation))
        rows.append((True, "ctrl+p", "Command palette: every action of this screen, searchable"))
        #: (key, explanation) as listed, for tests and screen readers of the source.
        self.key_rows = [(key, text) for _general, key, text in sorted(rows, key=lambda row: row[0])]
        for key, explanation in self.key_rows:
            table.add_row(Text(key), Text(explanation))
        return table
