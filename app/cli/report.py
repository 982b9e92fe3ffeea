"""`postmortem report`: the quarterly review of every incident in a period, as Markdown or JSON.

Incidents count in the period by their start time. Without a period, the quarter that
contains today (or --as-of) is reported; --as-of also fixes "today" for overdue actions.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from app.cli.context import CliContext, fail


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quarter", metavar="YYYYQN", help="a calendar quarter, e.g. 2026Q3")
    parser.add_argument("--from", dest="start", metavar="DATE", type=_day, help="first day of the period")
    parser.add_argument("--to", dest="end", metavar="DATE", type=_day, help="last day of the period (included)")
    parser.add_argument("--type", dest="incident_type", metavar="TYPE", help="only incidents of this type")
    parser.add_argument("--severity", metavar="SEVERITY", help="only incidents of this severity")
    parser.add_argument("--tag", metavar="TAG", help="only incidents with this tag")
    parser.add_argument("--format", choices=("md", "json"), default="md")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def run(args: argparse.Namespace, context: CliContext) -> int:
    from app.logic.insights import Filters, PeriodError, between, compute_insights, quarter, quarter_of

    today = context.as_of or context.clock.today()
    try:
        if args.quarter and (args.start or args.end):
            return fail("give either --quarter or --from/--to, not both.")
        if args.quarter:
            period = quarter(args.quarter)
        elif args.start or args.end:
            if not (args.start and args.end):
                return fail("--from and --to go together.")
            period = between(args.start, args.end)
        else:
            period = quarter_of(today)
    except PeriodError as error:
        return fail(str(error))
    service = context.service()
    if service is None:
        return 2
    from data.insights import read_facts

    filters = Filters(args.incident_type, args.severity, args.tag)
    insights = compute_insights(read_facts(service), period, today, filters)
    if args.format == "json":
        from app.logic.insights import insights_json

        text = json.dumps(insights_json(insights), indent=2, ensure_ascii=False) + "\n"
    else:
        from app.logic.insights_markdown import render_report

        text = render_report(insights)
    if not args.output:
        sys.stdout.write(text)
        return 0
    from app.exporting import write_new

    problem = write_new(Path(args.output), text, args.force)
    if problem:
        return fail(problem)
    print(f"Wrote {args.output}", file=sys.stderr)
    return 0
