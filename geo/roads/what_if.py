"""What-if answers from the open network's search trees: only rows a closure can change rerun.

Closing roads only removes edges or makes them dearer, so a stop's shortest path to another
stop that uses none of those edges keeps its cost. ``StopTrees`` keeps, for the last few stop
sets, the stop-to-stop Dijkstra run on the open network (distances and predecessor trees); a
what-if on the same stops walks each tree path, and reruns Dijkstra only from the stops whose
path to some stop crosses an edge the closure removed or slowed. The answer is exactly that of
a full run.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from geo.roads.snapping import Snap

KEPT_RUNS = 2
"""Stop sets whose trees are kept per graph (the tour just shown, and one before)."""
MAX_TREE_CELLS = 20_000_000
"""Larger predecessor tables (stops x nodes) are not kept: 80 MB of int32."""


@dataclass(frozen=True)
class _Run:
    csr: sp.csr_matrix
    minutes: np.ndarray  # stop x stop
    pred: np.ndarray  # stop x node predecessor trees


class StopTrees:
    """Stop-to-stop Dijkstra runs on one graph, reused by what-ifs on the same stops."""

    def __init__(self) -> None:
        self._runs: OrderedDict[tuple[Snap, ...], _Run] = OrderedDict()
        self._lock = threading.Lock()

    def minutes(
        self, snaps: Sequence[Snap], csr: sp.csr_matrix, first: int, closed: bool
    ) -> np.ndarray:
        """Minutes between the stops on ``csr`` (stop ``i`` leaves from node ``first + i`` and
        arrives at node ``first + n + i``); ``closed`` says some roads are closed, so the open
        network's run for the same stops, if kept, is patched instead of rerun."""
        n, key = len(snaps), tuple(snaps)
        sources = first + np.arange(n)
        with self._lock:
            run = self._runs.get(key)
        if not closed or run is None:
            keep = not closed and n * csr.shape[0] <= MAX_TREE_CELLS
            dist, pred = dijkstra(
                csr, directed=True, indices=sources, return_predecessors=keep
            ) if keep else (dijkstra(csr, directed=True, indices=sources), None)  # fmt: skip
            minutes = dist[:, first + n :]
            if keep:
                self._keep(key, _Run(csr, minutes, pred))
            return minutes
        minutes = run.minutes.copy()
        rows = _affected(run, csr, first, n)
        if rows.any():
            minutes[rows] = dijkstra(csr, directed=True, indices=sources[rows])[:, first + n :]
        return minutes

    def _keep(self, key: tuple[Snap, ...], run: _Run) -> None:
        with self._lock:
            self._runs[key] = run
            self._runs.move_to_end(key)
            while len(self._runs) > KEPT_RUNS:
                self._runs.popitem(last=False)


def _affected(run: _Run, csr: sp.csr_matrix, first: int, n: int) -> np.ndarray:
    """Per stop: does its tree path to some stop use an edge that ``csr`` lacks or makes
    dearer than ``run.csr``?"""
    worse = _worse_edges(run.csr, csr)
    size = csr.shape[0]
    src = np.repeat(np.arange(n), n)
    cur = np.tile(first + n + np.arange(n), n).astype(np.int64)
    hit = np.zeros(n, dtype=bool)
    while len(cur):
        p = run.pred[src, cur].astype(np.int64)
        live = p >= 0
        src, cur, p = src[live], cur[live], p[live]
        crossed = np.isin(p * size + cur, worse)
        hit[src[crossed]] = True
        src, cur = src[~crossed & ~hit[src]], p[~crossed & ~hit[src]]
    return hit


def _worse_edges(before: sp.csr_matrix, after: sp.csr_matrix) -> np.ndarray:
    """Keys ``row * size + col`` of the edges of ``before`` missing or dearer in ``after``."""
    size = before.shape[0]
    b, a = before.tocoo(), after.tocoo()
    kb = b.row.astype(np.int64) * size + b.col
    ka = a.row.astype(np.int64) * size + a.col
    order = np.argsort(ka)
    ka, wa = ka[order], a.data[order]
    at = np.minimum(np.searchsorted(ka, kb), max(len(ka) - 1, 0))
    found = ka[at] == kb if len(ka) else np.zeros(len(kb), dtype=bool)
    worse = ~found | (wa[at] > b.data + 1e-12)
    return np.sort(kb[worse])
