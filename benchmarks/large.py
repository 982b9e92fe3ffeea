"""The large database every benchmark uses, generated deterministically:

1,000 postmortems, 100,000 timeline events (5,000 of them in `BENCH-5000`), 10,000
corrective actions with some history, 5,000 why and fishbone nodes, root causes and tags.
Rows are written with bulk inserts on the migrated schema, so it builds in seconds.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

POSTMORTEMS = 1000
EVENTS = 100_000
BIG_EVENTS = 5000
ACTIONS = 10_000
NODES = 5000
BIG_INCIDENT = "BENCH-5000"
NOW = datetime(2025, 1, 15, 12, tzinfo=UTC)

KINDS = ["note", "investigation", "communication", "alert", "escalation", "diagnosis", "mitigation"]
TYPES = ["outage", "outage", "outage", "security", "product", "process", "near_miss"]
SEVERITIES = ["critical", "high", "medium", "medium", "low"]
STATUSES = ["open", "open", "in_progress", "blocked", "done", "done", "wont_do"]
OWNERS = ["Ana", "Bo", "Cy", "Di", "Eli", "Fay", ""]
CATEGORIES = ("People", "Process", "Technology", "Environment")


def build(path: Path, seed: int = 5) -> None:
    from sqlalchemy import insert

    from data.database import open_database
    from data.models import (
        ActionUpdateRow,
        CorrectiveActionRow,
        FishboneCategoryRow,
        FishboneCauseRow,
        PostmortemRow,
        PostmortemTagRow,
        RootCauseRow,
        TagRow,
        TimelineEventRow,
        WhyNodeRow,
    )

    rng = random.Random(seed)
    database = open_database(path)
    first = datetime(2023, 1, 1, tzinfo=UTC)
    starts = [first + timedelta(minutes=rng.randint(0, 700 * 24 * 60)) for _ in range(POSTMORTEMS)]
    with database.engine.begin() as connection:
        connection.execute(insert(TagRow.__table__), [{"id": n + 1, "name": name} for n, name in enumerate(
            ["db", "network", "deploy", "auth", "payments", "search", "cdn", "queue"])])
        connection.execute(insert(PostmortemRow.__table__), [{
            "id": n + 1, "incident_id": BIG_INCIDENT if n == 0 else f"BENCH-{n:04d}",
            "title": "A very long incident" if n == 0 else f"Incident {n}: {rng.choice(['API', 'DB', 'CDN'])} errors",
            "incident_type": rng.choice(TYPES), "severity": rng.choice(SEVERITIES),
            "status": rng.choice(["draft", "in_review", "published", "closed"]), "timezone": "UTC",
            "summary": "", "owner": rng.choice(OWNERS), "written_at": starts[n] + timedelta(hours=rng.randint(4, 200)),
            "problem_statement": "Users saw errors", "closed_reason": "", "created_at": starts[n],
            "updated_at": starts[n], "revision": 1, "exported_at": None,
        } for n in range(POSTMORTEMS)])
        connection.execute(insert(PostmortemTagRow.__table__), [
            {"postmortem_id": n + 1, "tag_id": tag, "position": p}
            for n in range(POSTMORTEMS) for p, tag in enumerate(rng.sample(range(1, 9), rng.randint(0, 3)))])

        per_small = (EVENTS - BIG_EVENTS) // (POSTMORTEMS - 1)
        events = []
        for n in range(POSTMORTEMS):
            count = BIG_EVENTS if n == 0 else per_small + (1 if n <= (EVENTS - BIG_EVENTS) % (POSTMORTEMS - 1) else 0)
            for index in range(count):
                kind = "trigger" if index == 0 else "detected" if index == 1 else (
                    "resolved" if index == count - 1 else rng.choice(KINDS))
                events.append({
                    "postmortem_id": n + 1, "at": starts[n] + timedelta(seconds=index * 20 + rng.randint(0, 15)),
                    "seq": index, "kind": kind,
                    "description": f"Event {index}: " + "observed thing " * rng.randint(1, 5),
                    "source": rng.choice(["Slack", "Monitoring", "CI/CD", "Alex"]), "action_taken": ""})
        connection.execute(insert(TimelineEventRow.__table__), events)

        actions, updates = [], []
        for index in range(ACTIONS):
            pm = index % POSTMORTEMS
            created = starts[pm] + timedelta(days=1)
            status = rng.choice(STATUSES)
            actions.append({
                "id": index + 1, "postmortem_id": pm + 1, "position": index // POSTMORTEMS,
                "title": f"Alert when queue depth exceeds {1000 + index} for 5 minutes",
                "owner": rng.choice(OWNERS), "due": (created + timedelta(days=rng.randint(7, 120))).date(),
                "action_type": "short_term", "status": status, "status_reason": "won't fix" if status == "wont_do"
                else "", "impact": None, "effort": None, "control": None, "success_measure": "alert fires in test",
                "tracker": f"OPS-{index}" if rng.random() < 0.5 else "", "created_at": created,
                "updated_at": created})
            if status != "open":
                updates.append({"action_id": index + 1, "at": created + timedelta(days=rng.randint(1, 40)),
                                "by": "bench", "old_status": "open", "new_status": status, "note": ""})
        connection.execute(insert(CorrectiveActionRow.__table__), actions)
        connection.execute(insert(ActionUpdateRow.__table__), updates)

        categories, causes, whys, roots = [], [], [], []
        whys_per_pm, causes_per_pm = 2, NODES // POSTMORTEMS - 2
        for n in range(POSTMORTEMS):
            for position, name in enumerate(CATEGORIES):
                categories.append({"id": n * 4 + position + 1, "postmortem_id": n + 1, "position": position,
                                   "name": name})
            for k in range(causes_per_pm):
                causes.append({"postmortem_id": n + 1, "category_id": n * 4 + k % 4 + 1, "parent_id": None,
                               "position": k, "text": f"Cause {k}"})
            for k in range(whys_per_pm):
                whys.append({"id": n * whys_per_pm + k + 1, "postmortem_id": n + 1,
                             "parent_id": n * whys_per_pm + k if k else None, "position": 0, "question": "Why?",
                             "answer": f"Because the safeguard {k} was missing"})
            roots.append({"postmortem_id": n + 1, "position": 0, "text": "No canary", "kind": "primary",
                          "category": rng.choice(CATEGORIES)})
        connection.execute(insert(FishboneCategoryRow.__table__), categories)
        connection.execute(insert(FishboneCauseRow.__table__), causes)
        connection.execute(insert(WhyNodeRow.__table__), whys)
        connection.execute(insert(RootCauseRow.__table__), roots)
    database.dispose()


def counts(path: Path) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(path) as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("postmortem", "timeline_event", "corrective_action", "why_node", "fishbone_cause")}


if __name__ == "__main__":
    import sys
    import time

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bench.db")
    started = time.perf_counter()
    build(target)
    print(f"built {target} in {time.perf_counter() - started:.1f} s: {counts(target)}")

