"""Display copies of the layers: lighter geometry for the screen, computed once per layer content
(``services.display`` caches them by revision), not per page; pure shapely, no folium, so the
print path and benchmarks use them too."""

from __future__ import annotations

import shapely
from shapely.geometry import mapping, shape
from shapely.ops import polylabel

from geo.maps.road_view import INLINE_MAX

# Display tolerances in degrees (~50 m, ~20 m): invisible at county scale, much lighter pages.
POLYGON_TOLERANCE = 0.0005
LINE_TOLERANCE = 0.0002


def display_copy(layer: str, features: list[dict]) -> list[dict]:
    """A lighter copy of a layer for the screen: township edges simplified together so they
    still meet, a small roads layer merged per class (merging grows faster than the layer: a
    large one is simplified per feature, and web maps load it by view, ``road_view``), other
    lines and outlines simplified."""
    if layer in ("county", "reserve"):
        return _simplified(features, POLYGON_TOLERANCE)
    if layer == "townships":
        return _coverage_simplified(features)
    if layer == "roads" and len(features) <= INLINE_MAX:
        return _merged_lines(features, "class")  # a few thick lines: light inline pages
    if layer in ("roads", "rivers", "rail"):
        return _simplified(features, LINE_TOLERANCE)
    return features


def _simplified(features: list[dict], tolerance: float) -> list[dict]:
    return [{**f, "geometry": mapping(shape(f["geometry"]).simplify(tolerance))} for f in features]


def _coverage_simplified(features: list[dict]) -> list[dict]:
    geoms = shapely.coverage_simplify([shape(f["geometry"]) for f in features], POLYGON_TOLERANCE)
    return [{**f, "geometry": mapping(g)} for f, g in zip(features, geoms, strict=True)]


def _merged_lines(features: list[dict], key: str) -> list[dict]:
    groups: dict[str, list] = {}
    for f in features:
        groups.setdefault(f["properties"][key], []).append(shape(f["geometry"]))
    merged = []
    for value, geoms in groups.items():
        line = shapely.line_merge(shapely.union_all(geoms)).simplify(LINE_TOLERANCE)
        merged.append({"type": "Feature", "properties": {key: value}, "geometry": mapping(line)})
    return merged


def polylabel_point(geometry) -> shapely.Point:
    """Where a polygon's name goes: the pole of inaccessibility of its largest part."""
    if geometry.geom_type == "MultiPolygon":
        geometry = max(geometry.geoms, key=lambda g: g.area)
    return polylabel(geometry, tolerance=POLYGON_TOLERANCE)
