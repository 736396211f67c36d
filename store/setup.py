"""Database set-up: the engine with its SQLite pragmas, and table creation.

Loading the layers into the tables is a use case (``services.layers.init_db``), wired to the
``init-db`` command and to the first start by ``routes/cli.py`` and ``app.py``.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event

# Every model module, so that create_all knows all the tables.
from store import db, facilities, layers, plans, prep, users  # noqa: F401


def init_app(app: Flask) -> None:
    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets readers go on while one writer saves; the busy timeout queues writers."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_tables() -> None:
    """Create the tables that do not exist yet; existing tables and rows are left alone."""
    db.create_all()
