"""Persistence: one SQLAlchemy database (SQLite by default, PostgreSQL by URL) for layers, plans,
users, facility status and their history. Every write is one transaction; nothing is half-saved."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ColumnElement, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base shared by every model of the store."""


db = SQLAlchemy(model_class=Base)


@contextmanager
def atomic() -> Iterator[None]:
    """One write, all or nothing: commit when the block ends, roll back on any error."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def set_versioned(
    model: type[Base],
    key: dict[str, Any],
    version: int,
    values: dict[str, Any],
    *,
    where: tuple[ColumnElement[bool], ...] = (),
) -> bool:
    """The one compare-and-set of every versioned row, inside the caller's ``atomic()``.

    Version 0 adds the row at version 1 (its primary key refuses a second such insert); any
    other version moves the row found by ``key`` (and ``where``) from ``version`` to the next
    with ``values``. False when another write got there first: the caller raises its own
    conflict, which rolls the transaction back, so of two saves of one version one wins."""
    if version == 0:
        db.session.add(model(**key, version=1, **values))
        try:
            db.session.flush()
        except IntegrityError:
            return False
        return True
    matches = [getattr(model, column) == value for column, value in key.items()]
    result = db.session.execute(
        update(model)
        .where(*matches, model.version == version, *where)
        .values(**values, version=version + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def iso_utc(value: datetime | None) -> str | None:
    """A stored moment as ISO 8601 in UTC, the same from every backend: SQLite hands back the
    UTC time it stored without a zone, PostgreSQL an aware time in its session's zone."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")
