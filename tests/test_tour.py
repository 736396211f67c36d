"""Tests for geo.tour.solver: exact optimum on small tours, constraints, validation, heuristic quality."""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
import pytest

from geo.errors import JiangleError
from geo.tour import solver as tour
from geo.tour.solver import NoTourError, TourInputError, solve_tour, tour_cost
from tests.oracles import held_karp_reference

# ---------------------------------------------------------------------------------------------
# Helpers: instances and independent reference solvers
# ---------------------------------------------------------------------------------------------


def random_matrix(n: int, seed: int, symmetric: bool) -> np.ndarray:
    """Road-like costs: Euclidean distance times a detour factor, one-way detours if asymmetric."""
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, 100, size=(n, 2))
    dist = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))
    detour = rng.uniform(1.1, 1.6, size=(n, n))
    detour = (detour + detour.T) / 2
    if not symmetric:
        detour *= np.where(rng.random((n, n)) < 0.3, rng.uniform(1.0, 1.8, size=(n, n)), 1.0)
    return dist * detour


def is_valid(order: list[int], n: int, start: int, end: int | None) -> bool:
    """Every stop once, beginning at start and (for an open trip) ending at end."""
    ends_right = end is None or order[-1] == end
    return sorted(order) == list(range(n)) and order[0] == start and ends_right


def respects(order: list[int], prefix: tuple[int, ...], keep: tuple[int, ...]) -> bool:
    """The prefix follows the start directly and keep_order appears in its relative order."""
    where = {stop: k for k, stop in enumerate(order)}
    in_order = all(where[a] < where[b] for a, b in itertools.pairwise(keep))
    return list(order[1 : 1 + len(prefix)]) == list(prefix) and in_order


def brute_force(
    matrix: np.ndarray,
    start: int = 0,
    end: int | None = None,
    prefix: tuple[int, ...] = (),
    keep: tuple[int, ...] = (),
) -> float:
    """Cheapest cost over every permutation of the free stops that meets the constraints."""
    n = len(matrix)
    fixed = [start, *prefix]
    tail = [] if end is None else [end]
    free = [i for i in range(n) if i not in fixed and i not in tail]
    best = math.inf
    for perm in itertools.permutations(free):
        order = [*fixed, *perm, *tail]
        if respects(order, prefix, keep):
            best = min(best, tour_cost(matrix, order, closed=end is None))
    return best


def nn_two_opt(matrix: np.ndarray) -> float:
    """Nearest neighbour then first-improvement 2-opt, every candidate priced in full."""
    n = len(matrix)
    order, left = [0], set(range(1, n))
    while left:
        nxt = min(left, key=lambda j: matrix[order[-1]][j])
        order.append(nxt)
        left.remove(nxt)
    best = tour_cost(matrix, order, closed=True)
    improved = True
    while improved:
        improved = False
        for i, j in itertools.combinations(range(1, n), 2):
            trial = order[:i] + order[i : j + 1][::-1] + order[j + 1 :]
            cost = tour_cost(matrix, trial, closed=True)
            if cost < best - 1e-9:
                order, best, improved = trial, cost, True
    return best


# ---------------------------------------------------------------------------------------------
# Exact optimum on small tours
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("symmetric", [True, False])
@pytest.mark.parametrize("n", [4, 5, 6, 7, 8])
@pytest.mark.parametrize("seed", range(4))
def test_closed_tour_is_optimal(n: int, seed: int, symmetric: bool) -> None:
    matrix = random_matrix(n, seed, symmetric)
    start = seed % n
    order = solve_tour(matrix, start=start)
    assert is_valid(order, n, start, None)
    assert tour_cost(matrix, order, True) == pytest.approx(brute_force(matrix, start))


@pytest.mark.parametrize("symmetric", [True, False])
@pytest.mark.parametrize("n", [3, 5, 7, 8])
@pytest.mark.parametrize("seed", range(4))
def test_open_trip_is_optimal(n: int, seed: int, symmetric: bool) -> None:
    matrix = random_matrix(n, 100 + seed, symmetric)
    start, end = seed % n, (seed + 2) % n
    order = solve_tour(matrix, start=start, end=end)
    assert is_valid(order, n, start, end)
    assert tour_cost(matrix, order, False) == pytest.approx(brute_force(matrix, start, end))


@pytest.mark.parametrize("n", [10, 12])
@pytest.mark.parametrize("seed", range(2))
def test_exact_up_to_twelve_stops(n: int, seed: int) -> None:
    matrix = random_matrix(n, 200 + seed, symmetric=False)
    order = solve_tour(matrix)
    assert tour_cost(matrix, order, True) == pytest.approx(held_karp_reference(matrix))


def test_small_tours_never_reach_the_heuristic(monkeypatch: pytest.MonkeyPatch) -> None:
    # The optimum is guaranteed up to 12 stops only because the exact solver handles them.
    def no_heuristic(*args: object) -> None:
        raise AssertionError("heuristic used for a small tour")

    monkeypatch.setattr(tour, "_heuristic_path", no_heuristic)
    for n in range(2, 13):
        assert is_valid(solve_tour(random_matrix(n, n, symmetric=False)), n, 0, None)
        assert is_valid(solve_tour(random_matrix(n, n, symmetric=False), end=n - 1), n, 0, n - 1)


def test_asymmetric_direction_matters() -> None:
    # Cheap one way round the ring, expensive the other: the solver must pick the cheap direction.
    n = 6
    matrix = np.full((n, n), 50.0)
    for i in range(n):
        matrix[i, (i + 1) % n] = 1.0
        matrix[(i + 1) % n, i] = 10.0
    assert solve_tour(matrix) == [0, 1, 2, 3, 4, 5]


# ---------------------------------------------------------------------------------------------
# Constraints: fixed prefix and keep order
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("end", [None, 6])
def test_fixed_prefix_is_respected_and_optimal(seed: int, end: int | None) -> None:
    matrix = random_matrix(8, 300 + seed, symmetric=seed % 2 == 0)
    prefix = (5, 2)
    order = solve_tour(matrix, start=1, end=end, fixed_prefix=prefix)
    assert is_valid(order, 8, 1, end)
    assert order[1:3] == [5, 2]
    expected = brute_force(matrix, 1, end, prefix=prefix)
    assert tour_cost(matrix, order, end is None) == pytest.approx(expected)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("end", [None, 3])
def test_keep_order_is_respected_and_optimal(seed: int, end: int | None) -> None:
    matrix = random_matrix(8, 400 + seed, symmetric=seed % 2 == 1)
    keep = (6, 1, 4)
    order = solve_tour(matrix, start=0, end=end, keep_order=keep)
    assert is_valid(order, 8, 0, end)
    assert respects(order, (), keep)
    expected = brute_force(matrix, 0, end, keep=keep)
    assert tour_cost(matrix, order, end is None) == pytest.approx(expected)


def test_keep_order_changes_the_answer_when_it_must() -> None:
    # On a line 0-1-2-3 the best round trip visits 1 before 3 or 3 before 1 depending on the
    # direction; demanding 3 before 1 must be met, not ignored.
    pts = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    matrix = np.abs(pts[:, None] - pts[None, :])
    order = solve_tour(matrix, end=4, keep_order=(3, 1))
    assert order.index(3) < order.index(1)
    assert tour_cost(matrix, order, False) == pytest.approx(brute_force(matrix, 0, 4, keep=(3, 1)))


def test_prefix_and_keep_order_together() -> None:
    matrix = random_matrix(8, 500, symmetric=False)
    prefix, keep = (3,), (3, 7, 2)
    order = solve_tour(matrix, start=0, fixed_prefix=prefix, keep_order=keep)
    assert respects(order, prefix, keep)
    assert tour_cost(matrix, order, True) == pytest.approx(
        brute_force(matrix, 0, None, prefix=prefix, keep=keep)
    )


def test_keep_order_may_name_start_and_end() -> None:
    matrix = random_matrix(7, 600, symmetric=False)
    order = solve_tour(matrix, start=2, end=5, keep_order=(2, 4, 0, 5))
    assert respects(order, (), (2, 4, 0, 5))
    assert tour_cost(matrix, order, False) == pytest.approx(brute_force(matrix, 2, 5, keep=(4, 0)))


@pytest.mark.parametrize("end", [None, 29])
def test_constraints_hold_in_the_heuristic(end: int | None) -> None:
    matrix = random_matrix(30, 700, symmetric=False)
    prefix, keep = (12, 4), (4, 20, 3, 17, 8)
    order = solve_tour(matrix, start=0, end=end, fixed_prefix=prefix, keep_order=keep)
    assert is_valid(order, 30, 0, end)
    assert respects(order, prefix, keep)


def test_full_prefix_leaves_nothing_to_choose() -> None:
    matrix = random_matrix(5, 800, symmetric=False)
    assert solve_tour(matrix, start=0, fixed_prefix=(3, 1, 4, 2)) == [0, 3, 1, 4, 2]
    assert solve_tour(matrix, start=0, end=2, fixed_prefix=(3, 1, 4)) == [0, 3, 1, 4, 2]


# ---------------------------------------------------------------------------------------------
# Trivial sizes and impossible arcs
# ---------------------------------------------------------------------------------------------


def test_trivial_sizes() -> None:
    assert solve_tour([[0.0]]) == [0]
    assert solve_tour([[0, 5], [7, 0]]) == [0, 1]
    assert solve_tour([[0, 5], [7, 0]], start=1) == [1, 0]
    assert solve_tour([[0, 5], [7, 0]], start=1, end=0) == [1, 0]
    three = [[0, 1, 9], [9, 0, 1], [1, 9, 0]]
    assert solve_tour(three) == [0, 1, 2]
    assert solve_tour(three, start=0, end=1) == [0, 2, 1]


def test_inf_arcs_are_avoided() -> None:
    matrix = random_matrix(8, 900, symmetric=True)
    matrix[0, 1] = matrix[1, 0] = matrix[2, 5] = np.inf
    order = solve_tour(matrix)
    assert math.isfinite(tour_cost(matrix, order, True))
    assert tour_cost(matrix, order, True) == pytest.approx(brute_force(matrix))


def test_inf_arcs_are_avoided_in_the_heuristic() -> None:
    matrix = random_matrix(25, 901, symmetric=False)
    matrix[np.random.default_rng(0).random((25, 25)) < 0.3] = np.inf
    order = solve_tour(matrix)
    assert is_valid(order, 25, 0, None)
    assert math.isfinite(tour_cost(matrix, order, True))


@pytest.mark.parametrize("n", [6, 20])
def test_no_finite_tour_raises(n: int) -> None:
    matrix = random_matrix(n, 902, symmetric=True)
    matrix[3, :] = np.inf  # nothing leaves stop 3
    matrix[3, 3] = 0.0
    with pytest.raises(NoTourError, match="no tour found") as info:
        solve_tour(matrix)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, JiangleError)
    assert "[3]" in str(info.value)


def test_impossible_arc_in_fixed_prefix_raises() -> None:
    matrix = random_matrix(6, 903, symmetric=False)
    matrix[4, 2] = np.inf
    with pytest.raises(NoTourError, match="impossible arc 4 -> 2"):
        solve_tour(matrix, fixed_prefix=(4, 2))


def test_exact_fallback_when_the_heuristic_ends_on_an_impossible_arc(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 15 free stops: past the plain exact range. Only one directed ring is possible; a heuristic
    # that gives up (here: returns the identity path) must be overruled by the exact solver.
    n = 16
    matrix = np.full((n, n), np.inf)
    ring = [0, 5, 9, 2, 14, 7, 11, 3, 15, 1, 8, 12, 4, 10, 6, 13]
    for a, b in itertools.pairwise([*ring, ring[0]]):
        matrix[a, b] = 1.0
    monkeypatch.setattr(tour, "_heuristic_path", lambda cost, *args: list(range(len(cost))))
    assert solve_tour(matrix) == ring


# ---------------------------------------------------------------------------------------------
# Input validation
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[0, 1, 2], [1, 0, 2]], "square"),
        ([0, 1, 2], "square"),
        ([[0, 1], [1]], "square table"),
        ([], "square"),
        (np.zeros((0, 0)), "empty"),
        ([[0, float("nan")], [1, 0]], "NaN"),
        ([[0, -1], [1, 0]], "negative"),
        ([["a", "b"], ["c", "d"]], "numbers"),
    ],
)
def test_bad_matrix_is_refused(matrix: object, message: str) -> None:
    with pytest.raises(TourInputError, match=message):
        solve_tour(matrix)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": 4}, r"start=4 is out of range"),
        ({"start": -1}, r"start=-1 is out of range"),
        ({"start": 1.5}, "integer stop index"),
        ({"start": True}, "boolean"),
        ({"end": 0}, "end=0 equals start"),
        ({"end": 9}, "end=9 is out of range"),
        ({"fixed_prefix": (1, 1)}, "fixed_prefix lists stop 1 twice"),
        ({"fixed_prefix": (0, 1)}, "fixed_prefix contains the start"),
        ({"fixed_prefix": (1, 3), "end": 3}, "fixed_prefix contains the end"),
        ({"fixed_prefix": (7,)}, r"fixed_prefix\[0\]=7 is out of range"),
        ({"keep_order": (2, 1, 2)}, "keep_order lists stop 2 twice"),
        ({"keep_order": (2, 0)}, "before the start"),
        ({"keep_order": (3, 1), "end": 3}, "after the end"),
        ({"keep_order": (2, 1), "fixed_prefix": (1, 2)}, "contradicts fixed_prefix"),
        ({"keep_order": (2, 1), "fixed_prefix": (1,)}, "contradicts fixed_prefix"),
        ({"time_limit": 0}, "time_limit"),
        ({"time_limit": -2.0}, "time_limit"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict, message: str) -> None:
    matrix = random_matrix(4, 1, symmetric=True)
    with pytest.raises(TourInputError, match=message) as info:
        solve_tour(matrix, **kwargs)
    assert isinstance(info.value, ValueError)


def test_numpy_integers_are_accepted_as_indices() -> None:
    matrix = random_matrix(5, 2, symmetric=False)
    order = solve_tour(matrix, start=np.int64(2), end=np.int32(4), keep_order=[np.int64(1)])
    assert is_valid(order, 5, 2, 4)


def test_input_is_not_modified() -> None:
    matrix = random_matrix(15, 3, symmetric=False)
    matrix[0, 1] = np.inf
    copy = matrix.copy()
    solve_tour(matrix)
    np.testing.assert_array_equal(matrix, copy)


# ---------------------------------------------------------------------------------------------
# Heuristic range: quality, determinism, time limit
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("symmetric", [True, False])
def test_39_stops_beat_nearest_neighbour_two_opt(symmetric: bool) -> None:
    matrix = random_matrix(39, 1000, symmetric)
    order = solve_tour(matrix)
    assert is_valid(order, 39, 0, None)
    assert tour_cost(matrix, order, True) <= nn_two_opt(matrix) + 1e-9


def test_39_stops_open_trip() -> None:
    matrix = random_matrix(39, 1001, symmetric=False)
    order = solve_tour(matrix, start=5, end=17)
    assert is_valid(order, 39, 5, 17)


def test_deterministic() -> None:
    matrix = random_matrix(39, 1002, symmetric=False)
    first = solve_tour(matrix, start=3)
    solve_tour(random_matrix(39, 1003, symmetric=True))
    assert solve_tour(matrix, start=3) == first
    assert solve_tour(matrix.tolist(), start=3) == first


def test_time_limit_caps_the_search() -> None:
    matrix = random_matrix(150, 1004, symmetric=True)
    began = time.perf_counter()
    order = solve_tour(matrix, time_limit=0.2)
    assert time.perf_counter() - began < 1.5
    assert is_valid(order, 150, 0, None)


def test_tour_cost_closed_and_open() -> None:
    matrix = [[0, 1, 4], [2, 0, 3], [5, 6, 0]]
    assert tour_cost(matrix, [0, 1, 2], closed=True) == 1 + 3 + 5
    assert tour_cost(matrix, [0, 1, 2], closed=False) == 1 + 3
    assert tour_cost(matrix, [2], closed=True) == 0.0
