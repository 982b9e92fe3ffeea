"""The TUI's way to the store: every call runs on one background thread, in order.

One thread means the UI never waits on SQLite, calls never overtake each other
(the last keystroke's save is always the one that sticks), and the ORM is
imported there, off the start-up path. `close()` finishes queued writes before
the app exits, so quitting never drops an edit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from data.clock import Clock
    from data.database import Database
    from data.errors import Conflict
    from data.service import PostmortemService

T = TypeVar("T")


class StoreClient:
    def __init__(self, database: Database, clock: Clock, user: str = "") -> None:
        self.database = database
        self.clock = clock
        self.user = user
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")
        self._service: PostmortemService | None = None
        #: Asked when a save meets a newer version of its row: True to overwrite it, False to keep theirs.
        self.on_conflict: Callable[[Conflict], Awaitable[bool]] | None = None

    @property
    def read_only(self) -> bool:
        return self.database.read_only

    def _service_instance(self) -> PostmortemService:
        if self._service is None:
            from data.service import PostmortemService

            self._service = PostmortemService(self.database, self.clock, self.user)
        return self._service

    def submit(self, call: Callable[[PostmortemService], T], overwrite: Conflict | None = None) -> Future[T]:
        """Queue `call(service)`; the future resolves on the store thread. With `overwrite`, the row
        version that conflict reported may be saved over."""
        def run() -> T:
            from data.versions import overwriting

            with overwriting(overwrite):
                return call(self._service_instance())

        return self._executor.submit(run)

    async def run(self, call: Callable[[PostmortemService], T]) -> T:
        """Run `call(service)` on the store thread and await its result (or its exception).

        A save based on a row someone else changed since raises `Conflict`; `on_conflict` shows who
        changed what and asks. To overwrite, the same call runs again over exactly that version; to
        keep theirs, the `Conflict` goes on to the caller, whose error handling reloads."""
        from data.errors import Conflict

        overwrite = None
        while True:
            try:
                return await asyncio.wrap_future(self.submit(call, overwrite))
            except Conflict as conflict:
                if self.on_conflict is None or not await self.on_conflict(conflict):
                    raise
                overwrite = conflict

    async def settle(self) -> None:
        """Wait until everything queued so far has run (tests and shutdown use this)."""
        await self.run(lambda _service: None)

    async def list_postmortems(self):  # -> list[PostmortemListItem]
        """The home screen's list, read with sqlite3 alone (no ORM import on the start-up path);
        from a server, through the service."""
        def read():
            if not self.database.is_sqlite:
                return self._service_instance().list_postmortems()
            from data.quick_read import read_list

            return read_list(self.database.path, self.clock.today(), self.database.lock_timeout)

        return await asyncio.wrap_future(self._executor.submit(read))

    def warm_up(self) -> None:
        """Load the ORM on the store thread now, while the first screen draws."""
        self.submit(lambda _service: None)

    def close(self) -> None:
        """Finish queued calls, then stop the thread."""
        self._executor.shutdown(wait=True)
