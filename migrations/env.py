"""Alembic's environment: the app's engine and the store's models (``store.db.metadata``).

Run by ``flask --app app db …`` (Flask-Migrate) and by ``store.setup.upgrade_schema`` at start-up.
On PostgreSQL an advisory lock makes several workers starting at once upgrade one after the
other: the later ones find the schema at head and do nothing.
"""

from alembic import context
from flask import current_app
from sqlalchemy import Connection, text

MIGRATION_LOCK = 741_215  # any constant shared by every process of this app

migrate = current_app.extensions["migrate"]


def skip_empty_revision(_context, _revision, directives) -> None:
    """``db migrate`` with no model change writes no empty revision file."""
    cmd_opts = context.config.cmd_opts
    if getattr(cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        print("No changes in schema detected.")


def run_migrations(connection: Connection) -> None:
    options = {"process_revision_directives": skip_empty_revision, **migrate.configure_args}
    context.configure(connection=connection, target_metadata=migrate.db.metadata, **options)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


def run_migrations_online() -> None:
    """On the connection a caller handed over (``copy-db``: the target, in its transaction),
    else on the app's database."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    with migrate.db.engine.connect() as connection:
        run_migrations(connection)


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported: run them against a database")
run_migrations_online()
