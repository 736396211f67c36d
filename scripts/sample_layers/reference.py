"""Coordinates and reference data: the real inputs and the fixed seed every layer builds from.

The county outline and the township seats are read from ``REF_DIR`` (set ``JIANGLE_REF_DIR`` to
move it); geometry is built in UTM 50N metres and converted back to WGS84 lon/lat for output.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import Polygon, shape

REF_DIR = Path(
    os.environ.get("JIANGLE_REF_DIR", Path(__file__).resolve().parents[2] / "data" / "reference")
)
SEED = 350428

_TO_UTM = Transformer.from_crs(4326, 32650, always_xy=True)
_TO_WGS = Transformer.from_crs(32650, 4326, always_xy=True)

GOV_LONLAT = (117.468349, 26.731961)  # county government, Amap centre converted to WGS84


def to_utm(geom):
    """Project a WGS84 geometry to UTM 50N, where lengths and areas are in metres."""
    return shapely.transform(
        geom, lambda xy: np.column_stack(_TO_UTM.transform(xy[:, 0], xy[:, 1]))
    )


def to_wgs(geom):
    """Project a UTM 50N geometry back to WGS84 lon/lat for output."""
    return shapely.transform(
        geom, lambda xy: np.column_stack(_TO_WGS.transform(xy[:, 0], xy[:, 1]))
    )


def utm_xy(lon: float, lat: float) -> tuple[float, float]:
    """One lon/lat pair in UTM metres."""
    x, y = _TO_UTM.transform(lon, lat)
    return float(x), float(y)


def lonlat_rounded(xy: np.ndarray) -> list[list[float]]:
    """UTM vertices as WGS84 [lon, lat] rounded to 6 decimals (about 0.1 m)."""
    lon, lat = _TO_WGS.transform(xy[:, 0], xy[:, 1])
    return [[round(float(x), 6), round(float(y), 6)] for x, y in zip(lon, lat, strict=True)]


def load_county() -> Polygon:
    """The real county outline (WGS84), as the single polygon it is."""
    with open(REF_DIR / "jiangle_county_boundary_wgs84.geojson", encoding="utf-8") as fh:
        geom = shape(json.load(fh)["features"][0]["geometry"])
    return max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)


def load_seats() -> dict[str, dict]:
    """Township names and seat points from the NBS/GeoNames CSV, keyed by 9-digit code."""
    with open(REF_DIR / "jiangle_townships_2023_codes_and_seats_wgs84.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["nbs_code_2023"]: {
            "name_zh": r["name_zh"],
            "lon": float(r["lon_wgs84"]),
            "lat": float(r["lat_wgs84"]),
            "seat_source": r["source"],
        }
        for r in rows
    }
