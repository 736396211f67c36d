"""Snapping: how stops join the road network.

A stop is joined to the network by a short *connector* (stop -> nearest point on a road, driven or
walked at ``CONNECTOR_KMH``). From the snapped point the vehicle drives along that road piece to
either end (only forwards on a one-way piece). ``virtual_edges`` turns each snap into a few
edges for one request, so the cached graph is never modified.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import shapely

from geo.crs import metric_xy
from geo.errors import GeoInputError, NoRouteError
from geo.roads.pieces import LonLat, Pieces, interpolate

CONNECTOR_KMH = 15.0  # speed on the stop <-> road connector (driveway, footpath)
# Farther than this from every road, a point is refused rather than joined by a long walk.
MAX_SNAP_M = 3000.0
# A stop whose road is closed joins another open road only this much farther away (a junction,
# a parallel lane); beyond that the closure really cuts it off.
RESNAP_SLACK_M = 250.0


@dataclass(frozen=True)
class Snap:
    """Where one stop joins the road network.

    ``along_m`` / ``fraction`` give the position on the piece measured from its first vertex
    (node ``u``); ``connector_m`` / ``connector_min`` are the stop -> road leg.
    """

    id: str
    lon: float
    lat: float
    piece: int
    road_id: str
    along_m: float
    fraction: float
    connector_m: float
    connector_min: float
    snapped: LonLat


def snap_points(
    points: Mapping[str, LonLat],
    pieces: Pieces,
    tree: shapely.STRtree,
    open_mask: np.ndarray | None = None,
    max_m: float = MAX_SNAP_M,
) -> dict:
    """Snap every point to its nearest open road piece; returns ``{id: Snap}`` in input order.

    Closed pieces (``open_mask`` False) are passed over. A point farther than ``max_m`` from
    every open road is refused: it is a wrong coordinate, or a place the network does not
    reach."""
    if not points:
        return {}
    if len(pieces) == 0:
        raise NoRouteError("The road network is empty: no stop can be snapped to a road.")
    ids = list(points)
    lonlat = _as_lonlat(points, ids)
    x, y = metric_xy(lonlat[:, 0], lonlat[:, 1])
    geoms = shapely.points(np.column_stack([x, y]))
    src, hit = tree.query(geoms, predicate="dwithin", distance=max_m)
    if open_mask is not None:
        src, hit = src[open_mask[hit]], hit[open_mask[hit]]
    dist = shapely.distance(geoms[src], pieces.lines[hit])
    best: dict[int, tuple[float, int]] = {}
    for i, k, d in zip(src.tolist(), hit.tolist(), dist.tolist(), strict=True):
        if i not in best or (d, k) < best[i]:
            best[i] = (d, k)
    far = [sid for i, sid in enumerate(ids) if i not in best]
    if far:
        raise GeoInputError(
            f"{', '.join(far)}: more than {max_m / 1000:g} km from any open road; "
            "check the coordinates (WGS84 longitude, latitude)"
        )
    snaps = {}
    for i, sid in enumerate(ids):
        d, k = best[i]
        along = float(shapely.line_locate_point(pieces.lines[k], geoms[i]))
        snaps[sid] = _make_snap(sid, lonlat[i], k, along, d, pieces)
    return snaps


def _as_lonlat(points: Mapping[str, LonLat], ids: Sequence[str]) -> np.ndarray:
    """Points as an (n, 2) float array, refusing non-finite or out-of-range values."""
    try:
        arr = np.array([[float(c) for c in points[i]][:2] for i in ids], dtype=float)
    except (TypeError, ValueError) as exc:
        raise GeoInputError(f"Stop coordinates must be (lon, lat) numbers: {exc}") from exc
    bad = ~np.isfinite(arr).all(axis=1) | (np.abs(arr[:, 0]) > 180) | (np.abs(arr[:, 1]) > 90)
    if bad.any():
        names = [ids[i] for i in np.flatnonzero(bad)]
        raise GeoInputError(f"Stops with invalid lon/lat (WGS84 expected): {names}")
    return arr


def _make_snap(
    sid: str, lonlat: np.ndarray, piece: int, along: float, dist: float, pieces: Pieces
) -> Snap:
    """Build one Snap record from the STRtree hit and the projection distance."""
    length = float(pieces.length_m[piece])
    along = min(max(along, 0.0), length)
    return Snap(
        id=sid,
        lon=float(lonlat[0]),
        lat=float(lonlat[1]),
        piece=piece,
        road_id=pieces.road_ids[piece],
        along_m=along,
        fraction=along / length,
        connector_m=dist,
        connector_min=dist / (CONNECTOR_KMH * 1000.0 / 60.0),
        snapped=interpolate(pieces.coords[piece], pieces.cum_m[piece], along),
    )


def virtual_edges(snaps: Sequence[Snap], pieces: Pieces, n_nodes: int, open_mask: np.ndarray):
    """Edges joining each stop to the graph for one request: ``(src, dst, piece, d0, d1)`` arrays.

    Stop ``i`` gets a source node ``n_nodes + i`` (edges out to its piece's ends) and a target
    node ``n_nodes + n + i`` (edges in from them), so one Dijkstra run per stop gives a full row.
    Stops on the same piece also get a direct edge when the direction allows it. A stop on a
    closed piece gets no edges (``RoadGraph`` snaps to open pieces, so that only happens to
    snaps made before the closure).
    """
    n = len(snaps)
    on_piece: dict[int, list[int]] = {}
    for i, a in enumerate(snaps):
        if open_mask[a.piece]:
            on_piece.setdefault(a.piece, []).append(i)
    rows: list[tuple[int, int, int, float, float]] = []
    for k, stops in on_piece.items():
        length, u, v, oneway = pieces.length_m[k], pieces.u[k], pieces.v[k], pieces.oneway[k]
        for i in stops:
            s, t, d = n_nodes + i, n_nodes + n + i, snaps[i].along_m
            rows += [(s, v, k, d, length), (u, t, k, 0.0, d)]
            if not oneway:
                rows += [(s, u, k, d, 0.0), (v, t, k, length, d)]
            rows += [
                (s, n_nodes + n + j, k, d, snaps[j].along_m)
                for j in stops
                if j != i and (snaps[j].along_m >= d or not oneway)
            ]
    src, dst, piece, d0, d1 = zip(*rows, strict=True) if rows else ((),) * 5
    return (
        np.array(src, dtype=np.int64),
        np.array(dst, dtype=np.int64),
        np.array(piece, dtype=np.int64),
        np.array(d0, dtype=float),
        np.array(d1, dtype=float),
    )
