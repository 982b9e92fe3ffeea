"""Alembic environment: runs on the connection the store hands over.

The store opens the database itself (see `data.migrate`); this file is not
meant to be pointed at a URL from the command line, except by developers
generating a revision with `python -m data.migrate revision "message"`.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import data.models  # noqa: F401  (registers the tables on the metadata)

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place: batch mode rebuilds tables.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
