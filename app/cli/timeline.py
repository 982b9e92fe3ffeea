"""`postmortem timeline import INCIDENT_ID FILE`: add the events a chat log or log file yields."""

from __future__ import annotations

import argparse

from app.cli.context import CliContext, add_global_options, fail


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="timeline_command", metavar="ACTION", required=True)
    importer = actions.add_parser(
        "import", help="add every event a chat log or log file yields",
        description="Add every line of FILE that has a time as a timeline event (kind guessed from "
        "keywords), print how many were added and list the lines skipped with their numbers.",
    )
    add_global_options(importer, suppress=True)
    importer.add_argument("incident_id", metavar="INCIDENT_ID")
    importer.add_argument("file", metavar="FILE", help="the chat log or log file ('-' reads standard input)")
    importer.add_argument("--within", nargs=2, metavar=("START", "END"),
                          help="only events between START and END (times as on the Timeline screen)")
    importer.add_argument("--dry-run", action="store_true", help="print what would be added; add nothing")


def run(args: argparse.Namespace, context: CliContext) -> int:
    text = _read(args.file)
    if text is None:
        return 2
    service = context.service()
    if service is None:
        return 2
    postmortem = service.find(args.incident_id)
    if postmortem is None:
        return fail(f"no postmortem has the incident id {args.incident_id!r} (see `postmortem list`).")
    from app.logic.chatlog import parse_chat_log
    from app.logic.display import shown as drawn
    from app.logic.times import TimeParseError, format_event_time, local_date, parse_event_time

    events = service.events.list(postmortem.id)
    first = min((e.at for e in events), default=postmortem.written_at)
    incident_date = local_date(first, postmortem.timezone)
    parsed = parse_chat_log(text, postmortem.timezone, incident_date)
    if args.within:
        try:
            start, end = (parse_event_time(value, postmortem.timezone, incident_date=incident_date,
                                           previous=None) for value in args.within)
        except TimeParseError as error:
            return fail(f"--within: {error}")
        parsed = parsed.within(start, end)
    verb = "Would add" if args.dry_run else "Added"
    if parsed.events and not args.dry_run:
        service.events.add_many(postmortem.id, [
            {"at": e.at, "kind": e.kind, "description": e.description, "source": e.source}
            for e in parsed.events
        ])
    count = len(parsed.events)
    print(f"{verb} {count} event{'s' if count != 1 else ''} to {postmortem.incident_id}.")
    if args.dry_run:
        for event in parsed.events:
            shown = format_event_time(event.at, postmortem.timezone, incident_date)
            print(f"  line {event.line_no}: {shown} {event.kind}: {drawn(event.description)}")
    if parsed.skipped:
        print(f"Skipped {len(parsed.skipped)} line{'s' if len(parsed.skipped) != 1 else ''}:")
        for line in parsed.skipped:
            print(f"  line {line.line_no}: {drawn(line.text)}  ({drawn(line.reason)})")
    return 0


def _read(name: str) -> str | None:
    import sys

    from app.cli.files import read_text

    if name == "-":
        return sys.stdin.read()
    text, problem = read_text(name)
    if text is None:
        fail(f"{name} {problem}.")
    return text
