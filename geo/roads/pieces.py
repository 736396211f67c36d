"""Road pieces: the roads layer cut into stretches between graph nodes, and points along them.

A *piece* is a stretch of one road feature between two graph nodes (``build_pieces``). Pieces are
shared by the graph (``geo.roads.network``), snapping (``geo.roads.snapping``) and drawing
(``substring``), so their arrays, their metric CRS and the arithmetic of positions along them live
here together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import shapely

from geo.crs import metric_xy
from geo.errors import GeoInputError

LonLat = tuple[float, float]


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


_NUMBERS = (int, float, np.integer, np.floating)  # plain isinstance: numbers.Real is slow
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
    x, y = metric_xy(ll[:, 0], ll[:, 1])
    xy = np.column_stack([x, y])
    run = np.r_[0.0, np.cumsum(np.hypot(np.diff(x), np.diff(y)))]  # metres along the vertices
    length = run[ends] - run[starts]
    owner = part_of[starts]
    speed = np.array([p[1] for p in parts], dtype=float)[owner]
    spans = _spans(starts, ends)  # the vertex rows of every piece, concatenated
    pieces = Pieces(
        u=node_ix[starts],
        v=node_ix[ends],
        length_m=length,
        minutes=length / (speed * 1000.0 / 60.0),
        oneway=np.array([p[2] for p in parts], dtype=bool)[owner],
        road_ids=tuple(parts[k][0] for k in owner.tolist()),
        # a piece is a run of consecutive vertices, so its arrays are views, not copies
        coords=tuple(ll[s : e + 1] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)),
        cum_m=tuple(_cumulative(run, starts, ends)),
        lines=shapely.linestrings(
            xy[spans], indices=np.repeat(np.arange(len(starts)), ends - starts + 1)
        ),
    )
    return pieces, ll[is_node][node_first]


def _spans(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Vertex rows ``starts[i]..ends[i]`` of every piece, concatenated, without a Python loop."""
    sizes = ends - starts + 1
    offsets = np.repeat(starts - np.r_[0, np.cumsum(sizes)[:-1]], sizes)
    return np.arange(int(sizes.sum())) + offsets


def _cumulative(run: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> Iterable[np.ndarray]:
    """Metres from each piece's first vertex at each of its vertices (0 ... length_m)."""
    rel = run[_spans(starts, ends)] - np.repeat(run[starts], ends - starts + 1)
    at = np.r_[0, np.cumsum(ends - starts + 1)]
    return (rel[a:b] for a, b in zip(at[:-1].tolist(), at[1:].tolist(), strict=True))


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
        if isinstance(speed, bool) or not isinstance(speed, _NUMBERS) or not speed > 0:
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
