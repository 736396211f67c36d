"""Geometry of the clean-up, in the metric CRS (UTM 50N): the driven line, the parts of roads it
runs on, clipping by township, connected pieces and their ends, the corridor around it all.

The tour's legs are substrings of the road pieces (``geo.roads.routing.PathSearch.geometry``), so a
road is driven where it lies within ``TRACK_M`` of the driven line; the slack only absorbs float
noise and adds at most that much at a turn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point, shape
from shapely.geometry.base import BaseGeometry

from geo.crs import to_metric

LonLat = tuple[float, float]
TRACK_M = 2.0  # a road within this of the driven line is on the route
_PIECE_M = 1.0  # shorter leftovers of a clip (a crossing, a touch) are no stretch
_ENDS_DP = 1  # end points equal to 0.1 m are the same node


def route_line(paths: Sequence[Sequence[LonLat]]) -> LineString | None:
    """The whole tour as one metric line in driving order (legs joined at their stops)."""
    coords: list[tuple[float, float]] = []
    for path in paths:
        for lon, lat in path:
            if not coords or coords[-1] != (lon, lat):
                coords.append((lon, lat))
    return to_metric(LineString(coords)) if len(coords) > 1 else None


def metric_shapes(features: Sequence[dict]) -> np.ndarray:
    """The features' geometries in metres, as one shapely array (one vectorised transform)."""
    if not features:
        return np.array([], dtype=object)
    return to_metric(np.array([shape(f["geometry"]) for f in features], dtype=object))


def lines_only(geometry: BaseGeometry) -> MultiLineString:
    """The line parts of an overlay result (points where a line only touches are dropped)."""
    parts = [g for g in shapely.get_parts(geometry) if isinstance(g, LineString) and g.length]
    return MultiLineString(parts)


def clip(geometry: BaseGeometry, townships: Sequence[tuple[str, BaseGeometry]]):
    """``(code, lines)`` for each township the lines run through, leftovers under a metre out."""
    for code, polygon in townships:
        if geometry.intersects(polygon):
            part = lines_only(geometry.intersection(polygon))
            if part.length >= _PIECE_M:
                yield code, part


def components(geometries: Sequence[BaseGeometry]) -> list[MultiLineString]:
    """Connected pieces of some lines: a road driven there and back, or with a spur to a stop,
    is one piece; the same road driven again further on is another."""
    lines = shapely.get_parts(shapely.line_merge(shapely.union_all(lines_only_all(geometries))))
    blobs = shapely.get_parts(shapely.union_all(shapely.buffer(lines, _PIECE_M, quad_segs=2)))
    return [MultiLineString([ln for ln in lines if blob.intersects(ln)]) for blob in blobs]


def lines_only_all(geometries: Sequence[BaseGeometry]) -> list[LineString]:
    return [ln for g in geometries for ln in lines_only(g).geoms]


class Along:
    """Distance along the driven line to where it first passes a point. A tour drives some
    roads there and back, where ``LineString.project`` may pick either pass; the first counts."""

    def __init__(self, line: LineString):
        coords = np.asarray(line.coords)
        self._segments = shapely.linestrings(np.stack([coords[:-1], coords[1:]], axis=1))
        self._starts = np.concatenate([[0.0], np.cumsum(shapely.length(self._segments))[:-1]])
        self._tree = shapely.STRtree(self._segments)

    def driven_part(self, road: BaseGeometry) -> MultiLineString:
        """The part of a road the route runs on: within TRACK_M of the driven segments near it
        (a local buffer: buffering the whole tour makes one huge polygon)."""
        near = self._tree.query(road, predicate="dwithin", distance=TRACK_M)
        if not len(near):
            return MultiLineString()
        track = shapely.buffer(shapely.multilinestrings(self._segments[near]), TRACK_M, quad_segs=2)
        return lines_only(road.intersection(track))

    def __call__(self, point: Point) -> float:
        near = self._tree.query(point, predicate="dwithin", distance=2 * TRACK_M)
        k = int(near.min()) if len(near) else int(self._tree.nearest(point))
        return float(self._starts[k] + self._segments[k].project(point))


def ends(piece: MultiLineString, along: Along) -> tuple[Point, Point]:
    """Where the panel enters and leaves a connected piece: its loose ends (end points no other
    line of the piece shares), first and last along the driven line."""
    points = [ln.coords[k] for ln in piece.geoms for k in (0, -1)]
    counts = Counter((round(x, _ENDS_DP), round(y, _ENDS_DP)) for x, y in points)
    loose = [p for p in points if counts[(round(p[0], _ENDS_DP), round(p[1], _ENDS_DP))] == 1]
    candidates = [Point(p) for p in (loose or points)]
    where = [along(p) for p in candidates]
    return candidates[int(np.argmin(where))], candidates[int(np.argmax(where))]


def corridor(line: LineString, stops: Sequence[Point], distance_m: float) -> BaseGeometry:
    """The strip within ``distance_m`` of the driven line, with the circles around the stops."""
    return shapely.union_all([line.buffer(distance_m), *(p.buffer(distance_m) for p in stops)])
