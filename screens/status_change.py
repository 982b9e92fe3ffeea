"""Changing an action's status from any screen: won't do asks why; everything lands in the history."""

from __future__ import annotations

from textual.screen import Screen

from app.logic.display import brief, notice
from data.enums import label
from data.errors import Conflict, StoreError
from data.records import CorrectiveAction


async def change_status(screen: Screen, action: CorrectiveAction, status: str, note: str = "") -> bool:
    """Set `status` on `action` as the app's user; True when saved. Runs in a worker (it may ask).
    Callers read the action again either way: after a conflict it may have someone else's status."""
    from screens.analysis_dialogs import TextDialog

    app = screen.app
    if status == action.status and not note:
        screen.notify(f"Already {label(status)}.")
        return False
    reason = ""
    if status == "wont_do":
        values = await app.push_screen_wait(TextDialog(
            f"Won't do “{brief(action.title, 80)}”?", "Reason",
            note="Closing an action without doing it needs a reason, kept in its history.",
            placeholder="superseded by OPS-412; risk accepted by the service owner"))
        if not values:
            return False
        reason = values["text"]
    action_id, user = action.id, app.user
    try:
        await app.store.run(lambda s: s.set_action_status(action_id, status, by=user, note=note, reason=reason,
                                                          expected=action))
    except Conflict as conflict:  # they chose to keep the other person's version
        screen.notify(f"Kept {brief(conflict.by, 60)}'s version: the status is now "
                      f"{label(getattr(conflict.current, 'status', status))}.", title="Reloaded", markup=False)
        return False
    except StoreError as error:
        screen.notify(notice(str(error)), title="Not saved", severity="error", markup=False)
        return False
    screen.notify(f"“{brief(action.title, 80)}”: {label(action.status)} → {label(status)}", markup=False)
    return True
