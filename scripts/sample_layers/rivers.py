"""Rivers: smoothed, meandering lines through hand-placed control points (lon, lat)."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon

from .reference import SEED, utm_xy
from .shaping import chaikin, meander

# The Jinxi enters in the west near 万全, passes 黄潭, runs between the 古镛 and 水南 seats and
# leaves eastwards south of 高唐. The first and last points lie outside the county and are clipped.
JINXI = [
    (117.095, 26.700), (117.150, 26.688), (117.200, 26.681), (117.255, 26.697),
    (117.320, 26.692), (117.370, 26.708), (117.420, 26.724), (117.450, 26.7285),
    (117.468, 26.7262), (117.490, 26.733), (117.530, 26.762), (117.570, 26.789),
    (117.610, 26.797), (117.690, 26.792),
]  # fmt: skip
# (id, name_zh, name_en, control points from source to mouth; the mouth snaps onto the Jinxi)
TRIBUTARIES = [
    ("river-longqi", "龙栖溪", "Longqi Stream", [(117.282, 26.548), (117.296, 26.600),
     (117.312, 26.645), (117.318, 26.690)]),
    ("river-wanan", "万安溪", "Wan'an Stream", [(117.405, 26.935), (117.428, 26.885),
     (117.418, 26.830), (117.440, 26.770), (117.452, 26.729)]),
    ("river-yufang", "余坊溪", "Yufang Stream", [(117.240, 26.925), (117.258, 26.880),
     (117.250, 26.820), (117.262, 26.755), (117.270, 26.700)]),
    ("river-moyuan", "漠源溪", "Moyuan Stream", [(117.560, 26.655), (117.548, 26.690),
     (117.530, 26.725), (117.518, 26.752)]),
    ("river-nankou", "南口溪", "Nankou Stream", [(117.400, 26.580), (117.420, 26.630),
     (117.428, 26.680), (117.432, 26.725)]),
]  # fmt: skip


def river_line(lonlat, rng, amplitude: float, inner: Polygon) -> LineString:
    """One smoothed, meandering river inside the county (longest piece if clipping splits it)."""
    xy = np.array([utm_xy(lon, lat) for lon, lat in lonlat])
    line = LineString(meander(chaikin(xy), rng, amplitude, 60.0)).intersection(inner)
    return max(getattr(line, "geoms", [line]), key=lambda g: g.length)


def build_rivers(county: Polygon) -> list[tuple[str, str, str, str, LineString]]:
    """The Jinxi and tributaries whose mouths lie exactly on it: (id, zh, en, class, line)."""
    rng = np.random.default_rng(SEED + 3)
    inner = county.buffer(-30.0)
    main = river_line(JINXI, rng, 500.0, inner)
    rivers = [("river-jinxi", "金溪", "Jinxi River", "main", main)]
    for rid, zh, en, pts in TRIBUTARIES:
        line = river_line(pts, rng, 300.0, inner)
        coords = shapely.get_coordinates(line)
        mouth = main.interpolate(main.project(Point(coords[-1])))
        coords[-1] = (mouth.x, mouth.y)
        rivers.append((rid, zh, en, "tributary", LineString(coords)))
    return rivers
