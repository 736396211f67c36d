"""Independent reference solvers that tests and benchmarks check geo.tour.solver against."""

from __future__ import annotations

import itertools

import numpy as np


def held_karp_reference(matrix: np.ndarray) -> float:
    """Plain-Python Held-Karp for closed tours from 0: an independent check above brute force."""
    n = len(matrix)
    best = {(1 << j, j): matrix[0][j] for j in range(1, n)}
    for size in range(2, n):
        for subset in itertools.combinations(range(1, n), size):
            bits = sum(1 << j for j in subset)
            for j in subset:
                prev = bits ^ (1 << j)
                best[bits, j] = min(best[prev, i] + matrix[i][j] for i in subset if i != j)
    full = sum(1 << j for j in range(1, n))
    return min(best[full, j] + matrix[j][0] for j in range(1, n))
