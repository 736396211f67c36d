"""Copy the whole database to another one (SQLite to PostgreSQL, say) with nothing lost.

The target gets the schema from the migrations and then every row of every table, parents
first, in ONE transaction of the target: a copy that fails half-way leaves the target as it was.
Ids are copied as they are, so on PostgreSQL each id sequence is moved past the largest copied
id afterwards (else the next insert would collide with a copied row).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, DateTime, Integer, Table, create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from geo.errors import ValidationError
from store import db
from store.setup import schema_is_current, upgrade_schema

BATCH = 500


class TransferError(ValidationError):
    """The copy cannot start or failed; nothing was written to the target."""


def copy_database(target_url: str) -> dict[str, int]:
    """Copy every row of the app's database into the (empty) database at ``target_url``;
    the number of rows copied per table."""
    source_url = db.engine.url
    try:
        target = create_engine(make_url(target_url))
    except (ArgumentError, ImportError) as exc:
        raise TransferError(f"目标数据库地址无效 / not a usable database URL: {exc}") from None
    if target.url.render_as_string() == source_url.render_as_string():
        raise TransferError("目标与源是同一个数据库 / the target is the source database itself")
    if not schema_is_current():
        raise TransferError(
            "源数据库不是最新结构 / the source database is not at the newest schema: "
            "run flask --app app db upgrade first"
        )
    try:
        with db.engine.connect() as source, target.begin() as connection:
            upgrade_schema(connection)
            _refuse_unless_empty(connection)
            counts = {
                table.name: _copy_table(source, connection, table)
                for table in db.metadata.sorted_tables
            }
            _move_sequences(connection)
    except SQLAlchemyError as exc:
        message = f"复制失败，目标未改动 / the copy failed, the target is unchanged: {exc}"
        raise TransferError(message) from None
    finally:
        target.dispose()
    return counts


def _refuse_unless_empty(connection: Connection) -> None:
    full = [
        table.name
        for table in db.metadata.sorted_tables
        if connection.scalar(select(func.count()).select_from(table))
    ]
    if full:
        raise TransferError(
            f"目标数据库已有数据 / the target already holds rows in {', '.join(full)}: "
            "copy into a new, empty database"
        )


def _copy_table(source: Connection, target: Connection, table: Table) -> int:
    order = list(table.primary_key.columns)
    rows = source.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
    aware = [c.name for c in table.columns if isinstance(c.type, DateTime) and c.type.timezone]
    copied = 0
    for batch in rows.mappings().partitions(BATCH):
        target.execute(table.insert(), [_utc(dict(row), aware) for row in batch])
        copied += len(batch)
    return copied


def _utc(row: dict[str, Any], aware: list[str]) -> dict[str, Any]:
    """SQLite hands back the UTC times it stores without their zone: say it is UTC, so a
    server in another time zone does not shift them."""
    for name in aware:
        value = row[name]
        if isinstance(value, datetime) and value.tzinfo is None:
            row[name] = value.replace(tzinfo=UTC)
    return row


def _move_sequences(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        for column in table.primary_key.columns:
            if isinstance(column.type, Integer) and column.autoincrement in (True, "auto"):
                _move_sequence(connection, table, column.name)


def _move_sequence(connection: Connection, table: Table, column: str) -> None:
    sequence = connection.scalar(
        text("SELECT pg_get_serial_sequence(:table, :column)"),
        {"table": f'"{table.name}"', "column": column},
    )
    if sequence is None:  # a key copied from elsewhere, not generated (login_state.user_id)
        return
    largest = connection.scalar(select(func.max(table.c[column])))
    connection.execute(
        text("SELECT setval(:sequence, :value, :called)"),
        {"sequence": sequence, "value": largest or 1, "called": largest is not None},
    )
