"""Road pieces: the roads layer cut into stretches between graph nodes, and points along them.

A *piece* is a stretch of one road feature between two graph nodes (``build_pieces``). Pieces are
shared by the graph (``geo.roads.network``), snapping (``geo.roads.snapping``) and drawing
(``substring``), so their arrays, their metric CRS and the arithmetic of positions along them live
here together.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

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
    coords : lon/lat vertex arrays, digitised direction (``coords[i]``).
    cum_m : cumulative metric distance at each vertex (starts at 0, ends at length_m).
    lines : metric shapely LineStrings, for the STRtree.
    """

    u: np.ndarray
    v: np.ndarray
    length_m: np.ndarray
    minutes: np.ndarray
    oneway: np.ndarray
    road_ids: tuple[str, ...]
    coords: Runs
    cum_m: Runs
    lines: np.ndarray

    def __len__(self) -> int:
        return len(self.u)


@dataclass(frozen=True)
class Runs:
    """One run of consecutive rows of ``flat`` per piece, ``flat[starts[i]:stops[i]]``, handed
    out as a view when asked for: a tuple of 10^5 views cost more to build than the pieces'
    other arrays together."""

    flat: np.ndarray
    starts: np.ndarray
    stops: np.ndarray

    def __getitem__(self, i: int) -> np.ndarray:
        return self.flat[self.starts[i] : self.stops[i]]

    def __len__(self) -> int:
        return len(self.starts)

    def __iter__(self) -> Iterator[np.ndarray]:
        return (
            self.flat[a:b] for a, b in zip(self.starts.tolist(), self.stops.tolist(), strict=True)
        )


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
    parts = _read_parts(features)
    if not parts.road_ids:
        return _empty_pieces(), np.empty((0, 2))
    ll = parts.lonlat
    part_of = np.repeat(np.arange(len(parts.road_ids)), parts.sizes)
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
    speed = parts.speed[owner]
    spans = _spans(starts, ends)  # the vertex rows of every piece, concatenated
    sizes = ends - starts + 1
    offsets = np.r_[0, np.cumsum(sizes)]
    pieces = Pieces(
        u=node_ix[starts],
        v=node_ix[ends],
        length_m=length,
        minutes=length / (speed * 1000.0 / 60.0),
        oneway=parts.oneway[owner],
        road_ids=tuple(map(parts.road_ids.__getitem__, owner.tolist())),
        # a piece is a run of consecutive vertices, so its arrays are views, not copies
        coords=Runs(ll, starts, ends + 1),
        cum_m=Runs(run[spans] - np.repeat(run[starts], sizes), offsets[:-1], offsets[1:]),
        lines=shapely.from_ragged_array(shapely.GeometryType.LINESTRING, xy[spans], (offsets,)),
    )
    return pieces, ll[is_node][node_first]


def _spans(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Vertex rows ``starts[i]..ends[i]`` of every piece, concatenated, without a Python loop."""
    sizes = ends - starts + 1
    offsets = np.repeat(starts - np.r_[0, np.cumsum(sizes)[:-1]], sizes)
    return np.arange(int(sizes.sum())) + offsets


def _vertex_keys(ll: np.ndarray) -> np.ndarray:
    """One integer per rounded lon/lat, so equal coordinates compare equal."""
    q = np.round(ll * _ROUND).astype(np.int64) + (1 << 31)
    return q[:, 0] * (1 << 32) + q[:, 1]


def _node_vertices(keys: np.ndarray, part_of: np.ndarray) -> np.ndarray:
    """Mask of vertices that are graph nodes: line ends, and vertices shared between lines.

    One sort by (key, part) groups equal coordinates; a group is a node when it holds two parts
    or a line end."""
    ends = np.r_[True, part_of[1:] != part_of[:-1]] | np.r_[part_of[1:] != part_of[:-1], True]
    order = np.lexsort((part_of, keys))
    k, p = keys[order], part_of[order]
    new_key = np.r_[True, k[1:] != k[:-1]]
    new_part = new_key | np.r_[True, p[1:] != p[:-1]]
    group = np.cumsum(new_key) - 1
    parts = np.bincount(group, weights=new_part)
    has_end = np.bincount(group, weights=ends[order]) > 0
    is_node = np.empty(len(keys), dtype=bool)
    is_node[order] = ((parts > 1) | has_end)[group]
    return is_node


@dataclass(frozen=True)
class _Parts:
    """The line parts of a roads layer: one entry per part, vertices concatenated."""

    road_ids: list[str]
    speed: np.ndarray
    oneway: np.ndarray
    sizes: np.ndarray
    lonlat: np.ndarray


def _read_parts(features) -> _Parts:
    """Check every feature and gather its line parts (of two vertices or more); bad features
    raise, naming the first. A layer of plain 2-D LineStrings with good speeds (every layer the
    loader stored) is read column by column; any other goes through the checks feature by
    feature."""
    features = features if isinstance(features, list) else list(features)
    return _plain_lines(features) or _checked_parts(features)


def _plain_lines(features: list) -> _Parts | None:
    """The parts of a layer of plain 2-D LineStrings, read column by column (a county layer
    has 10^5 features, a province's 10^6); None when any feature is not that simple or its
    speed or one-way flag is bad: ``_checked_parts`` then reads it or names what is wrong."""
    try:
        props = [f["properties"] for f in features]
        geoms = [f["geometry"] for f in features]
        speeds = [p["speed_kmh"] for p in props]
        oneways = [p.get("oneway", False) for p in props]
        coords = [g["coordinates"] for g in geoms]
    except (KeyError, TypeError):
        return None
    if (
        {g.get("type") for g in geoms} != {"LineString"}
        or not set(map(type, speeds)) <= _PLAIN
        or not set(map(type, oneways)) <= {bool}
        or not set(map(type, coords)) <= {list, tuple}
    ):
        return None
    sizes = np.fromiter(map(len, coords), dtype=np.int64, count=len(coords))
    vertices = list(chain.from_iterable(coords))
    speed = np.array(speeds, dtype=float)
    if (sizes < 2).any() or not (speed > 0).all() or set(map(len, vertices)) != {2}:
        return None
    try:
        flat = np.fromiter(chain.from_iterable(vertices), dtype=float, count=2 * len(vertices))
    except (TypeError, ValueError):
        return None
    rids = [p.get("id", i) for i, p in enumerate(props)]
    rids = [r if r.__class__ is str else str(r) for r in rids]
    return _Parts(rids, speed, np.array(oneways, dtype=bool), sizes, flat.reshape(-1, 2))


def _checked_parts(features: list) -> _Parts:
    """Every feature checked in turn: the first bad one raises, naming itself; MultiLineStrings,
    3-D and short parts are read. Coordinates are converted in one call afterwards, and only
    when that fails part by part."""
    rids: list[str] = []
    speeds: list[float] = []
    oneways: list[bool] = []
    raw: list = []
    for index, feature in enumerate(features):
        props = feature.get("properties") or {}
        rid = props.get("id", index)
        rid = rid if rid.__class__ is str else str(rid)
        speed, oneway = props.get("speed_kmh"), props.get("oneway", False)
        if (speed.__class__ not in _PLAIN and not _is_number(speed)) or not speed > 0:
            raise GeoInputError(
                f"{_where(index, rid)}: speed_kmh must be a positive number, got {speed!r}."
            )
        if oneway.__class__ is not bool and not isinstance(oneway, np.bool_):
            raise GeoInputError(f"{_where(index, rid)}: oneway must be true or false, "
                                f"got {oneway!r}.")  # fmt: skip
        geometry = feature.get("geometry") or {}
        kind, coords = geometry.get("type"), geometry.get("coordinates")
        if kind == "LineString" and coords.__class__ in _SEQUENCES:
            parts = (coords,)
        else:
            parts = _line_parts(kind, coords, index, rid)
        for part in parts:
            if len(part) >= 2:
                rids.append(rid)
                speeds.append(speed)
                oneways.append(oneway)
                raw.append((index, part))
    sizes = np.fromiter((len(c) for _, c in raw), dtype=np.int64, count=len(raw))
    speed = np.array(speeds, dtype=float)
    return _Parts(rids, speed, np.array(oneways, dtype=bool), sizes, _lonlat(raw, rids))


_PLAIN = frozenset((int, float))
_SEQUENCES = frozenset((list, tuple, np.ndarray))


def _is_number(value) -> bool:
    return not isinstance(value, bool) and isinstance(value, _NUMBERS)


def _lonlat(raw: list, rids: list[str]) -> np.ndarray:
    """All parts' vertices as one lon/lat array (a third coordinate is dropped)."""
    try:
        flat = np.array([xy for _, coords in raw for xy in coords], dtype=float)
        if flat.ndim == 2 and flat.shape[1] >= 2:
            return flat[:, :2]
    except (TypeError, ValueError):
        pass  # ragged or malformed somewhere: find where, part by part
    out = []
    for (index, coords), rid in zip(raw, rids, strict=True):
        try:
            part = np.asarray(coords, dtype=float)
        except (TypeError, ValueError) as exc:
            raise GeoInputError(f"{_where(index, rid)}: malformed coordinates ({exc}).") from exc
        if part.ndim != 2 or part.shape[1] < 2:
            raise GeoInputError(f"{_where(index, rid)}: malformed coordinates {coords!r}.")
        out.append(part[:, :2])
    return np.concatenate(out) if out else np.empty((0, 2))


def _where(index: int, rid: str) -> str:
    return f"roads feature {index} (id {rid!r})"


def _line_parts(kind, coords, index: int, rid: str) -> list:
    """The coordinate lists of a LineString, or of each part of a MultiLineString."""
    if kind not in ("LineString", "MultiLineString"):
        raise GeoInputError(
            f"{_where(index, rid)}: geometry must be LineString or MultiLineString, got {kind!r}."
        )
    parts = [coords] if kind == "LineString" else coords
    if not isinstance(parts, list | tuple | np.ndarray) or not all(
        isinstance(c, list | tuple | np.ndarray) for c in parts
    ):
        raise GeoInputError(f"{_where(index, rid)}: malformed {kind} coordinates ({coords!r}).")
    return list(parts)


def _empty_pieces() -> Pieces:
    """Pieces of a layer without roads (the graph is empty; snapping will refuse)."""
    none = np.empty(0)
    no_runs = Runs(none, none.astype(int), none.astype(int))
    return Pieces(
        none.astype(int),
        none.astype(int),
        none,
        none,
        none.astype(bool),
        (),
        no_runs,
        no_runs,
        np.empty(0, object),
    )
