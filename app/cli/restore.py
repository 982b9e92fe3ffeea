"""`postmortem restore FILE`: put a backup back in place of the database, after confirmation.

The backup is checked first (a SQLite file that passes `PRAGMA integrity_check`, holding a postmortem
schema this version knows), the current database is copied aside, then the backup is copied in through
the database's own connection and the usual open (and upgrade) runs.

Exit codes: 0 restored, 1 declined at the prompt, 2 refused or failed (nothing replaced unless said).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.backup import count_text, same_file
from app.cli.context import CliContext, fail
from app.settings import choose_database

if TYPE_CHECKING:
    from data.backup import Summary

EXIT_OK, EXIT_DECLINED, EXIT_REFUSED = 0, 1, 2


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the backup to restore (from `postmortem backup` or an upgrade)")
    parser.add_argument("--yes", action="store_true", help="replace without asking (for scripts)")


def run(args: argparse.Namespace, context: CliContext) -> int:
    from data.backup import (
        BEFORE_RESTORE,
        BackupFailed,
        backup_path,
        check_backup,
        copy_database,
        describe_database,
        restore_database,
    )
    from data.database import open_database
    from data.errors import DatabaseUnusable

    choice = choose_database(context.db_option)
    if choice.path is None:
        return fail("restore replaces a SQLite file; to fill a PostgreSQL database from a backup file use "
                    "`postmortem migrate --from FILE --to URL`. Nothing was changed.")
    target, source = choice.path, Path(args.file).expanduser()
    if context.read_only:
        return fail("restore replaces the database, so it cannot run with --read-only. Nothing was changed.")
    try:
        backup = check_backup(source)
        if same_file(source, target):
            return fail(f"{source} is the database itself; there is nothing to restore.")
        current = describe_database(target)
    except DatabaseUnusable as error:
        return fail(f"{error} Nothing was restored.")
    if not args.yes:
        if not _interactive():
            return fail(
                f"restoring replaces {target} and needs a confirmation, but there is no terminal to ask on. "
                "Pass --yes to restore from a script. Nothing was changed."
            )
        if not _confirmed(target, current, backup):
            print("Nothing was changed.")
            return EXIT_DECLINED
    safety = ""
    if current is not None:
        try:
            kept = copy_database(target, backup_path(target, context.clock.now(), BEFORE_RESTORE))
        except BackupFailed as error:
            return fail(f"The safety backup of the current database was not written: {error} Nothing was replaced.")
        print(f"Safety backup of the current database: {kept}")
        safety = f" The previous contents are in {kept}."
    try:
        restore_database(source, target, create_parent=choice.is_default)
    except DatabaseUnusable as error:
        return fail(f"{error}{safety}")
    try:
        open_database(target, clock=context.clock).dispose()
    except DatabaseUnusable as error:
        return fail(f"{target} was restored from {source} but cannot be opened: {error}{safety}")
    print(f"Restored {target} from {source} ({count_text(backup.postmortems)}).")
    return EXIT_OK


def _interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # a closed stdin
        return False


def _confirmed(target: Path, current: Summary | None, backup: Summary) -> bool:
    """Show both sides and ask for `yes` typed out: a restore throws the current contents away."""
    print("This replaces the database")
    print(f"  {target}")
    print(f"  {_describe(current) if current else 'does not exist yet (or is empty): it will be created'}")
    print("with the backup")
    print(f"  {backup.path}")
    print(f"  {_describe(backup)}")
    if current is not None:
        print("A safety backup of the current database is written first. Close postmortem wherever it is open.")
    try:
        answer = input("Type yes to restore: ")
    except EOFError:
        answer = ""
    return answer.strip().lower() == "yes"


def _describe(summary: Summary) -> str:
    changed = f"last change {summary.last_change} UTC" if summary.last_change else "no changes recorded"
    return f"{count_text(summary.postmortems)}, {changed}, schema revision {summary.revision or 'none'}"
