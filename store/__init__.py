"""Persistence: one SQLAlchemy database (SQLite by default, PostgreSQL by URL) for layers, plans,
users, facility status and their history. Every write is one transaction; nothing is half-saved."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from flask_sqlalchemy import SQLAlchemy
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


def iso_utc(value: datetime | None) -> str | None:
    """A stored moment as ISO 8601 in UTC, the same from every backend: SQLite hands back the
    UTC time it stored without a zone, PostgreSQL an aware time in its session's zone."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")
