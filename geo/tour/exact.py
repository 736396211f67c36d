"""Exact visiting order: Held-Karp dynamic programming over subsets of the free stops.

Solves the core problem of ``geo.tour.solver`` (cheapest path from node 0 to node N-1 through every
other node, keep_order as a relative order on some of them) to optimality. Vectorised with numpy
one subset size at a time, so it is fast up to about 13 free stops (2**13 subsets) and still
usable a few stops beyond, where ``geo.tour.solver`` calls it to prove that no finite tour exists.
"""

from __future__ import annotations

import numpy as np


def _predecessor_masks(rank: list[int]) -> np.ndarray:
    """Bit mask, per free node, of the free nodes that keep_order puts before it."""
    free_rank = rank[1:-1]
    masks = np.zeros(len(free_rank), dtype=np.int64)
    for j, rj in enumerate(free_rank):
        for i, ri in enumerate(free_rank):
            if 0 <= ri < rj:
                masks[j] |= 1 << i
    return masks


def held_karp(cost: np.ndarray, rank: list[int]) -> list[int]:
    """Optimal path 0 -> N-1 by dynamic programming over subsets, one subset size per numpy step.

    ``best[S, j]`` is the cheapest path from node 0 through the free-node set S ending at j. A node
    may only join S once every node keep_order puts before it is already in S.
    """
    m = len(cost) - 2
    inner = cost[1:-1, 1:-1].copy()
    np.fill_diagonal(inner, np.inf)
    pred = _predecessor_masks(rank)
    bits = np.int64(1) << np.arange(m, dtype=np.int64)
    subsets = np.arange(1 << m, dtype=np.int64)
    sizes = np.bitwise_count(subsets)
    best = np.full((1 << m, m), np.inf)
    parent = np.full((1 << m, m), -1, dtype=np.int16)
    best[bits, np.arange(m)] = np.where(pred == 0, cost[0, 1:-1], np.inf)
    for size in range(2, m + 1):
        _held_karp_layer(best, parent, inner, subsets[sizes == size], bits, pred)
    final = best[-1] + cost[1:-1, -1]
    return _held_karp_path(parent, int(np.argmin(final)), m)


def _held_karp_layer(
    best: np.ndarray,
    parent: np.ndarray,
    inner: np.ndarray,
    layer: np.ndarray,
    bits: np.ndarray,
    pred: np.ndarray,
) -> None:
    """Fill ``best`` for every subset in ``layer`` (all of one size) and every last node."""
    has = (layer[:, None] & bits[None, :]) != 0
    before = layer[:, None] ^ bits[None, :]
    allowed = has & ((before & pred[None, :]) == pred[None, :])
    # totals[s, i, j]: reach i through before[s, j], then go i -> j
    totals = best[before].transpose(0, 2, 1) + inner[None, :, :]
    choice = np.argmin(totals, axis=1)
    value = np.take_along_axis(totals, choice[:, None, :], axis=1)[:, 0, :]
    best[layer] = np.where(allowed, value, np.inf)
    parent[layer] = np.where(allowed, choice, -1)


def _held_karp_path(parent: np.ndarray, last: int, m: int) -> list[int]:
    """Walk the parent table back from the full set to recover the node order."""
    order: list[int] = []
    subset = (1 << m) - 1
    node = last
    while node >= 0:
        order.append(node + 1)
        previous = int(parent[subset, node])
        subset ^= 1 << node
        node = previous
    return [0, *reversed(order), m + 1]
