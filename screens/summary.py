"""The Summary screen: the postmortem's own fields, each saved the moment it is valid."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Select, TextArea

from app.logic.times import DATETIME_FORMS, TimeParseError, format_local, parse_datetime, zone_label
from data.enums import IncidentType, PostmortemStatus, Severity, label
from data.errors import Conflict, StoreError, ValidationError
from data.records import Postmortem
from screens.section import SectionScreen
from widgets.findings_text_area import FindingsTextArea
from widgets.form import FieldRow, TextField


def _split_names(text: str) -> list[str]:
    return [part for part in text.split(",")]


def _choices(enum: Any) -> list[tuple[str, str]]:
    return [(label(member.value), member.value) for member in enum]


#: field -> (label, hint shown under it while it has focus)
TEXT_FIELDS: dict[str, tuple[str, str]] = {
    "incident_id": ("Incident id", "Unique; saved when you press Enter or leave the field"),
    "title": ("Title", "What failed, in a few words: 'Checkout errors after a config deploy'"),
    "timezone": ("Display timezone", "IANA name such as Europe/London; saved on Enter or leaving"),
    "owner": ("Owner", "The named person who drives this postmortem to done"),
    "contributors": ("Contributors", "Names, separated by commas"),
    "tags": ("Tags", "Services or themes, separated by commas: database, deploy"),
    "written_at": ("Date written", "YYYY-MM-DD HH:MM, within 48 h of resolution; saved on Enter or leaving"),
}

#: Fields whose half-typed text is a different valid value ("2024-03-1" is a date, "INC" an id):
#: saved on Enter or when focus leaves, not on every key.
COMMIT_ON_LEAVE = frozenset({"incident_id", "timezone", "written_at"})

SELECT_FIELDS: dict[str, tuple[str, Any]] = {
    "incident_type": ("Type", IncidentType),
    "severity": ("Severity", Severity),
    "status": ("Status", PostmortemStatus),
}


class SummaryScreen(SectionScreen):
    """Incident id, title, type, severity, status, zone, owner, people, tags, date, summary."""

    SECTION = "summary"
    AREA = "summary"
    CSS_PATH = "summary.tcss"
    AUTO_FOCUS = None
    HELP = """\
## Summary

The first thing a reader sees. Say **what happened**, **for how long** and **to whom**,
with numbers: *"A config change exhausted the database connection pool: a 2-hour outage
for 50K users (20% of the base), about $20K of revenue lost."*

- **Blameless**: describe what the system allowed, not who made a mistake.
- **Owner**: one named person drives the postmortem to done; not "the team".
- **Date written**: aim for within 48 hours of resolution, while memory is fresh.
- **Display timezone**: every time on every screen is shown in it; stored times never change.

Every field is saved as soon as its value is valid. A field with a red message was
*not* saved: fix the value and it will be.

Tab moves between fields, Enter goes to the next one, Esc leaves the field; with no
field selected, the number keys 1-6 switch section.
"""

    def __init__(self, postmortem_id: int) -> None:
        super().__init__(postmortem_id)
        # The last value the store accepted, per field: unchanged values are not written again.
        self.saved: dict[str, Any] = {}

    def compose_body(self) -> ComposeResult:
        read_only = self.app.store.read_only
        with VerticalScroll(id="summary-form"):
            for name in ("incident_id", "title"):
                yield self._text_row(name, read_only)
            for name, (caption, enum) in SELECT_FIELDS.items():
                select: Select[str] = Select(
                    _choices(enum), allow_blank=False, id=name, compact=True, disabled=read_only
                )
                yield FieldRow(caption, select, id=f"row-{name}")
            for name in ("timezone", "owner", "contributors", "tags", "written_at"):
                yield self._text_row(name, read_only)
            summary = FindingsTextArea(id="summary", disabled=read_only, compact=True)
            yield FieldRow(
                "Summary", summary,
                hint="What happened, for how long, to whom, with numbers (2-3 sentences)",
                id="row-summary",
            )

    def _text_row(self, name: str, read_only: bool) -> FieldRow:
        caption, hint = TEXT_FIELDS[name]
        field = TextField(id=name, compact=True, disabled=read_only, select_on_focus=False)
        if name == "written_at":
            field.placeholder = "YYYY-MM-DD HH:MM"
        return FieldRow(caption, field, hint=hint, id=f"row-{name}")

    # -- showing data -----------------------------------------------------------

    def show_postmortem(self, postmortem: Postmortem) -> None:
        first_load = self.postmortem is None
        super().show_postmortem(postmortem)
        if first_load:
            self._fill(postmortem)
        self._update_written_label(postmortem)

    async def reload_from_store(self) -> None:
        await self._load_postmortem()
        if self.postmortem is not None:
            self._fill(self.postmortem)

    def _fill(self, postmortem: Postmortem) -> None:
        """Put the stored values into the fields (only on load: never under the user's cursor)."""
        values = self._display_values(postmortem)
        self.saved = dict(values)
        with self.prevent(Input.Changed, Select.Changed, TextArea.Changed):
            for name in (*TEXT_FIELDS, *SELECT_FIELDS):
                widget = self.query_one(f"#{name}")
                widget.value = values[name]  # type: ignore[attr-defined]
            self.query_one("#summary", TextArea).load_text(values["summary"])

    def _display_values(self, postmortem: Postmortem) -> dict[str, str]:
        return {
            "incident_id": postmortem.incident_id,
            "title": postmortem.title,
            "incident_type": postmortem.incident_type,
            "severity": postmortem.severity,
            "status": postmortem.status,
            "timezone": postmortem.timezone,
            "owner": postmortem.owner,
            "contributors": ", ".join(postmortem.contributors),
            "tags": ", ".join(postmortem.tags),
            "written_at": format_local(postmortem.written_at, postmortem.timezone),
            "summary": postmortem.summary,
        }

    def _update_written_label(self, postmortem: Postmortem) -> None:
        row = self.query_one("#row-written_at", FieldRow)
        row.set_label(f"Date written ({zone_label(postmortem.written_at, postmortem.timezone)})")

    def show_path(self, path: str) -> None:
        name = {"written_at": "written_at", "status": "status", "title": "title"}.get(path, "summary")
        self.query_one(f"#{name}").focus()

    # -- editing ----------------------------------------------------------------

    @on(Input.Changed)
    async def _text_changed(self, event: Input.Changed) -> None:
        name = event.input.id
        if name in COMMIT_ON_LEAVE:
            row = self.query_one(f"#row-{name}", FieldRow)
            if event.value != self.saved.get(name) and not row.has_error:
                row.clear_message()
        elif name in TEXT_FIELDS:
            if name == "title":
                self.check_as_typed("title", event.value, "other", self._show_title_findings)
            await self._save(name, event.value)

    def _show_title_findings(self, findings) -> None:
        row = self.query_one("#row-title", FieldRow)
        if findings:
            row.show_warning("\n".join(f"{f.label}: “{f.text}”. {f.suggestion}" for f in findings))
        elif not row.has_error:
            row.clear_message()

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id in COMMIT_ON_LEAVE:
            await self._save(event.input.id, event.value)
        row = self.query_one(f"#row-{event.input.id}", FieldRow)
        if not row.has_error:
            self.focus_next()

    async def commit_pending(self) -> None:
        """Save the save-on-leave field being edited (the app calls this before quitting)."""
        focused = self.focused
        if isinstance(focused, Input) and focused.id in COMMIT_ON_LEAVE:
            await self._save(focused.id, focused.value)

    @on(Input.Blurred)
    async def _left(self, event: Input.Blurred) -> None:
        if event.input.id in COMMIT_ON_LEAVE:
            await self._save(event.input.id, event.value)

    @on(Select.Changed)
    async def _select_changed(self, event: Select.Changed) -> None:
        if event.select.id in SELECT_FIELDS and isinstance(event.value, str):
            await self._save(event.select.id, event.value)
            row = self.query_one("#row-status", FieldRow)
            if event.select.id == "status" and event.value == "closed" and row.has_error:
                self._ask_close_reason(str(row.message.render()).removeprefix("Not saved: "))

    def _ask_close_reason(self, refusal: str) -> None:
        """Closing with open actions: offer to close anyway, with the reason recorded."""
        from screens.analysis_dialogs import TextDialog

        postmortem_id = self.postmortem_id

        async def answered(values: dict[str, str] | None) -> None:
            row = self.query_one("#row-status", FieldRow)
            if not values:
                return
            base = self.postmortem
            try:
                updated = await self.app.store.run(lambda s: s.update(postmortem_id, status="closed", expected=base,
                                                                      closed_reason=values["text"]))
            except Conflict as conflict:
                self.app.report_error(conflict)
                return
            except StoreError as error:
                row.show_error(f"Not saved: {error}")
                return
            self.saved["status"] = "closed"
            row.show_warning(f"Closed with open actions: {values['text']}")
            self.show_postmortem(updated)

        self.app.push_screen(TextDialog("Close with open actions?", "Reason", note=refusal,
                                        placeholder="they are tracked in the platform roadmap"), answered)

    @on(TextArea.Changed, "#summary")
    async def _summary_changed(self, event: TextArea.Changed) -> None:
        self.check_as_typed("summary", event.text_area.text, "summary", self._show_summary_findings)
        await self._save("summary", event.text_area.text)

    def _show_summary_findings(self, findings) -> None:
        self.query_one("#summary", FindingsTextArea).set_findings(findings)
        row = self.query_one("#row-summary", FieldRow)
        if findings:
            row.show_warning("\n".join(f"{f.label}: “{f.text}”. {f.suggestion}" for f in findings))
        elif not row.has_error:
            row.clear_message()

    async def _save(self, name: str, text: str) -> None:
        """Parse, then store; a value that does not parse or validate is shown, not saved."""
        row = self.query_one(f"#row-{name}", FieldRow)
        if self.postmortem is None or text == self.saved.get(name):
            if text == self.saved.get(name):
                row.clear_message()
            return
        try:
            value = self._parse(name, text)
        except ValueError as error:
            row.show_error(str(error))
            return
        postmortem_id = self.postmortem_id
        base = self.postmortem
        try:
            updated = await self.app.store.run(
                lambda service: service.update(postmortem_id, expected=base, **{name: value})
            )
        except Conflict as conflict:  # they chose to keep the other person's version (refilled by the refresh)
            row.clear_message()
            self.app.report_error(conflict)
            return
        except ValidationError as error:
            row.show_error(f"Not saved: {error.message}")
            return
        except StoreError as error:
            row.show_error(f"Not saved: {error}")
            return
        except Exception as error:  # noqa: BLE001 - shown in a dialog, never a traceback
            row.show_error("Not saved: an unexpected error occurred.")
            self.app.report_error(error, doing=f"Saving {TEXT_FIELDS.get(name, (name,))[0]}")
            return
        self.saved[name] = text
        row.clear_message()
        self.show_postmortem(updated)
        if name == "timezone":
            self._redisplay_written(updated)

    def _parse(self, name: str, text: str) -> Any:
        parsers: dict[str, Callable[[str], Any]] = {
            "contributors": _split_names,
            "tags": _split_names,
            "written_at": self._parse_written,
        }
        parser = parsers.get(name)
        return parser(text) if parser else text

    def _parse_written(self, text: str) -> Any:
        if not text.strip():
            return None
        assert self.postmortem is not None
        try:
            return parse_datetime(text, self.postmortem.timezone)
        except TimeParseError as error:
            message = str(error)
            if "Use" not in message:
                message += f" Accepted: {DATETIME_FORMS}."
            raise ValueError(message) from None

    def _redisplay_written(self, postmortem: Postmortem) -> None:
        """After a timezone change, show the written date in the new zone (same instant)."""
        field = self.query_one("#written_at", Input)
        row = self.query_one("#row-written_at", FieldRow)
        if field.has_focus or row.has_error:
            return
        text = format_local(postmortem.written_at, postmortem.timezone)
        self.saved["written_at"] = text
        with self.prevent(Input.Changed):
            field.value = text
