"""Chain folding: the road graph with runs of degree-2 nodes collapsed, for fast distances.

Most road nodes only join two pieces of the same road, so the minutes matrix runs Dijkstra on a much
smaller core graph (``geo.roads.network``) and unfolds only the chains a request's stops sit on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
    return Chains(core, chain_of, edge_chain, src[keep], dst[keep], mins[keep])


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
