"""`postmortem backup`: a consistent copy of the database, safe to take while the app has it open.

Exit codes: 0 written, 2 refused (no database, target exists without --force, cannot write).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import CliContext, fail
from app.settings import choose_database


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", metavar="FILE",
        help="where to write the copy (default: next to the database, as "
             "postmortem.db.backup-<UTC time>.db; a folder gets that name inside it)",
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it already exists")


def run(args: argparse.Namespace, context: CliContext) -> int:
    from data.backup import BackupExists, BackupFailed, backup_path, copy_database, describe_database
    from data.errors import DatabaseUnusable

    choice = choose_database(context.db_option)
    if choice.path is None:
        return fail("backup copies a SQLite file; for a PostgreSQL database use the server's own tools "
                    "(pg_dump), or copy it into a file with `postmortem migrate`. Nothing was changed.")
    database = choice.path
    if not database.exists():
        return fail(f"{database} does not exist, so there is nothing to back up.")
    try:
        summary = describe_database(database)
    except DatabaseUnusable as error:
        return fail(str(error))
    if summary is None:
        return fail(f"{database} is empty, so there is nothing to back up.")
    moment = context.clock.now()
    if args.output is None:
        target = backup_path(database, moment)
    else:
        target = Path(args.output).expanduser()
        if target.is_dir():
            target = backup_path(target / database.name, moment)
    if same_file(target, database):
        return fail(f"{target} is the database itself; choose another file for the backup.")
    try:
        copy_database(database, target, overwrite=args.force)
    except BackupExists as error:
        return fail(str(error))
    except BackupFailed as error:
        return fail(f"No backup was written: {error}")
    print(f"Backed up {database} ({count_text(summary.postmortems)}) to {target}")
    return 0


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file (through links too): a copy onto itself would destroy it."""
    try:
        return first.resolve() == second.resolve() or (first.exists() and first.samefile(second))
    except OSError:
        return False


def count_text(postmortems: int) -> str:
    """`1 postmortem`, `3 postmortems`."""
    return f"{postmortems} postmortem{'' if postmortems == 1 else 's'}"
