"""A full disk or a read-only file under the running app: the edit is refused with a clear message,
the typed value stays on screen to retry, and nothing already saved is damaged.

The faults are made by SQLite itself on the app's own connections: `max_page_count` pinned to the
file's current size is a disk with no room left (SQLITE_FULL), `query_only` a file that can no
longer be written (SQLITE_READONLY), the errors a full or read-only filesystem gives.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pendulum
import pytest

from data.demo import load_demo
from data.errors import ReadOnlyDatabase, StoreError
from tests.conftest import settle
from tests.test_impact_screen import message as impact_message
from tests.test_impact_screen import open_impact
from tests.test_timeline_screen import message as timeline_message
from tests.test_timeline_screen import open_timeline, rows

LONG = "Replica lag grew past the alert threshold " * 400  # needs new pages wherever it goes


@contextmanager
def storage_fault(database, kind: str) -> Iterator[None]:
    """Every connection the store opens from now on meets `kind` ("full" or "read-only")."""
    from sqlalchemy import event

    def on_connect(connection: sqlite3.Connection, _record: object) -> None:
        if kind == "full":
            pages = connection.execute("PRAGMA page_count").fetchone()[0]
            connection.execute(f"PRAGMA max_page_count = {pages}")
        else:
            connection.execute("PRAGMA query_only = ON")

    engine = database.engine
    event.listen(engine, "connect", on_connect)
    engine.dispose()
    try:
        yield
    finally:
        event.remove(engine, "connect", on_connect)
        engine.dispose()


def snapshot(path) -> tuple[str, list]:
    """The integrity check and every row of the tables that matter, from a separate connection."""
    with sqlite3.connect(path) as connection:
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
        rows_now = [connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
                    for table in ("postmortem", "timeline_event", "impact", "corrective_action")]
    return check, rows_now


@pytest.fixture
def demo(service):
    return load_demo(service)


@pytest.mark.parametrize(("kind", "error", "said"), [
    ("full", StoreError, "is full; the change was not saved"),
    ("read-only", ReadOnlyDatabase, "cannot be written"),
])
def test_the_store_refuses_and_damages_nothing(kind, error, said, service, demo, db_path) -> None:
    before = snapshot(db_path)
    at = pendulum.datetime(2024, 3, 5, 14, 30, tz="UTC")
    with storage_fault(service.database, kind), pytest.raises(error) as refused:
        service.events.add(demo.id, at=at, kind="mitigation", description=LONG)
    assert said in str(refused.value) and "Traceback" not in str(refused.value)
    assert snapshot(db_path) == before and before[0] == "ok"
    added = service.events.add(demo.id, at=at, kind="mitigation", description=LONG)  # room again: the retry works
    assert service.events.get(added.id).description == LONG
    assert snapshot(db_path)[0] == "ok"


async def test_quick_entry_on_a_full_disk_keeps_the_line_to_retry(make_app, service, demo, db_path) -> None:
    app = make_app()
    typed = "14:31 mit " + LONG.strip()
    async with app.run_test(size=(130, 36)) as pilot:
        screen = await open_timeline(app, pilot)
        before = snapshot(db_path)
        with storage_fault(service.database, "full"):
            screen.query_one("#quick-entry").value = typed
            await pilot.press("enter")
            await settle(pilot)
            assert "Not saved" in timeline_message(screen) and "is full" in timeline_message(screen)
            assert app.focused.value == typed  # still there to retry
            assert len(rows(screen)) == 7
        assert snapshot(db_path) == before
        await pilot.press("enter")  # room again
        await settle(pilot)
        assert app.focused.value == "" and len(rows(screen)) == 8
    assert [" ".join(e.description.split()) for e in service.events.list(demo.id)].count(LONG.strip()) == 1


async def test_impact_field_on_a_read_only_file_keeps_the_value(make_app, service, demo, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(130, 44)) as pilot:
        screen = await open_impact(app, pilot)
        before = snapshot(db_path)
        field = screen.query_one("#users_affected")
        with storage_fault(service.database, "read-only"):
            field.focus()
            field.value = ""
            await pilot.press(*"4321", "enter")
            await settle(pilot)
            assert "Not saved" in impact_message(screen, "users_affected")
            assert "cannot be written" in impact_message(screen, "users_affected")
            assert field.value == "4321"
        assert snapshot(db_path) == before
        field.focus()
        await pilot.press("enter")  # writable again: the same value is saved
        await settle(pilot)
        assert "Not saved" not in impact_message(screen, "users_affected")
    assert service.get_impact(demo.id).users_affected == 4321
