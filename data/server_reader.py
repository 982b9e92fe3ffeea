"""The reader `export` and `actions` use, for a database on a server: the service's own reads.

`data.quick_read.QuickReader` reads a SQLite file with the sqlite3 module alone; on a server
the ORM is needed anyway, so this gives the same answers through `PostmortemService`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from data import records
    from data.action_lines import ActionLine
    from data.clock import Clock
    from data.database import Database


class ServerReader:
    """`QuickReader`'s methods over `PostmortemService`, for PostgreSQL."""

    def __init__(self, database: Database, clock: Clock, user: str = "") -> None:
        from data.service import PostmortemService

        self.database = database
        self.service = PostmortemService(database, clock, user)

    def close(self) -> None:
        self.database.dispose()

    def find(self, incident_id: str) -> records.Postmortem | None:
        return self.service.find(incident_id)

    def bundle(self, postmortem_id: int) -> records.PostmortemBundle:
        return self.service.bundle(postmortem_id)

    def list_postmortems(self) -> list[records.PostmortemListItem]:
        return self.service.list_postmortems()

    def action_lines(self, statuses: tuple[str, ...]) -> list[ActionLine]:
        """The same rows and order as `data.action_lines.read_action_lines`."""
        from data.action_lines import ActionLine

        lines = [ActionLine.of(tracked.action, tracked.incident_id, tracked.last_update)
                 for tracked in self.service.tracked_actions() if tracked.action.status in statuses]
        closed = ("done", "wont_do")
        lines.sort(key=lambda line: (line.status in closed, line.due is None, line.due or date.min,
                                     line.incident_id, line.id))
        return lines

    def mark_exported(self, postmortem_id: int, now: datetime) -> None:
        """`now` is the command's clock, which the service already has."""
        self.service.mark_exported(postmortem_id)
