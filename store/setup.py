"""Database set-up: the engine with its SQLite pragmas, and the schema by migrations.

The schema is made and changed only by the Alembic revisions in ``migrations/`` (Flask-Migrate
adds ``flask --app app db …``); ``upgrade_schema`` brings any database to the newest one, a new
one as well as one made by an earlier release. Loading the layers into the tables is a use case
(``services.layers.init_db``), wired to the ``init-db`` command and to the first start by
``routes/cli.py`` and ``app.py``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask_migrate import Migrate
from sqlalchemy import Connection, event

# Every model module, so that the metadata (and autogenerate) knows all the tables.
from store import (  # noqa: F401
    archive,
    built_files,
    db,
    facilities,
    jobs,
    layers,
    photos,
    plans,
    prep,
    prep_tasks,
    review,
    settings,
    sites,
    task_photos,
    users,
)

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
migrate = Migrate(directory=str(MIGRATIONS))


def init_app(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db)
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


def _config():
    return current_app.extensions["migrate"].migrate.get_config()


@cache
def _heads(directory: str) -> frozenset[str]:
    """The newest revisions (read once per process: the files do not change while it runs)."""
    return frozenset(ScriptDirectory(directory).get_heads())


def schema_is_current(connection: Connection | None = None) -> bool:
    """True when the database (the app's, or ``connection``'s) is at the newest revision
    (cheap: no migration runs)."""
    heads = _heads(current_app.extensions["migrate"].directory)
    if connection is not None:
        return set(MigrationContext.configure(connection).get_current_heads()) == heads
    with db.engine.connect() as own:
        return schema_is_current(own)


def upgrade_schema(connection: Connection | None = None) -> None:
    """Run the migrations a database lacks (all of them on a new one), as ``flask db upgrade``;
    on the app's database, or on ``connection`` inside its open transaction."""
    if schema_is_current(connection):
        return
    config = _config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
