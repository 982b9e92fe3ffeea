"""Copying a whole database into another one: a SQLite file into PostgreSQL, or into another file.

Rows keep their ids, so every link between them (actions and their history, trees of whys and
causes) stays exactly as it was; the copy is one transaction on the target, so a failure leaves
it as it was. Both databases are at the same schema revision (`open_database` migrates them), so
their tables have the same columns. No printing here: `app/cli/migrate_db.py` reports.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, Table, bindparam, func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import SQLModel

import data.models  # noqa: F401 - registers every table in SQLModel.metadata
from data.database import Database
from data.errors import StoreError
from data.server import driver_message

#: Rows read and inserted at a time while copying, so the copy's memory stays flat however large the
#: database is. (Checking the copy afterwards reads one table at a time from each side.)
BATCH = 1000
#: Differing rows named per table in a verification message.
_SHOWN = 3


class TransferRefused(StoreError):
    """The copy was not started (the target holds data, the source none); nothing was written."""


class TransferFailed(StoreError):
    """The copy or its check failed; the message says whether anything was written."""


@dataclass(frozen=True)
class TransferReport:
    """Rows copied per table, in the order they were copied."""

    counts: dict[str, int]

    @property
    def postmortems(self) -> int:
        return self.counts.get("postmortem", 0)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def tables() -> list[Table]:
    """Every table of the app, parents before children (so foreign keys hold while inserting)."""
    return [table for table in SQLModel.metadata.sorted_tables if table.name != "alembic_version"]


def count_rows(connection: Connection) -> dict[str, int]:
    return {table.name: _count(connection, table) for table in tables()}


def _count(connection: Connection, table: Table) -> int:
    return connection.execute(select(func.count()).select_from(table)).scalar_one()


def copy_database(source: Database, target: Database) -> TransferReport:
    """Copy every row of `source` into the empty `target` in one transaction, ids included.

    Refused (`TransferRefused`) when the target holds any row: ids would clash, and a merge is
    not what a migration means. Any failure rolls the whole copy back (`TransferFailed`)."""
    urls = (source.url, target.url)
    try:
        with _snapshot(source) as reader, target.engine.connect() as writer:
            try:
                _begin_writing(writer)
                held = count_rows(writer)
                if any(held.values()):
                    raise TransferRefused(_not_empty(target.label, held))
                if not _count(reader, SQLModel.metadata.tables["postmortem"]):
                    raise TransferRefused(f"{source.label} holds no postmortems, so there is nothing to copy. "
                                          "Nothing was changed.")
                copied = {table.name: _copy_table(reader, writer, table) for table in tables()}
                present = count_rows(writer)
                if present != copied:
                    raise TransferFailed(
                        f"The copy into {target.label} did not add up ({_count_differences(copied, present)}), "
                        "so it was rolled back; nothing was changed."
                    )
                if writer.dialect.name == "postgresql":
                    _reset_sequences(writer)
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
    except SQLAlchemyError as error:
        raise TransferFailed(
            f"Nothing was copied into {target.label}: {_reason(error, urls)} The target was left as it was."
        ) from None
    return TransferReport(copied)


def verify(source: Database, target: Database) -> list[str]:
    """Compare every row of every table, read afresh from both databases; one line per difference.

    Empty when the target holds exactly what the source holds. Values are compared after
    SQLAlchemy's conversion, so a time reads the same from SQLite text and a PostgreSQL timestamptz."""
    problems: list[str] = []
    try:
        with _snapshot(source) as left, _snapshot(target) as right:
            for table in tables():
                problems.extend(_compare_table(table, _keyed_rows(left, table), _keyed_rows(right, table)))
    except SQLAlchemyError as error:
        raise TransferFailed(
            f"Could not read the databases back to check the copy: {_reason(error, (source.url, target.url))}"
        ) from None
    return problems


# -- copying ------------------------------------------------------------------------------------


@contextmanager
def _snapshot(database: Database) -> Iterator[Connection]:
    """A read-only transaction that sees one consistent state, even while the app writes."""
    with database.engine.connect() as connection:
        if database.is_sqlite:
            # pysqlite starts no transaction for reads on its own; a deferred BEGIN pins the snapshot
            # at the first read (WAL mode), so a writer elsewhere cannot tear the copy.
            connection.exec_driver_sql("BEGIN")
        else:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        try:
            yield connection
        finally:
            connection.rollback()


def _begin_writing(writer: Connection) -> None:
    """Take the write locks before checking that the target is empty, so it stays empty until commit."""
    if writer.dialect.name == "sqlite":
        writer.exec_driver_sql("BEGIN IMMEDIATE")
    elif writer.dialect.name == "postgresql":
        # EXCLUSIVE lets others read but not write: the app cannot add a postmortem (taking an id
        # this copy is about to use) while it runs.
        names = ", ".join(_quoted(writer, table) for table in tables())
        writer.exec_driver_sql(f"LOCK TABLE {names} IN EXCLUSIVE MODE")


def _copy_table(reader: Connection, writer: Connection, table: Table) -> int:
    """Copy one table in batches; links to rows of the same table are set once all rows exist."""
    keys = [column.name for column in table.primary_key.columns]
    self_links = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    postgresql = writer.dialect.name == "postgresql"
    links: list[dict[str, Any]] = []
    count = 0
    result = reader.execute(select(table).order_by(*table.primary_key.columns).execution_options(yield_per=BATCH))
    for batch in result.mappings().partitions(BATCH):
        rows = [dict(row) for row in batch]
        for row in rows:
            if postgresql:
                _check_storable(table, keys, row)
            # A parent may have a higher id than its child (after an import or a restore): insert
            # without the link, then set it, so the order of the rows never matters.
            if any(row[name] is not None for name in self_links):
                links.append({**{f"key_{k}": row[k] for k in keys}, **{f"link_{n}": row[n] for n in self_links}})
                row.update(dict.fromkeys(self_links))
        writer.execute(table.insert(), rows)
        count += len(rows)
    if links:
        condition = [table.c[k] == bindparam(f"key_{k}") for k in keys]
        statement = table.update().where(*condition).values({n: bindparam(f"link_{n}") for n in self_links})
        writer.execute(statement, links)
    return count


def _check_storable(table: Table, keys: list[str], row: Mapping[str, Any]) -> None:
    """PostgreSQL refuses text holding a NUL character, which SQLite keeps: name the row, not just the error."""
    for name, value in row.items():
        if isinstance(value, str) and "\x00" in value:
            where = ", ".join(f"{k} {row[k]}" for k in keys)
            raise TransferFailed(
                f"The {table.name} row with {where} has a NUL character in its {name}, which PostgreSQL cannot "
                "store. Remove it in the app (or with sqlite3) and migrate again; nothing was copied."
            )


def _reset_sequences(writer: Connection) -> None:
    """Explicit ids leave PostgreSQL's id sequences at 1: move each past the highest id copied, so the
    next row the app adds gets a fresh id instead of a duplicate-key error."""
    for table in tables():
        columns = list(table.primary_key.columns)
        if len(columns) != 1 or columns[0].name != "id" or not isinstance(columns[0].type, Integer):
            continue
        name = _quoted(writer, table)
        writer.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:name, 'id'), (SELECT COALESCE(MAX(id), 1) FROM {name}), "
                f"(SELECT COUNT(*) > 0 FROM {name}))"
            ),
            {"name": name},
        )


def _quoted(connection: Connection, table: Table) -> str:
    return connection.dialect.identifier_preparer.format_table(table)


def _not_empty(label: str, held: dict[str, int]) -> str:
    postmortems = held.get("postmortem", 0)
    if postmortems:
        what = f"{postmortems} postmortem{'' if postmortems == 1 else 's'}"
    else:
        what = "rows in " + ", ".join(name for name, count in held.items() if count)
    return (
        f"{label} already holds {what}; migrate copies only into an empty database, so that no id "
        "or incident id clashes. Give a new database (or empty this one); nothing was changed."
    )


def _count_differences(expected: dict[str, int], present: dict[str, int]) -> str:
    return ", ".join(
        f"{name}: {expected.get(name, 0)} copied, {present.get(name, 0)} present"
        for name in expected.keys() | present.keys()
        if expected.get(name, 0) != present.get(name, 0)
    )


def _reason(error: SQLAlchemyError, urls: tuple[str | None, ...]) -> str:
    reason = driver_message(error, *urls)
    return reason if reason.endswith(".") else reason + "."


# -- verifying ----------------------------------------------------------------------------------


def _keyed_rows(connection: Connection, table: Table) -> dict[tuple[Any, ...], dict[str, Any]]:
    keys = list(table.primary_key.columns)
    rows = connection.execute(select(table).order_by(*keys)).mappings()
    return {tuple(row[key.name] for key in keys): dict(row) for row in rows}


def _compare_table(
    table: Table, source: dict[tuple[Any, ...], dict[str, Any]], target: dict[tuple[Any, ...], dict[str, Any]]
) -> list[str]:
    problems = []
    if len(source) != len(target):
        problems.append(f"{table.name}: {len(source)} rows in the source, {len(target)} in the target")
    missing = [key for key in source if key not in target]
    extra = [key for key in target if key not in source]
    changed = {key: _changed_columns(row, target[key]) for key, row in source.items() if key in target}
    changed = {key: columns for key, columns in changed.items() if columns}
    if missing:
        problems.append(f"{table.name}: {len(missing)} rows missing from the target ({_keys(missing)})")
    if extra:
        problems.append(f"{table.name}: {len(extra)} rows only in the target ({_keys(extra)})")
    if changed:
        columns = sorted({column for names in changed.values() for column in names})
        problems.append(
            f"{table.name}: {len(changed)} rows differ ({_keys(list(changed))}) in {', '.join(columns)}"
        )
    return problems


def _changed_columns(left: dict[str, Any], right: dict[str, Any]) -> list[str]:
    return [name for name, value in left.items() if not _same(value, right.get(name))]


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, float) and isinstance(right, float) and math.isnan(left) and math.isnan(right):
        return True
    return bool(left == right)


def _keys(keys: list[tuple[Any, ...]]) -> str:
    shown = ", ".join("/".join(str(part) for part in key) for key in keys[:_SHOWN])
    more = f" and {len(keys) - _SHOWN} more" if len(keys) > _SHOWN else ""
    return f"id {shown}{more}"
