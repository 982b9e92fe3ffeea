"""Check-in mode: the open actions one at a time, overdue first; a summary of what changed at the end."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TextArea

from app.logic.actions import BUCKET_TITLES, bucket
from app.logic.display import shown
from app.logic.mdtext import inline
from app.logic.tracking import check_in_order
from data.enums import label
from data.records import TrackedAction
from widgets.form import TextField
from widgets.literal import LiteralTextArea

STATUS_KEYS = {"o": "open", "i": "in_progress", "b": "blocked", "d": "done", "w": "wont_do"}


@dataclass
class Change:
    tracked: TrackedAction
    old: str
    new: str
    notes: list[str]


class CheckInScreen(Screen):
    AREA = "check-in"
    CSS_PATH = "check_in.tcss"
    AUTO_FOCUS = None
    HELP = """\
## Weekly check-in

One open action at a time, overdue first. Ask the owner where it stands, press the key
for the answer, add a note if there is one, and move on:

`o` open, `i` in progress, `b` blocked, `d` done, `w` won't do (asks why). `n` types a
note (Enter saves it). Enter or → goes to the next action, ← back, `s` skips. `q` (or
reaching the end) shows the summary of what changed, ready to paste into chat.
"""
    BINDINGS = [
        *(Binding(key, f"status('{status}')", label(status).capitalize(), id=f"check_in.{status}",
                  tooltip=f"The room says: {label(status)}") for key, status in STATUS_KEYS.items()),
        Binding("n", "note", "Note", id="check_in.note", tooltip="Type a note for this action"),
        Binding("enter,right", "next", "Next", key_display="⏎", id="check_in.next", tooltip="Next action"),
        Binding("left", "previous", "Back", show=False, id="check_in.previous", tooltip="Previous action"),
        Binding("s", "next", "Skip", show=False, id="check_in.skip", tooltip="Skip: no change"),
        Binding("q,escape", "finish", "Finish", id="check_in.finish", tooltip="End the check-in and see the summary"),
        Binding("c", "copy_summary", "Copy summary", id="check_in.copy",
                tooltip="Copy the summary (Markdown) to the clipboard"),
    ]

    def __init__(self, items: list[TrackedAction]) -> None:
        super().__init__()
        self.all_items = items
        self.queue: list[TrackedAction] = []
        self.index = 0
        self.changes: dict[int, Change] = {}
        self.finished = False

    def compose(self) -> ComposeResult:
        yield Static("", id="check-in-progress", classes="screen-title", markup=False)
        with VerticalScroll(id="check-in-body"):
            yield Static("", id="check-in-card", markup=False)
            yield Static("", id="check-in-history", markup=False)
        with Vertical(id="check-in-note-row"):
            yield TextField(placeholder="n, then type a note and press Enter", id="check-in-note", compact=True)
        yield LiteralTextArea("", id="check-in-summary", read_only=True)
        yield Footer()

    def on_mount(self) -> None:
        self.queue = check_in_order(self.all_items, self.app.clock.today())
        self.query_one("#check-in-summary").display = False
        self.run_worker(self._show(), exit_on_error=False)

    @property
    def current(self) -> TrackedAction | None:
        return self.queue[self.index] if 0 <= self.index < len(self.queue) else None

    async def _show(self) -> None:
        tracked = self.current
        progress = self.query_one("#check-in-progress", Static)
        if tracked is None:
            await self.action_finish()
            return
        progress.update(f"Check-in: action {self.index + 1} of {len(self.queue)} · {len(self.changes)} changed so far")
        today = self.app.clock.today()
        action = tracked.action
        where = bucket(action, today)
        card = Text()
        card.append(f"{BUCKET_TITLES[where]}\n", style="bold reverse" if where == "overdue" else "bold")
        # User text throughout: literal, controls inert, long text cut (the Actions screen has it whole).
        card.append(shown(action.title, multiline=True, limit=1_000) + "\n\n", style="bold")
        for caption, value in (("Postmortem", f"{shown(tracked.incident_id)}  {shown(tracked.postmortem_title)}"),
                               ("Owner", shown(action.owner) or "— nobody: name one"),
                               ("Due", action.due.isoformat() if action.due else "— no date: set one"),
                               ("Status", label(action.status)),
                               ("Success measure", shown(action.success_measure) or "—"),
                               ("Tracker", shown(action.tracker) or "—")):
            card.append(f"{caption:>16}  ", style="dim")
            card.append(value + "\n")
        change = self.changes.get(action.id)
        if change is not None:
            card.append(f"\nThis check-in: {label(change.old)} → {label(change.new)}", style="bold")
            for note in change.notes:
                card.append(f"\n  note: {shown(note, multiline=True, limit=1_000)}")
        self.query_one("#check-in-card", Static).update(card)
        action_id = action.id
        history = await self.app.store.run(lambda s: s.action_updates.list(action_id))
        text = Text("History\n", style="bold")
        for update in reversed(history[-5:]):
            moved = f"{label(update.old_status or '')} → {label(update.new_status or '')}" \
                if update.old_status != update.new_status else ""
            text.append(f"{update.at:%Y-%m-%d} {shown(update.by)}: ", style="dim")
            note = shown(update.note, multiline=True, limit=1_000)
            text.append(" · ".join(p for p in (moved, note) if p) + "\n")
        if not history:
            text.append("No updates yet.", style="italic")
        self.query_one("#check-in-history", Static).update(text)

    # -- the room answers -----------------------------------------------------------------------------

    def action_status(self, status: str) -> None:
        tracked = self.current
        if tracked is None:
            return

        async def change() -> None:
            from screens.status_change import change_status

            old = tracked.action.status
            if status == old:
                self.notify(f"Still {label(status)}: nothing to record. Enter moves on.")
                return
            if await change_status(self, tracked.action, status):
                self._record(tracked, old, status)
            await self._refresh_current()

        self.run_worker(change(), group="status", exit_on_error=False)

    def _record(self, tracked: TrackedAction, old: str, new: str, note: str | None = None) -> None:
        change = self.changes.get(tracked.action.id)
        if change is None:
            change = self.changes[tracked.action.id] = Change(tracked, old, new, [])
        change.new = new
        if note:
            change.notes.append(note)

    async def _refresh_current(self) -> None:
        tracked = self.current
        if tracked is None:
            return
        action_id = tracked.action.id
        action = await self.app.store.run(lambda s: s.actions.get(action_id))
        self.queue[self.index] = TrackedAction(action, tracked.incident_id, tracked.postmortem_title,
                                               tracked.last_update)
        await self._show()

    def action_note(self) -> None:
        self.query_one("#check-in-note", Input).focus()

    @on(Input.Submitted, "#check-in-note")
    async def _note(self, event: Input.Submitted) -> None:
        tracked = self.current
        note = event.value.strip()
        self.set_focus(None)
        if tracked is None or not note:
            return
        action_id, user = tracked.action.id, self.app.user
        await self.app.store.run(lambda s: s.add_action_note(action_id, by=user, note=note))
        self._record(tracked, tracked.action.status, tracked.action.status, note)
        event.input.value = ""
        await self._show()

    async def action_next(self) -> None:
        self.index += 1
        await self._show()

    async def action_previous(self) -> None:
        self.index = max(0, self.index - 1)
        await self._show()

    # -- the summary ---------------------------------------------------------------------------------------

    def summary_markdown(self) -> str:
        today = self.app.clock.today()
        changed = [c for c in self.changes.values() if c.old != c.new or c.notes]
        moved = sum(1 for c in changed if c.old != c.new)
        notes = sum(len(c.notes) for c in changed)
        lines = [f"**Action check-in {today.isoformat()}**: {len(self.queue)} open action"
                 f"{'s' if len(self.queue) != 1 else ''} reviewed, {moved} status change{'s' if moved != 1 else ''}, "
                 f"{notes} note{'s' if notes != 1 else ''}", ""]
        for change in changed:
            action = change.tracked.action
            what = f"{label(change.old)} → {label(change.new)}" if change.old != change.new else "no status change"
            owner = inline(action.owner) if action.owner else "no owner"
            lines.append(f"- {inline(action.title)} ({owner}, {inline(change.tracked.incident_id)}): {what}")
            lines.extend(f"  - note: {inline(note)}" for note in change.notes)
        if not changed:
            lines.append("No changes.")
        return "\n".join(lines) + "\n"

    async def action_finish(self) -> None:
        if self.finished:
            self.app.pop_screen()
            return
        self.finished = True
        self.query_one("#check-in-body").display = False
        self.query_one("#check-in-note-row").display = False
        summary = self.query_one("#check-in-summary", TextArea)
        summary.load_text(self.summary_markdown())
        summary.display = True
        self.query_one("#check-in-progress", Static).update(
            "Check-in finished: the summary below is Markdown, ready to paste (select it, or press c to copy). "
            "Esc or q to leave.")
        self.refresh_bindings()

    def action_copy_summary(self) -> None:
        self.app.copy_to_clipboard(self.summary_markdown())
        self.notify("Summary copied to the clipboard.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.finished and action in ("status", "note", "next", "previous"):
            return False
        if action == "copy_summary":
            return self.finished
        return True
