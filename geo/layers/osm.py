"""OpenStreetMap import: roads, rivers, rail and stations of the county plus a buffer.

Reads ``.osm`` and ``.osm.pbf`` with the GDAL OSM driver through pyogrio (no parser of our own),
with a configuration (``osmconf.ini``) that turns only the needed tags into columns. GDAL's
spatial filter (the bounding box of the county plus the buffer) keeps the rest of a province
extract out of Python; shapely then keeps the ways that meet the buffered outline and cuts those
that leave it. Tags become catalogue properties (``geo.layers.osm_tags``) and every layer goes
through the same validation as any other file (``geo.layers.loader.validate_features``).

Ways are kept whole as features; the road graph splits them at shared vertices, which are the
shared OSM nodes (``geo.roads.pieces.build_pieces``), so the network routes as drawn in OSM.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from geo.crs import to_metric, to_wgs84
from geo.errors import GeoInputError
from geo.layers.catalogue import LAYERS, RAIL_CLASSES, RIVER_CLASSES, ROAD_CLASSES
from geo.layers.loader import COUNTY_TOLERANCE_M, validate_features
from geo.layers.osm_files import check_osm_name
from geo.layers.osm_report import OsmReport, totals, unconnected
from geo.layers.osm_tags import (
    RoadRule,
    drop_reasons,
    is_yes,
    oneway_direction,
    road_classes,
    road_speeds,
)
from geo.value_checks import scrubbed

CONFIG_FILE = Path(__file__).with_name("osmconf.ini")
ATTRIBUTION = "© OpenStreetMap contributors, ODbL 1.0"
_LINE_COLUMNS = [
    "osm_id", "name", "name_zh", "name_en", "highway", "waterway", "railway", "service", "ref",
    "maxspeed", "oneway", "junction", "access", "motor_vehicle", "bridge", "tunnel",
]  # fmt: skip
_RIVER_CLASS = {"river": "main", "stream": "tributary", "canal": "tributary"}
_STATION_GAP_M = 500.0  # an OSM station this close to a stored station is the same station


@dataclass(frozen=True)
class OsmImport:
    """Validated layers (roads and, when the file has them, rivers and rail), the stations
    found in the county and the report of what was read and left out."""

    layers: dict[str, list[dict[str, Any]]]
    stations: list[dict[str, Any]]
    report: OsmReport


def check_buffer_km(buffer_km: float) -> float:
    """The buffer around the county, refused outside 0-50 km (a typo would read a province)."""
    if not 0 <= buffer_km <= 50:  # also refuses nan
        raise GeoInputError(code="err_osm_buffer_range", value=f"{buffer_km:g}")
    return buffer_km


def _silent(stage: str, fraction: float) -> None:
    """No progress to show (the command line prints the report at the end)."""


def import_osm(
    path: Path,
    county: shapely.Geometry,
    road_rules: dict[str, RoadRule],
    buffer_km: float = 10.0,
    progress: Callable[[str, float], None] | None = None,
) -> OsmImport:
    """Read an OSM file and build the roads, rivers and rail layers of the county + buffer.
    ``progress(stage, fraction)`` is told each stage as it starts: read, clip, split, graph."""
    check_buffer_km(buffer_km)
    progress = progress or _silent
    area = to_wgs84(to_metric(county).buffer(buffer_km * 1000.0))
    progress("read", 0.05)
    lines = _read(path, "lines", _LINE_COLUMNS, area)
    stations = _stations(path, county)
    progress("clip", 0.4)
    lines, clipped, outside = _clip(lines, area)
    roads, dropped = _roads(lines, road_rules)
    rivers, rail = _rivers(lines), _rail(lines)
    reach = buffer_km * 1000.0 + COUNTY_TOLERANCE_M
    layers = {}
    for name, feats in (("roads", roads), ("rivers", rivers), ("rail", rail)):
        if name == "roads" and not feats:
            raise GeoInputError(
                f"{path.name}: 县界及 {buffer_km:g} 公里缓冲区内没有道路 / no roads in the county "
                f"plus {buffer_km:g} km: is this an extract of the right region?"
            )
        if feats:
            layers[name] = validate_features(path.name, LAYERS[name], feats, county, reach)
    islands, island_count = unconnected(layers["roads"], progress)
    report = OsmReport(
        file_name=path.name,
        buffer_km=buffer_km,
        roads=totals(layers["roads"], ROAD_CLASSES),
        rivers=totals(layers.get("rivers", []), RIVER_CLASSES),
        rail=totals(layers.get("rail", []), RAIL_CLASSES),
        stations=len(stations),
        dropped={k: int(v) for k, v in dropped.items()},
        clipped=clipped,
        outside=outside,
        islands=islands,
        island_count=island_count,
    )
    return OsmImport(layers, stations, report)


def _read(path: Path, layer: str, columns: list[str], area: shapely.Geometry) -> pd.DataFrame:
    """One layer of the file, limited to the area's bounding box by GDAL's spatial filter."""
    import pyogrio

    check_osm_name(path.name)
    try:
        frame = pyogrio.read_dataframe(
            path,
            layer=layer,
            columns=columns,
            bbox=tuple(area.bounds),
            CONFIG_FILE=str(CONFIG_FILE),
        )
    except Exception as exc:  # pyogrio raises several driver-specific errors
        raise GeoInputError(
            f"{path.name}: 无法读取 OSM 文件 / cannot read as OpenStreetMap ({exc})"
        ) from exc
    # OSM stores 7 decimals; rounding drops the float noise of GDAL's conversion.
    frame["geometry"] = shapely.transform(frame.geometry.to_numpy(), lambda xy: xy.round(7))
    return frame.reset_index(drop=True)


def _clip(lines: pd.DataFrame, area: shapely.Geometry) -> tuple[pd.DataFrame, int, int]:
    """Keep ways meeting the area, cut those leaving it; count cut and discarded ways."""
    shapely.prepare(area)
    geoms = lines.geometry.to_numpy()
    meets = shapely.intersects(area, geoms)
    inside = shapely.contains(area, geoms)
    cut = meets & ~inside
    geoms = geoms.copy()
    geoms[cut] = shapely.intersection(geoms[cut], area)
    geoms = _line_parts(geoms)
    keep = meets & ~shapely.is_empty(geoms)
    kept = lines.loc[keep].copy()
    kept["geometry"] = geoms[keep]
    return kept.reset_index(drop=True), int(cut.sum()), int((~meets).sum())


def _line_parts(geoms: np.ndarray) -> np.ndarray:
    """Cut results reduced to their lines (a way touching the edge can leave a point)."""
    out = geoms.copy()
    mixed = shapely.get_type_id(geoms) == 7  # GeometryCollection
    for i in np.flatnonzero(mixed):
        parts = shapely.get_parts(geoms[i])
        lines = [p for p in parts if shapely.get_type_id(p) in (1, 5)]
        out[i] = shapely.line_merge(shapely.multilinestrings(lines)) if lines else shapely.Point()
    points = np.isin(shapely.get_type_id(out), (0, 4))
    out[points] = shapely.LineString()
    return out


def _roads(lines: pd.DataFrame, rules: dict[str, RoadRule]) -> tuple[list[dict], pd.Series]:
    """Road features from the highway ways, and how many were left out for which reason."""
    ways = lines[lines["highway"].notna()]
    reason = drop_reasons(ways["highway"], ways["access"], ways["motor_vehicle"], rules)
    dropped = reason[reason != ""].value_counts()
    ways = ways[reason == ""]
    direction = oneway_direction(ways["oneway"], ways["highway"], ways["junction"])
    geoms = ways.geometry.to_numpy().copy()
    geoms[direction < 0] = shapely.reverse(geoms[direction < 0])  # drive as digitised
    props = pd.DataFrame(
        {
            "id": "osm-w" + ways["osm_id"].astype(str),
            "name_zh": _name_zh(ways),
            "class": road_classes(ways["highway"], rules),
            "speed_kmh": road_speeds(ways["highway"], ways["maxspeed"], rules).round(1),
            "oneway": direction != 0,
            "ref": ways["ref"],
            "name_en": ways["name_en"],
            "highway": ways["highway"],
            "junction": ways["junction"],
            "bridge": is_yes(ways["bridge"]),
            "tunnel": is_yes(ways["tunnel"]),
            "source": "OpenStreetMap way " + ways["osm_id"].astype(str) + f" ({ATTRIBUTION})",
            "accuracy": "approximate",
        }
    )
    return _features(props, geoms), dropped


def _rivers(lines: pd.DataFrame) -> list[dict]:
    ways = lines[lines["waterway"].isin(list(_RIVER_CLASS))]
    name_zh = _name_zh(ways).fillna("无名河流")
    props = pd.DataFrame(
        {
            "id": "osm-w" + ways["osm_id"].astype(str),
            "name_zh": name_zh,
            "name_en": ways["name_en"].fillna(name_zh.where(name_zh != "无名河流", "Unnamed")),
            "class": ways["waterway"].map(_RIVER_CLASS),
            "waterway": ways["waterway"],
            "source": "OpenStreetMap way " + ways["osm_id"].astype(str) + f" ({ATTRIBUTION})",
            "accuracy": "approximate",
        }
    )
    return _features(props, ways.geometry.to_numpy())


def _rail(lines: pd.DataFrame) -> list[dict]:
    ways = lines[lines["railway"] == "rail"]
    props = pd.DataFrame(
        {
            "id": "osm-w" + ways["osm_id"].astype(str),
            "name_zh": _name_zh(ways),
            "class": np.where(ways["service"].notna(), "siding", "mainline"),
            "bridge": is_yes(ways["bridge"]),
            "tunnel": is_yes(ways["tunnel"]),
            "source": "OpenStreetMap way " + ways["osm_id"].astype(str) + f" ({ATTRIBUTION})",
            "accuracy": "approximate",
        },
        index=ways.index,
    )
    return _features(props, ways.geometry.to_numpy())


def _stations(path: Path, county: shapely.Geometry) -> list[dict]:
    """Railway stations inside the county (with the usual tolerance), as start places."""
    inside = to_wgs84(to_metric(county).buffer(COUNTY_TOLERANCE_M))
    points = _read(path, "points", ["osm_id", "name", "name_zh", "name_en", "railway"], inside)
    points = points[(points["railway"] == "station") & shapely.contains(inside, points.geometry)]
    name_zh = _name_zh(points).fillna("火车站")
    props = pd.DataFrame(
        {
            "id": "osm-n" + points["osm_id"].astype(str),
            "name_zh": name_zh,
            "name_en": points["name_en"].fillna(name_zh.where(name_zh != "火车站", "Station")),
            "kind": "station",
            "source": "OpenStreetMap node " + points["osm_id"].astype(str) + f" ({ATTRIBUTION})",
            "accuracy": "approximate",
        }
    )
    return _features(props, points.geometry.to_numpy())


def merge_stations(places: list[dict], stations: list[dict]) -> list[dict]:
    """The places layer with the OSM stations added: stored places are kept (plans refer to
    them by id) and a station within ``_STATION_GAP_M`` of a stored station is not added
    again."""
    known = [p for p in places if p["properties"].get("kind") == "station"]
    if not known:
        return places + stations
    stored = to_metric(np.array([_shape(p) for p in known]))
    fresh = [
        s for s in stations if shapely.distance(to_metric(_shape(s)), stored).min() > _STATION_GAP_M
    ]
    return places + fresh


def _shape(feature: dict) -> shapely.Geometry:
    return shapely.geometry.shape(feature["geometry"])


def _name_zh(ways: pd.DataFrame) -> pd.Series:
    """``name:zh``, else ``name`` (OSM names in China are Chinese); None when unnamed."""
    return ways["name_zh"].fillna(ways["name"])


def _features(props: pd.DataFrame, geoms: np.ndarray) -> list[dict]:
    """GeoJSON features; missing optional tags are left out rather than stored as null."""
    rows = props.astype(object).where(props.notna(), None).to_dict("records")
    out = []
    for row, geom in zip(rows, geoms, strict=True):
        clean = {
            k: scrubbed(v) if isinstance(v, str) else v
            for k, v in row.items()
            if v is not None or k == "name_zh"
        }
        out.append(
            {"type": "Feature", "properties": clean, "geometry": shapely.geometry.mapping(geom)}
        )
    return out
