"""Coordinate systems: WGS84 inside the product, a metric CRS for lengths and areas, and the
Chinese GCJ-02 / BD-09 offsets only at the edges (import from, or export to, Chinese map apps)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import prcoords
import shapely
from pyproj import Transformer

WGS84 = "EPSG:4326"
# UTM zone 50N covers Jiangle (117.1E-117.7E); lengths and areas are measured here.
METRIC = "EPSG:32650"

_TO_METRIC = Transformer.from_crs(WGS84, METRIC, always_xy=True)
_TO_WGS84 = Transformer.from_crs(METRIC, WGS84, always_xy=True)


def to_metric(geometry):
    """Project WGS84 geometry (one or an array) to UTM 50N metres."""
    return shapely.transform(geometry, lambda xy: _stack(*_TO_METRIC.transform(xy[:, 0], xy[:, 1])))


def to_wgs84(geometry):
    """Project UTM 50N geometry (one or an array) back to WGS84 longitude/latitude."""
    return shapely.transform(geometry, lambda xy: _stack(*_TO_WGS84.transform(xy[:, 0], xy[:, 1])))


def _stack(xs, ys):
    return np.column_stack([xs, ys])


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """WGS84 -> GCJ-02 (Gaode/Amap, Tencent), for exports read by Chinese phone apps."""
    result = prcoords.wgs_gcj((lat, lon))
    return result.lon, result.lat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """GCJ-02 -> WGS84 (iterated inverse), for coordinates picked from Gaode/Amap."""
    result = prcoords.gcj_wgs_bored((lat, lon))
    return result.lon, result.lat


def convert_coords(coords: Iterable[tuple[float, float]], to_gcj02: bool) -> list[list[float]]:
    """Round-trip-safe coordinate list conversion used by the exporters."""
    if not to_gcj02:
        return [[lon, lat] for lon, lat in coords]
    return [list(wgs84_to_gcj02(lon, lat)) for lon, lat in coords]
