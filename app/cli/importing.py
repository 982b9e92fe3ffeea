"""`postmortem import FILE.json …`: create postmortems from `postmortem/v1` documents.

Each file is one transaction: all of it, or (with every problem listed by JSON path)
none of it. An incident id already in the database is refused unless --replace.
"""

from __future__ import annotations

import argparse

from app.cli.context import CliContext


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", metavar="FILE", nargs="+", help="postmortem/v1 JSON files")
    parser.add_argument("--replace", action="store_true",
                        help="replace a postmortem that has the same incident id")


def read_document_file(name: str) -> tuple[object | None, str | None]:
    """(decoded JSON, None) or (None, why the file cannot be read)."""
    from app.cli.files import read_text
    from app.logic.interchange import DocumentError, loads

    text, problem = read_text(name)
    if text is None:
        return None, problem
    try:
        return loads(text), None
    except DocumentError as error:
        return None, error.problems[0].removeprefix("(document): ")


def run(args: argparse.Namespace, context: CliContext) -> int:
    service = context.service()
    if service is None:
        return 2
    from app.logic.interchange import DocumentError, parse_document
    from data.errors import StoreError

    failed = 0
    for name in args.files:
        data, problem = read_document_file(name)
        if problem:
            print(f"{name}: {problem}; nothing imported.")
            failed += 1
            continue
        try:
            document, warnings = parse_document(data)
            imported = service.import_document(document, replace=args.replace)
        except DocumentError as error:
            print(f"{name}: not imported, {len(error.problems)} problem{'s' if len(error.problems) != 1 else ''}:")
            for line in error.problems:
                print(f"  {line}")
            failed += 1
            continue
        except StoreError as error:
            print(f"{name}: not imported: {error}")
            failed += 1
            continue
        verb = "Replaced" if args.replace else "Imported"
        print(f"{name}: {verb} {imported.incident_id} ({len(document.events)} events, {len(document.actions)} "
              f"actions).")
        for warning in warnings:
            print(f"  warning: {warning}")
    return 2 if failed else 0
