"""A cold start from an engine: the days VROOM plans on our road-time table, before our search.

Why: on ``bench/bench_multiday.py`` our ruin and recreate, started from the best path cut into days,
ended 2-6% above VROOM at 52-65 stops, and by up to 25% apart from one random seed to another; VROOM
(one thread; its search depth by the number of stops, ``explorations``; a day that drives the same
both ways always put one way round, ``_one_way``) gets within about 0.5% of its own best in a
fraction of a second. Its days are only a start: our rules time them (``geo.tour.days``), stops of a
day they do not fit go back to the pool, and our search places, drops days and polishes as from any
start. The model VROOM gets is ours: one vehicle per day from its spec's place and hour to its home
by its end, a fixed cost per day (a later day a little dearer, so days are used in order), visits
and windows, lunch as a break in its window, pins as skills; locked days keep their stops and are
not given to it.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence

import numpy as np
import vroom

from geo.time_limit import check_time_limit, time_left
from geo.tour.day_routes import Model
from geo.tour.days import DaySpec
from geo.tour.steps import clock

OVERRUN = 0.02  # seconds past the request's time left that VROOM's own timeout is set to
DAY_COST = 10_000_000
"""Fixed cost of a day, in seconds of driving: far above any day's, so fewer days win."""


def explorations(stops: int, windows: bool) -> tuple[int, ...]:
    """VROOM's search depths (0-5) to start from, deepest first, the deepest that fit the time a
    planner waits. Up to 40 stops without visit windows level 5, which drives least (shipped 39:
    563 minutes where level 3 ends our search at 569), then 3 when level 5's days do not all keep
    our rules. With windows level 3 alone: level 5 packs such days so close to the limits that our
    lunch rule (lunch as soon as it is due) sends a stop back and level 3 is needed all the same
    (shipped 26: 4 days from level 5 alone, 3 from level 3; shipped 39: 609 minutes either way,
    generated 39: 763 against 766, for 40% more time). Up to 70 stops level 3 (near its best at 65
    stops in a third of level 5's time); beyond, VROOM's time grows fast (generated 90 stops: 2.4 s
    in all at level 3, 1.1 s at level 1, 0.6% more driving; 120 stops: 4.1 s and 2.1 s, the same
    days), so level 1."""
    if stops > 70:
        return (1,)
    return (5, 3) if stops <= 40 and not windows else (3,)


def engine_days(model: Model, specs: Sequence[DaySpec], level: int) -> list[list[int]]:
    """The stops of each of ``specs``' days (node indices, in order) as VROOM plans them at search
    depth ``level``; a locked day keeps its own stops, a stop VROOM cannot place is on no day."""
    n = len(model.visits)
    locked = {k for route in model.locked.values() for k in route}
    problem = vroom.Input()
    seconds = np.ceil(np.asarray(model.minutes) * 60).astype(np.uint32)
    problem.set_durations_matrix("car", seconds)
    free = [d for d in range(len(specs)) if d not in model.locked]
    stops = [k for k in range(n) if k not in locked]
    days = [list(model.locked.get(d, ())) for d in range(len(specs))]
    if not free or not stops:
        return days
    for d in free:
        problem.add_vehicle(_vehicle(model, d, specs[d]))
    for k in stops:
        problem.add_job(_job(model, k, specs))
    routes = _solve(problem, level).routes
    jobs = routes[routes["type"] == "job"]
    for vehicle, group in jobs.groupby("vehicle_id", sort=True):
        d = int(vehicle) - 1
        days[d] = _one_way(model, seconds, specs[d], [int(i) - 1 for i in group["id"]])
    return days


def _one_way(model: Model, seconds: np.ndarray, spec: DaySpec, route: list[int]) -> list[int]:
    """A day that drives the same seconds forwards and backwards, always one way round: the way
    our rules fit, back soonest (less waiting for windows), then the first by stop index. Why:
    VROOM, even on one thread, hands such a day back either way (generated 30 stops: 26 of 40
    calls one way, 14 the other), and our search started from it ended in other tours."""
    back = route[::-1]
    ends = [model.node(spec.begin), model.node(spec.home)]

    def drive(r: list[int]) -> int:
        legs = [ends[0], *r, ends[1]]
        return int(sum(int(seconds[a, b]) for a, b in zip(legs, legs[1:], strict=False)))

    if len(route) < 2 or drive(back) != drive(route):
        return route
    timed = [(t[1], r) for r in (route, back) if (t := model.timing(spec, tuple(r)))]
    return min(timed)[1] if timed else route


def _solve(problem: vroom.Input, level: int) -> vroom.Solution:
    """VROOM's answer, stopped by the request's time limit: its search runs in C++ and cannot
    call the check between steps, so it is given the time left as its own timeout, and a hair
    more: cut by it, VROOM stops a little before its timeout (milliseconds, rounded down), and the
    check after it would then find time left and let its cut answer through."""
    check_time_limit()
    left = time_left()
    timeout = None if left is None else datetime.timedelta(seconds=left + OVERRUN)
    solution = problem.solve(exploration_level=level, nb_threads=1, timeout=timeout)
    check_time_limit()
    return solution


def _seconds(minutes: float, up: bool) -> int:
    return math.ceil(minutes * 60) if up else math.floor(minutes * 60)


def _vehicle(model: Model, d: int, spec: DaySpec) -> vroom.Vehicle:
    rules = spec.rules
    lo = _seconds(max(rules.earliest, spec.leave), True)
    hi = _seconds(min(rules.latest, rules.day_end - rules.lunch_minutes), False)
    breaks = []
    if lo <= hi:  # a day that starts after lunchtime, or ends before it, has none
        window = vroom.TimeWindow(lo, hi)
        breaks = [vroom.Break(d + 1, time_windows=[window], service=int(rules.lunch_minutes * 60))]
    return vroom.Vehicle(
        d + 1,
        start=model.node(spec.begin),
        end=model.node(spec.home),
        skills={d + 1},
        time_window=vroom.TimeWindow(
            _seconds(spec.leave, True), _seconds(spec.rules.day_end, False)
        ),
        breaks=breaks,
        costs=vroom.VehicleCosts(fixed=DAY_COST + d),
    )


def _job(model: Model, k: int, specs: Sequence[DaySpec]) -> vroom.Job:
    visit = model.visits[k]
    service = visit.minutes * 60
    opens = min(spec.leave for spec in specs)
    closes = max(spec.rules.day_end for spec in specs)
    if visit.window is not None:
        opens, closes = max(opens, clock(visit.window[0])), min(closes, clock(visit.window[1]))
    latest = max(_seconds(opens, True), _seconds(closes, False) - service)
    pinned = model.pins.get(k)
    return vroom.Job(
        k + 1,
        location=k,
        default_service=service,
        time_windows=[vroom.TimeWindow(_seconds(opens, True), latest)],
        skills=set() if pinned is None else {pinned + 1},
    )
