"""Several programs editing one database at once: row versions, write locks, no lost updates.

Every test runs on a SQLite file and on a PostgreSQL server. Each "program" is its own
`open_database` + `PostmortemService`, so they share nothing but the database itself.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from data.clock import FixedClock
from data.database import open_database
from data.errors import Conflict, DatabaseLocked
from data.service import PostmortemService

Connect = Callable[..., PostmortemService]


@pytest.fixture
def connect(database_target: Path | str, clock: FixedClock) -> Iterator[Connect]:
    """Open the database again, as another program would, and edit it as `user`."""
    opened = []

    def connect(user: str = "", **options: float) -> PostmortemService:
        database = open_database(database_target, **options)
        opened.append(database)
        return PostmortemService(database, clock, user=user)

    yield connect
    for database in opened:
        database.dispose()


@pytest.fixture
def setup(connect: Connect) -> tuple[int, int]:
    """A postmortem with one action nobody has edited yet: (postmortem id, action id)."""
    service = connect("Setup")
    pm = service.create(title="Checkout outage")
    action = service.actions.add(pm.id, title="Add a canary stage")
    assert (action.version, action.changed_by, action.owner) == (1, "Setup", "")
    return pm.id, action.id


# -- stale saves are refused, with who changed what ------------------------------------------------


def test_stale_action_save_is_refused_and_can_overwrite(connect: Connect, setup: tuple[int, int]) -> None:
    pm_id, action_id = setup
    alex, sam = connect("Alex"), connect("Sam")
    seen_by_alex, seen_by_sam = alex.actions.get(action_id), sam.actions.get(action_id)
    assert seen_by_alex.version == seen_by_sam.version == 1
    start = alex.get(pm_id).revision

    saved = alex.actions.update(action_id, expected=seen_by_alex, owner="Alex")
    assert (saved.version, saved.changed_by, saved.owner) == (2, "Alex", "Alex")

    with pytest.raises(Conflict) as refused:
        sam.actions.update(action_id, expected=seen_by_sam, owner="Sam")
    conflict = refused.value
    assert conflict.by == "Alex"
    assert ("owner", "", "Alex") in conflict.changes
    assert conflict.current.version == 2
    assert conflict.current.owner == "Alex"
    assert "Alex changed this action (owner)" in str(conflict)
    stored = connect("Reader").actions.get(action_id)
    assert (stored.owner, stored.version, stored.changed_by) == ("Alex", 2, "Alex"), "lost update"
    assert sam.get(pm_id).revision == start + 1, "a refused save moved the revision"

    overwritten = sam.actions.update(action_id, expected=conflict.current, owner="Sam")
    assert (overwritten.version, overwritten.changed_by, overwritten.owner) == (3, "Sam", "Sam")
    assert alex.actions.get(action_id) == overwritten
    assert alex.get(pm_id).revision == start + 2
    # An int version works as `expected` too, and None skips the check.
    with pytest.raises(Conflict):
        alex.actions.update(action_id, expected=2, owner="Alex again")
    assert alex.actions.update(action_id, expected=None, tracker="T-1").version == 4


def test_stale_delete_is_refused(connect: Connect, setup: tuple[int, int]) -> None:
    pm_id, action_id = setup
    alex, sam = connect("Alex"), connect("Sam")
    seen_by_sam = sam.actions.get(action_id)
    alex.actions.update(action_id, expected=alex.actions.get(action_id), title="Add a canary stage to deploys")
    start = sam.get(pm_id).revision

    with pytest.raises(Conflict) as refused:
        sam.actions.delete(action_id, expected=seen_by_sam)
    assert refused.value.by == "Alex"
    assert ("title", "Add a canary stage", "Add a canary stage to deploys") in refused.value.changes
    assert [a.id for a in alex.actions.list(pm_id)] == [action_id], "a refused delete deleted"
    assert sam.get(pm_id).revision == start

    deleted = sam.actions.delete(action_id, expected=refused.value.current)
    assert deleted.version == 2
    assert alex.actions.list(pm_id) == []


def test_stale_impact_save_is_refused(connect: Connect, setup: tuple[int, int]) -> None:
    pm_id, _ = setup
    alex, sam = connect("Alex"), connect("Sam")
    seen_by_alex, seen_by_sam = alex.get_impact(pm_id), sam.get_impact(pm_id)
    assert seen_by_alex.version == seen_by_sam.version == 0  # nothing saved yet

    saved = alex.update_impact(pm_id, expected=seen_by_alex, narrative="Checkout was down")
    assert (saved.version, saved.changed_by) == (1, "Alex")
    start = sam.get(pm_id).revision
    with pytest.raises(Conflict) as refused:
        sam.update_impact(pm_id, expected=seen_by_sam, support_tickets=40)
    assert refused.value.by == "Alex"
    assert ("narrative", "", "Checkout was down") in refused.value.changes
    assert refused.value.current.version == 1
    stored = connect().get_impact(pm_id)
    assert (stored.support_tickets, stored.narrative, stored.version) == (None, "Checkout was down", 1)
    assert sam.get(pm_id).revision == start

    again = sam.update_impact(pm_id, expected=refused.value.current, support_tickets=40)
    assert (again.version, again.changed_by, again.support_tickets, again.narrative) == (
        2, "Sam", 40, "Checkout was down")


def test_stale_postmortem_save_is_refused(connect: Connect, setup: tuple[int, int]) -> None:
    pm_id, action_id = setup
    alex, sam = connect("Alex"), connect("Sam")
    seen_by_alex, seen_by_sam = alex.get(pm_id), sam.get(pm_id)

    # Edits inside the postmortem move its revision, not its version: no false conflict.
    alex.actions.update(action_id, owner="Alex")
    saved = alex.update(pm_id, expected=seen_by_alex, summary="Bad config pushed")
    assert (saved.version, saved.changed_by, saved.revision) == (seen_by_alex.version + 1, "Alex",
                                                                  seen_by_alex.revision + 2)

    with pytest.raises(Conflict) as refused:
        sam.update(pm_id, expected=seen_by_sam, summary="Sam's summary", tags=["sam"])
    assert refused.value.by == "Alex"
    assert ("summary", "", "Bad config pushed") in refused.value.changes
    stored = connect().get(pm_id)
    assert (stored.summary, stored.tags, stored.version, stored.revision) == (
        "Bad config pushed", (), saved.version, saved.revision), "a refused save wrote something"


def test_stale_status_change_is_refused(connect: Connect, setup: tuple[int, int]) -> None:
    pm_id, action_id = setup
    alex, sam = connect("Alex"), connect("Sam")
    seen_by_alex, seen_by_sam = alex.actions.get(action_id), sam.actions.get(action_id)

    started = alex.set_action_status(action_id, "in_progress", by="Alex", expected=seen_by_alex)
    assert (started.version, started.changed_by, started.status) == (2, "Alex", "in_progress")
    start = sam.get(pm_id).revision
    with pytest.raises(Conflict) as refused:
        sam.set_action_status(action_id, "done", by="Sam", note="shipped", expected=seen_by_sam)
    assert refused.value.by == "Alex"
    assert ("status", "open", "in_progress") in refused.value.changes
    assert sam.actions.get(action_id).status == "in_progress"
    history = sam.action_updates.list(action_id)
    assert [(u.by, u.new_status) for u in history] == [("Alex", "in_progress")], "a refused change left history"
    assert sam.get(pm_id).revision == start


# -- real simultaneity --------------------------------------------------------------------------


def run_threads(workers: list[Callable[[], None]]) -> float:
    """Run each worker in its own thread, all released at once; re-raise the first failure."""
    barrier = threading.Barrier(len(workers))
    failures: list[BaseException] = []

    def run(work: Callable[[], None]) -> None:
        try:
            barrier.wait()
            work()
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            failures.append(error)

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.perf_counter() - started
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    if failures:
        raise failures[0]
    return elapsed


def test_read_modify_write_loops_lose_no_update(connect: Connect, setup: tuple[int, int]) -> None:
    pm_id, action_id = setup
    start = connect().get(pm_id).revision
    per_thread, conflicts = 50, {"Alex": 0, "Sam": 0}

    def increment(service: PostmortemService, reuse_current: bool) -> Callable[[], None]:
        def work() -> None:
            record, saves = service.actions.get(action_id), 0
            for _attempt in range(per_thread * 40):
                if saves == per_thread:
                    return
                try:
                    record = service.actions.update(action_id, expected=record,
                                                    tracker=str(int(record.tracker or 0) + 1))
                    saves += 1
                except Conflict as conflict:
                    conflicts[service.user] += 1
                    record = conflict.current if reuse_current else service.actions.get(action_id)
            assert saves == per_thread, f"{service.user} saved only {saves} times"
        return work

    run_threads([increment(connect("Alex"), False), increment(connect("Sam"), True)])

    final = connect().actions.get(action_id)
    assert final.tracker == str(2 * per_thread), f"lost updates: {final.tracker} (conflicts {conflicts})"
    assert final.version == 1 + 2 * per_thread
    assert connect().get(pm_id).revision == start + 2 * per_thread
    print(f"\n  2×{per_thread} increments, conflicts retried: {conflicts}")


def test_load_four_writers(connect: Connect, setup: tuple[int, int], database_target: Path | str) -> None:
    pm_id, _ = setup
    writers, edits = 4, 500
    services = [connect(f"writer{n}") for n in range(writers)]
    action_ids = [services[0].actions.add(pm_id, title=f"Action {n}").id for n in range(writers)]
    start = services[0].get(pm_id).revision

    def edit(service: PostmortemService, action_id: int) -> Callable[[], None]:
        def work() -> None:
            record = service.actions.get(action_id)
            for n in range(edits):
                record = service.actions.update(action_id, expected=record, success_measure=f"edit {n}")
        return work

    elapsed = run_threads([edit(s, a) for s, a in zip(services, action_ids, strict=True)])

    reader = connect()
    for n, action_id in enumerate(action_ids):
        action = reader.actions.get(action_id)
        assert (action.version, action.success_measure, action.changed_by) == (
            edits + 1, f"edit {edits - 1}", f"writer{n}")
    assert reader.get(pm_id).revision == start + writers * edits
    backend = "sqlite" if isinstance(database_target, Path) else "postgresql"
    print(f"\n  {backend}: {writers}×{edits} edits in {elapsed:.2f} s "
          f"= {writers * edits / elapsed:.0f} edits/s")
    assert elapsed < 60


# -- another program holding the lock -----------------------------------------------------------


@contextmanager
def lock_held(database_target: Path | str, action_id: int, seconds: float) -> Iterator[None]:
    """Another program holds the write lock (SQLite) or the action's row lock (PostgreSQL)."""
    locked, failures = threading.Event(), []

    def hold() -> None:
        try:
            if isinstance(database_target, Path):
                connection = sqlite3.connect(database_target, isolation_level=None)
                connection.execute("BEGIN IMMEDIATE")
            else:
                import psycopg

                connection = psycopg.connect(database_target.replace("+psycopg", "", 1))
                connection.execute("SELECT id FROM corrective_action WHERE id = %s FOR UPDATE", (action_id,))
            locked.set()
            time.sleep(seconds)
            connection.rollback()
            connection.close()
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            failures.append(error)
            locked.set()

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(10)
    assert not failures, failures
    try:
        yield
    finally:
        thread.join(timeout=30)
        assert not failures, failures


def test_save_waits_for_a_short_lock(connect: Connect, setup: tuple[int, int], database_target: Path | str) -> None:
    _, action_id = setup
    alex = connect("Alex")  # lock_timeout 5 s
    seen = alex.actions.get(action_id)
    with lock_held(database_target, action_id, 0.3):
        started = time.perf_counter()
        saved = alex.actions.update(action_id, expected=seen, owner="Alex")
        waited = time.perf_counter() - started
    assert (saved.version, saved.owner) == (2, "Alex")
    assert 0.15 < waited < 5, f"the save did not wait for the lock ({waited:.2f} s)"


def test_save_gives_up_on_a_long_lock(connect: Connect, setup: tuple[int, int], database_target: Path | str) -> None:
    pm_id, action_id = setup
    alex = connect("Alex", lock_timeout=0.3)  # opened before the other program takes the lock
    seen, start = alex.actions.get(action_id), alex.get(pm_id).revision
    with lock_held(database_target, action_id, 1.0):
        started = time.perf_counter()
        with pytest.raises(DatabaseLocked) as refused:
            alex.actions.update(action_id, expected=seen, owner="Alex")
        waited = time.perf_counter() - started
    message = str(refused.value)
    assert "busy" in message and "not saved" in message and "0.3 s" in message
    assert not any(word in message for word in ("sqlite3", "psycopg", "Error", "SELECT", "\n"))
    assert 0.2 < waited < 0.95, f"waited {waited:.2f} s with a 0.3 s lock timeout"
    stored = connect().actions.get(action_id)
    assert (stored.owner, stored.version, stored.changed_by) == ("", 1, "Setup"), "a refused save wrote"
    assert alex.get(pm_id).revision == start
    assert alex.actions.update(action_id, expected=seen, owner="Alex").version == 2  # free again


def test_first_impact_saves_race(connect: Connect, setup: tuple[int, int], database_target: Path | str) -> None:
    """Another program saves the impact first while this save waits: a Conflict, not a key error."""
    pm_id, _ = setup
    sam = connect("Sam")
    seen = sam.get_impact(pm_id)
    assert seen.version == 0
    insert = ("INSERT INTO impact (postmortem_id, revenue_period, currency, narrative, version, changed_by) "
              "VALUES ({0}, 'hour', 'USD', 'Checkout was down', 1, 'Alex')")
    inserted = threading.Event()
    outcome: list[object] = []

    def save() -> None:
        inserted.wait(10)
        try:
            outcome.append(sam.update_impact(pm_id, expected=seen, support_tickets=40))
        except Exception as error:  # noqa: BLE001 - judged below
            outcome.append(error)

    saver = threading.Thread(target=save)
    saver.start()
    if isinstance(database_target, Path):
        other = sqlite3.connect(database_target, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute(insert.format(pm_id))
    else:
        import psycopg

        other = psycopg.connect(database_target.replace("+psycopg", "", 1))
        other.execute(insert.format(pm_id))  # uncommitted: Sam's save cannot see it yet
    inserted.set()
    time.sleep(0.5)  # Sam's save is now waiting on the lock (SQLite) or on the key (PostgreSQL)
    if isinstance(other, sqlite3.Connection):
        other.execute("COMMIT")
    else:
        other.commit()
    other.close()
    saver.join(timeout=30)
    assert len(outcome) == 1
    assert isinstance(outcome[0], Conflict), f"expected Conflict, got {outcome[0]!r}"
    assert outcome[0].by == "Alex"
    stored = connect().get_impact(pm_id)
    assert (stored.support_tickets, stored.version, stored.changed_by) == (None, 1, "Alex")
