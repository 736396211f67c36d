"""Routes of one request: the stop-to-stop cost matrix and the drawable legs behind it.

``CostMatrix`` holds the minutes a tour needs; km and drawn legs come from ``PathSearch``, a
full-graph Dijkstra with predecessors over the cached edges plus this request's virtual stop
edges, run only when they are asked for. ``geo.roads.network`` builds both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from scipy.sparse.csgraph import dijkstra

from geo.errors import NotFoundError
from geo.roads.edge_table import EdgeTable
from geo.roads.pieces import LonLat, Pieces, substring
from geo.roads.snapping import Snap, virtual_edges


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
class CostMatrix:
    """Travel costs between stops along the fastest road path (connectors included).

    ``minutes[i, j]`` and ``km[i, j]`` go from ``ids[i]`` to ``ids[j]``; the diagonal is 0.
    ``km`` is worked out on first use (a tour solver needs only minutes). ``leg`` / ``legs``
    rebuild the drawn road path from the same search, with no new routing.
    """

    ids: tuple[str, ...]
    minutes: np.ndarray
    snaps: tuple[Snap, ...]
    _route: Callable[[], PathSearch] = field(repr=False)

    @cached_property
    def _search(self) -> PathSearch:
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
class PathSearch:
    """One request's Dijkstra result on the graph plus its virtual stop nodes."""

    snaps: tuple[Snap, ...]
    pieces: Pieces
    edges: EdgeTable  # base edges merged with this request's virtual edges
    n_nodes: int
    dist: np.ndarray  # (n, n) road minutes stop -> stop on the full graph (cross-check)
    pred: np.ndarray  # (n, n_nodes + 2n) predecessor rows

    @classmethod
    def run(
        cls,
        snaps: Sequence[Snap],
        pieces: Pieces,
        table: EdgeTable,
        open_mask: np.ndarray,
        n_nodes: int,
    ) -> PathSearch:
        """One Dijkstra run per stop on the compiled graph plus this request's virtual edges."""
        n, nn = len(snaps), n_nodes
        extra = EdgeTable.build(*virtual_edges(snaps, pieces, nn, open_mask), pieces)
        edges = table.merge(extra)
        sources = nn + np.arange(n)
        dist, pred = dijkstra(
            edges.csr(nn + 2 * n), directed=True, indices=sources, return_predecessors=True
        )
        return cls(tuple(snaps), pieces, edges, nn, dist[:, nn + n :], pred)

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
