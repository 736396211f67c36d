"""Command-line commands for the layers: ``flask --app app init-db``, ``import-layer``,
``layer-revisions`` and ``rollback-layer``.

Like a blueprint they only parse (click options), call one service (``services.layers``) and
print; a domain error becomes a one-line click error with its message.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from geo.errors import JiangleError
from geo.layers.catalogue import LAYERS
from services import layers


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db_command)
    app.cli.add_command(import_layer_command)
    app.cli.add_command(layer_revisions_command)
    app.cli.add_command(rollback_layer_command)


@click.command("init-db")
@with_appcontext
@click.option(
    "--layers",
    "layer_dir",
    type=click.Path(exists=True, file_okay=False),
    help="Folder with the layer files (default: LAYER_DIR).",
)
@click.option(
    "--reload",
    is_flag=True,
    help="Replace every layer, also those already loaded (facility edits are lost).",
)
def init_db_command(layer_dir: str | None, reload: bool) -> None:
    """Create the tables and load the layers from data/shapefiles that are not loaded yet."""
    try:
        counts = layers.init_db(Path(layer_dir or current_app.config["LAYER_DIR"]), reload)
    except JiangleError as exc:
        raise click.ClickException(str(exc)) from exc
    for name, count in counts.items():
        click.echo(f"{name}: {count} features")
    if not counts:
        click.echo("every layer is loaded already (use --reload to replace them)")


@click.command("import-layer")
@with_appcontext
@click.argument("name", type=click.Choice(sorted(LAYERS)))
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_layer_command(name: str, path: str) -> None:
    """Replace one layer with a validated file, e.g. real township boundaries."""
    try:
        count = layers.import_layer(name, Path(path))
    except JiangleError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{name}: {count} features imported")


@click.command("layer-revisions")
@with_appcontext
@click.argument("name", type=click.Choice(sorted(LAYERS)))
def layer_revisions_command(name: str) -> None:
    """List a layer's revisions, newest first: number, when, who, kind, features, file."""
    try:
        rows = layers.revisions(name)
    except JiangleError as exc:
        raise click.ClickException(str(exc)) from exc
    for row in rows:
        kind = row.kind + (f" of {row.rollback_of}" if row.rollback_of else "")
        when = row.created_at.strftime("%Y-%m-%d %H:%M")
        click.echo(
            f"{row.number:>4}  {when}  {row.created_by or '-':<14} {kind:<14} "
            f"{row.feature_count:>6}  {row.file_name}"
        )
    if not rows:
        click.echo(f"{name}: no revisions kept yet")


@click.command("rollback-layer")
@with_appcontext
@click.argument("name", type=click.Choice(sorted(LAYERS)))
@click.argument("revision", type=int)
def rollback_layer_command(name: str, revision: int) -> None:
    """Make an earlier revision of a layer live again (as a new revision, so it can be undone)."""
    try:
        applied = layers.rollback_layer(name, revision)
    except JiangleError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{name}: revision {revision} restored, {applied.count} features")
