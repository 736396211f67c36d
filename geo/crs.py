"""Coordinate systems: WGS84 inside the product, a metric CRS for lengths and areas, and the
Chinese GCJ-02 offset only at the edge (exports for Gaode-based phone apps)."""

from __future__ import annotations

import numpy as np
import prcoords
import shapely
from pyproj import Transformer

WGS84 = "EPSG:4326"
# UTM zone 50N covers Jiangle (117.1E-117.7E); lengths and areas are measured here.
METRIC = "EPSG:32650"

_TO_METRIC = Transformer.from_crs(WGS84, METRIC, always_xy=True)
_TO_WGS84 = Transformer.from_crs(METRIC, WGS84, always_xy=True)


def metric_xy(lons: np.ndarray, lats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project WGS84 longitude/latitude arrays to UTM 50N x/y metres."""
    return _TO_METRIC.transform(lons, lats)


def to_metric(geometry):
    """Project WGS84 geometry (one or an array) to UTM 50N metres."""
    return shapely.transform(geometry, lambda xy: np.column_stack(metric_xy(xy[:, 0], xy[:, 1])))


def to_wgs84(geometry):
    """Project UTM 50N geometry back to WGS84 (a buffer drawn in metres, for example)."""
    return shapely.transform(geometry, lambda xy: np.column_stack(_TO_WGS84.transform(*xy.T)))


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """WGS84 -> GCJ-02 (Gaode/Amap, Tencent), for exports read by Chinese phone apps."""
    result = prcoords.wgs_gcj((lat, lon))
    return result.lon, result.lat
