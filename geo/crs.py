"""Coordinate systems: WGS84 inside the product, a metric CRS for lengths and areas, and the
Chinese GCJ-02 and BD-09 offsets only at the edges (exports for Gaode-based phone apps, points
picked from Amap or Baidu at import)."""

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


# Datums of coordinates picked from Chinese web maps, and how each comes back to WGS84: the
# "bored" inverses iterate the published forward formula to centimetres (the closed-form
# inverse is off by metres).
DATUMS = ("wgs84", "gcj02", "bd09")
_TO_WGS84_FROM = {"gcj02": prcoords.gcj_wgs_bored, "bd09": prcoords.bd_wgs_bored}


def datum_to_wgs84(lon: float, lat: float, datum: str) -> tuple[float, float]:
    """Longitude/latitude in ``datum`` (wgs84, gcj02 from Amap/Tencent, bd09 from Baidu) as
    WGS84; outside China the offsets do not apply and the point is returned as given."""
    point = prcoords.Coords(lat, lon)
    if datum == "wgs84" or not prcoords.sanity_in_china_p(point):
        return lon, lat
    result = _TO_WGS84_FROM[datum](point, check_china=False)
    return result.lon, result.lat
