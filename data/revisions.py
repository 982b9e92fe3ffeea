"""Each postmortem's change counter (`postmortem.revision`), and telling others' changes from ours.

Every edit bumps the counter. An open screen asks `changed_elsewhere` every second or so; the
service remembers the counter after each of its own edits, so only someone else's change (another
window, person or program) makes the screen read its data again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from data.errors import NotFound
from data.models import PostmortemRow


class RevisionCounter:
    """Mixed into `PostmortemService` (`self` is the service, which sets `_known_revisions` to {}
    and `_outside_changes` to an empty set)."""

    _known_revisions: dict[int, int]
    _outside_changes: set[int]
    #: (postmortems, sum of their revisions, highest id) at the last look at all of them.
    _known_signature: tuple[int, int, int] | None = None

    def touch(self, session: Session, postmortem_id: int, *, edit: bool = True, **columns: Any) -> None:
        """Record that a postmortem changed: bump its revision (and, for an `edit`, its update time),
        setting any other `columns` in the same statement."""
        values: dict[str, Any] = {**columns, "revision": PostmortemRow.revision + 1}
        if edit:
            values["updated_at"] = self.clock.now()
        revision = session.execute(
            update(PostmortemRow).where(col(PostmortemRow.id) == postmortem_id).values(**values)
            .returning(PostmortemRow.revision)
        ).scalar_one_or_none()
        if revision is None:
            raise NotFound(f"Postmortem {postmortem_id} no longer exists.")
        self._note_revision(postmortem_id, revision - 1, revision)

    def _note_revision(self, postmortem_id: int, before: int, after: int) -> None:
        """Our own edit moved the counter from `before` to `after`: if `before` is not what we last
        knew, someone else changed the postmortem in between."""
        known = self._known_revisions.get(postmortem_id)
        if known is not None and known != before:
            self._outside_changes.add(postmortem_id)
        self._known_revisions[postmortem_id] = after

    def changed_elsewhere(self, postmortem_id: int) -> bool:
        """True (once) when someone else changed the postmortem since the last call: another window,
        person or program. Cheap enough to ask every second: one row, one column."""
        with self.session() as session:
            revision = session.execute(
                select(PostmortemRow.revision).where(col(PostmortemRow.id) == postmortem_id)
            ).scalar_one_or_none()
        if revision is None:
            return False
        known = self._known_revisions.get(postmortem_id)
        self._known_revisions[postmortem_id] = revision
        outside = postmortem_id in self._outside_changes
        self._outside_changes.discard(postmortem_id)
        return outside or (known is not None and known != revision)

    def database_changed_elsewhere(self) -> bool:
        """True (once) when any postmortem was added, removed or changed since the last call: for the
        lists of every postmortem (home, tracker). One aggregate row over the postmortem table."""
        with self.session() as session:
            signature = tuple(session.execute(
                select(func.count(), func.coalesce(func.sum(PostmortemRow.revision), 0),
                       func.coalesce(func.max(PostmortemRow.id), 0))
            ).one())
        known = self._known_signature
        self._known_signature = signature
        return known is not None and known != signature
