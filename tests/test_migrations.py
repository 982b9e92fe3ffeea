"""The migrations and the models describe the same schema, and revisions are found without Alembic."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import data.models  # noqa: F401
from data import migrate
from data.database import Database


def test_revisions_from_file_names_match_alembic() -> None:
    script = ScriptDirectory.from_config(migrate._config())
    assert script.get_heads() == [migrate.head_revision()]
    walked = [revision.revision for revision in script.walk_revisions()]
    assert sorted(walked) == migrate.known_revisions()


def test_models_match_the_migrated_schema(database: Database) -> None:
    """A model change without a migration fails here."""
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
