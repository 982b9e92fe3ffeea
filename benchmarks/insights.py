"""Insights over 1,000 postmortems: open the screen, refilter it, and the report's own work.

    python -m benchmarks.insights [--postmortems 1000] [--runs 5]

Figures are medians over the runs, with ratios against a plain Textual app that shows a
DataTable of the same postmortems read with the sqlite3 module (open), and that clears and
refills that table (refilter).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks.common import Measured

TYPES = ["outage", "outage", "outage", "security", "product", "process", "near_miss"]
SEVERITIES = ["critical", "high", "medium", "medium", "low"]
CATEGORIES = ["Process", "Technology", "People", "Environment", ""]
TAGS = ["db", "network", "deploy", "auth", "payments", "search", "cdn", "queue"]


def build_database(path: Path, postmortems: int, seed: int = 11) -> None:
    """`postmortems` incidents over two years, each with a timeline, root causes and ten actions."""
    from data.clock import FixedClock
    from data.database import open_database
    from data.service import PostmortemService

    clock = FixedClock(datetime(2024, 1, 1, tzinfo=UTC))
    service = PostmortemService(open_database(path), clock)
    rng = random.Random(seed)
    first = datetime(2023, 1, 1, tzinfo=UTC)
    for index in range(postmortems):
        started = first + timedelta(minutes=rng.randint(0, 730 * 24 * 60))
        clock._at = started + timedelta(days=rng.randint(1, 6))
        pm = service.create(title=f"Incident {index}", incident_id=f"BENCH-{index:04d}",
                            incident_type=rng.choice(TYPES), severity=rng.choice(SEVERITIES),
                            tags=rng.sample(TAGS, rng.randint(0, 3)),
                            written_at=clock.now() if rng.random() < 0.8 else None)
        detected = started + timedelta(minutes=rng.randint(1, 60))
        resolved = detected + timedelta(minutes=rng.randint(10, 600))
        events = [{"at": started, "kind": "trigger", "description": "change"},
                  {"at": detected, "kind": "detected", "description": "alert"}]
        events += [{"at": detected + timedelta(minutes=n), "kind": "note", "description": f"note {n}"}
                   for n in range(5)]
        if rng.random() < 0.9:
            events.append({"at": resolved, "kind": "resolved", "description": "fixed"})
        service.events.add_many(pm.id, events)
        service.root_causes.add_many(pm.id, [{"text": f"cause {n}", "category": rng.choice(CATEGORIES)}
                                             for n in range(3)])
        actions = service.actions.add_many(pm.id, [
            {"title": f"Action {n}", "owner": rng.choice(["Ana", "Bo", "Cy", "Di", ""]),
             "due": (clock.now() + timedelta(days=rng.randint(7, 90))).date()} for n in range(10)])
        for action in actions[: rng.randint(0, 10)]:
            clock.advance(days=rng.randint(1, 20))
            service.set_action_status(action.id, "done", by="bench")
    service.database.dispose()


async def _settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.store.settle()
    await pilot.pause()


def open_ours(path: Path) -> tuple[float, float]:
    """Seconds to open the Insights screen until its figures show, then seconds per refilter."""
    from app.tui import PostmortemApp
    from data.clock import FixedClock
    from data.database import open_database
    from screens.insights import InsightsScreen

    async def run() -> tuple[float, float]:
        app = PostmortemApp(open_database(path), clock=FixedClock(datetime(2025, 1, 15, tzinfo=UTC)),
                            cursor_blink=False)
        async with app.run_test(size=(160, 50)) as pilot:
            await _settle(pilot)
            started = time.perf_counter()
            app.screen.action_insights()
            while not (isinstance(app.screen, InsightsScreen) and app.screen.insights is not None):
                await pilot.pause()
            await pilot.pause()
            opened = time.perf_counter() - started
            screen = app.screen
            started = time.perf_counter()
            for _ in range(4):
                screen.action_cycle_period()
                await pilot.pause()
            refilter = (time.perf_counter() - started) / 4
        app.store.close()
        return opened, refilter

    return asyncio.run(run())


def open_plain(path: Path) -> tuple[float, float]:
    """The baseline: the postmortems in a plain DataTable, then cleared and refilled."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class Plain(App):
        def compose(self) -> ComposeResult:
            yield DataTable()

    def rows() -> list[tuple]:
        with sqlite3.connect(path) as connection:
            return connection.execute(
                "SELECT incident_id, title, incident_type, severity, status FROM postmortem ORDER BY id").fetchall()

    async def run() -> tuple[float, float]:
        app = Plain()
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            started = time.perf_counter()
            table = app.query_one(DataTable)
            table.add_columns("Incident", "Title", "Type", "Severity", "Status")
            table.add_rows(rows())
            await pilot.pause()
            opened = time.perf_counter() - started
            data = rows()
            started = time.perf_counter()
            for _ in range(4):
                table.clear()
                table.add_rows(data)
                await pilot.pause()
            return opened, (time.perf_counter() - started) / 4

    return asyncio.run(run())


def report_work(path: Path) -> tuple[float, float]:
    """Seconds to read the facts (SQL) and to compute a year's figures from them (one pass)."""
    from app.logic.insights import between, compute_insights
    from data.database import open_database
    from data.insights import read_facts
    from data.service import PostmortemService

    service = PostmortemService(open_database(path))
    started = time.perf_counter()
    facts = read_facts(service)
    read = time.perf_counter() - started
    started = time.perf_counter()
    compute_insights(facts, between(date(2024, 1, 1), date(2024, 12, 31)), date(2025, 1, 15))
    computed = time.perf_counter() - started
    service.database.dispose()
    return read, computed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postmortems", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "insights.db"
        started = time.perf_counter()
        build_database(path, args.postmortems)
        print(f"built {args.postmortems} postmortems in {time.perf_counter() - started:.1f} s")
        ours = [open_ours(path) for _ in range(args.runs)]
        plain = [open_plain(path) for _ in range(args.runs)]
        work = [report_work(path) for _ in range(args.runs)]
    results = [
        Measured("open Insights (s)", [o for o, _ in ours]),
        Measured("open plain DataTable (s)", [o for o, _ in plain]),
        Measured("refilter Insights (s)", [r for _, r in ours]),
        Measured("refill plain DataTable (s)", [r for _, r in plain]),
        Measured("read facts, SQL (s)", [r for r, _ in work]),
        Measured("compute figures (s)", [c for _, c in work]),
    ]
    print(f"{'figure':32} {'median':>10} {'spread':>10}")
    for result in results:
        print(f"{result.name:32} {result.median:10.4f} {result.spread:10.4f}")
    print(f"open ratio (ours / plain):     {results[0].median / results[1].median:.2f}")
    print(f"refilter ratio (ours / plain): {results[2].median / results[3].median:.2f}")


if __name__ == "__main__":
    main()
