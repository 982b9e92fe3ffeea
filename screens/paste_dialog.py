"""Paste a chat log: preview the events it would add and the lines it could not read; add on confirm."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Checkbox, DataTable, Static, TextArea

from app.logic.chatlog import ChatLog, ParsedEvent, parse_chat_log
from app.logic.display import brief, shown
from app.logic.times import format_event_time
from data.enums import label
from widgets.literal import LiteralTextArea, cell
from widgets.table import MeasuredTable


class PasteDialog(ModalScreen[list[ParsedEvent] | None]):
    """Nothing is added until the user confirms; the window limits a day of chat to the incident."""

    CSS_PATH = "paste_dialog.tcss"
    AREA = "paste"
    BINDINGS = [
        Binding("ctrl+s", "add", "Add events", id="paste.add"),
        Binding("escape", "cancel", "Cancel", id="paste.cancel"),
    ]

    def __init__(self, zone: str, incident_date: date | None,
                 window: tuple[datetime, datetime] | None) -> None:
        super().__init__()
        self.zone = zone
        self.incident_date = incident_date
        self.window = window
        self.parsed = ChatLog((), ())
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="paste-panel"):
            yield Static("Paste a chat log or log lines (ctrl+v or your terminal's paste)", classes="dialog-title")
            text = LiteralTextArea(id="paste-text", soft_wrap=False)  # a terminal copy may hold escapes
            text.cursor_blink = getattr(self.app, "cursor_blink", True)
            yield text
            if self.window:
                start, end = (format_event_time(t, self.zone, self.incident_date) for t in self.window)
                yield Checkbox(f"Only {start} to {end} (incident start − 30 min to resolved + 30 min)",
                               value=True, id="paste-window")
            yield Static("", id="paste-summary", markup=False)
            yield MeasuredTable(id="paste-preview", cursor_type="row", zebra_stripes=True)
            yield Static("", id="paste-skipped", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add events (ctrl+s)", variant="primary", id="paste-add", disabled=True)
                yield Button("Cancel (esc)", id="paste-cancel")

    def on_mount(self) -> None:
        preview = self.query_one("#paste-preview", DataTable)
        for caption in ("Line", "Time", "Kind", "Event", "Source"):
            preview.add_column(caption, key=caption.lower())
        self.query_one("#paste-text", TextArea).focus()
        self._refresh_preview()

    @on(TextArea.Changed, "#paste-text")
    def _text_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.15, self._refresh_preview)

    @on(Checkbox.Changed, "#paste-window")
    def _window_changed(self) -> None:
        self._refresh_preview()

    def _use_window(self) -> bool:
        return bool(self.window) and self.query_one("#paste-window", Checkbox).value

    def _refresh_preview(self) -> None:
        text = self.query_one("#paste-text", TextArea).text
        parsed = parse_chat_log(text, self.zone, self.incident_date)
        if self._use_window():
            assert self.window is not None
            parsed = parsed.within(*self.window)
        self.parsed = parsed
        preview = self.query_one("#paste-preview", DataTable)
        preview.clear()
        for event in parsed.events:
            preview.add_row(
                Text(str(event.line_no)), Text(format_event_time(event.at, self.zone, self.incident_date)),
                Text(label(event.kind)), cell(event.description, width=80), cell(event.source, width=24),
            )
        count = len(parsed.events)
        self.query_one("#paste-summary", Static).update(
            f"{count} event{'s' if count != 1 else ''} to add, kinds guessed from keywords "
            "(change them afterwards in the editor)." if text.strip() else
            "Understood: [14:05] alice: …, 2024-03-05 14:05:12 <alice> …, 14:05 Deploy started, "
            "Slack copies (name  2:05 PM, then messages) and ISO-timestamped log lines."
        )
        skipped = "\n".join(f"line {s.line_no}: {brief(s.text, 60)}  ({shown(s.reason)})"
                            for s in parsed.skipped[:50])
        more = f"\n… and {len(parsed.skipped) - 50} more" if len(parsed.skipped) > 50 else ""
        self.query_one("#paste-skipped", Static).update(
            f"Not added ({len(parsed.skipped)} lines):\n{skipped}{more}" if parsed.skipped else "")
        button = self.query_one("#paste-add", Button)
        button.disabled = count == 0
        button.label = f"Add {count} event{'s' if count != 1 else ''} (ctrl+s)"

    @on(Button.Pressed, "#paste-add")
    def action_add(self) -> None:
        if self.parsed.events:
            self.dismiss(list(self.parsed.events))

    @on(Button.Pressed, "#paste-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
