"""Visiting order for the review tour: the public solver, its input checks and the reduction.

``solve_tour`` takes a (possibly asymmetric) travel-time matrix and returns the order in which to
visit every stop. Every variant (round trip, open trip to a given end, a fixed opening sequence)
is reduced to one core problem: the cheapest Hamiltonian *path* from a head node to a tail node
through the remaining free stops, with an optional relative order on some of them. A round trip
becomes a path from the start to a copy of the start, so no case needs its own search code.

- Up to ``EXACT_MAX_FREE`` free stops the path is solved exactly by Held-Karp
  (``geo.tour.exact``).
- Beyond that an iterated local search of 2-opt and Or-opt moves takes over
  (``geo.tour.search``); it is deterministic, so equal input gives equal output.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from operator import index as as_index

import numpy as np

from geo.errors import NoRouteError, ValidationError
from geo.tour.exact import held_karp
from geo.tour.search import heuristic_path as _heuristic_path  # module attribute: tests stub it

EXACT_MAX_FREE = 13
"""Largest number of free stops solved by Held-Karp (2**13 subsets: about 20 ms)."""

EXACT_FALLBACK_MAX_FREE = 16
"""Up to this many free stops, Held-Karp settles a tour the heuristic could not make finite."""


class TourInputError(ValidationError, ValueError):
    """The cost matrix or a stop index is unusable; the message names the argument and the fix."""


class NoTourError(NoRouteError, ValueError):
    """No visiting order uses only finite (possible) arcs."""


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def solve_tour(
    cost_matrix: Sequence[Sequence[float]] | np.ndarray,
    start: int = 0,
    end: int | None = None,
    time_limit: float | None = None,
    fixed_prefix: Sequence[int] = (),
    keep_order: Sequence[int] = (),
) -> list[int]:
    """Order the stops so that the total travel cost is as small as possible.

    Parameters
    ----------
    cost_matrix
        Square matrix, ``cost_matrix[i][j]`` the cost of travelling from stop i to stop j. May be
        asymmetric; ``inf`` marks an impossible arc. The diagonal is ignored.
    start
        Index of the first stop.
    end
        Index of the last stop of an open trip, or None for a round trip back to ``start`` (the
        return is implied and not repeated in the result).
    time_limit
        Optional wall-clock cap in seconds for the heuristic search. Without it the search stops
        after a fixed number of iterations, which keeps results reproducible.
    fixed_prefix
        Stops that must follow ``start`` immediately, in exactly this order.
    keep_order
        Stops that must appear in this relative order (other stops may come in between).

    Returns
    -------
    list[int]
        Every index exactly once, beginning with ``start`` and, for an open trip, ending at ``end``.

    Raises
    ------
    TourInputError
        (a ValueError) for a malformed matrix or bad, duplicate or contradictory indices.
    NoTourError
        (a ValueError) when no order uses only finite arcs.
    """
    matrix = _as_cost_matrix(cost_matrix)
    n = len(matrix)
    start, end = _check_endpoints(n, start, end)
    prefix = _check_index_list("fixed_prefix", fixed_prefix, n)
    keep = _check_index_list("keep_order", keep_order, n)
    _check_prefix(prefix, start, end)
    _check_keep_order(keep, start, end, prefix)
    if time_limit is not None and not time_limit > 0:
        raise TourInputError(f"time_limit must be a positive number of seconds, got {time_limit!r}")

    _check_prefix_arcs(matrix, [start, *prefix])
    problem = _build_path_problem(matrix, start, end, prefix, keep)
    path = _solve_path(problem, time_limit)
    order = [start, *prefix, *(problem.nodes[k] for k in path[1:-1])]
    if end is not None:
        order.append(end)
    if not math.isfinite(tour_cost(matrix, order, closed=end is None)):
        raise _no_tour_error(problem)
    return order


def tour_cost(
    cost_matrix: Sequence[Sequence[float]] | np.ndarray, order: Sequence[int], closed: bool
) -> float:
    """Total cost of visiting ``order``; ``closed`` adds the return from the last stop to the first.

    Kept next to the solver so that callers and tests measure tours with exactly the same rule.
    """
    matrix = np.asarray(cost_matrix, dtype=float)
    idx = np.asarray(order, dtype=int)
    if idx.size < 2:
        return 0.0
    nxt = np.roll(idx, -1) if closed else idx[1:]
    return float(matrix[idx[: len(nxt)], nxt].sum())


# ---------------------------------------------------------------------------------------------
# Input validation
# ---------------------------------------------------------------------------------------------


def _as_cost_matrix(cost_matrix: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
    """Return the matrix as a float array, refusing shapes and values the solver cannot use."""
    try:
        matrix = np.array(cost_matrix, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TourInputError(
            f"cost_matrix must be a square table of numbers (rows of equal length): {exc}"
        ) from exc
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise TourInputError(f"cost_matrix must be square (n x n), got shape {matrix.shape}")
    if matrix.shape[0] == 0:
        raise TourInputError("cost_matrix is empty: a tour needs at least one stop")
    np.fill_diagonal(matrix, 0.0)
    if np.isnan(matrix).any():
        i, j = np.argwhere(np.isnan(matrix))[0]
        raise TourInputError(f"cost_matrix[{i}][{j}] is NaN; use inf for an impossible arc")
    if (matrix < 0).any():
        i, j = np.argwhere(matrix < 0)[0]
        raise TourInputError(
            f"cost_matrix[{i}][{j}] is negative ({matrix[i, j]}); costs must be >= 0"
        )
    return matrix


def _check_index(name: str, value: object, n: int) -> int:
    """Return ``value`` as a stop index in ``range(n)`` or say why it is not one."""
    if isinstance(value, bool):
        raise TourInputError(f"{name} must be a stop index, got the boolean {value!r}")
    try:
        i = as_index(value)
    except TypeError:
        raise TourInputError(f"{name} must be an integer stop index, got {value!r}") from None
    if not 0 <= i < n:
        raise TourInputError(f"{name}={i} is out of range: the matrix has stops 0..{n - 1}")
    return i


def _check_endpoints(n: int, start: object, end: object) -> tuple[int, int | None]:
    """Validate ``start`` and ``end``; an open trip needs two different stops."""
    first = _check_index("start", start, n)
    if end is None:
        return first, None
    last = _check_index("end", end, n)
    if last == first:
        raise TourInputError(f"end={last} equals start; pass end=None for a round trip")
    return first, last


def _check_index_list(name: str, values: Sequence[int], n: int) -> list[int]:
    """Validate a list of stop indices: in range and without repeats."""
    checked = [_check_index(f"{name}[{k}]", v, n) for k, v in enumerate(values)]
    seen: set[int] = set()
    for i in checked:
        if i in seen:
            raise TourInputError(f"{name} lists stop {i} twice; each stop may appear once")
        seen.add(i)
    return checked


def _check_prefix(prefix: list[int], start: int, end: int | None) -> None:
    """The fixed prefix follows the start, so it may hold neither the start nor the end."""
    if start in prefix:
        raise TourInputError(
            f"fixed_prefix contains the start {start}; list only the stops after it"
        )
    if end is not None and end in prefix:
        raise TourInputError(f"fixed_prefix contains the end {end}, which must come last")


def _check_prefix_arcs(matrix: np.ndarray, head: list[int]) -> None:
    """The fixed opening sequence is not searched, so an impossible arc in it is fatal at once."""
    for a, b in itertools.pairwise(head):
        if not math.isfinite(matrix[a, b]):
            raise NoTourError(
                f"fixed_prefix needs the impossible arc {a} -> {b} (its cost is inf)",
                unreachable=[str(b)],
            )


def _check_keep_order(keep: list[int], start: int, end: int | None, prefix: list[int]) -> None:
    """Refuse a keep_order that contradicts the start, the end or the fixed prefix."""
    if start in keep and keep[0] != start:
        raise TourInputError(f"keep_order puts {keep[0]} before the start {start}")
    if end is not None and end in keep and keep[-1] != end:
        raise TourInputError(f"keep_order puts {keep[-1]} after the end {end}")
    leading = [i for i in keep if i != start][: len(set(keep) & set(prefix))]
    in_prefix = [i for i in prefix if i in keep]
    if leading != in_prefix:
        raise TourInputError(
            f"keep_order {keep} contradicts fixed_prefix {prefix}: stops of the prefix must come "
            f"first in keep_order, in prefix order"
        )


# ---------------------------------------------------------------------------------------------
# Reduction to a Hamiltonian path from node 0 to node N-1
# ---------------------------------------------------------------------------------------------


@dataclass
class _PathProblem:
    """Cheapest path 0 -> N-1 through all nodes; ``nodes`` maps back to the caller's indices."""

    cost: np.ndarray
    nodes: list[int]
    rank: list[int]
    penalty: float


def _build_path_problem(
    matrix: np.ndarray, start: int, end: int | None, prefix: list[int], keep: list[int]
) -> _PathProblem:
    """Cut out the free stops and replace inf by a penalty larger than any finite path."""
    head = prefix[-1] if prefix else start
    tail = start if end is None else end
    fixed = {start, tail, *prefix}
    free = [i for i in range(len(matrix)) if i not in fixed]
    nodes = [head, *free, tail]
    cost = matrix[np.ix_(nodes, nodes)]
    finite = cost[np.isfinite(cost)]
    penalty = 1.0 + len(nodes) * (float(finite.max()) if finite.size else 1.0)
    cost[~np.isfinite(cost)] = penalty
    if len(nodes) > 2:
        cost[0, -1] = cost[-1, 0] = penalty
    ranks = {stop: r for r, stop in enumerate(keep)}
    rank = [ranks.get(stop, -1) if 0 < k < len(nodes) - 1 else -1 for k, stop in enumerate(nodes)]
    return _PathProblem(cost=cost, nodes=nodes, rank=rank, penalty=penalty)


def _no_tour_error(problem: _PathProblem) -> NoTourError:
    """Explain an infeasible tour, naming the stops that have no possible arc in or out."""
    finite = problem.cost < problem.penalty
    np.fill_diagonal(finite, False)
    last = len(problem.nodes) - 1
    stuck = [
        problem.nodes[k]
        for k in range(last + 1)
        if (k < last and not finite[k].any()) or (k > 0 and not finite[:, k].any())
    ]
    detail = f"; stops with no possible arc in or out: {sorted(set(stuck))}" if stuck else ""
    message = "no tour found that uses only possible (finite-cost) arcs" + detail
    return NoTourError(message, unreachable=[str(s) for s in sorted(set(stuck))])


def _solve_path(problem: _PathProblem, time_limit: float | None) -> list[int]:
    """Pick the exact solver when it is cheap and the local search otherwise.

    When the local search ends on an impossible arc, a mid-sized problem is handed to the exact
    solver, so that "no tour" is a proof rather than a search that gave up.
    """
    size = len(problem.nodes)
    if size <= 3:
        return list(range(size))
    if size - 2 <= EXACT_MAX_FREE:
        return held_karp(problem.cost, problem.rank)
    path = _heuristic_path(problem.cost, problem.rank, time_limit)
    uses_impossible = (problem.cost[path[:-1], path[1:]] >= problem.penalty).any()
    if uses_impossible and size - 2 <= EXACT_FALLBACK_MAX_FREE:
        return held_karp(problem.cost, problem.rank)
    return path
