"""Where the database lives and who the user is, resolved once at start."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import NamedTuple

DB_ENV = "POSTMORTEM_DB"
USER_ENV = "POSTMORTEM_USER"
APP_NAME = "postmortem"


def default_database_path() -> Path:
    """`postmortem.db` in the user's data folder (per platform, via platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "postmortem.db"


class DatabaseChoice(NamedTuple):
    path: Path | None
    # The default location may be created on first use; a path the user gave must already have a folder.
    is_default: bool
    #: A PostgreSQL URL instead of a file (its password, if any, must never be shown).
    url: str | None = None

    @property
    def target(self) -> Path | str:
        """What `open_database` takes: the file's path, or the server URL."""
        return self.url if self.url is not None else self.path  # type: ignore[return-value]


def choose_database(cli_value: str | None, environ: dict[str, str] | None = None) -> DatabaseChoice:
    """`--db` wins over `POSTMORTEM_DB`, which wins over the default location; either may be a
    PostgreSQL URL."""
    from data.database import is_server_url

    environ = os.environ if environ is None else environ
    given = cli_value or environ.get(DB_ENV)
    if given:
        if is_server_url(given.strip()):
            return DatabaseChoice(None, is_default=False, url=given.strip())
        return DatabaseChoice(Path(given).expanduser(), is_default=False)
    return DatabaseChoice(default_database_path(), is_default=True)


def choose_user(cli_value: str | None, environ: dict[str, str] | None = None) -> str:
    """`--user`, else `POSTMORTEM_USER`, else the login name."""
    environ = os.environ if environ is None else environ
    if cli_value and cli_value.strip():
        return cli_value.strip()
    if environ.get(USER_ENV, "").strip():
        return environ[USER_ENV].strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
