"""`postmortem actions`: the weekly check-in list, for people (table, markdown) and scripts (json, csv).

Only open, in-progress and blocked actions are listed unless --status says otherwise.
Output is sorted (bucket, due date, incident id, action id), so a given --as-of always
prints the same thing. --fail-on-overdue exits 1 when any listed action is overdue.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
from datetime import date, timedelta

from app.cli.context import CliContext

STATUSES = ("open", "in_progress", "blocked", "done", "wont_do")
CSV_COLUMNS = ("title", "owner", "due", "status", "type", "priority", "postmortem_id", "tracker", "id", "bucket")


def _days(text: str) -> int:
    match = re.fullmatch(r"(\d+)\s*(d|w)?", text.strip().lower())
    if not match:
        raise argparse.ArgumentTypeError(f"not a number of days: {text!r} (use 7d, 2w or 10)")
    return int(match[1]) * (7 if match[2] == "w" else 1)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--owner", metavar="NAME", help="only this owner's actions (any case)")
    parser.add_argument("--status", metavar="STATUS", nargs="+", action="extend", choices=STATUSES,
                        help="only these statuses (default: open in_progress blocked)")
    parser.add_argument("--overdue", action="store_true", help="only actions past their due date")
    parser.add_argument("--due-within", metavar="DAYS", type=_days,
                        help="only actions due within this many days of today (7d, 2w); overdue ones included")
    parser.add_argument("--format", choices=("table", "markdown", "json", "csv"), default="table")
    parser.add_argument("--fail-on-overdue", action="store_true",
                        help="exit 1 when any listed action is overdue (for scheduled reminders)")


def run(args: argparse.Namespace, context: CliContext) -> int:
    service = context.reader()
    if service is None:
        return 2
    from app.logic.actions import bucket, priority

    today = context.as_of or context.clock.today()
    statuses = set(args.status or ("open", "in_progress", "blocked"))
    order = {name: index for index, name in enumerate(("overdue", "this_week", "next_week", "later", "no_date",
                                                       "closed"))}
    rows = []
    for tracked in service.tracked_actions():
        action = tracked.action
        if action.status not in statuses:
            continue
        if args.owner and action.owner.strip().casefold() != args.owner.strip().casefold():
            continue
        where = bucket(action, today)
        if args.overdue and where != "overdue":
            continue
        if args.due_within is not None and (action.due is None or action.due > today + timedelta(days=args.due_within)
                                            or where == "closed"):
            continue
        rows.append((tracked, where, priority(action.impact, action.effort)))
    rows.sort(key=lambda r: (order[r[1]], r[0].action.due or date.max, r[0].incident_id, r[0].action.id))
    print(_render(args.format, rows, today), end="")
    if args.fail_on_overdue and any(where == "overdue" for _, where, _ in rows):
        return 1
    return 0


def _update(tracked) -> dict | None:
    update = tracked.last_update
    if update is None:
        return None
    return {"at": update.at.isoformat(), "by": update.by, "status": update.new_status, "note": update.note}


def _render(kind: str, rows: list, today: date) -> str:
    if kind == "json":
        # One action per line, each encoded by json's C encoder: indenting the whole document would run
        # the pure-Python encoder, ten times slower on ten thousand actions.
        actions = [json.dumps(
            {"postmortem": t.incident_id, "id": t.action.id, "title": t.action.title, "owner": t.action.owner or None,
             "due": t.action.due.isoformat() if t.action.due else None, "status": t.action.status,
             "type": t.action.action_type, "bucket": where, "overdue": where == "overdue",
             "last_update": _update(t), "priority": prio or None, "tracker": t.action.tracker or None},
            ensure_ascii=False) for t, where, prio in rows]
        body = ",\n".join(f"    {action}" for action in actions)
        return f'{{\n  "as_of": {json.dumps(today.isoformat())},\n  "actions": [' + (
            f"\n{body}\n  ]\n}}\n" if actions else "]\n}\n")
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for t, where, prio in rows:
            a = t.action
            writer.writerow([a.title, a.owner, a.due.isoformat() if a.due else "", a.status, a.action_type or "",
                             prio, t.incident_id, a.tracker, a.id, where])
        return buffer.getvalue()
    if kind == "markdown":
        return _markdown(rows, today)
    return _table(rows, today)


def _markdown(rows: list, today: date) -> str:
    from app.logic.actions import BUCKET_TITLES
    from app.logic.mdtext import inline
    from data.enums import label

    lines = [f"**Corrective actions as of {today.isoformat()}** ({len(rows)} listed)", ""]
    current = None
    for t, where, _prio in rows:
        if where != current:
            if current is not None:
                lines.append("")
            count = sum(1 for _, w, _ in rows if w == where)
            lines.append(f"**{BUCKET_TITLES[where]} ({count})**")
            current = where
        a = t.action
        box = "x" if a.status == "done" else " "
        due = f"due {a.due.isoformat()}" if a.due else "no due date"
        owner = inline(a.owner) if a.owner.strip() else "no owner"
        lines.append(f"- [{box}] {inline(a.title)} — {owner}, {due}, {label(a.status)} · {inline(t.incident_id)}")
    if not rows:
        lines.append("No actions match.")
    return "\n".join(lines) + "\n"


def _table(rows: list, today: date) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from app.logic.actions import BUCKET_TITLES
    from data.enums import label

    table = Table(title=f"Corrective actions as of {today.isoformat()}", box=None, header_style="bold")
    for column in ("Bucket", "Postmortem", "Action", "Owner", "Due", "Status"):
        table.add_column(column, no_wrap=column != "Action", ratio=1 if column == "Action" else None)
    for t, where, _prio in rows:
        a = t.action
        table.add_row(BUCKET_TITLES[where], Text(t.incident_id), Text(a.title), Text(a.owner or "—"),
                      a.due.isoformat() if a.due else "—", label(a.status),
                      style="bold" if where == "overdue" else None)
    console = Console(file=io.StringIO(), width=120, force_terminal=False)
    console.print(table)
    if not rows:
        console.print("No actions match.")
    return console.file.getvalue()


def actions_csv(bundle, as_of: date) -> str:
    """The CSV of one postmortem's actions (same columns as `postmortem actions --format csv`)."""
    from app.logic.actions import bucket, priority
    from data.records import TrackedAction

    rows = [(TrackedAction(a, bundle.postmortem.incident_id, bundle.postmortem.title), bucket(a, as_of),
             priority(a.impact, a.effort)) for a in bundle.actions]
    return _render("csv", rows, as_of)
