"""The Timeline screen: type events as the room dictates them; the key figures follow live."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Select, Static

from app.logic.display import brief, shown
from app.logic.quick_entry import QuickEntryError, match_kind, parse_quick_entry
from app.logic.timeline import observe
from app.logic.times import (
    EVENT_TIME_FORMS,
    AmbiguousTime,
    TimeParseError,
    format_event_time,
    local_date,
    parse_event_time,
)
from data.enums import label
from data.errors import Conflict, StoreError
from data.records import TimelineEvent
from screens.section import SectionScreen
from widgets.event_editor import EventEditor
from widgets.event_table import Display, EventTable
from widgets.form import TextField
from widgets.observations import ObservationsPanel

QUICK_ENTRY_EXAMPLE = "14:07 detected Error rate 0 → 500/min #Monitoring"


class TimelineScreen(SectionScreen):
    SECTION = "timeline"
    AREA = "timeline"
    CSS_PATH = "timeline.tcss"
    AUTO_FOCUS = "#quick-entry"
    HELP = f"""\
## Timeline

What happened, minute by minute, from the trigger to the all-clear. Type one event per
line in the quick-entry line at the bottom and press Enter:

    {QUICK_ENTRY_EXAMPLE}
    +5m inv On-call starts investigating => paged the DB team #Slack

A **time** ({EVENT_TIME_FORMS}); a **kind**, in full or shortened to three letters or more
(trigger, detected, alert, escalation, investigation, diagnosis, mitigation, resolved,
all clear, communication, note; a line without one is a note); **what happened**;
optionally `=> the action taken` and a `#source` (where the fact came from: monitoring,
Slack, CI/CD, a person). Relative times count from the highlighted event.

The **key observations** beside the table follow every change: detection lag, response,
diagnosis and mitigation times, total duration and time to all-clear, each naming the
events it came from, a phase bar, and the silences of over 30 minutes worth asking about.
A figure that is n/a says which event would make it known.

Times are shown in the postmortem's display timezone (set it on the Summary, key 1).
"""
    BINDINGS = [
        Binding("a", "add", "Add", id="timeline.add", tooltip="Type a new event in the quick-entry line"),
        Binding("e", "edit", "Edit", id="timeline.edit",
                tooltip="Edit every field of the highlighted event (also Enter)"),
        Binding("c", "duplicate", "Duplicate", id="timeline.duplicate",
                tooltip="Copy the highlighted event (same time, right after it)"),
        Binding("x,delete", "delete", "Delete", key_display="x", id="timeline.delete",
                tooltip="Delete the highlighted event (u brings it back)"),
        Binding("u,ctrl+z", "undo", "Undo delete", key_display="u", id="timeline.undo",
                tooltip="Bring back the event deleted last"),
        Binding("p", "paste", "Paste chat", id="timeline.paste",
                tooltip="Paste a chat log or log lines, preview the events, then add them"),
        Binding("up", "move_cursor(-1)", "Previous event", show=False, id="timeline.up"),
        Binding("down", "move_cursor(1)", "Next event", show=False, id="timeline.down"),
    ]

    def __init__(self, postmortem_id: int) -> None:
        super().__init__(postmortem_id)
        self.last_deleted: TimelineEvent | None = None
        self._message_about: int | None = None

    def compose_body(self) -> ComposeResult:
        read_only = self.app.store.read_only
        with Horizontal(id="timeline-body"):
            with Vertical(id="timeline-main"):
                yield EventTable(id="events")
                editor = EventEditor(id="editor")
                editor.display = False
                yield editor
            with VerticalScroll(id="observations-scroll"):
                yield ObservationsPanel(id="observations")
        yield Static("", id="entry-message", markup=False)
        yield TextField(placeholder=f"{QUICK_ENTRY_EXAMPLE}   (Enter adds it)", id="quick-entry",
                        compact=True, select_on_focus=False, disabled=read_only)

    #: Below this width the key observations move under the table, in a compact form.
    NARROW = 110

    def on_resize(self) -> None:
        narrow = self.size.width < self.NARROW
        self.set_class(narrow, "-narrow")
        self.query_one(ObservationsPanel).set_compact(narrow)

    @property
    def table(self) -> EventTable:
        return self.query_one(EventTable)

    @property
    def editor(self) -> EventEditor:
        return self.query_one(EventEditor)

    # -- loading and showing -------------------------------------------------------------

    async def _load_postmortem(self, *, refreshing: bool = False) -> None:
        postmortem_id = self.postmortem_id
        try:
            postmortem, events = await self.app.store.run(
                lambda service: (service.get(postmortem_id), service.events.list(postmortem_id))
            )
        except Exception as error:  # noqa: BLE001 - shown, never raised
            self.app.report_error(error, doing="Could not open the timeline")
            return
        self.show_postmortem(postmortem)
        if not refreshing:
            self.table.load(events, self._display(events), keep=events[-1].id if events else None)
            self._after_change()
            return
        # Someone else's change: the same row stays selected, and no highlight message reaches the
        # editor (it would refill the event being typed in) or the message line (it may say what was
        # wrong with the line being typed).
        with self.prevent(DataTable.RowHighlighted):
            self.table.load(events, self._display(events))
            self._after_change(keep_message=not self._standing_hint)

    #: The message line shows the standing hint (not something about what was typed).
    _standing_hint = True

    def refresh_from_store(self, *, force: bool = False) -> None:
        """Changes saved elsewhere: the table is read again at once, keeping the selected row. No text
        field is refilled, so quick entry and the event being edited keep what is typed (a save of an
        event someone changed meanwhile then asks about the conflict)."""
        self.run_worker(self._load_postmortem(refreshing=True), group="refresh", exclusive=True,
                        exit_on_error=False)

    def show_path(self, path: str) -> None:
        index = self.path_index(path)
        ordered = self.table.ordered()
        if index is None or not 0 <= index < len(ordered):
            return
        self.table.select(ordered[index].id)
        self.action_edit()
        field = {"action_taken": "action_taken", "at": "time"}.get(self.path_field(path), "description")
        self.editor.focus_field(field)

    def _display(self, events: list[TimelineEvent] | None = None) -> Display:
        zone = self.postmortem.timezone if self.postmortem else "UTC"
        return Display(zone, self._incident_date(events))

    def _incident_date(self, events: list[TimelineEvent] | None = None):
        """The date of the first event, else the date written, in the display zone."""
        assert self.postmortem is not None
        if events is not None:
            first = min((e.at for e in events), default=self.postmortem.written_at)
        else:
            ordered = self.table.ordered()
            first = ordered[0].at if ordered else self.postmortem.written_at
        return local_date(first, self.postmortem.timezone)

    def _after_change(self, *, keep_message: bool = False) -> None:
        """Redraw what depends on all events: incident date, observations, the entry hint (unless
        `keep_message`: a message about what was typed stays)."""
        display = self._display()
        if display != self.table.display_options:
            self.table.load(self.table.events.values(), display)
        self.query_one(ObservationsPanel).show(observe(self.table.ordered(), presorted=True), display.zone,
                                               display.incident_date)
        if not keep_message:
            self._show_hint()

    def _time_text(self, event: TimelineEvent) -> str:
        return format_event_time(event.at, self.table.display_options.zone, self.table.display_options.incident_date)

    def _describe(self, event: TimelineEvent) -> str:
        return f"{self._time_text(event)} {label(event.kind)}: {brief(event.description, 100)}"

    def _show_hint(self, text: str | None = None, *, error: bool = False, about: int | None = None) -> None:
        """Show `text` (or the standing hint); a message `about` an event outlives its own highlight."""
        self._message_about = about
        self._standing_hint = text is None
        message = self.query_one("#entry-message", Static)
        if text is None:
            anchor = self.table.selected
            count = len(self.table.events)
            text = (f"{count} event{'s' if count != 1 else ''}. Relative times (+15m, -5m) count from "
                    f"{self._describe(anchor)}" if anchor else
                    "No events yet: type the first one with its date, e.g. 2024-03-05 14:05 trigger Deploy started")
        message.update(shown(text, multiline=True, limit=600))  # may quote what was typed
        message.set_class(error, "-error")

    @on(DataTable.RowHighlighted, "#events")
    def _highlighted(self) -> None:
        if self.table.selected_id != self._message_about:
            self._show_hint()
        if self.editor.display and self.table.selected and self.editor.editing != self.table.selected:
            self.editor.edit(self.table.selected, self._time_text(self.table.selected))

    # -- quick entry ---------------------------------------------------------------------------

    @on(Input.Changed, "#quick-entry")
    def _entry_typed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self.check_as_typed("quick-entry", event.value, "timeline", self._show_entry_findings)

    def _show_entry_findings(self, findings) -> None:
        if findings:
            self._show_hint("⚠ " + " ".join(f"{f.label}: “{f.text}”. {f.suggestion}" for f in findings), error=True)

    @on(Input.Submitted, "#quick-entry")
    async def _quick_entry(self, event: Input.Submitted) -> None:
        event.stop()
        await self._submit_entry(event.value)

    async def _submit_entry(self, text: str, fold: int | None = None) -> None:
        """Parse the quick-entry line and add the event; on a problem, say what to fix."""
        if not text.strip() or self.postmortem is None:
            return
        anchor = self.table.selected
        try:
            parsed = parse_quick_entry(
                text, self.postmortem.timezone, fold=fold,
                incident_date=self.table.display_options.incident_date or self._incident_date(),
                previous=anchor.at if anchor else None,
            )
        except AmbiguousTime as ambiguous:
            self._ask_which(ambiguous, lambda chosen: self._submit_entry(text, chosen))
            return
        except QuickEntryError as error:
            self._show_hint(str(error), error=True)
            return
        postmortem_id = self.postmortem_id
        values = {"at": parsed.at, "kind": parsed.kind, "description": parsed.description,
                  "source": parsed.source, "action_taken": parsed.action_taken}
        added = await self._store(lambda service: service.events.add(postmortem_id, **values), "Adding the event")
        if added is None:
            return
        entry = self.query_one("#quick-entry", Input)
        if entry.value == text:
            entry.value = ""
        self.table.upsert(added)
        self._after_change()
        self._show_hint(f"Added {self._describe(added)}. Relative times now count from it.", about=added.id)

    def _ask_which(self, ambiguous: AmbiguousTime, then: Callable[[int], Awaitable[None]]) -> None:
        """A time in the hour that happens twice: ask which one, then carry on with the answer."""
        from screens.dialogs import ChoiceDialog

        zone = self.postmortem.timezone if self.postmortem else "UTC"
        choices = [
            f"{instant.in_timezone(zone).strftime('%H:%M %Z')} ({instant.strftime('%H:%M')} UTC)"
            for instant in ambiguous.choices
        ]

        def answered(choice: int | None) -> None:
            if choice is not None:
                self.run_worker(then(choice), exit_on_error=False)

        self.app.push_screen(ChoiceDialog("Which one?", str(ambiguous), choices), answered)

    async def _store(self, call, doing: str):
        """Run a store call; on failure say why on the message line and return None."""
        try:
            return await self.app.store.run(call)
        except Conflict as conflict:  # they chose to keep the other person's version
            self.app.report_error(conflict)
            if self.editor.display and self.editor.editing is not None:
                current = conflict.current
                if getattr(current, "id", None) == self.editor.editing.id:
                    self.editor.edit(current, self._time_text(current))
        except StoreError as error:
            self._show_hint(f"Not saved: {error}", error=True)
        except Exception as error:  # noqa: BLE001 - shown in a dialog, never a traceback
            self.app.report_error(error, doing=doing)
        return None

    def action_add(self) -> None:
        self.query_one("#quick-entry").focus()

    def action_move_cursor(self, step: int) -> None:
        if self.table.row_count:
            self.table.move_cursor(row=self.table.cursor_row + step)

    # -- editing in place -------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#events")
    def _row_selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        selected = self.table.selected
        if selected is None:
            self._show_hint("Nothing to edit yet: add an event first.", error=True)
            return
        self.editor.display = True
        self.editor.edit(selected, self._time_text(selected))
        self.editor.focus_field("description")

    @on(EventEditor.FieldCommitted)
    async def _field_committed(self, message: EventEditor.FieldCommitted) -> None:
        await self._save_field(message.event_id, message.field, message.text)

    async def _save_field(self, event_id: int, field: str, text: str, fold: int | None = None) -> None:
        event = self.table.events.get(event_id)
        if event is None or self.postmortem is None:
            return
        try:
            changes = self._parse_edit(event, field, text, fold)
        except AmbiguousTime as ambiguous:
            self._ask_which(ambiguous, lambda chosen: self._save_field(event_id, field, text, chosen))
            return
        except ValueError as error:
            self.editor.show_message(f"Not saved: {error}", error=True)
            return
        editing = self.editor.editing
        base = editing if editing is not None and editing.id == event_id else event
        saved = await self._store(lambda service: service.events.update(event_id, expected=base, **changes),
                                  "Saving the event")
        if saved is None:
            self.editor.show_message("Not saved: see the message below the table.", error=True)
            return
        self.table.upsert(saved)
        self._after_change()
        self.editor.refresh_from(saved, self._time_text(saved))
        self.editor.show_message(f"Saved {field.replace('_', ' ')}.")

    def _parse_edit(self, event: TimelineEvent, field: str, text: str, fold: int | None) -> dict[str, Any]:
        """The change a committed field asks for; raises ValueError with what is wrong."""
        if field == "time":
            assert self.postmortem is not None
            ordered = self.table.ordered()
            index = ordered.index(event)
            previous = ordered[index - 1].at if index > 0 else None
            try:
                at = parse_event_time(text, self.postmortem.timezone, fold=fold,
                                      incident_date=self.table.display_options.incident_date, previous=previous)
            except AmbiguousTime:
                raise
            except TimeParseError as error:
                raise ValueError(str(error)) from None
            return {"at": at}
        if field == "kind":
            kind = match_kind(text) if text else None
            if kind is None:
                raise ValueError(f"{text!r} is not a kind of event.")
            return {"kind": kind}
        if field == "description" and not text.strip():
            raise ValueError("An event needs a description: say what happened.")
        return {field: text}

    def action_back(self) -> None:
        """Esc: out of the editor or the entry line to the table; from the table, back to the list."""
        focused = self.focused
        if self.editor.display and (focused is None or self.editor in focused.ancestors_with_self):
            self.editor.display = False
            self.table.focus()
            return
        if isinstance(focused, Input | Select):
            self.table.focus()
            return
        super().action_back()

    async def commit_pending(self) -> None:
        pending = self.editor.pending() if self.editor.display else None
        if pending and self.editor.editing is not None:
            field, text = pending
            await self._save_field(self.editor.editing.id, field, text)

    # -- delete, undo, duplicate ---------------------------------------------------------------------

    async def action_delete(self) -> None:
        selected = self.table.selected
        if selected is None:
            return
        event_id = selected.id
        deleted = await self._store(lambda service: service.events.delete(event_id, expected=selected),
                                    "Deleting the event")
        if deleted is None:
            return
        self.last_deleted = deleted
        self.table.remove(deleted.id)
        self.editor.display = False
        self._after_change()
        self._show_hint(f"Deleted {self._describe(deleted)}. Press u to bring it back.", about=self.table.selected_id)

    async def action_undo(self) -> None:
        if self.last_deleted is None:
            self._show_hint("Nothing to undo: no event was deleted here.", error=True)
            return
        record = self.last_deleted
        restored = await self._store(lambda service: service.events.restore(record), "Undoing the delete")
        if restored is None:
            return
        self.last_deleted = None
        self.table.upsert(restored)
        self._after_change()
        self._show_hint(f"Brought back {self._describe(restored)}.", about=restored.id)

    async def action_duplicate(self) -> None:
        selected = self.table.selected
        if selected is None:
            return
        postmortem_id = self.postmortem_id
        values = {"at": selected.at, "kind": selected.kind, "description": selected.description,
                  "source": selected.source, "action_taken": selected.action_taken}
        copy = await self._store(lambda service: service.events.add(postmortem_id, **values), "Duplicating")
        if copy is None:
            return
        self.table.upsert(copy)
        self._after_change()
        self._show_hint(f"Duplicated as {self._describe(copy)}; e edits it.", about=copy.id)

    # -- chat-log paste ----------------------------------------------------------------------------------

    def action_paste(self) -> None:
        from screens.paste_dialog import PasteDialog

        if self.postmortem is None:
            return
        observations = observe(self.table.ordered(), presorted=True)
        window = None
        if observations.started and observations.resolved:
            from datetime import timedelta

            window = (observations.started.at - timedelta(minutes=30),
                      observations.resolved.at + timedelta(minutes=30))
        dialog = PasteDialog(self.postmortem.timezone, self.table.display_options.incident_date
                             or self._incident_date(), window)
        self.app.push_screen(dialog, self._add_pasted)

    async def _add_pasted(self, parsed) -> None:
        if not parsed:
            return
        postmortem_id = self.postmortem_id
        many = [{"at": p.at, "kind": p.kind, "description": p.description, "source": p.source} for p in parsed]
        added = await self._store(lambda service: service.events.add_many(postmortem_id, many), "Adding pasted events")
        if not added:
            return
        for event in added:
            self.table.events[event.id] = event
        self.table.load(self.table.events.values(), self._display(), keep=added[0].id)
        self._after_change()
        self._show_hint(f"Added {len(added)} events from the paste.", about=added[0].id)
