"""The Actions screen: SMART corrective actions of one postmortem, with owners, dates and history."""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Static

from app.logic.actions import DueDateError, action_findings, bucket, owner_problem, parse_due, quadrant, suggest_type
from app.logic.display import brief, notice, shown
from data.enums import label
from data.errors import Conflict, StoreError, ValidationError
from data.records import ActionUpdate, CorrectiveAction, RootCause
from screens.section import SectionScreen
from widgets.action_editor import ActionEditor, due_display
from widgets.literal import cell
from widgets.table import MeasuredTable

TRACKER_FORM = re.compile(r"^(?:https?://\S+|[A-Z][A-Z0-9_]*-\d+|#\d+)$")
STATUS_KEYS = {"o": "open", "i": "in_progress", "b": "blocked", "d": "done", "w": "wont_do"}


class ActionsScreen(SectionScreen):
    SECTION = "actions"
    AREA = "actions"
    CSS_PATH = "actions.tcss"
    AUTO_FOCUS = "#actions-table"
    HELP = """\
## Corrective actions

For each root cause, what will prevent it happening again. Make each action **SMART**:
specific ("add config validation", not "improve deploys"), measurable (a success measure:
how we will know it worked), assigned to **one named person** (not "team"), realistic,
and **time-bound** (a due date). Type: immediate (days), short term (weeks), long term
(months), suggested from the date written and the due date.

Prioritise by impact and effort: high impact / low effort **do now**; high / high a
**strategic project**; low / low **if spare capacity**; low / high **reconsider**. Prefer
stronger controls: eliminate > substitute > engineering > administrative > training.

On the table: `a` adds, Enter or `e` edits in the panel (each field is saved on Enter or
when you leave it), `o` `i` `b` `d` `w` set the status (open, in progress, blocked, done,
won't do: asks why), `n` adds a check-in note, `x` deletes. Every status change and note is
kept in the action's history, with who and when.
"""
    BINDINGS = [
        Binding("a", "add", "Add", id="actions.add", tooltip="Add a corrective action"),
        Binding("e", "edit", "Edit", id="actions.edit", tooltip="Edit the highlighted action in the panel"),
        *(Binding(key, f"status('{status}')", label(status).capitalize(), show=key in ("d",),
                  id=f"actions.status_{status}", tooltip=f"Set the highlighted action to {label(status)}")
          for key, status in STATUS_KEYS.items()),
        Binding("n", "note", "Note", id="actions.note", tooltip="Add a check-in note to the highlighted action"),
        Binding("x,delete", "delete", "Delete", key_display="x", id="actions.delete",
                tooltip="Delete the highlighted action (asks first)"),
        Binding("t", "app.tracker", "Tracker", id="actions.tracker",
                tooltip="All actions of all postmortems, and the weekly check-in"),
    ]

    def __init__(self, postmortem_id: int) -> None:
        super().__init__(postmortem_id)
        self.actions: list[CorrectiveAction] = []
        self.root_causes: list[RootCause] = []
        self.history: list[ActionUpdate] = []

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="actions-body"):
            with Vertical(id="actions-main"):
                yield MeasuredTable(id="actions-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="actions-warnings", markup=False)
            yield ActionEditor(id="action-editor", disabled=self.app.store.read_only)

    #: Below this width the editor goes under the table.
    NARROW = 120

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW, "-narrow")
        if self.actions:
            self.call_after_refresh(self._draw_table, None)

    # -- loading and drawing ------------------------------------------------------------------------

    async def _load_postmortem(self) -> None:
        await self.reload()

    async def reload(self, select: int | None = None) -> None:
        pm_id = self.postmortem_id
        try:
            postmortem, self.actions, self.root_causes = await self.app.store.run(lambda s: (
                s.get(pm_id), s.actions.list(pm_id), s.root_causes.list(pm_id)))
        except Exception as error:  # noqa: BLE001 - shown, never raised
            self.app.report_error(error, doing="Could not open the actions")
            return
        self.show_postmortem(postmortem)
        self._draw_table(select)
        self._draw_warnings()
        await self._show_selected()

    def _draw_table(self, select: int | None) -> None:
        table = self.query_one("#actions-table", DataTable)
        keep = select if select is not None else self.selected_id
        table.clear(columns=True)
        today = self.app.clock.today()
        width = table.size.width or 80
        columns = [("owner", "Owner", 12), ("due", "Due", 12), ("status", "Status", 12)]
        if width >= 90:
            columns.append(("quadrant", "Quadrant", 17))
        room = max(16, width - sum(c[2] for c in columns) - 2 * (len(columns) + 1) - 2)
        for key, caption, column_width in [("title", "Action", room), *columns]:
            table.add_column(caption, key=key, width=column_width)
        for action in self.actions:
            overdue = bucket(action, today) == "overdue"
            owner = cell(action.owner or "—")
            if owner_problem(action.owner):
                owner.stylize("italic")
            cells = [
                cell(action.title), owner,
                Text(("! " if overdue else "") + (action.due.isoformat() if action.due else "—"),
                     style="bold" if overdue else ""),
                Text(label(action.status)), Text(quadrant(action.impact, action.effort) or "—"),
            ]
            table.add_row(*cells[: len(table.columns)], key=str(action.id))
        if keep is not None:
            index = next((i for i, a in enumerate(self.actions) if a.id == keep), None)
            if index is not None:
                table.move_cursor(row=index, animate=False)

    def show_path(self, path: str) -> None:
        index = self.path_index(path)
        if index is None or not 0 <= index < len(self.actions):
            return
        self.query_one("#actions-table", DataTable).move_cursor(row=index, animate=False)
        field = self.path_field(path)
        target = self.query(f"#action-{field}")

        async def focus() -> None:
            await self._show_selected()
            (target.first() if target else self.query_one("#action-title")).focus()

        self.run_worker(focus(), exit_on_error=False)

    def _draw_warnings(self) -> None:
        findings = action_findings(self.actions, self.root_causes)
        text = "\n".join(f"⚠ {finding.message} {finding.suggestion}" for finding in findings)
        self.query_one("#actions-warnings", Static).update(shown(text, multiline=True) or "No warnings: owners, dates "
                                                           "and root causes are covered.")

    @property
    def selected_id(self) -> int | None:
        table = self.query_one("#actions-table", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return int(row_key.value) if row_key.value else None

    @property
    def selected(self) -> CorrectiveAction | None:
        return next((a for a in self.actions if a.id == self.selected_id), None)

    async def _show_selected(self) -> None:
        action = self.selected
        if action is not None:
            action_id = action.id
            self.history = await self.app.store.run(lambda s: s.action_updates.list(action_id))
        editor = self.query_one(ActionEditor)
        editor.show(action, self.root_causes, self.history, due_text=due_display(action.due) if action else "")
        if action is not None:
            self._explain(action)

    def _explain(self, action: CorrectiveAction) -> None:
        """Warnings under the fields: group owner, past due date, suggested type."""
        editor = self.query_one(ActionEditor)
        problem = owner_problem(action.owner)
        if problem and not editor.row("owner").has_error:
            editor.row("owner").show_warning(problem)
        written = self.postmortem.written_at.date() if self.postmortem and self.postmortem.written_at else None
        if action.due is not None:
            suggested = suggest_type(action.due, written or self.app.clock.today())
            if suggested != action.action_type and not editor.row("action_type").has_error:
                editor.row("action_type").show_warning(f"Suggested: {label(suggested)} (due "
                                                       f"{(action.due - (written or self.app.clock.today())).days} "
                                                       "days after the postmortem was written)")

    @on(DataTable.RowHighlighted, "#actions-table")
    async def _highlighted(self) -> None:
        editor = self.query_one(ActionEditor)
        if editor.editing is None or editor.editing.id != self.selected_id:
            await self._show_selected()

    @on(DataTable.RowSelected, "#actions-table")
    def _row_selected(self) -> None:
        self.action_edit()

    # -- adding, editing ---------------------------------------------------------------------------------

    def action_add(self) -> None:
        from screens.analysis_dialogs import TextDialog

        pm_id = self.postmortem_id

        async def create(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                added = await self.app.store.run(lambda s: s.actions.add(pm_id, title=values["text"]))
            except StoreError as error:
                self.notify(notice(str(error)), severity="error", markup=False)
                return
            await self.reload(select=added.id)
            self.query_one(ActionEditor).query_one("#action-owner").focus()

        self.app.push_screen(TextDialog("New corrective action", "Action", note=(
            "What will change, specifically: 'Add config validation to the deploy pipeline', not "
            "'improve deploys'."), placeholder="Add config validation to the deploy pipeline"), create)

    def action_edit(self) -> None:
        if self.selected is not None:
            self.query_one(ActionEditor).query_one("#action-owner").focus()

    @on(Input.Changed, "#action-title")
    def _title_typed(self, event: Input.Changed) -> None:
        self.check_as_typed("action-title", event.value, "action", self._show_title_findings)

    def _show_title_findings(self, findings) -> None:
        row = self.query_one(ActionEditor).row("title")
        if findings:
            row.show_warning("\n".join(f"{f.label}: “{f.text}”. {f.suggestion}" for f in findings))
        elif not row.has_error:
            row.clear_message()

    @on(ActionEditor.FieldCommitted)
    async def _committed(self, message: ActionEditor.FieldCommitted) -> None:
        editor = self.query_one(ActionEditor)
        row = None if message.field == "root_causes" else editor.row(message.field)
        try:
            changes = self._parse(message.field, message.value, message.action_id)
        except ValueError as error:
            if row is not None:
                row.show_error(f"Not saved: {error}")
            return
        if changes is None:
            return
        await self._save(message.action_id, message.field, changes, message.value)

    def _parse(self, field: str, value: Any, action_id: int) -> dict[str, Any] | None:
        if field == "title":
            if not str(value).strip():
                raise ValueError("An action needs a title.")
            return {"title": value}
        if field == "due":
            if not str(value).strip():
                return {"due": None}
            try:
                return {"due": parse_due(str(value), self.app.clock.today())}
            except DueDateError as error:
                raise ValueError(str(error)) from None
        if field == "tracker" and value.strip() and not TRACKER_FORM.match(value.strip()):
            raise ValueError(f"{value.strip()!r} is neither a URL (https://…) nor a key such as OPS-123.")
        if field == "status":
            self.action_status(value, action_id=action_id)
            return None
        if field in ("action_type", "impact", "effort", "control"):
            return {field: value or None}
        if field == "root_causes":
            return {"root_causes": list(value)}
        return {field: value}

    async def _save(self, action_id: int, field: str, changes: dict[str, Any], shown: Any) -> None:
        editor = self.query_one(ActionEditor)
        base = editor.editing if editor.editing is not None and editor.editing.id == action_id else None
        try:
            if field == "root_causes":
                await self.app.store.run(lambda s: s.actions.link_root_causes(action_id, changes["root_causes"]))
            else:
                await self.app.store.run(lambda s: s.actions.update(action_id, expected=base, **changes))
        except Conflict as conflict:  # they chose to keep the other person's version: show it, typed field too
            current = conflict.current
            editor.show(current, self.root_causes, self.history, due_text=due_display(current.due),
                        focus_safe=False)
            self.app.report_error(conflict)
            return
        except (ValidationError, StoreError) as error:
            if field != "root_causes":
                editor.row(field).show_error(f"Not saved: {error}")
            else:
                self.notify(notice(str(error)), severity="error", markup=False)
            return
        editor.remember(field, shown)
        if field != "root_causes":
            editor.row(field).clear_message()
        if field == "due" and changes["due"] is not None:
            today = self.app.clock.today()
            note = f"Saved: {changes['due']:%a %d %b %Y}"
            if changes["due"] < today:
                editor.row("due").show_warning(note + " — that is in the past.")
            else:
                editor.row("due").show_warning(note)
        await self.reload(select=action_id)

    @on(ActionEditor.NoteAdded)
    async def _note(self, message: ActionEditor.NoteAdded) -> None:
        action_id, note, user = message.action_id, message.note, self.app.user
        try:
            await self.app.store.run(lambda s: s.add_action_note(action_id, by=user, note=note))
        except StoreError as error:
            self.notify(notice(str(error)), severity="error", markup=False)
            return
        self.query_one("#action-note", Input).value = ""
        await self.reload(select=action_id)

    async def commit_pending(self) -> None:
        editor = self.query_one(ActionEditor)
        pending = editor.pending()
        if pending and editor.editing is not None:
            await self._committed(ActionEditor.FieldCommitted(editor.editing.id, *pending))

    # -- status, notes, delete ---------------------------------------------------------------------------

    def action_status(self, status: str, action_id: int | None = None) -> None:
        """In a worker: won't do asks for the reason in a dialog, and waits for it."""
        self.run_worker(self._set_status(status, action_id or self.selected_id), group="status", exit_on_error=False)

    async def _set_status(self, status: str, action_id: int | None) -> None:
        from screens.status_change import change_status

        action = next((a for a in self.actions if a.id == action_id), None)
        if action is None:
            return
        await change_status(self, action, status)
        await self.reload(select=action.id)

    def action_note(self) -> None:
        from screens.analysis_dialogs import TextDialog

        action = self.selected
        if action is None:
            return

        async def add(values: dict[str, str] | None) -> None:
            if values:
                await self._note(ActionEditor.NoteAdded(action.id, values["text"]))

        self.app.push_screen(TextDialog(f"Note on “{brief(action.title, 80)}”", "Note"), add)

    def action_delete(self) -> None:
        from screens.dialogs import ConfirmDialog

        action = self.selected
        if action is None:
            return

        async def delete() -> None:
            try:
                await self.app.store.run(lambda s: s.actions.delete(action.id, expected=action))
            except Exception as error:  # noqa: BLE001 - shown to the user, never raised
                self.app.report_error(error, doing="Not deleted")
                return
            await self.reload()

        def decided(yes: bool | None) -> None:
            # In a worker: a conflict asks in a dialog, and this screen stays free meanwhile.
            if yes:
                self.run_worker(delete(), group="change", exit_on_error=False)

        self.app.push_screen(ConfirmDialog(f"Delete “{brief(action.title, 80)}”?",
                                           "Its history is deleted with it. This cannot be undone."), decided)
