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


def test_the_same_migrations_give_the_same_schema_on_postgresql(pg_url: str) -> None:
    """Both backends run the same revisions; on PostgreSQL too, the result matches the models."""
    from data.database import open_database

    database = open_database(pg_url)
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, SQLModel.metadata)
            revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
    finally:
        database.dispose()
    assert differences == []
    assert revision == migrate.head_revision()
