"""Load and validate layer files: the one way in for geometry, shipped or uploaded.

A file is read whole, every feature is checked against its ``LayerSpec`` (properties, geometry
type, CRS, validity, unique ids, inside the county), and only a fully valid file is returned.
The first problem found raises ``GeoInputError`` naming the file, the feature and the property.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

from geo.crs import to_metric
from geo.errors import Both, GeoInputError, ValidationError
from geo.layers.catalogue import (
    BOOL,
    DATE,
    INSIDE_COUNTY,
    INT,
    LAYERS,
    LIST,
    NUM,
    STR,
    LayerSpec,
    Prop,
)
from geo.layers.dbf import dbf_encoding
from geo.layers.kml import read_kml
from geo.value_checks import clean_text

# Features may stray this far outside the county outline (digitising slack, simplified outline).
COUNTY_TOLERANCE_M = 1000.0
MAX_ID_LENGTH = 80  # the store's feature id column (store.layers.Feature.fid)
# A surveyed road of 100 km at a vertex every 2 m; an OSM way has at most 2,000 nodes.
MAX_VERTICES_PER_FEATURE = 50_000
# Ten times a county's OSM roads (about 200k pieces of ~10 vertices): far beyond, the map and
# the road graph would take minutes and gigabytes, so the file is refused before that.
MAX_VERTICES_PER_LAYER = 20_000_000
# A line that runs back over itself for more than this share of its length is a digitising error.
MAX_SELF_OVERLAP = 0.001
_WGS84_CRS_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
    "CRS84",
}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def read_feature_collection(path: Path, spec: LayerSpec | None = None) -> list[dict[str, Any]]:
    """Read a GeoJSON file and return its features; KML is read here (the text values typed by
    ``spec``), other formats go through pyogrio."""
    if path.suffix.lower() == ".kml":
        return read_kml(path, spec)
    if path.suffix.lower() not in (".geojson", ".json"):
        return _read_with_pyogrio(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GeoInputError(f"{path.name}: cannot read as GeoJSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise GeoInputError(f"{path.name}: expected a GeoJSON FeatureCollection")
    _check_crs_member(path.name, data.get("crs"))
    features = data.get("features")
    if not isinstance(features, list):
        raise GeoInputError(f"{path.name}: 'features' must be a list")
    return features


def _read_with_pyogrio(path: Path) -> list[dict[str, Any]]:
    """Shapefile (zipped or not), GeoPackage: read with pyogrio and reproject to WGS84."""
    import geopandas

    found = dbf_encoding(path)
    encoding = {"encoding": found.encoding} if found and found.encoding else {}
    try:
        frame = geopandas.read_file(path, engine="pyogrio", **encoding)
    except Exception as exc:  # pyogrio raises several driver-specific errors
        raise GeoInputError(f"{path.name}: cannot read ({exc})") from exc
    if frame.crs is None:
        raise GeoInputError(f"{path.name}: the file declares no CRS; add a .prj or use GeoJSON")
    frame = frame.to_crs(4326)
    return json.loads(frame.to_json(na="null", drop_id=True))["features"]


def _check_crs_member(file_name: str, crs: Any) -> None:
    """RFC 7946 drops 'crs'; an old-style member is accepted only when it names WGS84."""
    if crs is None:
        return
    name = (crs.get("properties") or {}).get("name") if isinstance(crs, dict) else None
    if name not in _WGS84_CRS_NAMES:
        raise GeoInputError(
            f"{file_name}: wrong CRS {name!r}: coordinates must be WGS84 longitude/latitude "
            "(EPSG:4326); reproject the file first"
        )


def validate_features(
    file_name: str,
    spec: LayerSpec,
    features: list[dict[str, Any]],
    county: shapely.Geometry | None = None,
    tolerance_m: float = COUNTY_TOLERANCE_M,
) -> list[dict[str, Any]]:
    """Check every feature of one layer; return clean features or raise on the first problem.

    ``tolerance_m`` is how far features may reach outside the county: an OSM import keeps the
    roads of a buffer around it, so it passes the buffer width."""
    if not features:
        raise GeoInputError(f"{file_name}: layer '{spec.name}' has no features")
    clean, seen, vertices = [], {}, 0
    for index, feature in enumerate(features):
        where = f"{file_name}: feature {index}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise GeoInputError(f"{where}: not a GeoJSON Feature")
        props = feature.get("properties")
        if not isinstance(props, dict):
            raise GeoInputError(f"{where}: has no properties object")
        feature_id = props.get(spec.id_prop)
        if isinstance(feature_id, str):
            where = f"{file_name}: feature {index} ({spec.id_prop}={feature_id[:40]!r})"
            if len(feature_id) > MAX_ID_LENGTH:
                raise GeoInputError(
                    f"{where}: 编号有 {len(feature_id)} 个字符，最多 {MAX_ID_LENGTH} 个 / the id "
                    f"has {len(feature_id)} characters, at most {MAX_ID_LENGTH}"
                )
        for prop in spec.props:
            _check_property(where, prop, props)
        _clean_texts(where, spec, props)
        if feature_id in seen:
            raise GeoInputError(
                f"{where}: property '{spec.id_prop}': duplicate id {feature_id!r} "
                f"(also feature {seen[feature_id]})"
            )
        seen[feature_id] = index
        geometry = _check_geometry(where, spec, feature.get("geometry"))
        vertices += shapely.get_num_coordinates(geometry)
        if vertices > MAX_VERTICES_PER_LAYER:
            raise GeoInputError(
                f"{file_name}: 图层顶点超过 {MAX_VERTICES_PER_LAYER:,} 个（到第 {index} 个要素"
                f"为止），请先裁剪到县域或简化 / the layer has over {MAX_VERTICES_PER_LAYER:,} "
                f"vertices (by feature {index}); clip it to the county or simplify it first"
            )
        clean.append({"type": "Feature", "properties": props, "geometry": mapping(geometry)})
    if county is not None and spec.name in INSIDE_COUNTY:
        _check_inside(file_name, spec, clean, county, tolerance_m)
    return clean


def _check_property(where: str, prop: Prop, props: dict[str, Any]) -> None:
    if prop.name not in props and not prop.required:
        props[prop.name] = None
    if prop.name not in props:
        raise GeoInputError(f"{where}: missing required property '{prop.name}'")
    value = props[prop.name]
    if value is None:
        if not prop.nullable:
            raise GeoInputError(f"{where}: property '{prop.name}' must not be null")
        return
    problem = _type_problem(prop, value)
    if problem is None and prop.choices is not None and value not in prop.choices:
        problem = f"must be one of {', '.join(prop.choices)}"
    if problem is None:
        problem = _range_problem(prop, value)
    if problem is not None:
        raise GeoInputError(f"{where}: property '{prop.name}' = {value!r}: {problem}")


def _clean_texts(where: str, spec: LayerSpec, props: dict[str, Any]) -> None:
    """Every text property in NFC, refused with control characters (they make GPX/KML invalid)
    and, for the id and names, with invisible ones (a name that only looks filled or like
    another one)."""
    for key, value in props.items():
        if not isinstance(value, str):
            continue
        is_name = key == spec.id_prop or key.startswith("name")
        try:
            props[key] = clean_text(value, key, name=is_name)
        except ValidationError as exc:
            problem = Both(exc.say("zh"), exc.say("en"))
            raise GeoInputError(code="err_layer_property", where=where, problem=problem) from None


def _type_problem(prop: Prop, value: Any) -> str | None:
    """Say what is wrong with a value's type, or None when it fits."""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    checks = {
        STR: (isinstance(value, str) and value.strip() != "", "must be a non-empty text"),
        NUM: (is_number and math.isfinite(value), "must be a finite number"),
        INT: (is_number and float(value).is_integer(), "must be a whole number"),
        BOOL: (isinstance(value, bool), "must be true or false"),
        LIST: (isinstance(value, list), "must be a list"),
        DATE: (isinstance(value, str) and _is_date(value), "must be a date YYYY-MM-DD"),
    }
    ok, message = checks[prop.kind]
    return None if ok else message


def _is_date(value: str) -> bool:
    if not _DATE_RE.match(value):
        return False
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def _range_problem(prop: Prop, value: Any) -> str | None:
    if prop.minimum is not None and value < prop.minimum:
        return f"must be at least {prop.minimum:g}"
    if prop.maximum is not None and value > prop.maximum:
        return f"must be at most {prop.maximum:g}"
    return None


def _check_geometry(where: str, spec: LayerSpec, geometry: Any) -> shapely.Geometry:
    if not isinstance(geometry, dict) or "type" not in geometry:
        raise GeoInputError(f"{where}: geometry is missing")
    if geometry["type"] not in spec.geometry_types:
        raise GeoInputError(
            f"{where}: geometry type {geometry['type']} not allowed in layer '{spec.name}' "
            f"(expected {' or '.join(spec.geometry_types)})"
        )
    open_ring = _first_open_ring(geometry)
    if open_ring is not None:
        raise GeoInputError(
            f"{where}: geometry is malformed (ring {open_ring} is not closed: its last position "
            "must repeat its first, RFC 7946 section 3.1.6)"
        )
    count = _vertex_count(geometry.get("coordinates"), _DEPTH[geometry["type"]])
    if count > MAX_VERTICES_PER_FEATURE:
        raise GeoInputError(
            f"{where}: 要素有 {count:,} 个顶点，上限 {MAX_VERTICES_PER_FEATURE:,}，请简化或分段 / "
            f"the geometry has {count:,} vertices, more than {MAX_VERTICES_PER_FEATURE:,}; "
            "simplify it or split it into pieces"
        )
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, shapely.errors.GEOSException) as exc:
        raise GeoInputError(f"{where}: geometry is malformed ({exc})") from exc
    if geom.is_empty:
        raise GeoInputError(f"{where}: geometry is empty")
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise GeoInputError(
            f"{where}: coordinates {minx:.1f},{miny:.1f} are not longitude/latitude: "
            "wrong CRS, the layer must be WGS84 (EPSG:4326)"
        )
    if not geom.is_valid:
        raise GeoInputError(f"{where}: geometry is invalid ({explain_validity(geom)})")
    _check_self_overlap(where, geom)
    return geom


def _check_self_overlap(where: str, geom: shapely.Geometry) -> None:
    """A line drawn back over itself (shapely calls any line valid): a road that crosses itself
    on a bridge is kept, one that retraces its own course is refused with the metres."""
    if not isinstance(geom, shapely.LineString | shapely.MultiLineString) or geom.is_simple:
        return
    share = 1 - shapely.union_all(geom).length / geom.length  # in degrees: exact collinearity
    if share > MAX_SELF_OVERLAP:
        overlap = share * to_metric(geom).length
        raise GeoInputError(
            f"{where}: 线要素自身重叠约 {overlap:,.0f} 米（来回重复描绘），请修正 / the line runs "
            f"back over itself for about {overlap:,.0f} m; fix the digitising"
        )


# How deep the position lists of each geometry type nest (a Point is one position).
_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2,
          "MultiPolygon": 3}  # fmt: skip


def _vertex_count(coords: Any, depth: int) -> int:
    """Positions in a GeoJSON coordinates array, counted by list lengths (a million-vertex line
    is refused before shapely converts it)."""
    if not isinstance(coords, list):
        return 0
    if depth <= 1:
        return 1 if depth == 0 else len(coords)
    return sum(_vertex_count(part, depth - 1) for part in coords)


def _first_open_ring(geometry: dict) -> int | None:
    """Index of the first polygon ring whose ends differ (shapely would close it silently)."""
    coords = geometry.get("coordinates")
    if geometry["type"] == "Polygon":
        polygons = [coords]
    elif geometry["type"] == "MultiPolygon":
        polygons = coords
    else:
        return None
    rings = [ring for polygon in polygons or [] for ring in polygon or []]
    for index, ring in enumerate(rings):
        if isinstance(ring, list) and len(ring) >= 2 and ring[0] != ring[-1]:
            return index
    return None


def outside_county(
    features: list[dict[str, Any]],
    county: shapely.Geometry,
    tolerance_m: float = COUNTY_TOLERANCE_M,
) -> list[int]:
    """Indices of the features lying outside the county outline by more than ``tolerance_m``:
    the one inside-county check, used by the loader and by the preview of a new county
    outline."""
    if not features:
        return []
    allowed = to_metric(county).buffer(tolerance_m)
    shapely.prepare(allowed)
    geoms = to_metric(shapely.from_geojson([json.dumps(f["geometry"]) for f in features]))
    return [index for index, ok in enumerate(shapely.contains(allowed, geoms)) if not ok]


def _check_inside(
    file_name: str,
    spec: LayerSpec,
    features: list[dict[str, Any]],
    county: shapely.Geometry,
    tolerance_m: float,
) -> None:
    """Every feature must lie within the county outline, give or take the tolerance."""
    for index in outside_county(features, county, tolerance_m)[:1]:
        feature_id = features[index]["properties"].get(spec.id_prop)
        raise GeoInputError(
            f"{file_name}: feature {index} ({spec.id_prop}={feature_id!r}): geometry lies outside "
            f"the county outline (tolerance {tolerance_m:.0f} m)"
        )


def load_layer(
    name: str, path: Path, county: shapely.Geometry | None = None
) -> list[dict[str, Any]]:
    """Read and validate one layer file; nothing is returned unless every feature is valid."""
    if name not in LAYERS:
        raise GeoInputError(f"{path.name}: unknown layer '{name}' (known: {', '.join(LAYERS)})")
    spec = LAYERS[name]
    return validate_features(path.name, spec, read_feature_collection(path, spec), county)


def county_geometry(features: list[dict[str, Any]]) -> shapely.Geometry:
    """The union of the county layer, used to check that other layers fall inside it."""
    return shapely.union_all([shape(f["geometry"]) for f in features])


def load_all(directory: Path) -> dict[str, list[dict[str, Any]]]:
    """Load every catalogued layer from a folder, the county first (the others are checked
    against it). An optional layer without a file is empty."""
    county = load_layer("county", directory / "county.geojson")
    outline = county_geometry(county)
    layers = {"county": county}
    for name, spec in LAYERS.items():
        path = directory / f"{name}.geojson"
        if name != "county":
            missing = spec.optional and not path.exists()
            layers[name] = [] if missing else load_layer(name, path, outline)
    return layers
