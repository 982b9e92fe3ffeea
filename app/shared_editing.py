"""Working beside others on the same database: their changes appear, and a clash is asked about.

Every second the open postmortem's change counter is read (one row, one column). When someone
else moved it, the screen reads its data again, but never under the person typing: while a text
field has focus, the refresh waits until focus leaves it. A save based on a row someone changed
in the meantime opens the conflict dialog (who changed what; reload theirs or overwrite).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.logic.display import shown

if TYPE_CHECKING:
    from data.errors import Conflict

#: Seconds between two looks at the open postmortem's change counter.
POLL_SECONDS = 1.0


class SharedEditing:
    """Mixed into the app (`self` is the `PostmortemApp`)."""

    def setup_shared_editing(self: Any, poll_seconds: float | None = POLL_SECONDS) -> None:
        self.store.on_conflict = self.ask_about_conflict
        self._poll_seconds = poll_seconds

    def start_watching_changes(self: Any) -> None:
        if self._poll_seconds:
            self.set_interval(self._poll_seconds, self.look_for_changes)

    async def look_for_changes(self: Any) -> None:
        """Refresh the screen in view if someone else changed its postmortem since the last look (any
        postmortem, for the lists of them all)."""
        screen = self.screen
        postmortem_id = getattr(screen, "postmortem_id", None)
        if not hasattr(screen, "refresh_from_store"):
            return
        try:  # the timer waits for this look before the next: one at a time
            changed = await self.store.run(
                (lambda service: service.changed_elsewhere(postmortem_id)) if postmortem_id is not None
                else (lambda service: service.database_changed_elsewhere()))
        except Exception:  # noqa: BLE001 - a failed look is retried at the next tick
            return
        if changed and self.screen is screen:
            screen.refresh_from_store()

    async def ask_about_conflict(self: Any, conflict: Conflict) -> bool:
        """Show who changed what; True when the person chooses to overwrite their change."""
        from screens.conflict_dialog import ConflictDialog

        dialog = ConflictDialog(conflict)
        self.push_screen(dialog)
        return await dialog.choice

    def conflict_kept_theirs(self: Any, conflict: Conflict) -> None:
        """After "reload": say so, and show their version on the screen in view."""
        self.notify(f"Kept {shown(conflict.by, limit=60)}'s version of this {conflict.kind}; your change "
                    "was not saved.", title="Reloaded", markup=False)
        # The dialog may still be closing: the screen to refresh is the top one that can.
        screen = next((s for s in reversed(self.screen_stack) if hasattr(s, "refresh_from_store")), None)
        if screen is not None:
            from textual.widgets import Input

            # Out of the field typed in, so it shows their value too; without its save-on-leave,
            # which would store the very change the person chose to drop.
            with screen.prevent(Input.Blurred):
                screen.set_focus(None)
            screen.refresh_from_store(force=True)
