"""Programs the suite starts as separate processes, so start-up is measured whole.

    python -m benchmarks.processes app DB [--timeline]   postmortem, headless, through its CLI
    python -m benchmarks.processes plain DB              a plain Textual DataTable of the same rows

Each exits as soon as its first screen is ready (every row in its table) and prints its
peak resident memory in KB on standard error, as `rss_kb=N`. `--timeline` first opens the
5,000-event postmortem's timeline, for the memory figure with the large database open.
"""

from __future__ import annotations

import resource
import sys
from functools import partialmethod


def _report_and_exit(app) -> None:
    print(f"rss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
    app.exit()


def run_app(database: str, open_timeline: bool) -> int:
    from textual.app import App

    import app.tui as tui

    mount = tui.PostmortemApp.on_mount
    state = {"opened": False}

    def ready(app) -> None:
        from screens.home import HomeScreen

        screen = app.screen
        if isinstance(screen, HomeScreen) and screen.items and screen.table.row_count == len(screen.items):
            if not open_timeline:
                _report_and_exit(app)
                return
            if not state["opened"]:
                state["opened"] = True
                big = next(item for item in screen.items if item.incident_id == "BENCH-5000")
                app.open_section(big.id, "timeline")
            return
        from widgets.event_table import EventTable

        tables = screen.query(EventTable)
        if open_timeline and tables and tables.first().row_count == 5000:
            _report_and_exit(app)

    def on_mount(self) -> None:
        mount(self)
        self.set_interval(0.002, lambda: ready(self))

    tui.PostmortemApp.on_mount = on_mount  # type: ignore[method-assign]
    tui.PostmortemApp.run = partialmethod(App.run, headless=True)  # type: ignore[method-assign]
    from app.cli import main

    return main(["--db", database])


def run_plain(database: str) -> int:
    import sqlite3

    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class Plain(App):
        def compose(self) -> ComposeResult:
            yield DataTable()

        def on_mount(self) -> None:
            with sqlite3.connect(database) as connection:
                rows = connection.execute(
                    "SELECT incident_id, title, incident_type, severity, status, written_at FROM postmortem"
                ).fetchall()
            table = self.query_one(DataTable)
            table.add_columns("Incident", "Title", "Type", "Severity", "Status", "Date")
            table.add_rows(rows)
            self.call_after_refresh(lambda: _report_and_exit(self))

    Plain().run(headless=True)
    return 0


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    sys.exit(run_app(path, "--timeline" in sys.argv) if kind == "app" else run_plain(path))
