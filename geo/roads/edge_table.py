"""Directed edges as sorted numpy arrays: the form every shortest-path search runs on.

Every graph edge, and every partial edge to or from a stop, is a stretch ``d0 -> d1`` metres
along a road piece (``geo.roads.pieces``), which is enough to cost it and to draw it in its
driving direction. Keys ``src * KEY + dst`` keep the table sorted for lookups and merges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from geo.roads.pieces import Pieces

KEY = np.int64(1) << 32  # edge key = src * KEY + dst; node counts stay far below 2**32


@dataclass(frozen=True)
class EdgeTable:
    """Directed edges sorted by ``(src, dst)``, keeping only the fastest of parallel edges.

    Each edge is a stretch ``d0 -> d1`` metres along one road piece, which is all that is
    needed to cost it and to draw it in its driving direction.
    """

    src: np.ndarray
    dst: np.ndarray
    piece: np.ndarray
    d0: np.ndarray
    d1: np.ndarray
    minutes: np.ndarray
    length_m: np.ndarray
    keys: np.ndarray

    @classmethod
    def build(cls, src, dst, piece, d0, d1, pieces: Pieces) -> EdgeTable:
        """Cost the stretches pro rata of their piece and drop all but the fastest per key."""
        length = np.abs(d1 - d0)
        minutes = length / pieces.length_m[piece] * pieces.minutes[piece]
        keys = src * KEY + dst
        p = fastest(keys, minutes)
        return cls(src[p], dst[p], piece[p], d0[p], d1[p], minutes[p], length[p], keys[p])

    def lookup(self, p: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Row index of each edge ``p -> v`` (all must exist: they come from predecessor trees)."""
        return np.searchsorted(self.keys, p * KEY + v)

    def keep(self, rows: np.ndarray) -> EdgeTable:
        """The table with only ``rows`` (a mask or sorted indices), still sorted."""
        return EdgeTable(*(getattr(self, f)[rows] for f in _FIELDS))

    def merge(self, other: EdgeTable) -> EdgeTable:
        """Both tables in one, still sorted (``other`` is a small overlay with new keys)."""
        at = np.searchsorted(self.keys, other.keys)
        return EdgeTable(*(np.insert(getattr(self, f), at, getattr(other, f)) for f in _FIELDS))

    def csr(self, size: int) -> sp.csr_matrix:
        """The travel-minutes matrix, built straight from the sorted rows (no COO pass)."""
        indptr = np.r_[0, np.cumsum(np.bincount(self.src, minlength=size))]
        return sp.csr_matrix((self.minutes, self.dst, indptr), shape=(size, size))


_FIELDS = ("src", "dst", "piece", "d0", "d1", "minutes", "length_m", "keys")


def fastest(keys: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    """Indices keeping the fastest edge per key, sorted by key."""
    order = np.lexsort((minutes, keys))
    k = keys[order]
    return order[np.r_[True, k[1:] != k[:-1]]] if len(k) else order
