"""Heuristic visiting order: iterated local search for tours too large for Held-Karp.

Works on the core problem of ``geo.tour.solver`` (cheapest path from node 0 to node N-1 through
every other node, keep_order as a relative order on some of them). 2-opt and Or-opt moves are drawn
from neighbour lists with a work queue ("don't-look bits"), kicked by segment-swap double bridges.
Move gains are computed exactly for asymmetric matrices: reversing a segment is charged the
difference between its backward and forward arcs, read from prefix sums along the current path.
Random choices use a fixed seed and the default stopping rule counts iterations, not seconds, so
equal input gives equal output.
"""

from __future__ import annotations

import math
import random
import time
from collections import deque
from collections.abc import Sequence

import numpy as np

from geo.time_limit import check_time_limit

NEIGHBOURS = 8
"""Candidate neighbours per node for 2-opt and Or-opt moves."""

SEED = 20240611
"""Fixed seed of the kicks, so the same input always gives the same tour."""

SEARCH_RUNS = 2
"""Independent searches (different seeds); the best wins. Insurance against one deep trap."""

ACCEPT_WORSE = 0.01
"""A kicked path up to this fraction longer than the best is still walked on, to leave funnels."""

_OR_SEGMENTS = ((0, 0), (0, 1), (0, 2), (-1, 0), (-2, 0))
"""Or-opt segments around a node at position p, as (first, last) offsets from p."""


def _neighbour_lists(cost: np.ndarray, k: int) -> list[list[int]]:
    """The ``k`` nearest nodes of each node, by the cheaper direction: the move candidates.

    The cheaper direction keeps a one-way street (impossible the other way) among the candidates.
    """
    both = np.minimum(cost, cost.T)
    np.fill_diagonal(both, np.inf)
    k = min(k, len(cost) - 1)
    nearest = np.argpartition(both, k - 1, axis=1)[:, :k]
    rows = np.arange(len(cost))[:, None]
    order = np.argsort(both[rows, nearest], axis=1, kind="stable")
    return np.take_along_axis(nearest, order, axis=1).tolist()


def _nearest_neighbour(cost: np.ndarray, rank: list[int]) -> list[int]:
    """Greedy path 0 -> N-1 that respects keep_order: a start point for the local search."""
    size = len(cost)
    ranked = sorted((r, k) for k, r in enumerate(rank) if r >= 0)
    keep_next = deque(k for _, k in ranked)
    open_nodes = np.ones(size, dtype=bool)
    open_nodes[[0, size - 1]] = False
    open_nodes[[k for _, k in ranked]] = False
    path = [0]
    for _ in range(size - 2):
        row = np.where(open_nodes, cost[path[-1]], np.inf)
        nxt = int(np.argmin(row))
        if keep_next and (not np.isfinite(row[nxt]) or cost[path[-1], keep_next[0]] <= row[nxt]):
            nxt = keep_next.popleft()
        open_nodes[nxt] = False
        path.append(nxt)
    return [*path, size - 1]


class _LocalSearch:
    """2-opt and Or-opt on a path whose end nodes (positions 0 and N-1) never move.

    Besides the path it keeps, per position, prefix sums of the skew (backward minus forward cost)
    of each arc, refreshed only for asymmetric matrices, and of the number of keep_order nodes, so
    that reversing or moving any segment is priced and checked in constant time.
    """

    def __init__(self, cost: np.ndarray, rank: list[int]):
        self.c: list[list[float]] = cost.tolist()
        self.size = len(cost)
        self.asym = not np.allclose(cost, cost.T, rtol=0.0, atol=0.0)
        self.keep = [int(r >= 0) for r in rank]
        self.ordered = any(self.keep)
        self.skew: list[list[float]] = (cost.T - cost).tolist()
        self.nbrs = _neighbour_lists(cost, NEIGHBOURS)
        both = np.minimum(cost, cost.T).tolist()
        self.near = [[both[u][w] for w in self.nbrs[u]] for u in range(self.size)]
        self.eps = 1e-9 * max(1.0, float(np.median(cost)))
        self.tour: list[int] = []
        self.cost = 0.0

    def load(self, tour: list[int]) -> None:
        """Take ``tour`` as the current path and rebuild every index over it."""
        self.tour = list(tour)
        self.pos = [0] * self.size
        self.skewsum = [0.0] * self.size
        self.kc = [0] * (self.size + 1)
        self._reindex(0, self.size - 1)
        c, t = self.c, self.tour
        self.cost = sum(c[t[x]][t[x + 1]] for x in range(self.size - 1))

    def _reindex(self, lo: int, hi: int) -> None:
        """Refresh positions and prefix sums after positions ``lo..hi`` changed."""
        t, pos = self.tour, self.pos
        for x in range(lo, hi + 1):
            pos[t[x]] = x
        if self.ordered:
            kc, keep = self.kc, self.keep
            for x in range(lo, hi + 1):
                kc[x + 1] = kc[x] + keep[t[x]]
        if self.asym:
            self._reindex_skew(max(lo, 1), min(hi + 1, self.size - 1))

    def _reindex_skew(self, lo: int, hi: int) -> None:
        """Recompute the skew prefix sums over ``lo..hi`` and shift the unchanged tail."""
        t, skew, acc = self.tour, self.skew, self.skewsum
        before = acc[hi]
        for x in range(lo, hi + 1):
            acc[x] = acc[x - 1] + skew[t[x - 1]][t[x]]
        shift = acc[hi] - before
        if shift and hi + 1 < self.size:
            acc[hi + 1 :] = [v + shift for v in acc[hi + 1 :]]

    def snapshot(self) -> tuple:
        """Copy of the whole state, cheaper to restore than rebuilding the indexes."""
        return self.tour[:], self.pos[:], self.skewsum[:], self.kc[:], self.cost

    def restore(self, state: tuple) -> None:
        """Return to a state taken by :meth:`snapshot` (which stays usable)."""
        tour, pos, skewsum, kc, self.cost = state
        self.tour, self.pos, self.skewsum, self.kc = tour[:], pos[:], skewsum[:], kc[:]

    def optimise(self, nodes: Sequence[int]) -> None:
        """Apply improving moves around ``nodes`` until none is left (a work queue of nodes)."""
        queue = deque(nodes)
        queued = [False] * self.size
        for v in queue:
            queued[v] = True
        two_opt, or_opt = self._two_opt, self._or_opt
        while queue:
            u = queue.popleft()
            queued[u] = False
            touched = two_opt(u) or or_opt(u)
            for v in touched or ():
                if not queued[v]:
                    queued[v] = True
                    queue.append(v)

    # -- 2-opt: reverse t[p+1..q] -------------------------------------------------------------

    def _two_opt(self, u: int) -> list[int] | None:
        """Try to make ``u`` adjacent to one of its neighbours by reversing one segment.

        Both reconnections are tried: cutting the arcs after ``u`` and its neighbour, or the arcs
        before them. Prefix sums that stay zero (symmetric costs, no keep_order) need no branch.
        """
        t, pos, c, last = self.tour, self.pos, self.c, self.size - 1
        skew, kc, eps = self.skewsum, self.kc, self.eps
        i = pos[u]
        cut_after = c[u][t[i + 1]] if i < last else -1.0
        cut_before = c[t[i - 1]][u] if i > 0 else -1.0
        bound = cut_after if cut_after > cut_before else cut_before
        for w, g in zip(self.nbrs[u], self.near[u], strict=False):
            if g >= bound:
                return None
            j = pos[w]
            lo, hi = (i, j) if i < j else (j, i)
            if hi - lo < 2:
                continue
            for p, q, ok in (
                (lo, hi, g < cut_after and hi < last),
                (lo - 1, hi - 1, g < cut_before),
            ):
                if not ok or p < 0 or kc[q + 1] - kc[p + 1] >= 2:
                    continue
                a, b, x, y = t[p], t[p + 1], t[q], t[q + 1]
                delta = c[a][x] + c[b][y] - c[a][b] - c[x][y] + skew[q] - skew[p + 1]
                if delta < -eps:
                    t[p + 1 : q + 1] = t[q:p:-1]
                    self._reindex(p + 1, q)
                    self.cost += delta
                    return [a, b, x, y]
        return None

    # -- Or-opt: move t[i..j] (1 to 3 nodes) between t[k] and t[k+1], maybe reversed ----------

    def _or_opt(self, u: int) -> list[int] | None:
        """Try to move a short segment that starts or ends at ``u`` next to a neighbour of ``u``."""
        c, t, p, last = self.c, self.tour, self.pos[u], self.size - 1
        nearest = self.near[u][0]
        for first, final in _OR_SEGMENTS:
            i, j = p + first, p + final
            if i < 1 or j >= last:
                continue
            gain = c[t[i - 1]][t[i]] + c[t[j]][t[j + 1]] - c[t[i - 1]][t[j + 1]]
            if gain > nearest:
                touched = self._move_segment(u, i, j, gain)
                if touched:
                    return touched
        return None

    def _move_segment(self, u: int, i: int, j: int, gain: float) -> list[int] | None:
        """Apply the first improving new place for segment t[i..j] (removal saves ``gain``)."""
        t, pos = self.tour, self.pos
        f, z, pa, nx = t[i], t[j], t[i - 1], t[j + 1]
        for w, g in zip(self.nbrs[u], self.near[u], strict=False):
            if g >= gain:
                break
            jw = pos[w]
            if i == j:
                options = ((jw, False), (jw - 1, False))
            elif u == f:
                options = ((jw, False), (jw - 1, True))
            else:
                options = ((jw - 1, False), (jw, True))
            for k, flip in options:
                gap = self._try_insert(i, j, k, flip, gain)
                if gap:
                    return [pa, nx, f, z, *gap]
        return None

    def _try_insert(self, i: int, j: int, k: int, flip: bool, gain: float) -> tuple[int, ...]:
        """Move t[i..j] between t[k] and t[k+1] if that pays off and keeps keep_order intact.

        Returns the two nodes the segment now sits between, or an empty tuple if nothing moved.
        """
        if k < 0 or k >= self.size - 1 or i - 1 <= k <= j:
            return ()
        c, t = self.c, self.tour
        x, y = t[k], t[k + 1]
        a, b = (t[j], t[i]) if flip else (t[i], t[j])
        delta = c[x][a] + c[b][y] - c[x][y] - gain
        if flip:
            delta += self.skewsum[j] - self.skewsum[i]
        if delta >= -self.eps or not self._insert_keeps_order(i, j, k, flip):
            return ()
        segment = t[j : i - 1 : -1] if flip else t[i : j + 1]
        if k > j:
            t[i : k + 1] = t[j + 1 : k + 1] + segment
            self._reindex(i, k)
        else:
            t[k + 1 : j + 1] = segment + t[k + 1 : i]
            self._reindex(k + 1, j)
        self.cost += delta
        return x, y

    def _insert_keeps_order(self, i: int, j: int, k: int, flip: bool) -> bool:
        """A segment with keep_order nodes may neither flip them nor jump over another one."""
        if not self.ordered:
            return True
        kc = self.kc
        inside = kc[j + 1] - kc[i]
        if inside == 0:
            return True
        if flip and inside >= 2:
            return False
        jumped = kc[k + 1] - kc[j + 1] if k > j else kc[i] - kc[k + 1]
        return jumped == 0

    # -- kick: swap two adjacent segments (double bridge without reversal) ---------------------

    def kick(self, rng: random.Random, longest: int) -> list[int]:
        """Swap two adjacent random segments of at most ``longest`` nodes; return the cut nodes."""
        inner, draw = self.size - 2, rng.random
        for _ in range(10):
            len_b = 1 + int(draw() * min(longest, inner - 1))
            len_c = 1 + int(draw() * min(longest, inner - len_b))
            p1 = 1 + int(draw() * (inner + 1 - len_b - len_c))
            p2, p3 = p1 + len_b, p1 + len_b + len_c
            kc = self.kc
            if self.ordered and kc[p2] - kc[p1] and kc[p3] - kc[p2]:
                continue
            return self._swap_segments(p1, p2, p3)
        return []

    def _swap_segments(self, p1: int, p2: int, p3: int) -> list[int]:
        """Turn A B C D into A C B D, where B = t[p1:p2] and C = t[p2:p3]."""
        c, t = self.c, self.tour
        a, b0, b1, c0, c1, d = t[p1 - 1], t[p1], t[p2 - 1], t[p2], t[p3 - 1], t[p3]
        self.cost += c[a][c0] + c[c1][b0] + c[b1][d] - c[a][b0] - c[b1][c0] - c[c1][d]
        t[p1:p3] = t[p2:p3] + t[p1:p2]
        self._reindex(p1, p3 - 1)
        return [a, b0, b1, c0, c1, d]


def heuristic_path(cost: np.ndarray, rank: list[int], time_limit: float | None) -> list[int]:
    """Best of ``SEARCH_RUNS`` independent searches, all within the one time limit."""
    deadline = None if time_limit is None else time.perf_counter() + time_limit
    best_path, best_cost = [], math.inf
    for run in range(SEARCH_RUNS):
        left = None if deadline is None else deadline - time.perf_counter()
        if best_path and left is not None and left <= 0:
            break
        path, length = _iterated_local_search(cost, rank, left, seed=SEED + run)
        if length < best_cost:
            best_path, best_cost = path, length
    return best_path


def _iterated_local_search(
    cost: np.ndarray,
    rank: list[int],
    time_limit: float | None,
    idle_limit: int | None = None,
    seed: int = SEED,
) -> tuple[list[int], float]:
    """Local search from nearest neighbour, then kick-and-repair while it keeps paying off.

    A kicked path no longer than the best becomes the best (sideways moves cross plateaus); one
    at most ``ACCEPT_WORSE`` longer is walked on from; anything else is thrown back. The search
    ends after ``idle_limit`` kicks without a new best or at ``time_limit`` seconds. Returns the
    best path and its cost.
    """
    size = len(cost)
    deadline = None if time_limit is None else time.perf_counter() + time_limit
    idle_limit = _idle_budget(size) if idle_limit is None else idle_limit
    longest = _kick_length(size)
    ls = _LocalSearch(cost, rank)
    ls.load(_nearest_neighbour(cost, rank))
    ls.optimise(range(size))
    rng = random.Random(seed)
    best = current = ls.snapshot()
    idle = 0
    while idle < idle_limit:
        check_time_limit()
        if deadline is not None and time.perf_counter() > deadline:
            break
        ls.optimise(ls.kick(rng, longest))
        idle += 1
        if ls.cost < best[-1] - ls.eps:
            idle = 0
        if ls.cost <= best[-1] + ls.eps:
            best = current = ls.snapshot()
        elif ls.cost <= best[-1] * (1.0 + ACCEPT_WORSE):
            current = ls.snapshot()
        else:
            ls.restore(current)
    return best[0], best[-1]


def _idle_budget(size: int) -> int:
    """Kicks without a new best before a search stops; tuned on 39-stop road-like tours."""
    return 4 * size


def _kick_length(size: int) -> int:
    """Longest segment a kick moves: up to half the path, so kicks jump between funnels."""
    return max(1, min((size - 2) // 2, 50))
