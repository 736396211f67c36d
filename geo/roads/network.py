"""Road network: roads layer -> cached directed graph -> travel-time matrices and drawable legs.

The graph is built once per roads layer. Each request (a set of stops, optionally some closed roads)
gets its own small overlay of virtual edges, so the cached graph is never mutated and concurrent
requests do not interfere. Shortest paths run on compiled scipy CSR matrices (one per closure set,
cached), where chains of degree-2 nodes are folded into single edges for the minutes matrix
(``geo.roads.chain_folding``); km and drawn legs come from a full-graph search run only when asked
for (``geo.roads.routing``). The networkx ``DiGraph`` carries the same weights for inspection and
cross-checks.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, partial

import networkx as nx
import numpy as np
import scipy.sparse as sp
import shapely
from scipy.sparse.csgraph import connected_components, dijkstra

from geo.errors import GeoInputError, NoRouteError, NotFoundError
from geo.roads.chain_folding import Chains, close_chains, fold_chains
from geo.roads.edge_table import KEY, EdgeTable, fastest
from geo.roads.pieces import LonLat, Pieces, build_pieces
from geo.roads.routing import CostMatrix, Leg, PathSearch
from geo.roads.snapping import RESNAP_SLACK_M, Snap, snap_points, virtual_edges
from geo.roads.what_if import StopTrees

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
class _Compiled:
    """Everything that depends on a closure set: open pieces, edge table, CSR, folded chains."""

    open_mask: np.ndarray
    table: EdgeTable
    csr: sp.csr_matrix
    chains: Chains


class RoadGraph:
    """The road network of one roads layer, built once and shared by all requests.

    Attributes
    ----------
    graph : networkx.DiGraph
        Nodes ``0..n-1`` (attributes ``lon``, ``lat``); edges carry ``road_id``, ``length_m``,
        ``minutes`` and ``coords`` (lon/lat, in driving direction). Parallel roads keep the
        fastest. Built on first access. Do not modify it: the compiled matrices are derived
        from the same data.
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
        self._road_ids = np.asarray(pieces.road_ids, dtype=str)
        self._lock = threading.Lock()
        self._compiled: OrderedDict[frozenset[str], _Compiled] = OrderedDict()
        self._trees = StopTrees()
        self._open = self._compile(frozenset())
        self.components = Components.of(self._open.csr)

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The networkx view, made on first use only (tests, inspection): routing runs on the
        compiled arrays, and the copy would double the graph's memory."""
        return _to_networkx(self.compiled().table, self.pieces, self.node_lonlat)

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
            "edges": len(self.compiled().table.src),
            "pieces": len(self.pieces),
        }

    def snap(
        self, points: Mapping[str, LonLat], closed_road_ids: Iterable[str] = frozenset()
    ) -> dict[str, Snap]:
        """Snap ``{id: (lon, lat)}`` to the nearest open road pieces; see ``geo.roads.snapping``."""
        return snap_points(
            points, self.pieces, self._tree, self.compiled(closed_road_ids).open_mask
        )

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
        comp = self.compiled(closed)
        snaps = self._as_snaps(stops, closed)
        conn = np.array([s.connector_min for s in snaps])
        minutes = conn[:, None] + self._core_minutes(snaps, comp) + conn[None, :]
        np.fill_diagonal(minutes, 0.0)
        ids = tuple(s.id for s in snaps)
        _raise_if_unreachable(ids, minutes, bool(closed))
        search = partial(
            PathSearch.run, snaps, self.pieces, comp.table, comp.open_mask, self.n_nodes
        )
        return CostMatrix(ids, minutes, tuple(snaps), search)

    def path(self, a: Snap, b: Snap, closed_road_ids: Iterable[str] = frozenset()) -> Leg:
        """The fastest road path between two snapped stops, for drawing."""
        return self.cost_matrix([a, b], closed_road_ids).leg(a.id, b.id)

    def compiled(self, closed_road_ids: Iterable[str] = frozenset()) -> _Compiled:
        """The CSR matrix for a closure set, compiled once and kept in a small LRU cache (the
        open network's is kept for the graph's life: every closure is patched from it)."""
        key = frozenset(closed_road_ids)
        if not key:
            return self._open
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
        """Directed edges of all open pieces (both ways unless one-way) as an EdgeTable + CSR.

        With closed roads the open network's arrays are patched (its closed rows dropped, the
        chains they lie on unfolded) rather than built again: a what-if costs a fraction of a
        build."""
        open_mask = self._open_mask(closed)
        if not closed:
            table = EdgeTable.build(*_directed(self.pieces, open_mask), self.pieces)
            return _Compiled(
                open_mask, table, table.csr(self.n_nodes), fold_chains(table, self.n_nodes)
            )
        base = self.compiled()
        gone = ~open_mask[base.table.piece]
        slower = _directed(self.pieces, open_mask, base.table.keys[gone])
        table = base.table.keep(~gone).merge(EdgeTable.build(*slower, self.pieces))
        chains = close_chains(base.chains, base.table, gone, table)
        return _Compiled(open_mask, table, table.csr(self.n_nodes), chains)

    def _open_mask(self, closed: frozenset[str]) -> np.ndarray:
        """True for every piece not on a closed road; an unknown road id is refused."""
        if not closed:
            return np.ones(len(self.pieces), dtype=bool)
        shut = np.isin(self._road_ids, sorted(closed))
        unknown = sorted(closed - set(np.unique(self._road_ids[shut]).tolist()))
        if unknown:
            raise NotFoundError(f"Cannot close unknown road id(s): {unknown}")
        return ~shut

    def _as_snaps(self, stops, closed: frozenset[str]) -> list[Snap]:
        """Accept snaps or raw lon/lat points; refuse duplicate ids. A stop on a closed road
        joins the nearest open road if that is at most ``RESNAP_SLACK_M`` farther (a stop at a
        junction); otherwise it stays on the closed road and is reported unreachable."""
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
        open_mask = self.compiled(closed).open_mask
        return [s if open_mask[s.piece] else self._resnap(s, open_mask) for s in values]

    def _resnap(self, snap: Snap, open_mask: np.ndarray) -> Snap:
        """The snap moved to an open road close enough, or unchanged (then unreachable)."""
        point = {snap.id: (snap.lon, snap.lat)}
        reach = snap.connector_m + RESNAP_SLACK_M
        try:
            return snap_points(point, self.pieces, self._tree, open_mask, reach)[snap.id]
        except GeoInputError:
            return snap

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
        return self._trees.minutes(snaps, csr, nn, comp is not self._open)


def _directed(pc: Pieces, open_mask: np.ndarray, only: np.ndarray | None = None):
    """``(src, dst, piece, d0, d1)`` of the drivable directions of the open pieces (forward
    ones first); with ``only``, just the edges with those keys."""
    k = np.flatnonzero(open_mask & (pc.u != pc.v))
    b = k[~pc.oneway[k]]
    src, dst, piece = np.r_[pc.u[k], pc.v[b]], np.r_[pc.v[k], pc.u[b]], np.r_[k, b]
    d0 = np.r_[np.zeros(len(k)), pc.length_m[b]]
    d1 = np.r_[pc.length_m[k], np.zeros(len(b))]
    if only is None:
        return src, dst, piece, d0, d1
    pick = np.isin(src * KEY + dst, only)
    return src[pick], dst[pick], piece[pick], d0[pick], d1[pick]


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
