"""The engine's cold start (geo.tour.engine_start): VROOM's days on our table, as a start only:
pins and locked days kept, every stop at most once, and the same days in every process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest

from geo.errors import TimeLimitError
from geo.time_limit import within
from geo.tour.day_routes import Routes
from geo.tour.engine_start import engine_days, explorations
from geo.tour.multiday import (
    DayProblem,
    _best_path,
    _split,
    _start,
    _trimmed,
    day_model,
    day_specs_of,
)
from geo.tour.steps import Visit
from tests.multiday_cases import BASE, DEPART, generated
from tests.test_multiday import _problem


def _model(case, **kw):
    problem = _problem(case, **kw)
    return problem, day_model(problem, case.ids, case.minutes, case.km)


def test_engine_days_fit_our_rules_and_drive_less_than_the_cut_path():
    case = generated(52, 52)
    problem, model = _model(case)
    specs_for = partial(day_specs_of, problem)
    start = _start(problem, model, specs_for, 8)
    days = engine_days(model, start.specs, 3)
    assert sorted(k for d in days for k in d) == list(range(52))
    routes = Routes(model, start.specs, days)
    assert routes.feasible()
    assert start.days == days  # the better start: here, the engine's
    cut = _split(_best_path(problem, model), model, specs_for, 8)
    assert len(cut) == len(days)
    assert routes.drive() < Routes(model, specs_for(len(cut)), cut).drive()


def test_pins_and_locked_days_are_kept():
    case = generated(30, 4)
    stops = list(case.visits)
    pins = {stops[0]: 3, stops[1]: 1}
    locked = {2: (stops[5], stops[6])}
    problem, model = _model(case, pins=pins, locked=locked)
    days = engine_days(model, day_specs_of(problem, 4), 3)
    on = {model.ids[k]: d + 1 for d, route in enumerate(days) for k in route}
    assert on[stops[0]] == 3 and on[stops[1]] == 1
    assert [model.ids[k] for k in days[1]] == [stops[5], stops[6]]
    placed = [k for d in days for k in d]
    assert len(placed) == len(set(placed))


_PLAN = """
from geo.tour.multiday import DayProblem, plan_days
from tests.multiday_cases import BASE, DEPART, generated
case = generated(39, 39, True)
problem = DayProblem(case.visits, BASE, BASE, BASE, DEPART)
print(plan_days(problem, case.ids, case.minutes, case.km).days)
"""


def test_the_same_days_in_every_process():
    answers = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-c", _PLAN],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=Path(__file__).resolve().parent.parent,
            check=True,
        )
        answers.add(done.stdout)
    assert len(answers) == 1


def test_a_day_that_drives_the_same_both_ways_comes_one_way():
    """VROOM on one thread still hands back such a day either way round (this case: 26 of 40
    calls one way, 14 the other), which started our search from other days."""
    case = generated(30, 9)
    problem, model = _model(case)
    specs = day_specs_of(problem, 4)
    answers = {str(engine_days(model, specs, 5)) for _ in range(16)}
    assert len(answers) == 1


def test_a_start_day_that_does_not_fit_loses_the_one_stop_that_breaks_it():
    """An engine's day (or a warm start's) our rules do not fit loses as few stops as it takes,
    not its tail: here the one long visit in the middle."""
    case = generated(10, 1, side_km=20)
    long = list(case.visits)[4]
    visits = {**case.visits, long: Visit(long, 400)}
    problem = DayProblem(visits, BASE, BASE, BASE, DEPART)
    model = day_model(problem, case.ids, case.minutes, case.km)
    spec = day_specs_of(problem, 1)[0]
    route = list(range(10))
    assert model.timing(spec, tuple(route)) is None
    assert _trimmed(model, spec, route) == [k for k in route if k != 4]


def test_a_long_tour_asks_the_engine_for_less_search():
    """Levels 5 and 3 up to 40 stops without windows, 3 with them and up to 70 (the bench's
    sizes); beyond, VROOM's time grows fast: level 1."""
    assert explorations(39, False) == (5, 3) and explorations(40, False) == (5, 3)
    assert explorations(39, True) == (3,) and explorations(26, True) == (3,)
    assert explorations(41, False) == (3,) and explorations(70, False) == (3,)
    assert explorations(65, True) == (3,)
    assert explorations(71, False) == (1,) and explorations(71, True) == (1,)


def test_the_engine_stops_by_the_requests_time_limit():
    """VROOM's search cannot call our check, so it is told the time left: a 70-stop tour that
    takes it over a second stops at a 0.05 s limit with the request's time-limit error."""
    case = generated(70, 70, True)
    problem, model = _model(case)
    specs = day_specs_of(problem, 9)
    began = time.perf_counter()
    engine_days(model, specs, 3)
    full = time.perf_counter() - began
    began = time.perf_counter()
    with within(0.05), pytest.raises(TimeLimitError):
        engine_days(model, specs, 3)
    assert time.perf_counter() - began < full / 2
