"""Use case: replace the roads, rivers and rail layers from an OpenStreetMap extract, and add
the county's railway stations to the start places (``flask --app app import-osm``)."""

from __future__ import annotations

from pathlib import Path

from geo.layers.catalogue import LAYERS
from geo.layers.loader import county_geometry, validate_features
from geo.layers.osm import import_osm, merge_stations
from geo.layers.osm_report import OsmReport
from geo.layers.osm_tags import read_speed_table
from services.display import warm_after_import
from store.layers import features, replace_layers_recorded

DEFAULT_SPEEDS = Path(__file__).resolve().parent.parent / "data" / "osm" / "road_speeds.csv"


def import_osm_file(
    path: Path,
    buffer_km: float = 10.0,
    speeds: Path = DEFAULT_SPEEDS,
    user: str = "command line",
) -> OsmReport:
    """Read, validate, then store each layer the file provides (a layer the file lacks, such
    as rivers in a roads-only export, keeps its current features). Everything is validated
    before the first write, and the layers are written in one transaction: all or none."""
    county = county_geometry(features("county"))
    result = import_osm(path, county, read_speed_table(speeds), buffer_km)
    layers = dict(result.layers)
    places = features("places")
    merged = merge_stations(places, result.stations)
    if len(merged) > len(places):
        layers["places"] = validate_features(path.name, LAYERS["places"], merged, county)
    replace_layers_recorded(layers, str(path), path.name, user)
    warm_after_import("roads")
    return result.report
