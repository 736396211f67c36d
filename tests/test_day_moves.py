"""The local search's moves: each one's driving change, worked out from the arcs it changes,
is the real change of the days it builds (geo.tour.day_moves)."""

from __future__ import annotations

import numpy as np
import pytest

from geo.tour.day_moves import improve, moves, neighbour_lists
from geo.tour.day_routes import Routes
from geo.tour.multiday import day_model, day_specs_of
from tests.multiday_cases import generated
from tests.test_multiday import _problem


def _routes(n: int, seed: int, days: int, hotel: bool, side_km: float = 60.0) -> Routes:
    """Random days over a generated case with an asymmetric table (one-way streets)."""
    case = generated(n, seed, side_km=side_km)
    rng = np.random.default_rng(seed)
    minutes = case.minutes * rng.uniform(0.8, 1.25, case.minutes.shape)
    np.fill_diagonal(minutes, 0.0)
    problem = _problem(case)
    model = day_model(problem, case.ids, minutes, case.km)
    specs = day_specs_of(problem, days)
    if hotel:  # the first night elsewhere: days with different ends
        specs[0] = type(specs[0])(**{**specs[0].__dict__, "home": model.ids[3]})
        specs[1] = type(specs[1])(**{**specs[1].__dict__, "begin": model.ids[3]})
    stops = rng.permutation(len(model.visits)).tolist()
    cuts = sorted(rng.choice(range(1, len(stops)), days - 1, replace=False).tolist())
    routes = [stops[a:b] for a, b in zip([0, *cuts], [*cuts, len(stops)], strict=True)]
    routes[-1] = []  # an empty day too
    return Routes(model, specs, routes)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("hotel", [False, True])
def test_every_move_costs_what_it_changes(seed, hotel):
    routes = _routes(30, seed, 4, hotel)
    stops = [k for r in routes.days for k in r]
    near = neighbour_lists(routes, stops)
    where = {k: (d, p) for d, r in enumerate(routes.days) for p, k in enumerate(r)}
    seen = 0
    for u in stops:
        for delta, days, build in moves(routes, u, near[u], where, every=True):
            change = build()
            assert set(change) <= set(days)
            real = sum(routes.day_drive(d, r) - routes.day_drive(d) for d, r in change.items())
            assert delta == pytest.approx(real, abs=1e-9)
            placed = sorted(k for d, r in enumerate(routes.days) for k in change.get(d, r))
            assert placed == sorted(stops)
            seen += 1
    assert seen > 30 * 6 * 3


def test_improve_only_shortens_and_keeps_every_stop():
    routes = _routes(24, 9, 5, False, side_km=15)
    assert routes.feasible()
    before = routes.drive()
    stops = sorted(k for r in routes.days for k in r)
    improve(routes, neighbour_lists(routes, stops))
    assert routes.drive() < before
    assert sorted(k for r in routes.days for k in r) == stops
    assert routes.feasible()
