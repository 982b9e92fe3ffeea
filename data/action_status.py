"""Action status changes, check-in notes and the cross-postmortem tracker, as part of the service."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select

from data import records, validation, versions
from data.errors import NotFound, ValidationError
from data.models import ActionUpdateRow, CorrectiveActionRow, PostmortemRow
from data.rows import to_record


class ActionStatus:
    """Mixed into `PostmortemService` (`self` is the service)."""

    def set_action_status(
        self, action_id: int, status: str, *, by: str, note: str = "", reason: str = "", expected=None
    ) -> records.CorrectiveAction:
        """Change an action's status and record it in its history (one transaction).

        `wont_do` needs a reason, kept on the action and in the history note. With `expected`
        (the action as it was shown), a status someone changed since is refused with `Conflict`.
        """
        self.guard_write()
        status = validation.ACTION_RULES["status"]("status", status)
        if status == "wont_do" and not (reason.strip() or note.strip()):
            raise ValidationError("status_reason", "Say why it will not be done: won't do needs a reason.")
        with self.session(write=True) as session:
            row = session.get(CorrectiveActionRow, action_id, with_for_update=True)
            if row is None:
                raise NotFound(f"Corrective action {action_id} no longer exists.")
            versions.check(row, expected, lambda: self.actions.to_record(session, row), self.own_versions)
            versions.bump(session, row, self.user, self.own_versions)
            old = row.status
            row.status = status
            if status == "wont_do":
                row.status_reason = reason.strip() or note.strip()
            row.updated_at = self.clock.now()
            session.add(row)
            text = note.strip() or (reason.strip() if status == "wont_do" else "")
            session.add(ActionUpdateRow(action_id=action_id, at=self.clock.now(), by=by, old_status=old,
                                        new_status=status, note=text))
            self.touch(session, row.postmortem_id)
            session.flush()
            return self.actions.to_record(session, row)

    def add_action_note(self, action_id: int, *, by: str, note: str) -> records.ActionUpdate:
        """A check-in note without a status change."""
        if not note.strip():
            raise ValidationError("note", "The note is empty.")
        action = self.actions.get(action_id)
        return self.action_updates.add(action_id, at=self.clock.now(), by=by, note=note.strip(),
                                       old_status=action.status, new_status=action.status)

    def tracked_actions(self) -> list[records.TrackedAction]:
        """Every action of every postmortem, with its incident id and latest update (three queries)."""
        with self.session() as session:
            rows = session.execute(
                select(CorrectiveActionRow.__table__, PostmortemRow.incident_id, PostmortemRow.title.label("pm_title"))
                .join(PostmortemRow, col(PostmortemRow.id) == col(CorrectiveActionRow.postmortem_id))
                .order_by(col(CorrectiveActionRow.due), col(CorrectiveActionRow.id))
            ).mappings().all()
            actions = self.actions.records_from(session, rows)
            latest = select(ActionUpdateRow.action_id, func.max(ActionUpdateRow.id).label("last")).group_by(
                ActionUpdateRow.action_id).subquery()
            updates = {
                update.action_id: update
                for update in (to_record(row, records.ActionUpdate) for row in session.execute(
                    select(ActionUpdateRow.__table__).join(latest, col(ActionUpdateRow.id) == latest.c.last)
                ).mappings().all())
            }
        return [records.TrackedAction(action, row["incident_id"], row["pm_title"], updates.get(action.id))
                for action, row in zip(actions, rows, strict=True)]
