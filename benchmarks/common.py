"""Shared helpers: deterministic data, timing, and a plain Textual baseline app."""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

KINDS = ["note", "investigation", "communication", "alert", "escalation", "diagnosis", "mitigation"]


@dataclass
class Measured:
    name: str
    runs: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def spread(self) -> float:
        return max(self.runs) - min(self.runs)


def measure(name: str, runs: int, action: Callable[[], float]) -> Measured:
    """`action` returns the seconds it measured itself; run it `runs` times."""
    return Measured(name, [action() for _ in range(runs)])


def build_timeline_database(path: Path, events: int, seed: int = 7) -> int:
    """A postmortem with `events` timeline events; returns its id. Deterministic for a seed."""
    from data.clock import FixedClock
    from data.database import open_database
    from data.service import PostmortemService

    service = PostmortemService(open_database(path), FixedClock(datetime(2024, 3, 6, 12, tzinfo=UTC)))
    rng = random.Random(seed)
    pm = service.create(title="A very long incident", incident_id="BENCH-5000")
    start = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    batch = []
    for index in range(events):
        at = start + timedelta(seconds=index * 20 + rng.randint(0, 15))
        kind = "trigger" if index == 0 else "resolved" if index == events - 1 else rng.choice(KINDS)
        batch.append({"at": at, "kind": kind, "description": f"Event {index}: " + "observed thing " * rng.randint(1, 5),
                      "source": rng.choice(["Slack", "Monitoring", "CI/CD", "Alex"])})
    service.events.add_many(pm.id, batch)
    service.database.dispose()
    return pm.id


def read_rows_plain(path: Path, postmortem_id: int | None = None) -> list[tuple[str, str, str, str, str]]:
    """What a plain app would read: the same rows (of one postmortem), with the sqlite3 module."""
    where, parameters = ("WHERE postmortem_id = ?", (postmortem_id,)) if postmortem_id is not None else ("", ())
    with sqlite3.connect(path) as connection:
        return connection.execute(
            f"SELECT at, kind, description, source, action_taken FROM timeline_event {where} "
            "ORDER BY at, seq, id", parameters,
        ).fetchall()


def wall() -> float:
    return time.perf_counter()
