"""Database set-up: SQLite pragmas, table creation, loading the shipped layers, CLI commands."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import event, inspect

from geo.errors import JiangleError
from geo.layers.catalogue import LAYERS
from geo.layers.loader import county_geometry, load_all, load_layer

# Every model module, so that create_all knows all the tables.
from store import atomic, db, facilities, plans, users  # noqa: F401
from store.layers import LayerInfo, features, layer_infos, replace_layer, replace_layer_recorded


def init_app(app: Flask) -> None:
    db.init_app(app)
    app.cli.add_command(init_db_command)
    app.cli.add_command(import_layer_command)
    with app.app_context():
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            event.listen(db.engine, "connect", _sqlite_pragmas)
        if app.config.get("AUTO_INIT_DB", True):
            db.create_all()  # adds tables that are new since the database was made
            if not _is_initialised():
                init_db()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets readers go on while one writer saves; the busy timeout queues writers."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _is_initialised() -> bool:
    if not inspect(db.engine).has_table(LayerInfo.__tablename__):
        return False
    return db.session.query(LayerInfo).count() == len(LAYERS)


def init_db(layer_dir: Path | None = None, reload: bool = False) -> dict[str, int]:
    """Create missing tables and load the layers that are not loaded yet (every layer with
    ``reload``), all in one transaction. Layers already in the database are kept by default:
    they may hold facility edits or real data uploaded since."""
    layer_dir = Path(layer_dir or current_app.config["LAYER_DIR"])
    layers = load_all(layer_dir)  # validates everything before the database is touched
    db.create_all()
    loaded = {info.name for info in layer_infos()}
    counts = {}
    with atomic():
        for name, feats in layers.items():
            if reload or name not in loaded:
                counts[name] = replace_layer(name, feats, str(layer_dir / f"{name}.geojson"))
    current_app.logger.info("loaded layers %s", counts)
    return counts


def import_layer(name: str, path: Path) -> int:
    """Replace one layer from a file (GeoJSON, Shapefile, GeoPackage, KML): all or nothing."""
    county = None if name == "county" else county_geometry(features("county"))
    feats = load_layer(name, path, county)
    replace_layer_recorded(name, feats, str(path), path.name, user="command line")
    return len(feats)


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
        counts = init_db(Path(layer_dir) if layer_dir else None, reload)
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
        count = import_layer(name, Path(path))
    except JiangleError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{name}: {count} features imported")
