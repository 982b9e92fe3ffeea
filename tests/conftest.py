"""Shared fixtures. Tests never see the real date, the machine's zone, the user's files or the network."""

from __future__ import annotations

import os
import time

# Before Textual is imported anywhere: no animations, for stable snapshots.
os.environ["TEXTUAL_ANIMATIONS"] = "none"
# An unusual zone (UTC+12:45/+13:45), so anything reading the machine's zone shows up as a failure.
os.environ["TZ"] = "Pacific/Chatham"
time.tzset()

from collections.abc import Callable  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from data.clock import FixedClock  # noqa: E402
from data.database import Database, open_database  # noqa: E402

#: "Now" in every test: the day after the demo incident.
NOW = datetime(2024, 3, 6, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("POSTMORTEM_DB", raising=False)
    monkeypatch.delenv("POSTMORTEM_USER", raising=False)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "postmortem.db"


@pytest.fixture
def database(db_path: Path):
    opened = open_database(db_path)
    yield opened
    opened.dispose()


@pytest.fixture
def service(database: Database, clock: FixedClock):
    from data.service import PostmortemService

    return PostmortemService(database, clock)


@pytest.fixture(scope="session")
def pg_server_url():
    """A real PostgreSQL server for this run, with a migrated template database (tests/pg_support.py)."""
    from tests import pg_support

    for url in pg_support.server_url():
        pg_support.prepare_template(url)
        yield url


@pytest.fixture
def pg_url(pg_server_url: str):
    """A fresh, migrated PostgreSQL database for one test, dropped afterwards."""
    from tests import pg_support

    url = pg_support.fresh_database(pg_server_url)
    yield url
    pg_support.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_target(request: pytest.FixtureRequest, db_path: Path) -> Path | str:
    """Where the database is, once per backend: a SQLite file path, or a fresh PostgreSQL database's URL."""
    return db_path if request.param == "sqlite" else request.getfixturevalue("pg_url")


@pytest.fixture
def any_database(database_target: Path | str):
    """The same test on a SQLite file and on a PostgreSQL server."""
    opened = open_database(database_target)
    yield opened
    opened.dispose()


def with_demo(target: Path | str, clock: FixedClock) -> Path | str:
    """`target` (a file or a server URL) holding the demo postmortem, closed again: for commands."""
    from data.demo import load_demo
    from data.service import PostmortemService

    service = PostmortemService(open_database(target), clock)
    load_demo(service)
    service.database.dispose()
    return target


@pytest.fixture
def demo_db(tmp_path: Path, clock: FixedClock) -> Path:
    """A database file holding the demo postmortem, for commands run on a path."""
    return with_demo(tmp_path / "demo.db", clock)


@pytest.fixture
def make_app(database: Database, clock: FixedClock) -> Callable[..., object]:
    """Build the app on the test database; the store thread is stopped after the test."""
    from app.tui import PostmortemApp

    made: list[PostmortemApp] = []

    def make(**options) -> PostmortemApp:
        options.setdefault("user", "tester")
        # No background look for others' changes unless a test asks (tests/test_shared_editing.py).
        options.setdefault("poll_seconds", None)
        app = PostmortemApp(database, clock=clock, cursor_blink=False, **options)
        made.append(app)
        return app

    yield make
    for app in made:
        app.store.close()


async def settle(pilot) -> None:
    """Let queued store calls finish, running workers end, and the screen catch up.

    Workers in the "status" group may be waiting on a dialog the test has yet to answer:
    they are not waited for (and never cancelled).
    """
    for _ in range(3):
        await pilot.pause()
        await pilot.app.store.settle()
        for _ in range(200):
            if not any(w.is_running and w.group != "status" for w in pilot.app.workers):
                break
            await pilot.pause(0.01)
    await pilot.pause()
    await _tables_measured(pilot)


async def _tables_measured(pilot) -> None:
    """A DataTable sizes its columns to new rows only when its own queue is idle, which on a
    loaded machine can be after a screenshot: wait for that (up to 2 s)."""
    from textual.widgets import DataTable

    for _ in range(200):
        pending = [table for table in pilot.app.screen.query(DataTable)
                   if table._require_update_dimensions or table._updated_cells]
        if not pending:
            return
        await pilot.pause(0.01)
