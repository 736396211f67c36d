"""Road network: roads layer -> cached directed graph -> travel-time matrices and drawable legs.

The graph is built once per roads layer. Each request (a set of stops, optionally some closed
roads) gets its own small overlay of virtual edges, so the cached graph is never mutated and
concurrent requests do not interfere. Shortest paths run on compiled scipy CSR matrices (one
per closure set, cached), where chains of degree-2 nodes are folded into single edges for the
minutes matrix; km and drawn legs come from a full-graph search run only when asked for. The
networkx ``DiGraph`` carries the same weights for inspection and cross-checks.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial

import networkx as nx
import numpy as np
import scipy.sparse as sp
import shapely
from scipy.sparse.csgraph import connected_components, dijkstra

from geo.errors import GeoInputError, NoRouteError, NotFoundError
from geo.snapping import (
    KEY,
    EdgeTable,
    LonLat,
    Pieces,
    Snap,
    build_pieces,
    fastest,
    snap_points,
    substring,
    virtual_edges,
)

_CACHE_SIZE = 8  # compiled closure sets kept per graph


@dataclass(frozen=True)
class Components:
    """Weak and strong connected components, labelled per node, largest first.

    A stop in a small weak component (an island of roads) or a small strong component (a
    one-way trap) cannot reach, or be reached from, the main network.
    """

    weak_labels: np.ndarray
    weak_sizes: np.ndarray
    strong_labels: np.ndarray
    strong_sizes: np.ndarray

    @classmethod
    def of(cls, csr: sp.csr_matrix) -> Components:
        """Label components with scipy, renumbered so that label 0 is the largest."""
        return cls(*_ranked(csr, "weak"), *_ranked(csr, "strong"))

    def summary(self) -> dict:
        """Plain numbers for logs and the admin page."""
        n = int(len(self.weak_labels))
        return {
            "nodes": n,
            "weak_components": int(len(self.weak_sizes)),
            "strong_components": int(len(self.strong_sizes)),
            "largest_weak": int(self.weak_sizes[0]) if n else 0,
            "largest_strong": int(self.strong_sizes[0]) if n else 0,
            "weak_sizes_top": [int(s) for s in self.weak_sizes[:10]],
        }


def _ranked(csr: sp.csr_matrix, connection: str) -> tuple[np.ndarray, np.ndarray]:
    """Component labels and sizes, relabelled in decreasing size order."""
    _, labels = connected_components(csr, directed=True, connection=connection)
    sizes = np.bincount(labels)
    rank = np.empty_like(sizes)
    rank[np.argsort(-sizes, kind="stable")] = np.arange(len(sizes))
    return rank[labels], np.sort(sizes)[::-1]


@dataclass(frozen=True)
class Leg:
    """One drawable leg: lon/lat coordinates from stop ``a`` to stop ``b``, connectors included."""

    from_id: str
    to_id: str
    minutes: float
    km: float
    coords: list[LonLat]
    road_ids: tuple[str, ...]


@dataclass(frozen=True)
class _Chains:
    """The graph with chains of degree-2 nodes folded into single edges, for fast distances.

    Most road nodes only join two pieces of the same road. Each chain between two core nodes
    becomes one edge per direction. A request unfolds just the chains its stops sit on (their
    real edges are added back), so distances stay exactly those of the full graph.
    """

    core: np.ndarray  # bool per node
    chain_of: np.ndarray  # chain id of each interior node, -1 for core nodes
    edge_chain: np.ndarray  # chain id of each base EdgeTable row, -1 for core-core edges
    src: np.ndarray  # core edges (including folded chains), fastest per (src, dst)
    dst: np.ndarray
    minutes: np.ndarray


@dataclass(frozen=True)
class _Compiled:
    """Everything that depends on a closure set: open pieces, edge table, CSR, folded chains."""

    open_mask: np.ndarray
    table: EdgeTable
    csr: sp.csr_matrix
    chains: _Chains


@dataclass(frozen=True)
class CostMatrix:
    """Travel costs between stops along the fastest road path (connectors included).

    ``minutes[i, j]`` and ``km[i, j]`` go from ``ids[i]`` to ``ids[j]``; the diagonal is 0.
    ``km`` is worked out on first use (a tour solver needs only minutes). ``leg`` / ``legs``
    rebuild the drawn road path from the same search, with no new routing.
    """

    ids: tuple[str, ...]
    minutes: np.ndarray
    snaps: tuple[Snap, ...]
    _route: Callable[[], _Search] = field(repr=False)

    @cached_property
    def _search(self) -> _Search:
        """The full-graph search with predecessors, run only when km or legs are wanted."""
        return self._route()

    @cached_property
    def km(self) -> np.ndarray:
        """Kilometres along the fastest path, connectors included."""
        conn = np.array([s.connector_m for s in self.snaps])
        metres = conn[:, None] + self._search.road_metres() + conn[None, :]
        np.fill_diagonal(metres, 0.0)
        return metres / 1000.0

    def index(self, stop_id: str) -> int:
        """Row/column of a stop id."""
        try:
            return self.ids.index(stop_id)
        except ValueError:
            raise NotFoundError(f"Stop {stop_id!r} is not in this cost matrix.") from None

    def leg(self, a: str, b: str) -> Leg:
        """The fastest road path from stop ``a`` to stop ``b``."""
        i, j = self.index(a), self.index(b)
        coords, roads, metres = self._search.geometry(i, j)
        return Leg(a, b, float(self.minutes[i, j]), metres / 1000.0, coords, roads)

    def legs(self, order: Sequence[str]) -> list[Leg]:
        """Consecutive legs of a tour given as a sequence of stop ids."""
        return [self.leg(a, b) for a, b in zip(order[:-1], order[1:], strict=True)]


@dataclass(frozen=True)
class _Search:
    """One request's Dijkstra result on the graph plus its virtual stop nodes."""

    snaps: tuple[Snap, ...]
    pieces: Pieces
    edges: EdgeTable  # base edges merged with this request's virtual edges
    n_nodes: int
    dist: np.ndarray  # (n, n) road minutes stop -> stop on the full graph (cross-check)
    pred: np.ndarray  # (n, n_nodes + 2n) predecessor rows

    def road_metres(self) -> np.ndarray:
        """Metres driven on roads along every tree path (walks all n*n paths back together)."""
        n, size = len(self.snaps), self.pred.shape[1]
        flat = self.pred.ravel()
        offset = np.repeat(np.arange(n) * size, n)
        cur = np.tile(self.n_nodes + n + np.arange(n), n)
        prev = flat[offset + cur]
        acc = np.zeros(n * n)
        live = np.flatnonzero(prev >= 0)
        length, lookup = self.edges.length_m, self.edges.lookup
        while len(live):
            p = prev[live]
            acc[live] += length[lookup(p, cur[live])]
            cur[live] = p
            prev[live] = flat[offset[live] + p]
            live = live[prev[live] >= 0]
        return acc.reshape(n, n)

    def geometry(self, i: int, j: int) -> tuple[list[LonLat], tuple[str, ...], float]:
        """Lon/lat path, road ids and metres from stop ``i`` to stop ``j``, connectors included."""
        a, b = self.snaps[i], self.snaps[j]
        if i == j:
            return [(a.lon, a.lat)], (), 0.0
        nodes = [self.n_nodes + len(self.snaps) + j]
        while self.pred[i, nodes[-1]] >= 0:
            nodes.append(int(self.pred[i, nodes[-1]]))
        nodes.reverse()
        e, pc = self.edges, self.pieces
        coords: list[LonLat] = [(a.lon, a.lat)]
        roads: list[str] = []
        rows = e.lookup(np.array(nodes[:-1]), np.array(nodes[1:]))
        for k in rows:
            piece = int(e.piece[k])
            part = substring(pc.coords[piece], pc.cum_m[piece], e.d0[k], e.d1[k])
            coords += part if coords[-1] != part[0] else part[1:]
            if not roads or roads[-1] != pc.road_ids[piece]:
                roads.append(pc.road_ids[piece])
        coords.append((b.lon, b.lat))
        return coords, tuple(roads), a.connector_m + float(e.length_m[rows].sum()) + b.connector_m


class RoadGraph:
    """The road network of one roads layer, built once and shared by all requests.

    Attributes
    ----------
    graph : networkx.DiGraph
        Nodes ``0..n-1`` (attributes ``lon``, ``lat``); edges carry ``road_id``, ``length_m``,
        ``minutes`` and ``coords`` (lon/lat, in driving direction). Parallel roads keep the
        fastest. Do not modify it: the compiled matrices are derived from the same data.
    components : Components
        Weak/strong connected components found at build time.
    pieces : Pieces
        The undirected road pieces behind the edges (used for snapping and drawing).
    """

    def __init__(self, pieces: Pieces, node_lonlat: np.ndarray):
        self.pieces = pieces
        self.node_lonlat = node_lonlat
        self.n_nodes = len(node_lonlat)
        self._tree = shapely.STRtree(pieces.lines)
        self._road_pieces = _index_roads(pieces.road_ids)
        self._lock = threading.Lock()
        self._compiled: OrderedDict[frozenset[str], _Compiled] = OrderedDict()
        base = self._compile(frozenset())
        self.components = Components.of(base.csr)
        self.graph = _to_networkx(base.table, pieces, node_lonlat)

    @classmethod
    def from_features(cls, features: Iterable[dict]) -> RoadGraph:
        """Build from GeoJSON road features (WGS84) or a GeoDataFrame of the roads layer."""
        if hasattr(features, "geometry") and hasattr(features, "to_crs"):
            return cls.from_geodataframe(features)
        return cls(*build_pieces(features))

    @classmethod
    def from_geodataframe(cls, gdf) -> RoadGraph:
        """Build from a GeoDataFrame; it is reprojected to WGS84 first when it has another CRS."""
        if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
            gdf = gdf.to_crs(4326)
        props = gdf.drop(columns=gdf.geometry.name).to_dict("records")
        geoms = [shapely.geometry.mapping(g) if g is not None else None for g in gdf.geometry]
        features = [{"properties": p, "geometry": g} for p, g in zip(props, geoms, strict=True)]
        return cls(*build_pieces(features))

    def summary(self) -> dict:
        """Sizes of the graph and its components, for logging at start-up."""
        return {
            **self.components.summary(),
            "edges": self.graph.number_of_edges(),
            "pieces": len(self.pieces),
        }

    def snap(self, points: Mapping[str, LonLat]) -> dict[str, Snap]:
        """Snap ``{id: (lon, lat)}`` to the nearest road pieces; see ``geo.snapping.Snap``."""
        return snap_points(points, self.pieces, self._tree)

    def node_costs(
        self, sources: Sequence[int], closed_road_ids: Iterable[str] = frozenset()
    ) -> tuple[np.ndarray, np.ndarray]:
        """Minutes and predecessors from graph nodes to all nodes (the compiled Dijkstra)."""
        csr = self.compiled(closed_road_ids).csr
        return dijkstra(csr, directed=True, indices=np.asarray(sources), return_predecessors=True)

    def cost_matrix(self, stops, closed_road_ids: Iterable[str] = frozenset()) -> CostMatrix:
        """Minutes and km between all stops along the fastest paths.

        Parameters
        ----------
        stops : mapping ``{id: Snap}`` or ``{id: (lon, lat)}``, or a sequence of ``Snap``
            The matrix follows this order.
        closed_road_ids : road ``id`` values to treat as closed (what-if: flood, works).

        Raises
        ------
        NoRouteError
            When some stops cannot reach each other; ``.unreachable`` names them.
        """
        closed = frozenset(closed_road_ids)
        snaps = self._as_snaps(stops)
        comp = self.compiled(closed)
        conn = np.array([s.connector_min for s in snaps])
        minutes = conn[:, None] + self._core_minutes(snaps, comp) + conn[None, :]
        np.fill_diagonal(minutes, 0.0)
        ids = tuple(s.id for s in snaps)
        _raise_if_unreachable(ids, minutes, bool(closed))
        return CostMatrix(ids, minutes, tuple(snaps), partial(self._search, snaps, comp))

    def path(self, a: Snap, b: Snap, closed_road_ids: Iterable[str] = frozenset()) -> Leg:
        """The fastest road path between two snapped stops, for drawing."""
        return self.cost_matrix([a, b], closed_road_ids).leg(a.id, b.id)

    def compiled(self, closed_road_ids: Iterable[str] = frozenset()) -> _Compiled:
        """The CSR matrix for a closure set, compiled once and kept in a small LRU cache."""
        key = frozenset(closed_road_ids)
        with self._lock:
            hit = self._compiled.get(key)
            if hit is not None:
                self._compiled.move_to_end(key)
                return hit
        compiled = self._compile(key)
        with self._lock:
            self._compiled[key] = compiled
            while len(self._compiled) > _CACHE_SIZE:
                self._compiled.popitem(last=False)
        return compiled

    def _compile(self, closed: frozenset[str]) -> _Compiled:
        """Directed edges of all open pieces (both ways unless one-way) as an EdgeTable + CSR."""
        unknown = sorted(closed - self._road_pieces.keys())
        if unknown:
            raise NotFoundError(f"Cannot close unknown road id(s): {unknown}")
        pc = self.pieces
        open_mask = np.ones(len(pc), dtype=bool)
        for rid in closed:
            open_mask[self._road_pieces[rid]] = False
        k = np.flatnonzero(open_mask & (pc.u != pc.v))
        b = k[~pc.oneway[k]]
        table = EdgeTable.build(
            np.r_[pc.u[k], pc.v[b]],
            np.r_[pc.v[k], pc.u[b]],
            np.r_[k, b],
            np.r_[np.zeros(len(k)), pc.length_m[b]],
            np.r_[pc.length_m[k], np.zeros(len(b))],
            pc,
        )
        return _Compiled(
            open_mask, table, table.csr(self.n_nodes), fold_chains(table, self.n_nodes)
        )

    def _as_snaps(self, stops) -> list[Snap]:
        """Accept snaps or raw lon/lat points; refuse duplicate ids."""
        if isinstance(stops, Mapping):
            values = list(stops.values())
            if not all(isinstance(s, Snap) for s in values):
                values = list(self.snap(stops).values())
        else:
            values = list(stops)
        if not all(isinstance(s, Snap) for s in values):
            raise GeoInputError("cost_matrix expects Snap objects or a {id: (lon, lat)} mapping.")
        ids = [s.id for s in values]
        if len(set(ids)) != len(ids):
            raise GeoInputError(
                f"Duplicate stop ids: {sorted({i for i in ids if ids.count(i) > 1})}"
            )
        return values

    def _search(self, snaps: Sequence[Snap], comp: _Compiled) -> _Search:
        """One Dijkstra run per stop on the compiled graph plus this request's virtual edges."""
        n, nn = len(snaps), self.n_nodes
        extra = EdgeTable.build(*virtual_edges(snaps, self.pieces, nn, comp.open_mask), self.pieces)
        edges = comp.table.merge(extra)
        sources = nn + np.arange(n)
        dist, pred = dijkstra(
            edges.csr(nn + 2 * n), directed=True, indices=sources, return_predecessors=True
        )
        return _Search(tuple(snaps), self.pieces, edges, nn, dist[:, nn + n :], pred)

    def _core_minutes(self, snaps: Sequence[Snap], comp: _Compiled) -> np.ndarray:
        """Road minutes between stops: Dijkstra on the folded graph plus the stops' chains."""
        n, nn, pc, ch, base = len(snaps), self.n_nodes, self.pieces, comp.chains, comp.table
        src, dst, piece, d0, d1 = virtual_edges(snaps, pc, nn, comp.open_mask)
        minutes = np.abs(d1 - d0) / pc.length_m[piece] * pc.minutes[piece]
        keep = fastest(src * KEY + dst, minutes)
        on = np.unique(ch.chain_of[np.r_[pc.u[piece], pc.v[piece]]])
        rows = np.flatnonzero(np.isin(ch.edge_chain, on[on >= 0]))
        size = nn + 2 * n
        csr = sp.csr_matrix(
            (
                np.r_[ch.minutes, base.minutes[rows], minutes[keep]],
                (
                    np.r_[ch.src, base.src[rows], src[keep]],
                    np.r_[ch.dst, base.dst[rows], dst[keep]],
                ),
            ),
            shape=(size, size),
        )
        return dijkstra(csr, directed=True, indices=nn + np.arange(n))[:, nn + n :]


def _index_roads(road_ids: Sequence[str]) -> dict[str, np.ndarray]:
    """Piece indices of each road id, so a closure can mask all pieces of a road at once."""
    out: dict[str, list[int]] = {}
    for i, rid in enumerate(road_ids):
        out.setdefault(rid, []).append(i)
    return {rid: np.array(ix) for rid, ix in out.items()}


def _to_networkx(table: EdgeTable, pieces: Pieces, node_lonlat: np.ndarray) -> nx.DiGraph:
    """The networkx view of the compiled edges: same weights, plus drawable coordinates."""
    g = nx.DiGraph()
    g.add_nodes_from(
        (i, {"lon": float(x), "lat": float(y)}) for i, (x, y) in enumerate(node_lonlat)
    )
    for s, d, k, d0, d1, mins, length in zip(
        table.src.tolist(), table.dst.tolist(), table.piece.tolist(), table.d0, table.d1,
        table.minutes.tolist(), table.length_m.tolist(), strict=True,
    ):  # fmt: skip
        coords = pieces.coords[k] if d1 > d0 else pieces.coords[k][::-1]  # views, no copies
        g.add_edge(
            s, d, road_id=pieces.road_ids[k], length_m=length, minutes=mins, piece=k, coords=coords
        )
    return g


def _raise_if_unreachable(ids: Sequence[str], minutes: np.ndarray, closures: bool) -> None:
    """Raise NoRouteError naming the stops outside the largest mutually reachable group."""
    finite = np.isfinite(minutes)
    if finite.all():
        return
    mutual = sp.csr_matrix(finite & finite.T)
    _, labels = connected_components(mutual, directed=False)
    sizes = np.bincount(labels)
    main = labels[0] if sizes[labels[0]] == sizes.max() else int(np.argmax(sizes))
    cut = [sid for sid, lab in zip(ids, labels, strict=True) if lab != main]
    reached = [sid for sid, lab in zip(ids, labels, strict=True) if lab == main]
    why = " with the closed roads" if closures else ""
    fix = "reopen closed roads" if why else "connect their roads in the roads layer"
    raise NoRouteError(
        f"No road route{why} between stop(s) {cut} and the other stops ({reached[:5]}"
        f"{' ...' if len(reached) > 5 else ''}): they lie on separate parts of the road network;"
        f" drop these stops or {fix}.",
        unreachable=cut,
    )


def fold_chains(table: EdgeTable, n: int) -> _Chains:
    """Fold every chain of degree-2 nodes (two distinct neighbours) into core-to-core edges."""
    pairs = zip(table.src.tolist(), table.dst.tolist(), strict=True)
    weight = dict(zip(pairs, table.minutes.tolist(), strict=True))
    nbrs: list[set[int]] = [set() for _ in range(n)]
    for a, b in weight:
        nbrs[a].add(b)
        nbrs[b].add(a)
    core = np.array([len(x) != 2 for x in nbrs], dtype=bool)
    chain_of = np.full(n, -1)
    edges = [(a, b, m) for (a, b), m in weight.items() if core[a] and core[b]]
    starts = np.flatnonzero(core).tolist()
    while starts:
        for start in starts:
            for first in nbrs[start]:
                if not core[first] and chain_of[first] < 0:
                    chain = _chain_nodes(start, first, nbrs, core)
                    chain_of[chain[1:-1]] = chain[1]
                    edges += _folded_edges(chain, weight)
        starts = np.flatnonzero(~core & (chain_of < 0))[:1].tolist()
        core[starts] = True  # a ring of degree-2 nodes only: one of them becomes core
    src = np.array([e[0] for e in edges], dtype=np.int64)
    dst = np.array([e[1] for e in edges], dtype=np.int64)
    mins = np.array([e[2] for e in edges], dtype=float)
    keep = fastest(src * KEY + dst, mins)
    edge_chain = np.maximum(chain_of[table.src], chain_of[table.dst])
    return _Chains(core, chain_of, edge_chain, src[keep], dst[keep], mins[keep])


def _chain_nodes(start: int, first: int, nbrs: list[set[int]], core: np.ndarray) -> list[int]:
    """Nodes from core node ``start`` through interior nodes to the next core node."""
    chain = [start, first]
    while not core[chain[-1]]:
        a, b = nbrs[chain[-1]]
        chain.append(b if a == chain[-2] else a)
    return chain


def _folded_edges(chain: list[int], weight: dict) -> list[tuple[int, int, float]]:
    """The chain as one edge per direction that can be driven end to end."""
    a, b = chain[0], chain[-1]
    links = list(zip(chain[:-1], chain[1:], strict=True))
    fwd = sum(weight.get(link, np.inf) for link in links)
    bwd = sum(weight.get(link[::-1], np.inf) for link in reversed(links))
    return [e for e in ((a, b, fwd), (b, a, bwd)) if e[0] != e[1] and np.isfinite(e[2])]
