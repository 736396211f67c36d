"""``flask --app app copy-db --to URL``: move an install to another database, e.g. from the
SQLite file to a PostgreSQL server. Parses, calls one service (``services.database``), prints."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from geo.errors import JiangleError
from services import database


@click.command("copy-db")
@with_appcontext
@click.option(
    "--to",
    "target_url",
    required=True,
    help="SQLAlchemy URL of an empty database, e.g. postgresql+psycopg://user:pw@host/jiangle",
)
def copy_db_command(target_url: str) -> None:
    """Copy every plan, history row, revision, user and layer into an empty database (its
    schema made by the migrations), all or nothing; then point JIANGLE_DATABASE_URL at it."""
    try:
        counts = database.copy_to(target_url)
    except JiangleError as exc:
        raise click.ClickException(str(exc)) from exc
    for table, count in counts.items():
        click.echo(f"{table}: {count} rows")
    click.echo("done: set JIANGLE_DATABASE_URL to the new database and restart the app")
