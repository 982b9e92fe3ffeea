"""Timeline at scale: open a 5,000-event postmortem and add events, against a plain DataTable.

    python -m benchmarks.timeline [--events 5000] [--runs 5]

Reports medians and spreads, and the ratios our screen / plain Textual.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from benchmarks.common import Measured, build_timeline_database, read_rows_plain


async def _settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.store.settle()
    await pilot.pause()


def open_ours(path: Path, postmortem_id: int, events: int) -> float:
    """Seconds from asking for the Timeline screen until its table shows every event."""
    from app.tui import PostmortemApp
    from data.database import open_database
    from widgets.event_table import EventTable

    async def run() -> float:
        app = PostmortemApp(open_database(path), cursor_blink=False)
        async with app.run_test(size=(160, 50)) as pilot:
            await _settle(pilot)
            started = time.perf_counter()
            app.open_section(postmortem_id, "timeline")
            while True:
                await pilot.pause()
                tables = app.screen.query(EventTable)
                if tables and tables.first().row_count == events:
                    break
            await pilot.pause()
            elapsed = time.perf_counter() - started
        app.store.close()
        return elapsed

    return asyncio.run(run())


def open_plain(path: Path, events: int, postmortem_id: int | None = None) -> float:
    """The baseline: a plain Textual app that reads the rows with sqlite3 into a DataTable."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class Plain(App):
        def compose(self) -> ComposeResult:
            yield DataTable()

    async def run() -> float:
        app = Plain()
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            started = time.perf_counter()
            table = app.query_one(DataTable)
            table.add_columns("Time", "Kind", "Event", "Source", "Action taken")
            table.add_rows(read_rows_plain(path, postmortem_id))
            while table.row_count != events:
                await pilot.pause()
            await pilot.pause()
            return time.perf_counter() - started

    return asyncio.run(run())


def add_ours(path: Path, postmortem_id: int, adds: int) -> float:
    """CPU seconds per event added through the quick-entry line (parse, save, table, observations)."""
    from app.tui import PostmortemApp
    from data.database import open_database

    async def run() -> float:
        app = PostmortemApp(open_database(path), cursor_blink=False)
        async with app.run_test(size=(160, 50)) as pilot:
            await _settle(pilot)
            app.open_section(postmortem_id, "timeline")
            await _settle(pilot)
            screen = app.screen
            cpu = time.process_time()
            for index in range(adds):
                await screen._submit_entry(f"+1m note Added event {index} #bench")
            await pilot.pause()
            spent = (time.process_time() - cpu) / adds
        app.store.close()
        return spent

    return asyncio.run(run())


def add_plain(path: Path, adds: int, postmortem_id: int | None = None) -> float:
    """Baseline CPU seconds per row appended to a plain DataTable of the same rows."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class Plain(App):
        def compose(self) -> ComposeResult:
            yield DataTable()

    async def run() -> float:
        app = Plain()
        async with app.run_test(size=(160, 50)) as pilot:
            table = app.query_one(DataTable)
            table.add_columns("Time", "Kind", "Event", "Source", "Action taken")
            table.add_rows(read_rows_plain(path, postmortem_id))
            await pilot.pause()
            cpu = time.process_time()
            for index in range(adds):
                table.add_row("23:59", "note", f"Added event {index}", "bench", "")
                table.move_cursor(row=table.row_count - 1)
                await pilot.pause()
            return (time.process_time() - cpu) / adds

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--adds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template.db"
        postmortem_id = build_timeline_database(template, args.events)
        results = []
        for name, action in [
            ("open timeline (s)", lambda: open_ours(template, postmortem_id, args.events)),
            ("open plain DataTable (s)", lambda: open_plain(template, args.events)),
        ]:
            results.append(Measured(name, [action() for _ in range(args.runs)]))

        def fresh_copy() -> Path:
            copy = Path(folder) / f"copy-{time.monotonic_ns()}.db"
            copy.write_bytes(template.read_bytes())
            return copy

        results.append(Measured("CPU per added event (s)",
                                [add_ours(fresh_copy(), postmortem_id, args.adds) for _ in range(args.runs)]))
        results.append(Measured("CPU per plain row append (s)",
                                [add_plain(template, args.adds) for _ in range(args.runs)]))
    print(f"{'figure':32} {'median':>10} {'spread':>10}")
    for result in results:
        print(f"{result.name:32} {result.median:10.4f} {result.spread:10.4f}")
    print(f"open ratio (ours / plain): {results[0].median / results[1].median:.2f}")
    print(f"add ratio (ours / plain):  {results[2].median / results[3].median:.2f}")


if __name__ == "__main__":
    main()
