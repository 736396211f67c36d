"""The ``flask --app app import-osm FILE`` command: parse the options, run the OSM import use
case (``services.osm_import``) and print its report; a domain error is a one-line click error."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from geo.errors import JiangleError
from routes.cli_priority import nice_option
from services.osm_import import DEFAULT_SPEEDS, import_osm_file


@click.command("import-osm")
@nice_option("import-osm")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--buffer-km",
    type=float,
    default=10.0,
    show_default=True,
    help="Keep roads, rivers and rail this far around the county outline.",
)
@click.option(
    "--speeds",
    type=click.Path(exists=True, dir_okay=False),
    default=str(DEFAULT_SPEEDS),
    show_default=True,
    help="CSV table highway,class,speed_kmh: road class and default speed per highway tag.",
)
def import_osm_command(path: str, buffer_km: float, speeds: str) -> None:
    """Replace roads, rivers and rail from an OpenStreetMap file (.osm or .osm.pbf)."""
    try:
        report = import_osm_file(Path(path), buffer_km, Path(speeds))
    except JiangleError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in report.lines():
        click.echo(line)
