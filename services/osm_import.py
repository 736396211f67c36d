"""Use case: replace the roads, rivers and rail layers from an OpenStreetMap extract, and add
the county's railway stations to the start places. One path for both ways in: the command line
(``flask --app app import-osm``: read, then store) and the admin page (a background job reads,
the admin applies the report later: ``services.osm_admin``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.layers.catalogue import LAYERS
from geo.layers.loader import county_geometry, validate_features
from geo.layers.osm import import_osm, merge_stations
from geo.layers.osm_report import OsmReport
from geo.layers.osm_tags import read_speed_table
from services.display import warm_after_import
from store.layers import features, layer_infos, replace_layers_recorded

DEFAULT_SPEEDS = Path(__file__).resolve().parent.parent / "data" / "osm" / "road_speeds.csv"
OSM_LAYERS = ("roads", "rivers", "rail", "places")  # every layer an OSM import may replace


@dataclass(frozen=True)
class OsmLayers:
    """What an OSM file gives, validated and not yet stored: the layers it replaces, the
    revisions of the live layers it was read against, and the report."""

    layers: dict[str, list[dict[str, Any]]]
    revisions: dict[str, int]
    report: OsmReport


def read_osm_file(
    path: Path,
    buffer_km: float = 10.0,
    speeds: Path = DEFAULT_SPEEDS,
    progress: Callable[[str, float], None] | None = None,
) -> OsmLayers:
    """Read and validate every layer the file provides (a layer it lacks, such as rivers in a
    roads-only export, keeps its current features); nothing is written."""
    revisions = {i.name: i.revision for i in layer_infos() if i.name in OSM_LAYERS}
    county = county_geometry(features("county"))
    rules = read_speed_table(speeds)
    result = import_osm(path, county, rules, buffer_km, progress)
    layers = dict(result.layers)
    places = features("places")
    merged = merge_stations(places, result.stations)
    if len(merged) > len(places):
        layers["places"] = validate_features(path.name, LAYERS["places"], merged, county)
    return OsmLayers(layers, revisions, result.report)


def store_osm_layers(
    layers: dict[str, list[dict[str, Any]]],
    expected: dict[str, int] | None,
    source_file: str,
    file_name: str,
    user: str,
    progress: Callable[[str, float], None] | None = None,
    writing: Callable[[str, float], None] | None = None,
) -> dict[str, int]:
    """Write the layers in one transaction (all or none), recorded in the layer history; with
    the ``expected`` revisions they were read against, refused (409) if a layer changed since.
    Then build the map's copies of the new roads. The new revisions by layer. ``writing`` is
    told the write's progress chunk by chunk, from inside its transaction."""
    say = progress or (lambda name, fraction: None)
    say("write", _WRITE)
    written = None if writing is None else _across_the_write(writing)
    records = replace_layers_recorded(layers, source_file, file_name, user, expected, written)
    revisions = {record.layer: record.revision for record in records}
    say("road_view", _ROAD_VIEW)
    warm_after_import("roads")
    return revisions


_WRITE, _ROAD_VIEW = 0.02, 0.7  # at 200k road pieces the write is ~2/3 of the time


def _across_the_write(writing: Callable[[str, float], None]) -> Callable[[int, int], None]:
    """``written(done, total)`` features as the bar's fraction across the write's share."""
    return lambda done, total: writing("write", _WRITE + (_ROAD_VIEW - _WRITE) * done / total)


def import_osm_file(
    path: Path,
    buffer_km: float = 10.0,
    speeds: Path = DEFAULT_SPEEDS,
    user: str = "command line",
) -> OsmReport:
    """Read, validate, then store each layer the file provides: everything is validated
    before the first write."""
    read = read_osm_file(path, buffer_km, speeds)
    store_osm_layers(read.layers, None, str(path), path.name, user)
    return read.report
