"""Multi-day tours planned together: one route per day from the base and back, fewest days first.

The problem is a vehicle-routing problem with one "vehicle" per day (see ``geo.tour.days`` for a
day's spec). The search starts from the better of two tours: the single best path
(``geo.tour.solver``) cut greedily into days, which is also today's tour, so the answer is never
worse than that, and the days VROOM plans on the same table (``geo.tour.engine_start``, checked by
our rules like any start); then ruin and recreate with local search (``geo.tour.day_search``)
drops days the others can absorb and shortens the driving. Each day is finally re-ordered exactly
when that helps. A one-day tour therefore keeps the
optimum of the path solver. A previous tour may be given as the starting point (a warm start), so
a small edit changes the tour by about what the edit costs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

import numpy as np

from geo.errors import ValidationError
from geo.tour.day_checks import check_days
from geo.tour.day_memo import DayMemo, problem_key
from geo.tour.day_options import DayOptions
from geo.tour.day_routes import Model, Routes
from geo.tour.day_search import Effort, fewest_days
from geo.tour.days import DayOverride, DaySpec, day_specs, render_days
from geo.tour.engine_start import engine_days, explorations
from geo.tour.infeasible import explain, kept_day_unfit
from geo.tour.records import Schedule
from geo.tour.settings import DayRule, LunchRule, TourSettings
from geo.tour.solver import solve_tour
from geo.tour.steps import Visit


@dataclass(frozen=True)
class DayProblem:
    """A multi-day tour to plan; day numbers count from 1, place and stop ids index ``ids``."""

    visits: Mapping[str, Visit]
    start: str
    end: str
    base: str
    depart: datetime
    day: DayRule = DayRule()
    lunch: LunchRule = LunchRule()
    max_days: int | None = None
    overrides: Mapping[int, DayOverride] = field(default_factory=dict)
    pins: Mapping[str, int] = field(default_factory=dict)
    locked: Mapping[int, Sequence[str]] = field(default_factory=dict)
    balance: bool = False
    previous: Sequence[Sequence[str]] | None = None

    @classmethod
    def from_settings(
        cls,
        settings: TourSettings,
        visits: Mapping[str, Visit],
        start: str,
        end: str,
        base: str,
        days: DayOptions | None = None,
    ) -> DayProblem:
        """The problem of a tour's settings (departure, day, lunch, most days) and, when given,
        the planner's day options (pins, kept days, balance, the days as last shown)."""
        days = days or DayOptions()
        return cls(
            visits,
            start,
            end,
            base,
            settings.depart,
            settings.day,
            settings.lunch,
            settings.max_days,
            pins=days.pins,
            locked=days.locked,
            balance=days.balance,
            previous=days.previous,
        )


@dataclass(frozen=True)
class DayPlan:
    """The planned days (stop ids in visiting order) and their timed schedule."""

    days: tuple[tuple[str, ...], ...]
    schedule: Schedule


def plan_days(
    problem: DayProblem,
    ids: Sequence[str],
    minutes: np.ndarray,
    km: np.ndarray,
    labels: Mapping[str, str] | None = None,
    lang: str = "zh",
    effort: Effort = Effort(),  # noqa: B008 - frozen dataclass
    memo: DayMemo | None = None,
) -> DayPlan:
    """Plan the days; raises ``ScheduleError`` naming the stops that do not fit and the fix.
    With a ``memo``, days solved from the same input before are timed, not solved again."""
    check_days(problem, labels or {})
    key = None if memo is None else problem_key(problem, ids, minutes, km, effort)
    known = None if memo is None else _known_days(problem, ids, minutes, km, memo.get(key))
    if known is not None:
        return known
    model, best = _solve(problem, ids, minutes, km, effort)
    kept_too_long = kept_day_unfit(model, best, labels or {}, lang)  # the cause, if any
    if kept_too_long is not None:
        raise kept_too_long
    if best.pool:
        quick = Effort(rounds=effort.drop_rounds // 3, drop_rounds=effort.drop_rounds // 3)

        def fits_with(changed: DayProblem) -> bool:
            return not _solve(changed, ids, minutes, km, quick)[1].pool

        specs = partial(day_specs_of, problem)
        raise explain(problem, model, best, specs, labels or {}, lang, fits_with)
    _reorder_days(best)
    days = [[model.visits[k] for k in route] for route in best.days]
    schedule = render_days(days, best.specs, model.travel, problem.depart.tzinfo)
    plan = DayPlan(tuple(tuple(model.ids[k] for k in r) for r in best.days), schedule)
    if memo is not None:
        memo.put(key, [list(day) for day in plan.days])
    return plan


def _known_days(
    problem: DayProblem,
    ids: Sequence[str],
    minutes: np.ndarray,
    km: np.ndarray,
    days: Sequence[Sequence[str]] | None,
) -> DayPlan | None:
    """The remembered ``days`` timed; None when there are none, or they are not this problem's
    (every stop once, each day fitting its hours): then the days are solved."""
    if not isinstance(days, list) or not all(isinstance(d, list) for d in days):
        return None
    stops = [s for day in days for s in day]
    if not all(isinstance(s, str) for s in stops) or sorted(stops) != sorted(problem.visits):
        return None
    model = day_model(problem, ids, minutes, km)
    specs = day_specs_of(problem, len(days))
    visits = [[problem.visits[s] for s in day] for day in days]
    index = {k: i for i, k in enumerate(model.ids)}
    if any(
        model.timing(spec, tuple(index[s] for s in d)) is None
        for spec, d in zip(specs, days, strict=True)
    ):
        return None
    schedule = render_days(visits, specs, model.travel, problem.depart.tzinfo)
    return DayPlan(tuple(tuple(day) for day in days), schedule)


def _solve(
    problem: DayProblem, ids: Sequence[str], minutes: np.ndarray, km: np.ndarray, effort: Effort
) -> tuple[Model, Routes]:
    """The best tour found; stops that fit nowhere are left in its pool."""
    model = day_model(problem, ids, minutes, km)
    limit = problem.max_days or len(problem.visits) + 1
    specs_for = partial(day_specs_of, problem)
    routes = _start(problem, model, specs_for, limit)
    return model, fewest_days(routes, specs_for, effort, limit)


def day_model(
    problem: DayProblem, ids: Sequence[str], minutes: np.ndarray, km: np.ndarray
) -> Model:
    """The search model: stops first (in ``visits`` order), then the places, the table to match."""
    places = [p for p in ids if p not in problem.visits]
    order = [*problem.visits, *places]
    rows = [list(ids).index(i) for i in order]
    mins = minutes[np.ix_(rows, rows)].tolist()
    kms = km[np.ix_(rows, rows)].tolist()
    index = {k: i for i, k in enumerate(order)}

    def travel(a: str, b: str) -> tuple[float, float]:
        i, j = index[a], index[b]
        return mins[i][j], kms[i][j]

    stops = {k: i for i, k in enumerate(problem.visits)}
    return Model(
        ids=order,
        minutes=mins,
        visits=list(problem.visits.values()),
        travel=travel,
        pins={stops[s]: d - 1 for s, d in problem.pins.items()},
        locked={d - 1: tuple(stops[s] for s in r) for d, r in problem.locked.items()},
    )


def day_specs_of(problem: DayProblem, count: int) -> list[DaySpec]:
    """The problem's days when the tour takes ``count`` of them."""
    return day_specs(
        count,
        problem.start,
        problem.end,
        problem.base,
        problem.depart,
        problem.day,
        problem.lunch,
        problem.overrides,
    )


def _start(problem: DayProblem, model: Model, specs_for, limit: int) -> Routes:
    """The starting tour: the previous days when given (a warm start), else the better of the
    best path cut into days and the engine's days (``geo.tour.engine_start``)."""
    n = len(model.visits)
    if problem.previous is not None:
        index = {k: i for i, k in enumerate(model.ids[:n])}
        days = [[index[s] for s in day if s in index] for day in problem.previous]
        return _fitted(problem, model, specs_for, days[:limit] or [[]])
    split = _fitted(
        problem, model, specs_for, _split(_best_path(problem, model), model, specs_for, limit)
    )
    engine = _engine_start(problem, model, specs_for, split.specs)
    return min((_placed(split), engine), key=_start_cost)


def _engine_start(problem: DayProblem, model: Model, specs_for, specs: list[DaySpec]) -> Routes:
    """The engine's days at the deepest of its search depths whose days all keep our rules as
    they are; when none does, the best of them with the stops sent back put where they fit."""
    tried = []
    windows = any(v.window is not None for v in model.visits)
    for level in explorations(len(model.visits), windows):
        routes = _fitted(problem, model, specs_for, engine_days(model, specs, level))
        if not routes.pool:
            return routes
        tried.append(_placed(routes))
    return min(tried, key=_start_cost)


def _placed(routes: Routes) -> Routes:
    """``routes`` with its pool put back where each stop adds the least driving and fits."""
    pool, routes.pool = routes.pool, []
    routes.pool = [k for k in pool if not routes.insert_cheapest(k)]
    return routes


def _start_cost(routes: Routes) -> tuple[float, ...]:
    """Stops left over first, then days used, then driving."""
    unplaced, *rest = routes.cost()
    return (unplaced, sum(1 for r in routes.days if r), *rest)


def _fitted(problem: DayProblem, model: Model, specs_for, days: list[list[int]]) -> Routes:
    """``days`` with pins and locked days put in place; a stop displaced, or on a day that no
    longer fits, waits in the pool."""
    n = len(model.visits)
    days = [list(d) for d in days]
    count = max([len(days), *(d + 1 for d in model.locked), *(d + 1 for d in model.pins.values())])
    days += [[] for _ in range(count - len(days))]
    fixed = {k for r in model.locked.values() for k in r}
    for d, route in enumerate(days):
        days[d] = [k for k in route if k not in fixed and model.pins.get(k, d) == d]
    for d, route in model.locked.items():
        days[d] = list(route)
    specs = specs_for(len(days))
    for d, route in enumerate(days):  # a warm start made under other settings may not fit now
        if d not in model.locked:
            days[d] = _trimmed(model, specs[d], route)
    placed = {k for r in days for k in r}
    routes = Routes(model, specs, days, [k for k in range(n) if k not in placed])
    routes.balance = problem.balance
    return routes


def _trimmed(model: Model, spec: DaySpec, route: list[int]) -> list[int]:
    """The day with as few stops taken out as it takes to fit (the rest are left for the search
    to place, or to explain): the one stop whose removal makes it fit with the least driving,
    else the last one, and again."""
    begin, home = model.node(spec.begin), model.node(spec.home)
    while route and not model.timing(spec, tuple(route)):
        fitting = [
            rest
            for p in range(len(route))
            if model.timing(spec, tuple(rest := route[:p] + route[p + 1 :]))
        ]
        if fitting:
            return min(fitting, key=lambda r: model.drive(begin, r, home))
        route = route[:-1]
    return route


def _best_path(problem: DayProblem, model: Model) -> list[int]:
    """All stops on one path from the start to the end, least driving first."""
    n = len(model.visits)
    start, end = model.node(problem.start), model.node(problem.end)
    nodes = [start, *range(n)] + ([] if end == start else [end])
    cost = np.array([[model.minutes[a][b] for b in nodes] for a in nodes])
    order = solve_tour(cost, start=0, end=None if end == start else len(nodes) - 1)
    return [nodes[i] for i in order if nodes[i] < n]


def _split(order: list[int], model: Model, specs_for, limit: int) -> list[list[int]]:
    """Cut the path into the fewest days it fits, each day taking stops while it still fits."""
    for count in range(1, limit + 1):
        specs = specs_for(count)
        days: list[list[int]] = [[] for _ in range(count)]
        d = 0
        for k in order:
            while d < count - 1 and not model.timing(specs[d], (*days[d], k)):
                d += 1
            days[d].append(k)
        if model.timing(specs[-1], tuple(days[-1])):
            return days
    while days[-1] and not model.timing(specs[-1], tuple(days[-1])):
        days[-1].pop()  # left for the search to place, or to explain
    return days


def _reorder_days(routes: Routes) -> None:
    """Re-solve each day's order with the path solver (exact up to 13 stops) when it fits better."""
    m = routes.model.minutes
    for d, route in enumerate(routes.days):
        if d in routes.model.locked or len(route) < 3:
            continue
        begin, home = routes.ends(d)
        nodes = [begin, *route] + ([] if home == begin else [home])
        cost = np.array([[m[a][b] for b in nodes] for a in nodes])
        order = solve_tour(cost, start=0, end=None if home == begin else len(nodes) - 1)
        trial = [nodes[i] for i in order if 0 < i < len(route) + 1]
        if routes.day_drive(d, trial) < routes.day_drive(d, route) - 1e-9 and routes.fits(d, trial):
            routes.days[d] = trial


def cheapest_insertion(
    problem: DayProblem,
    ids: Sequence[str],
    minutes: np.ndarray,
    km: np.ndarray,
    days: Sequence[Sequence[str]],
    stop: str,
) -> float:
    """Least extra driving minutes to fit ``stop`` into ``days`` as they are (inf: nowhere):
    the yardstick for what adding a stop should cost. ``stop`` is one of ``problem.visits``."""
    if stop not in problem.visits:
        raise ValidationError(f"'{stop}' is not a stop of this tour")
    model = day_model(problem, ids, minutes, km)
    index = {k: i for i, k in enumerate(model.ids)}
    routes = Routes(model, day_specs_of(problem, len(days)), [[index[s] for s in d] for d in days])
    return routes.insertion_cost(index[stop])
