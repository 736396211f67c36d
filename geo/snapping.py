"""Road pieces, and how stops join them: reading, snapping, stretches along a piece.

A *piece* is a stretch of one road feature between two graph nodes (``build_pieces``); every
graph edge, and every partial edge to or from a stop, is a stretch ``d0 -> d1`` metres along a
piece (``EdgeTable``), which is enough to cost it and to draw it in its driving direction.

A stop is joined to the network by a short *connector* (stop -> nearest point on a road, driven or
walked at ``CONNECTOR_KMH``). From the snapped point the vehicle drives along that road piece to
either end (only forwards on a one-way piece). ``geo.network`` turns each snap into a few
*virtual edges* for one request, so the cached graph is never modified.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from numbers import Real

import numpy as np
import scipy.sparse as sp
import shapely
from pyproj import Transformer

from geo.errors import GeoInputError, NoRouteError

METRIC_CRS = "EPSG:32650"  # UTM zone 50N: Jiangle lies about 0.4 degrees east of its meridian
CONNECTOR_KMH = 15.0  # speed on the stop <-> road connector (driveway, footpath)

LonLat = tuple[float, float]


@cache
def to_metric() -> Transformer:
    """WGS84 lon/lat -> UTM 50N metres; cached because building a transformer is slow."""
    return Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)


@dataclass(frozen=True)
class Pieces:
    """Undirected road pieces (one per edge pair) as flat arrays, shared by graph and snapping.

    Attributes
    ----------
    u, v : int arrays, node index of the first and last vertex (digitised direction).
    length_m, minutes : float arrays, full-piece length and travel time.
    oneway : bool array, True when only u -> v may be driven.
    road_ids : the ``id`` of the road feature each piece came from.
    coords : lon/lat vertex arrays, digitised direction.
    cum_m : cumulative metric distance at each vertex (starts at 0, ends at length_m).
    lines : metric shapely LineStrings, for the STRtree.
    """

    u: np.ndarray
    v: np.ndarray
    length_m: np.ndarray
    minutes: np.ndarray
    oneway: np.ndarray
    road_ids: tuple[str, ...]
    coords: tuple[np.ndarray, ...]
    cum_m: tuple[np.ndarray, ...]
    lines: np.ndarray

    def __len__(self) -> int:
        return len(self.u)


KEY = np.int64(1) << 32  # edge key = src * KEY + dst; node counts stay far below 2**32


@dataclass(frozen=True)
class EdgeTable:
    """Directed edges sorted by ``(src, dst)``, keeping only the fastest of parallel edges.

    Each edge is a stretch ``d0 -> d1`` metres along one road piece, which is all that is
    needed to cost it and to draw it in its driving direction.
    """

    src: np.ndarray
    dst: np.ndarray
    piece: np.ndarray
    d0: np.ndarray
    d1: np.ndarray
    minutes: np.ndarray
    length_m: np.ndarray
    keys: np.ndarray

    @classmethod
    def build(cls, src, dst, piece, d0, d1, pieces: Pieces) -> EdgeTable:
        """Cost the stretches pro rata of their piece and drop all but the fastest per key."""
        length = np.abs(d1 - d0)
        minutes = length / pieces.length_m[piece] * pieces.minutes[piece]
        keys = src * KEY + dst
        p = fastest(keys, minutes)
        return cls(src[p], dst[p], piece[p], d0[p], d1[p], minutes[p], length[p], keys[p])

    def lookup(self, p: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Row index of each edge ``p -> v`` (all must exist: they come from predecessor trees)."""
        return np.searchsorted(self.keys, p * KEY + v)

    def merge(self, other: EdgeTable) -> EdgeTable:
        """Both tables in one, still sorted (``other`` is a small overlay with new keys)."""
        at = np.searchsorted(self.keys, other.keys)
        return EdgeTable(*(np.insert(getattr(self, f), at, getattr(other, f)) for f in _FIELDS))

    def csr(self, size: int) -> sp.csr_matrix:
        """The travel-minutes matrix, built straight from the sorted rows (no COO pass)."""
        indptr = np.r_[0, np.cumsum(np.bincount(self.src, minlength=size))]
        return sp.csr_matrix((self.minutes, self.dst, indptr), shape=(size, size))


_FIELDS = ("src", "dst", "piece", "d0", "d1", "minutes", "length_m", "keys")


def fastest(keys: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    """Indices keeping the fastest edge per key, sorted by key."""
    order = np.lexsort((minutes, keys))
    k = keys[order]
    return order[np.r_[True, k[1:] != k[:-1]]] if len(k) else order


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


def interpolate(coords: np.ndarray, cum_m: np.ndarray, d: float) -> LonLat:
    """Lon/lat of the point ``d`` metres along a piece (linear between vertices)."""
    d = float(np.clip(d, 0.0, cum_m[-1]))
    lon = np.interp(d, cum_m, coords[:, 0])
    lat = np.interp(d, cum_m, coords[:, 1])
    return float(lon), float(lat)


def substring(coords: np.ndarray, cum_m: np.ndarray, d0: float, d1: float) -> list[LonLat]:
    """Vertices of a piece from ``d0`` to ``d1`` metres, reversed when ``d1 < d0``.

    Used for partial edges (stop -> node) and for drawing each edge in its driving direction.
    """
    lo, hi = sorted((d0, d1))
    if lo <= 0.0 and hi >= cum_m[-1]:  # a whole piece: no interpolation needed
        pts = [(float(x), float(y)) for x, y in coords]
        return pts if d1 >= d0 else pts[::-1]
    inner = (cum_m > lo) & (cum_m < hi)
    pts = [interpolate(coords, cum_m, lo)]
    pts += [(float(x), float(y)) for x, y in coords[inner]]
    pts.append(interpolate(coords, cum_m, hi))
    return pts if d1 >= d0 else pts[::-1]


def snap_points(points: Mapping[str, LonLat], pieces: Pieces, tree: shapely.STRtree) -> dict:
    """Snap every point to its nearest road piece; returns ``{id: Snap}`` in input order."""
    if not points:
        return {}
    if len(pieces) == 0:
        raise NoRouteError("The road network is empty: no stop can be snapped to a road.")
    ids = list(points)
    lonlat = _as_lonlat(points, ids)
    x, y = to_metric().transform(lonlat[:, 0], lonlat[:, 1])
    geoms = shapely.points(np.column_stack([x, y]))
    (src, hit), dist = tree.query_nearest(geoms, return_distance=True, all_matches=False)
    order = np.argsort(src, kind="stable")
    hit, dist = hit[order], dist[order]
    along = shapely.line_locate_point(pieces.lines[hit], geoms)
    return {
        sid: _make_snap(sid, lonlat[i], int(hit[i]), float(along[i]), float(dist[i]), pieces)
        for i, sid in enumerate(ids)
    }


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
    closed piece gets no edges, so it shows up as unreachable.
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


# --- Building pieces from road features ------------------------------------------------------

_ROUND = 1e7  # node join precision: coordinates equal after rounding to 1e-7 degree (~1 cm)


def build_pieces(features) -> tuple[Pieces, np.ndarray]:
    """Split road features into pieces between junctions; returns pieces and node lon/lat.

    Nodes sit at every line end and at every vertex shared by two or more lines (a T-junction
    drawn onto a vertex of the through road), after rounding to 1e-7 degree.
    """
    parts = list(_read_parts(features))
    if not parts:
        return _empty_pieces(), np.empty((0, 2))
    ll = np.concatenate([p[3] for p in parts])
    part_of = np.repeat(np.arange(len(parts)), [len(p[3]) for p in parts])
    keys = _vertex_keys(ll)
    keep = np.r_[True, (keys[1:] != keys[:-1]) | (part_of[1:] != part_of[:-1])]
    ll, part_of, keys = ll[keep], part_of[keep], keys[keep]
    is_node = _node_vertices(keys, part_of)
    node_keys, node_first, node_of_vertex = np.unique(
        keys[is_node], return_index=True, return_inverse=True
    )
    at = np.flatnonzero(is_node)
    same_part = part_of[at[:-1]] == part_of[at[1:]]
    starts, ends = at[:-1][same_part], at[1:][same_part]
    node_ix = np.full(len(keys), -1)
    node_ix[at] = node_of_vertex
    x, y = to_metric().transform(ll[:, 0], ll[:, 1])
    xy = np.column_stack([x, y])
    seg = np.r_[np.hypot(np.diff(x), np.diff(y)), 0.0]
    spans = [np.arange(s, e + 1) for s, e in zip(starts, ends, strict=True)]
    cum = tuple(np.r_[0.0, np.cumsum(seg[s:e])] for s, e in zip(starts, ends, strict=True))
    length = np.array([c[-1] for c in cum])
    speed = np.array([parts[part_of[s]][1] for s in starts], dtype=float)
    pieces = Pieces(
        u=node_ix[starts],
        v=node_ix[ends],
        length_m=length,
        minutes=length / (speed * 1000.0 / 60.0),
        oneway=np.array([parts[part_of[s]][2] for s in starts], dtype=bool),
        road_ids=tuple(parts[part_of[s]][0] for s in starts),
        coords=tuple(ll[sp] for sp in spans),
        cum_m=cum,
        lines=shapely.linestrings(xy[np.concatenate(spans)], indices=_span_ids(spans)),
    )
    return pieces, ll[is_node][node_first]


def _span_ids(spans: Sequence[np.ndarray]) -> np.ndarray:
    """Piece index for every vertex row of the concatenated spans (for shapely.linestrings)."""
    return np.repeat(np.arange(len(spans)), [len(s) for s in spans])


def _vertex_keys(ll: np.ndarray) -> np.ndarray:
    """One integer per rounded lon/lat, so equal coordinates compare equal."""
    q = np.round(ll * _ROUND).astype(np.int64) + (1 << 31)
    return q[:, 0] * (1 << 32) + q[:, 1]


def _node_vertices(keys: np.ndarray, part_of: np.ndarray) -> np.ndarray:
    """Mask of vertices that are graph nodes: line ends, and vertices shared between lines."""
    ends = np.r_[True, part_of[1:] != part_of[:-1]] | np.r_[part_of[1:] != part_of[:-1], True]
    pairs = np.unique(np.column_stack([keys, part_of]), axis=0)
    shared_keys, count = np.unique(pairs[:, 0], return_counts=True)
    return ends | np.isin(keys, shared_keys[count > 1]) | np.isin(keys, keys[ends])


def _read_parts(features) -> Iterable[tuple[str, float, bool, np.ndarray]]:
    """Yield ``(road_id, speed_kmh, oneway, lonlat)`` per line part; bad features raise."""
    for index, feature in enumerate(features):
        props = feature.get("properties") or {}
        rid = str(props.get("id", index))
        speed, oneway = props.get("speed_kmh"), props.get("oneway", False)
        where = f"roads feature {index} (id {rid!r})"
        if isinstance(speed, bool) or not isinstance(speed, Real) or not speed > 0:
            raise GeoInputError(f"{where}: speed_kmh must be a positive number, got {speed!r}.")
        if not isinstance(oneway, bool | np.bool_):
            raise GeoInputError(f"{where}: oneway must be true or false, got {oneway!r}.")
        for coords in _line_parts(feature.get("geometry"), where):
            if len(coords) >= 2:
                yield rid, float(speed), bool(oneway), coords


def _line_parts(geometry: dict | None, where: str) -> list[np.ndarray]:
    """Coordinate arrays of a LineString, or of each part of a MultiLineString."""
    kind = (geometry or {}).get("type")
    try:
        if kind == "LineString":
            return [np.asarray(geometry["coordinates"], dtype=float)[:, :2]]
        if kind == "MultiLineString":
            return [np.asarray(c, dtype=float)[:, :2] for c in geometry["coordinates"] if len(c)]
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise GeoInputError(f"{where}: malformed {kind} coordinates ({exc}).") from exc
    raise GeoInputError(f"{where}: geometry must be LineString or MultiLineString, got {kind!r}.")


def _empty_pieces() -> Pieces:
    """Pieces of a layer without roads (the graph is empty; snapping will refuse)."""
    none = np.empty(0)
    return Pieces(
        none.astype(int),
        none.astype(int),
        none,
        none,
        none.astype(bool),
        (),
        (),
        (),
        np.empty(0, object),
    )
