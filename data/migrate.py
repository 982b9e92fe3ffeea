"""Schema versions: which revisions exist, and applying them.

Revision files are named `NNNN_description.py` with revision id `NNNN`, in a
straight line. Knowing the revisions from file names keeps the start-up check
free of the Alembic import; Alembic itself is loaded only to migrate.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def known_revisions() -> list[str]:
    """Every revision id this version of the app knows, oldest first."""
    names = (path.name for path in (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    return sorted(name[:4] for name in names)


def head_revision() -> str:
    return known_revisions()[-1]


def _config(connection: Connection | None = None):  # -> alembic.config.Config
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection) -> None:
    """Bring the schema on `connection` to the head revision."""
    from alembic import command

    command.upgrade(_config(connection), "head")


def _make_revision(message: str) -> None:
    """Developer tool: autogenerate the next revision from the models."""
    import tempfile

    from alembic import command
    from sqlalchemy import create_engine

    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{folder}/scratch.db")
        with engine.begin() as connection:
            existing = known_revisions()
            if existing:
                upgrade(connection)
            next_id = f"{int(existing[-1]) + 1 if existing else 1:04d}"
            command.revision(
                _config(connection), message=message, autogenerate=True, rev_id=next_id
            )


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "revision":
        sys.exit('usage: python -m data.migrate revision "what changed"')
    _make_revision(sys.argv[2])
