"""`postmortem migrate --from FILE --to URL`: copy every postmortem into another database, and check it.

The usual move is from a SQLite file to a PostgreSQL server; a file to a new file works the same.
The target must hold no postmortems. Exit codes: 0 copied and verified; 1 copied, but reading both
back found differences; 2 refused or failed, with nothing written.
"""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.backup import count_text, same_file
from app.cli.context import CliContext, fail

if TYPE_CHECKING:
    from data.database import Database

EXIT_OK, EXIT_MISMATCH, EXIT_REFUSED = 0, 1, 2


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from", dest="source", metavar="SQLITE_FILE",
        help="the database file to copy from (a PostgreSQL URL works too); it is upgraded first if it "
             "is older, with a backup next to it",
    )
    parser.add_argument(
        "--to", dest="target", metavar="URL",
        help="the empty database to copy into: a PostgreSQL URL such as postgresql+psycopg://user@host/dbname "
             "(password from the URL, PGPASSWORD or ~/.pgpass), or a new database file",
    )


def run(args: argparse.Namespace, context: CliContext) -> int:
    from data.database import is_server_url

    if not args.source or not args.target:
        return fail("migrate needs both --from SQLITE_FILE and --to URL, for example: postmortem migrate "
                    "--from postmortem.db --to postgresql+psycopg://user@host/dbname")
    urls = [text for text in (args.source, args.target) if is_server_url(text)]
    if context.read_only:
        return fail("migrate writes into the --to database, so it cannot run with --read-only. Nothing was changed.")
    problem = _check_paths(args.source, args.target)
    if problem:
        return fail(_hidden(problem, urls))
    created = None if is_server_url(args.target) else _new_file(Path(args.target).expanduser())
    source = target = None
    code = EXIT_REFUSED
    try:
        source = _open(args.source, context, urls)
        target = _open(args.target, context, urls) if source is not None else None
        if target is not None:
            code = _migrate(source, target, urls)
        return code
    finally:
        for database in (source, target):
            if database is not None:
                database.dispose()
        if code == EXIT_REFUSED and created is not None:  # refused or failed: no new file left behind
            _remove(created)


def _migrate(source: Database, target: Database, urls: list[str]) -> int:
    from data.errors import StoreError
    from data.transfer import copy_database, verify

    try:
        report = copy_database(source, target)
    except StoreError as error:
        return fail(_hidden(str(error), urls))
    # Read the committed copy back on a new connection, not through one that may still hold it.
    target.dispose()
    try:
        problems = verify(source, target)
    except StoreError as error:
        return fail(_hidden(
            f"Copied {count_text(report.postmortems)} into {target.label}, but the check failed: {error}", urls
        ), EXIT_MISMATCH)
    if problems:
        listed = "; ".join(problems)
        return fail(_hidden(
            f"Copied {count_text(report.postmortems)} into {target.label}, but reading both back found "
            f"differences: {listed}. If either database was changed during the copy, that explains it; "
            "otherwise do not use the copy.", urls), EXIT_MISMATCH)
    copied = {name: count for name, count in report.counts.items() if count}
    print(_hidden(
        f"Copied {count_text(report.postmortems)} ({report.rows} rows in {len(copied)} tables) from {source.label} "
        f"to {target.label}; counts verified.", urls))
    width = max(len(name) for name in copied)
    for name, count in copied.items():
        print(f"  {name:<{width}}  {count:>7}")
    return EXIT_OK


def _check_paths(source: str, target: str) -> str | None:
    """Refuse a missing source file before opening anything: opening a missing file would create it."""
    from data.database import is_server_url
    from data.server import masked, normalised

    if is_server_url(source):
        if is_server_url(target) and normalised(source) == normalised(target):
            return f"--from and --to are the same database ({masked(source)}); nothing was changed."
        return None
    path = Path(source).expanduser()
    if not path.exists():
        return f"{path} does not exist, so there is nothing to migrate. Give the database file with --from."
    if path.is_dir():
        return f"{path} is a folder; give the database file inside it with --from."
    if path.stat().st_size == 0:
        return f"{path} is empty, so there is nothing to migrate. Nothing was changed."
    if not is_server_url(target) and same_file(path, Path(target).expanduser()):
        return f"--from and --to are the same file ({path}); give another file or a URL with --to."
    return None


def _open(text: str, context: CliContext, urls: list[str]) -> Database | None:
    """Open (and bring up to date) one side; print why not and return None."""
    from data.database import is_server_url, open_database
    from data.errors import DatabaseUnusable

    target: Path | str = text if is_server_url(text) else Path(text).expanduser()
    try:
        return open_database(target, clock=context.clock)
    except DatabaseUnusable as error:
        fail(_hidden(str(error), urls))
    return None


def _new_file(path: Path) -> Path | None:
    """The target file when this command is about to create it: removed again if the copy fails."""
    return None if path.exists() or path.is_symlink() else path


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _hidden(message: str, urls: list[str]) -> str:
    """Every message passes here: no password of either URL is ever printed."""
    from data.server import hide_password

    for url in urls:
        message = hide_password(message, url)
    return message
