"""`postmortem export`: a postmortem as Markdown, `postmortem/v1` JSON or a CSV of its actions.

Without -o the document goes to standard output. --all DIR writes every postmortem
(`<incident-id>.<ext>`) with a progress bar. An existing file is never overwritten
without --force.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.context import CliContext, fail
from app.exporting import EXTENSIONS, render, safe_file_name, write_new


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("incident_id", metavar="INCIDENT_ID", nargs="?", help="the postmortem to export")
    parser.add_argument("--all", metavar="DIR", help="export every postmortem into DIR, one file each")
    parser.add_argument("--format", choices=tuple(EXTENSIONS), default="md")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument("--force", action="store_true", help="overwrite files that already exist")


def run(args: argparse.Namespace, context: CliContext) -> int:
    if bool(args.incident_id) == bool(args.all):
        return fail("give either an INCIDENT_ID or --all DIR.")
    service = context.reader()
    if service is None:
        return 2
    as_of = context.as_of or context.clock.today()
    if args.all:
        return _export_all(service, Path(args.all), args.format, as_of, args.force, context)
    postmortem = service.find(args.incident_id)
    if postmortem is None:
        return fail(f"no postmortem has the incident id {args.incident_id!r} (see `postmortem list`).")
    text = render(service, postmortem.id, args.format, as_of)
    if not args.output:
        sys.stdout.write(text)
        return 0
    problem = write_new(Path(args.output), text, args.force)
    if problem:
        return fail(problem)
    _note_exported(service, postmortem.id, context)
    print(f"Wrote {args.output}", file=sys.stderr)
    return 0


def _note_exported(reader, postmortem_id: int, context: CliContext) -> None:
    """Step 4 of the method is done; a read-only or busy database just skips the note (on a file the
    reader writes with sqlite3, on a server through the service)."""
    import sqlite3
    from contextlib import suppress

    from data.errors import StoreError

    if context.read_only:
        return
    with suppress(sqlite3.Error, StoreError):
        reader.mark_exported(postmortem_id, context.clock.now())


def _export_all(service, folder: Path, kind: str, as_of, force: bool, context: CliContext) -> int:
    from rich.progress import Progress

    if folder.exists() and not folder.is_dir():
        return fail(f"{folder} is not a folder.")
    folder.mkdir(parents=True, exist_ok=True)
    items = service.list_postmortems()
    problems = []
    with Progress(transient=True, console=_stderr_console()) as progress:
        task = progress.add_task(f"Exporting {len(items)} postmortems", total=len(items))
        for item in items:
            path = folder / f"{safe_file_name(item.incident_id)}.{EXTENSIONS[kind]}"
            problem = write_new(path, render(service, item.id, kind, as_of), force)
            if problem:
                problems.append(problem)
            else:
                _note_exported(service, item.id, context)
            progress.advance(task)
    for problem in problems:
        print(f"postmortem: {problem}", file=sys.stderr)
    print(f"Exported {len(items) - len(problems)} of {len(items)} postmortems to {folder}", file=sys.stderr)
    return 1 if problems else 0


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)
