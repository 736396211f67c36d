"""Chain folding: the road graph with runs of degree-2 nodes collapsed, for fast distances.

Most road nodes only join two pieces of the same road, so the minutes matrix runs Dijkstra on a much
smaller core graph (``geo.roads.network``) and unfolds only the chains a request's stops sit on.
The folding is array work (scipy components and one breadth-first pass), since it reruns for every
set of closed roads.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order, connected_components

from geo.roads.edge_table import KEY, EdgeTable, fastest


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
    ok = (src != dst) & np.isfinite(mins)
    src, dst, mins = src[ok], dst[ok], mins[ok]
    keep = fastest(src * KEY + dst, mins)
    edge_chain = np.maximum(chain_of[table.src], chain_of[table.dst])
    return Chains(core, chain_of, edge_chain, src[keep], dst[keep], mins[keep])


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
