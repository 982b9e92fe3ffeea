"""`postmortem list`: the home screen's table, for scripts and quick looks."""

from __future__ import annotations

import argparse
import json

from app.cli.context import CliContext


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "json"), default="table")


def run(args: argparse.Namespace, context: CliContext) -> int:
    reader = context.reader()  # sqlite3 alone on a file: no ORM to import for a list
    if reader is None:
        return 2
    items = reader.list_postmortems()
    if args.format == "json":
        print(json.dumps(
            {
                "postmortems": [
                    {
                        "incident_id": item.incident_id,
                        "title": item.title,
                        "type": item.incident_type,
                        "severity": item.severity,
                        "status": item.status,
                        "incident_date": item.incident_date.isoformat() if item.incident_date else None,
                        "open_actions": item.open_actions,
                        "overdue_actions": item.overdue_actions,
                    }
                    for item in items
                ]
            },
            indent=2,
        ))
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from app.logic.display import shown

    table = Table(box=None, header_style="bold")
    for column in ("Incident", "Title", "Type", "Severity", "Status", "Date", "Open", "Overdue"):
        table.add_column(
            column,
            justify="right" if column in ("Open", "Overdue") else "left",
            no_wrap=column != "Title",
            ratio=1 if column == "Title" else None,
            min_width=10 if column == "Title" else None,
            overflow="ellipsis" if column == "Title" else "fold",
        )
    for item in items:
        table.add_row(
            *(Text(shown(value)) for value in (item.incident_id, item.title, item.incident_type,
                                                item.severity, item.status)),
            item.incident_date.isoformat() if item.incident_date else "-",
            str(item.open_actions),
            str(item.overdue_actions),
        )
    console = Console()
    if not console.is_terminal:
        console = Console(width=110)  # piped: no terminal width to fit, so a readable fixed one
    console.print(table)
    if not items:
        print("No postmortems yet. Run `postmortem` and press n to start one.")
    return 0
