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

from geo.crs import DATUMS
from geo.errors import JiangleError
from geo.layers.catalogue import LAYERS
from geo.layers.mapping import DROP, FieldMapping
from geo.layers.source import is_table
from routes.cli_priority import nice_option
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


def _pairs(values: tuple[str, ...], option: str, form: str) -> list[tuple[str, str]]:
    """``A=B`` options split once; a click error naming the option otherwise."""
    pairs = []
    for value in values:
        left, sep, right = value.partition("=")
        if not sep or not left.strip():
            raise click.BadParameter(f"{value!r}: write {form}", param_hint=option)
        pairs.append((left.strip(), right.strip()))
    return pairs


def _field_mapping(
    fields: tuple[str, ...], values: tuple[str, ...], **rest: str | None
) -> FieldMapping:
    value_map: dict[str, dict[str, str]] = {}
    for left, right in _pairs(values, "--value", "TARGET:VALUE=CLASS"):
        target, _sep, source = left.partition(":")
        value_map.setdefault(target, {})[source] = right
    field_map = dict(_pairs(fields, "--field", "TARGET=COLUMN"))
    return FieldMapping(field_map, value_map, **{k: v for k, v in rest.items() if v})


@click.command("import-layer")
@nice_option("import-layer")
@with_appcontext
@click.argument("name", type=click.Choice(sorted(LAYERS)))
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--field", "fields", multiple=True, help="TARGET=COLUMN, e.g. class=等级 (repeat).")
@click.option(
    "--value",
    "values",
    multiple=True,
    help="TARGET:VALUE=CLASS, e.g. class:国道=national; "
    f"={DROP} leaves those features out (repeat).",
)
@click.option("--crs", help="The file's CRS when it declares none or a wrong one, e.g. EPSG:4549.")
@click.option("--lon", help="Longitude column of a CSV/Excel table (default: guessed).")
@click.option("--lat", help="Latitude column of a CSV/Excel table (default: guessed).")
@click.option("--datum", type=click.Choice(DATUMS), help="Datum of a table's coordinates.")
def import_layer_command(name: str, path: str, fields, values, crs, lon, lat, datum) -> None:
    """Replace one layer with a validated file, e.g. real township boundaries. With --field,
    --value, --crs, --lon, --lat or --datum (or a CSV/Excel table) the file is read through a
    field mapping: columns named like the catalogue's properties, or with their usual Chinese
    names, are guessed; the options set the rest."""
    file = Path(path)
    mapped = fields or values or crs or lon or lat or datum or is_table(file.name)
    try:
        if not mapped:
            click.echo(f"{name}: {layers.import_layer(name, file)} features imported")
            return
        field_map = _field_mapping(fields, values, crs=crs, lon=lon, lat=lat, datum=datum)
        summary = layers.import_mapped(name, file, field_map, guess_rest=True)
    except JiangleError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in summary.lines():
        click.echo(line)
    click.echo(f"{name}: {summary.count} features imported")


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
