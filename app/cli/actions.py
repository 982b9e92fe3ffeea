"""`postmortem actions`: the weekly check-in list, for people (table, markdown) and scripts (json, csv).

Only open, in-progress and blocked actions are listed unless --status says otherwise.
Output is sorted (bucket, due date, incident id, action id), so a given --as-of always
prints the same thing. --fail-on-overdue exits 1 when any listed action is overdue.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
from datetime import date, timedelta

from app.cli.context import CliContext

STATUSES = ("open", "in_progress", "blocked", "done", "wont_do")
#: The most days --due-within takes: the whole calendar, year 1 to 9999.
MAX_DAYS = date.max.toordinal()
#: DEL and the C1 controls, which json's own encoder leaves as they are.
_RAW_CONTROLS = re.compile("[\x7f-\x9f]")
CSV_COLUMNS = ("title", "owner", "due", "status", "type", "priority", "postmortem_id", "tracker", "id", "bucket")


def _days(text: str) -> int:
    match = re.fullmatch(r"(\d+)\s*(d|w)?", text.strip().lower())
    if not match:
        raise argparse.ArgumentTypeError(f"not a number of days: {text[:40]!r} (use 7d, 2w or 10)")
    # Checked by length first: a number thousands of digits long cannot even be converted.
    days = int(match[1]) * (7 if match[2] == "w" else 1) if len(match[1].lstrip("0")) <= 7 else MAX_DAYS + 1
    if days > MAX_DAYS:
        raise argparse.ArgumentTypeError(f"{text.strip()[:40]!r} is more days than the calendar holds "
                                         f"(at most {MAX_DAYS}).")
    return days


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
    from app.logic.buckets import bucket_of, priority

    today = context.as_of or context.clock.today()
    statuses = tuple(dict.fromkeys(args.status or ("open", "in_progress", "blocked")))
    owner = args.owner.strip().casefold() if args.owner else None
    # Capped at the calendar's end: "within 3 million days" means "any due date at all".
    latest = today + timedelta(days=min(args.due_within, (date.max - today).days)) \
        if args.due_within is not None else None
    rows = []
    # The reader gives them in the order shown: (bucket, due date, incident id, action id).
    for line in service.action_lines(statuses):
        if owner is not None and line.owner.strip().casefold() != owner:
            continue
        where = bucket_of(line.status, line.due, today)
        if args.overdue and where != "overdue":
            continue
        if latest is not None and (line.due is None or line.due > latest or where == "closed"):
            continue
        rows.append((line, where, priority(line.impact, line.effort)))
    print(_render(args.format, rows, today), end="")
    if args.fail_on_overdue and any(where == "overdue" for _, where, _ in rows):
        return 1
    return 0


def _render(kind: str, rows: list, today: date) -> str:
    """`rows` are (ActionLine, bucket, priority) in the order shown."""
    if kind == "json":
        return _json(rows, today)
    if kind == "csv":
        from app.logic.mdtext import clean_text

        # Cleaned: the CSV is often printed, and a title holding ESC [ 2 J would clear the screen.
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for a, where, prio in rows:
            writer.writerow([clean_text(a.title), clean_text(a.owner), a.due.isoformat() if a.due else "", a.status,
                             a.action_type or "", prio, a.incident_id, clean_text(a.tracker), a.id, where])
        return buffer.getvalue()
    if kind == "markdown":
        return _markdown(rows, today)
    return _table(rows, today)


def _json(rows: list, today: date) -> str:
    """One action per line. Each line is a fixed template whose strings json's own encoder escapes:
    a third of the time of building and encoding a dict per action, over ten thousand actions."""
    from json.encoder import encode_basestring

    def text(value: str | None) -> str:
        """JSON escapes C0 controls itself; DEL and C1 are escaped too, so no control reaches a terminal."""
        if value is None:
            return "null"
        encoded = encode_basestring(value)
        if encoded.isascii() and "\x7f" not in encoded:  # the common case, checked at C speed
            return encoded
        return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m[0]):04x}", encoded)

    def update(last) -> str:
        if last is None:
            return "null"
        return (f'{{"at": {text(last.at)}, "by": {text(last.by)}, "status": {text(last.status)}, '
                f'"note": {text(last.note)}}}')

    lines = [
        f'    {{"postmortem": {text(a.incident_id)}, "id": {a.id}, "title": {text(a.title)}, '
        f'"owner": {text(a.owner or None)}, "due": {text(a.due.isoformat()) if a.due else "null"}, '
        f'"status": {text(a.status)}, "type": {text(a.action_type)}, "bucket": "{where}", '
        f'"overdue": {"true" if where == "overdue" else "false"}, "last_update": {update(a.last_update)}, '
        f'"priority": {text(prio or None)}, "tracker": {text(a.tracker or None)}}}'
        for a, where, prio in rows
    ]
    body = ",\n".join(lines)
    return f'{{\n  "as_of": "{today.isoformat()}",\n  "actions": [' + (f"\n{body}\n  ]\n}}\n" if lines else "]\n}\n")


def _markdown(rows: list, today: date) -> str:
    from app.logic.buckets import BUCKET_TITLES
    from app.logic.mdtext import inline
    from data.enums import label

    lines = [f"**Corrective actions as of {today.isoformat()}** ({len(rows)} listed)", ""]
    current = None
    for a, where, _prio in rows:
        if where != current:
            if current is not None:
                lines.append("")
            count = sum(1 for _, w, _ in rows if w == where)
            lines.append(f"**{BUCKET_TITLES[where]} ({count})**")
            current = where
        box = "x" if a.status == "done" else " "
        due = f"due {a.due.isoformat()}" if a.due else "no due date"
        owner = inline(a.owner) if a.owner.strip() else "no owner"
        lines.append(f"- [{box}] {inline(a.title)} — {owner}, {due}, {label(a.status)} · {inline(a.incident_id)}")
    if not rows:
        lines.append("No actions match.")
    return "\n".join(lines) + "\n"


def _table(rows: list, today: date) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from app.logic.buckets import BUCKET_TITLES
    from app.logic.display import shown as drawn
    from data.enums import label

    def shown(value: str) -> Text:
        """Rich strips some controls but not ESC: drawn as every people-facing output draws user text."""
        return Text(drawn(value))

    table = Table(title=f"Corrective actions as of {today.isoformat()}", box=None, header_style="bold")
    for column in ("Bucket", "Postmortem", "Action", "Owner", "Due", "Status"):
        table.add_column(column, no_wrap=column != "Action", ratio=1 if column == "Action" else None)
    for a, where, _prio in rows:
        table.add_row(BUCKET_TITLES[where], shown(a.incident_id), shown(a.title), shown(a.owner or "—"),
                      a.due.isoformat() if a.due else "—", label(a.status),
                      style="bold" if where == "overdue" else None)
    console = Console(file=io.StringIO(), width=120, force_terminal=False)
    console.print(table)
    if not rows:
        console.print("No actions match.")
    return console.file.getvalue()


def actions_csv(bundle, as_of: date) -> str:
    """The CSV of one postmortem's actions (same columns as `postmortem actions --format csv`)."""
    from app.logic.buckets import bucket_of, priority
    from data.action_lines import ActionLine

    incident_id = bundle.postmortem.incident_id
    rows = [(ActionLine.of(a, incident_id), bucket_of(a.status, a.due, as_of), priority(a.impact, a.effort))
            for a in bundle.actions]
    return _render("csv", rows, as_of)
