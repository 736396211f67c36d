"""Chain folding: the road graph with runs of degree-2 nodes collapsed, for fast distances.

Most road nodes only join two pieces of the same road, so the minutes matrix runs Dijkstra on a much
smaller core graph (``geo.roads.network``) and unfolds only the chains a request's stops sit on.
The folding is array work (scipy components and one breadth-first pass). A set of closed roads
does not fold again: ``close_chains`` unfolds only the chains a closed piece lies on (their nodes
become core) and drops the closed core edges, which keeps distances exact at a fraction of the cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order, connected_components

from geo.roads.edge_table import KEY, EdgeTable


@dataclass(frozen=True)
class Chains:
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
    candidates: _Candidates | None = None  # every core edge before the fastest was kept


@dataclass(frozen=True)
class _Candidates:
    """All core edges (folded chains and core-to-core rows), sorted by key then minutes, with the
    chain each came from (-1 for a core-to-core row): what a closure filters instead of
    folding again."""

    keys: np.ndarray
    minutes: np.ndarray
    chain: np.ndarray


def fold_chains(table: EdgeTable, n: int) -> Chains:
    """Fold every chain of degree-2 nodes (two distinct neighbours) into core-to-core edges.

    Interior nodes are those with exactly two neighbours; the connected groups of interior
    nodes are the chains (a ring of interior nodes only gets its lowest node made core). Each
    chain is walked once, breadth first from one end, to orient its links; the minutes of each
    direction are then summed per chain (infinite where a one-way link blocks it)."""
    a, b = np.minimum(table.src, table.dst), np.maximum(table.src, table.dst)
    pairs = np.unique(a * KEY + b)
    pa, pb = pairs // KEY, pairs % KEY  # undirected neighbour pairs
    core = np.bincount(np.r_[pa, pb], minlength=n) != 2
    _promote_rings(core, pa, pb, n)
    inner = ~core[pa] & ~core[pb]
    groups = sp.coo_matrix((np.ones(inner.sum()), (pa[inner], pb[inner])), shape=(n, n))
    _, label = connected_components(groups, directed=False)
    chain_of = np.where(core, -1, label)
    # the links between a chain end and a core node: two per chain
    side = core[pa] != core[pb]
    ends_core = np.where(core[pa[side]], pa[side], pb[side])
    ends_inner = np.where(core[pa[side]], pb[side], pa[side])
    chain = chain_of[ends_inner]
    order = np.lexsort((ends_inner, ends_core, chain))
    chain, ends_core, ends_inner = chain[order], ends_core[order], ends_inner[order]
    first = np.diff(chain, prepend=-1) != 0  # the A end of each chain, the other is B
    head_core, head = ends_core[first], ends_inner[first]
    tail_core, tail = ends_core[~first], ends_inner[~first]
    ids = chain[first]
    # orient interior links by a breadth-first walk from every chain's head
    root = n  # a virtual node joined to every head
    walk = sp.coo_matrix(
        (np.ones(inner.sum() + len(head)), (np.r_[pa[inner], np.full(len(head), root)],
                                             np.r_[pb[inner], head])),
        shape=(n + 1, n + 1),
    )  # fmt: skip
    _, pred = breadth_first_order(walk, root, directed=False, return_predecessors=True)
    x, y = pa[inner], pb[inner]
    forward = pred[y] == x
    fx, fy = np.where(forward, x, y), np.where(forward, y, x)  # driven head -> tail
    links_chain = chain_of[fx]
    fwd = _per_chain(links_chain, _weight(table, fx, fy), n)
    bwd = _per_chain(links_chain, _weight(table, fy, fx), n)
    fwd_total = _weight(table, head_core, head) + fwd[ids] + _weight(table, tail, tail_core)
    bwd_total = _weight(table, tail_core, tail) + bwd[ids] + _weight(table, head, head_core)
    both_core = core[table.src] & core[table.dst]
    src = np.r_[table.src[both_core], head_core, tail_core]
    dst = np.r_[table.dst[both_core], tail_core, head_core]
    mins = np.r_[table.minutes[both_core], fwd_total, bwd_total]
    origin = np.r_[np.full(both_core.sum(), -1), ids, ids]
    ok = (src != dst) & np.isfinite(mins)
    keys, mins, origin = src[ok] * KEY + dst[ok], mins[ok], origin[ok]
    order = np.lexsort((mins, keys))
    candidates = _Candidates(keys[order], mins[order], origin[order])
    edge_chain = np.maximum(chain_of[table.src], chain_of[table.dst])
    return Chains(core, chain_of, edge_chain, *_first_per_key(candidates.keys, candidates.minutes),
                  candidates)  # fmt: skip


def close_chains(chains: Chains, before: EdgeTable, gone: np.ndarray, after: EdgeTable) -> Chains:
    """The folded graph once the rows ``gone`` of ``before`` are closed (``after`` is the edge
    table without them, plus any slower parallel edge that now is the fastest).

    The chains holding a closed row are unfolded (their nodes become core, their open links core
    edges); core edges whose key changed are taken from ``after``; every other folded edge stays.
    """
    cand = chains.candidates
    if cand is None:
        raise ValueError("close_chains needs the folding of the open network")
    hit = np.unique(chains.edge_chain[gone])
    hit = hit[hit >= 0]
    changed = np.unique(before.keys[gone])
    unfolded = np.isin(chains.chain_of, hit)
    core = chains.core | unfolded
    chain_of = np.where(unfolded, -1, chains.chain_of)
    keep = ~np.isin(cand.chain, hit) & ~((cand.chain < 0) & np.isin(cand.keys, changed))
    keys, mins = _first_per_key(cand.keys[keep], cand.minutes[keep], as_keys=True)
    was = np.maximum(chains.chain_of[after.src], chains.chain_of[after.dst])
    edge_chain = np.maximum(chain_of[after.src], chain_of[after.dst])
    new = (edge_chain < 0) & (np.isin(was, hit) | ((was < 0) & np.isin(after.keys, changed)))
    keys, mins = _merge_fastest(keys, mins, after.keys[new], after.minutes[new])
    return Chains(core, chain_of, edge_chain, keys // KEY, keys % KEY, mins)


def _first_per_key(keys: np.ndarray, minutes: np.ndarray, as_keys: bool = False):
    """The first (fastest) edge of each key of arrays sorted by key then minutes."""
    first = np.r_[True, keys[1:] != keys[:-1]] if len(keys) else np.zeros(0, dtype=bool)
    keys, minutes = keys[first], minutes[first]
    return (keys, minutes) if as_keys else (keys // KEY, keys % KEY, minutes)


def _merge_fastest(keys, minutes, more_keys, more_minutes) -> tuple[np.ndarray, np.ndarray]:
    """Two unique-key edge lists (the first sorted, the second small) as one, keeping the fastest
    of equal keys."""
    at = np.minimum(np.searchsorted(keys, more_keys), max(len(keys) - 1, 0))
    same = keys[at] == more_keys if len(keys) else np.zeros(len(more_keys), dtype=bool)
    minutes = minutes.copy()
    np.minimum.at(minutes, at[same], more_minutes[same])
    return np.r_[keys, more_keys[~same]], np.r_[minutes, more_minutes[~same]]


def _promote_rings(core: np.ndarray, pa: np.ndarray, pb: np.ndarray, n: int) -> None:
    """A group of interior nodes that touches no core node is a ring: its lowest node becomes
    core, so the ring is a chain from that node back to itself."""
    interior = ~core
    inner = interior[pa] & interior[pb]
    groups = sp.coo_matrix((np.ones(inner.sum()), (pa[inner], pb[inner])), shape=(n, n))
    _, label = connected_components(groups, directed=False)
    touches = np.zeros(label.max() + 1 if n else 0, dtype=bool)
    side = interior[pa] != interior[pb]
    touches[label[np.where(interior[pa[side]], pa[side], pb[side])]] = True
    nodes = np.flatnonzero(interior)
    rings = nodes[~touches[label[nodes]]]
    lowest = np.full(len(touches), n)
    np.minimum.at(lowest, label[rings], rings)
    core[lowest[lowest < n]] = True


def _weight(table: EdgeTable, s: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Minutes of the edges ``s -> d``; infinite where there is no such edge (one-way)."""
    keys = s * KEY + d
    at = np.minimum(np.searchsorted(table.keys, keys), max(len(table.keys) - 1, 0))
    found = table.keys[at] == keys if len(table.keys) else np.zeros(len(keys), dtype=bool)
    return np.where(found, table.minutes[at] if len(table.keys) else 0.0, np.inf)


def _per_chain(chain: np.ndarray, minutes: np.ndarray, n: int) -> np.ndarray:
    """Sum of minutes per chain id (infinite if any link is)."""
    total = np.zeros(n)
    np.add.at(total, chain, minutes)
    return total
