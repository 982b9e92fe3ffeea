"""What every command needs: the chosen database, the clock and the user, and error output."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.settings import choose_database, choose_user
from data.clock import Clock, clock_for_date

if TYPE_CHECKING:
    from data.database import Database
    from data.service import PostmortemService


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options every command accepts, before or after the subcommand name (`suppress` for subcommands,
    so a value given before the subcommand is not reset by its default)."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--db", metavar="PATH|URL", default=default,
        help="database file, or a PostgreSQL URL such as postgresql+psycopg://user@host/dbname "
             "(password from PGPASSWORD or ~/.pgpass; default: $POSTMORTEM_DB, else postmortem.db "
             "in your data folder)",
    )
    parser.add_argument(
        "--user", metavar="NAME", default=default,
        help="your name in action histories (default: $POSTMORTEM_USER, else your login name)",
    )
    parser.add_argument(
        "--as-of", metavar="YYYY-MM-DD", type=_as_of, default=default,
        help="treat this date as today (for overdue figures and reproducible output)",
    )
    parser.add_argument(
        "--read-only", action="store_true", default=argparse.SUPPRESS if suppress else False,
        help="open the database for browsing only; nothing is written",
    )


def fail(message: str, code: int = 2) -> int:
    """Print one clear paragraph to stderr and return the exit code."""
    print(f"postmortem: {message}", file=sys.stderr)
    return code


class CliContext:
    """The global options as a command uses them."""

    def __init__(self, db_option: str | None, user: str, as_of: date | None, read_only: bool, clock: Clock) -> None:
        self.db_option = db_option
        self.user = user
        self.as_of = as_of
        self.read_only = read_only
        self.clock = clock

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CliContext:
        as_of = getattr(args, "as_of", None)
        return cls(
            db_option=getattr(args, "db", None),
            user=choose_user(getattr(args, "user", None)),
            as_of=as_of,
            read_only=bool(getattr(args, "read_only", False)),
            clock=clock_for_date(as_of) if as_of else Clock(),
        )

    def open_database(self) -> Database | None:
        """Open (creating or migrating) the chosen database; print why not and return None."""
        from data.database import open_database
        from data.errors import DatabaseUnusable

        choice = choose_database(self.db_option)
        try:
            return open_database(
                choice.target, read_only=self.read_only, create_parent=choice.is_default, clock=self.clock
            )
        except DatabaseUnusable as error:
            fail(str(error))
            return None

    def service(self) -> PostmortemService | None:
        database = self.open_database()
        if database is None:
            return None
        from data.service import PostmortemService

        return PostmortemService(database, self.clock, self.user)

    def reader(self):  # -> QuickReader | ServerReader | None
        """A read-only view of the database on sqlite3 alone (no ORM import): for `export`, `actions`.
        A server database is read through the service."""
        database = self.open_database()
        if database is None:
            return None
        if not database.is_sqlite:
            from data.server_reader import ServerReader

            return ServerReader(database, self.clock, self.user)
        from data.quick_read import QuickReader

        return QuickReader(database.path, self.as_of or self.clock.today(), database.lock_timeout)

    def unexpected(self, error: BaseException) -> str:
        """Write the traceback to a file and return a message that points at it."""
        import tempfile
        import traceback

        from data.server import hide_password

        # A server URL's password never goes to the screen or the file.
        secret = choose_database(self.db_option).url
        with tempfile.NamedTemporaryFile(
            "w", prefix="postmortem-error-", suffix=".txt", delete=False
        ) as handle:
            handle.write(hide_password("".join(traceback.format_exception(error)), secret))
        return hide_password(
            f"unexpected error: {type(error).__name__}: {error}. Nothing else was changed; "
            f"the details are in {Path(handle.name)}.", secret)
