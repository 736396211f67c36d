"""Longqi Mountain reserve: an inset, rounded and bent copy of (county ∩ published extent)."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import Polygon, box

from .reference import SEED, to_utm
from .shaping import warp, wave_field

RESERVE_BOX = (117 + 13 / 60, 26 + 28 / 60, 117 + 21 / 60, 26 + 37 / 60)  # lon/lat extent
RESERVE_HA = 15693.0


def reserve_extent(county: Polygon) -> Polygon:
    """The published lon/lat extent (densified so it stays straight in lon/lat) ∩ the county."""
    extent = shapely.segmentize(box(*RESERVE_BOX), 0.002)
    return to_utm(extent).intersection(county)


def reserve_shape(extent: Polygon, inset: float, field, bend: float) -> Polygon:
    """Shrink by ``inset + bend``, round the corners, then bend by at most ``bend`` metres.

    The bend can never push the outline back out, so the result stays ``inset`` inside the
    extent whatever the noise does.
    """
    core = extent.buffer(-(inset + bend + 3000.0)).buffer(3000.0)
    core = max(getattr(core, "geoms", [core]), key=lambda g: g.area)
    return warp(shapely.segmentize(core, 100.0), field).buffer(0)


def build_reserve_polygon(county: Polygon) -> Polygon:
    """About 15,693 ha inside the extent and the county, found by bisection on the inset."""
    extent = reserve_extent(county)
    bend = 900.0
    field = wave_field(np.random.default_rng(SEED + 2), bend / 1.5, (3000.0, 9000.0))
    lo, hi = 0.0, 4000.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if reserve_shape(extent, mid, field, bend).area > RESERVE_HA * 1e4:
            lo = mid
        else:
            hi = mid
    return reserve_shape(extent, (lo + hi) / 2, field, bend)
