"""The same answers from a PostgreSQL server as from a SQLite file: commands, and the app itself."""

from __future__ import annotations

import pytest

from app.cli import main
from data.database import open_database
from data.service import PostmortemService
from tests.conftest import settle, with_demo
from tests.test_timeline_screen import open_timeline


@pytest.fixture
def demo_pg(pg_url: str, clock) -> str:
    return with_demo(pg_url, clock)


COMMANDS = [
    ["list", "--format", "json"],
    ["actions", "--format", "json"],
    ["actions", "--format", "table"],
    ["export", "DEMO-2024-001", "--format", "md"],
    ["export", "DEMO-2024-001", "--format", "json"],
    ["lint", "DEMO-2024-001", "--format", "json"],
    ["report", "--from", "2024-01-01", "--to", "2024-12-31", "--format", "json"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command[:3]))
def test_commands_answer_alike_on_both_backends(command, demo_db, demo_pg, capsys) -> None:
    outputs = []
    for target in (str(demo_db), demo_pg):
        code = main(["--db", target, "--as-of", "2024-03-20", "--read-only", *command])
        captured = capsys.readouterr()
        outputs.append((code, captured.out))
        assert "Traceback" not in captured.err
    assert outputs[0] == outputs[1]
    assert outputs[0][1].strip()


def test_the_password_is_never_printed(demo_pg, capsys) -> None:
    from sqlalchemy.engine import make_url

    password = make_url(demo_pg).password
    assert password
    main(["--db", demo_pg, "list"])
    main(["--db", demo_pg.replace("postmortem_t", "missing_t"), "list"])
    main(["--db", demo_pg, "backup"])
    captured = capsys.readouterr()
    assert password not in captured.out + captured.err
    assert "***" in captured.err


async def test_the_app_runs_on_a_server(demo_pg, clock) -> None:
    from app.tui import PostmortemApp

    database = open_database(demo_pg)
    app = PostmortemApp(database, clock=clock, user="Riley", cursor_blink=False, poll_seconds=None)
    try:
        async with app.run_test(size=(130, 36)) as pilot:
            await settle(pilot)
            assert app.screen.table.row_count == 1
            assert "***" in app.database_label
            await open_timeline(app, pilot)
            await pilot.press(*"16:30 note Checked on the server", "enter")
            await settle(pilot)
    finally:
        app.store.close()
        database.dispose()
    service = PostmortemService(open_database(demo_pg), clock)
    events = service.events.list(service.find("DEMO-2024-001").id)
    assert any(event.description == "Checked on the server" and event.changed_by == "Riley" for event in events)
    service.database.dispose()
