"""A real PostgreSQL server for the tests, and a fresh database on it for each test.

The server is `POSTMORTEM_TEST_PG_URL` when set (`.ci/run` starts one), else a throwaway one this
run starts with the distribution's server programs (tests/pg_server.py). Without either, the tests
that need it fail and say how to get one; they are skipped only when `POSTMORTEM_TEST_PG=0`.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import pg_server

SKIP_VARIABLE = "POSTMORTEM_TEST_PG"
URL_VARIABLE = "POSTMORTEM_TEST_PG_URL"
TEMPLATE = "postmortem_template"
_numbers = itertools.count(1)


def server_url() -> Iterator[str]:
    """Yield the server's URL for the whole run (starting and stopping one if needed)."""
    if os.environ.get(SKIP_VARIABLE) == "0":
        pytest.skip(f"{SKIP_VARIABLE}=0: the PostgreSQL tests were asked to be skipped")
    given = os.environ.get(URL_VARIABLE)
    if given:
        yield given
        return
    folder = Path(tempfile.mkdtemp(prefix="postmortem-pg-"))
    try:
        url = pg_server.start(folder)
    except Exception as error:  # noqa: BLE001 - reported as a failure with what to do
        pg_server.stop(folder)
        pytest.fail(
            f"No PostgreSQL server for the tests ({error}). Install the distribution's postgresql "
            f"package, or set {URL_VARIABLE} to a server's URL; set {SKIP_VARIABLE}=0 only to skip them.",
            pytrace=False,
        )
    try:
        yield url
    finally:
        pg_server.stop(folder)


def _admin_connection(url: str):
    import psycopg
    from sqlalchemy.engine import make_url

    parts = make_url(url)
    return psycopg.connect(
        host=parts.host, port=parts.port, user=parts.username, password=parts.password,
        dbname="postgres", autocommit=True,
    )


def prepare_template(url: str) -> None:
    """A migrated, empty database that every test's database is copied from (fast: a file copy)."""
    from data.database import open_database

    with _admin_connection(url) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {TEMPLATE}")
        admin.execute(f"CREATE DATABASE {TEMPLATE}")
    open_database(with_database(url, TEMPLATE)).dispose()


def fresh_database(url: str) -> str:
    """Create an empty, migrated database for one test; return its URL."""
    name = f"postmortem_t{os.getpid()}_{next(_numbers)}"
    with _admin_connection(url) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return with_database(url, name)


def drop_database(url: str) -> None:
    from sqlalchemy.engine import make_url

    with _admin_connection(url) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)")


def with_database(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)
