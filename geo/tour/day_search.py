"""Ruin and recreate over the days, and dropping a day whenever the others can take its stops.

Each round removes a few stops that lie close together (one stop and its nearest neighbours),
puts them back where each adds the least driving and still fits, and polishes the result with the
local search of ``geo.tour.day_moves``. A slightly worse tour is kept as the current one early on
(record-to-record travel) so the search can leave a local optimum; the best tour is returned.
Random choices use a fixed seed, and rounds are counted (with a wall-clock cap as a safety net),
so equal input gives equal output.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from geo.time_limit import check_time_limit
from geo.tour.day_moves import improve, neighbour_lists
from geo.tour.day_routes import Routes
from geo.tour.days import DaySpec

SEED = 20261201
ACCEPT_WORSE = 0.02
"""At first a round up to this fraction longer than the best is walked on; it shrinks to 0."""


WORK = 200_000
"""Days tried (``Routes.fits``) after which a search stops. Counted, not timed: a cap in CPU
seconds cut the search wherever a loaded machine happened to be (shipped 65 stops with windows:
963 minutes alone, 996-1043 while other work ran), so the same input gave another tour. Shipped
65 with windows tries 98,000 days (1.3 CPU s on a quiet machine); 200,000 bounds a search at a few
seconds where the clock cap was 3 s (generated 90 stops with windows: 0.9 s)."""


@dataclass(frozen=True)
class Effort:
    """How long to search: rounds per kept day count, rounds to try to drop a day, a cap."""

    rounds: int = 250
    drop_rounds: int = 120
    work: int = WORK
    patience: int = 80
    """Rounds without a better tour after which the search stops early."""


def search(
    routes: Routes,
    rounds: int,
    budget: int,
    patience: int,
    until_placed: bool = False,
) -> Routes:
    """The best tour found from ``routes`` in ``rounds`` ruin-and-recreate rounds (or as soon
    as every stop is placed, with ``until_placed``)."""
    rng = random.Random(SEED)
    movable = [k for d, r in enumerate(routes.days) if d not in routes.model.locked for k in r]
    movable += routes.pool
    near = neighbour_lists(routes, movable)
    current = improve(_recreate(routes.copy(), rng), near)
    best, found = current.copy(), 0
    for done in range(rounds):
        check_time_limit()
        spent = routes.model.work > budget
        if spent or len(movable) < 2 or (until_placed and not best.pool):
            break
        if done - found > patience:
            break
        trial = current.copy()
        out = _ruin(trial, movable, near, rng)
        _recreate(trial, rng)
        improve(trial, near, _touched(near, out))
        slack = ACCEPT_WORSE * (1 - done / rounds)
        new, top = trial.cost(), best.cost()
        if new < top:
            best, found = trial.copy(), done
        if new[:-1] < top[:-1] or (new[:-1] == top[:-1] and new[-1] <= top[-1] * (1 + slack)):
            current = trial
    return best


def fewest_days(
    routes: Routes,
    specs_for: Callable[[int], list[DaySpec]],
    effort: Effort,
    limit: int,
) -> Routes:
    """Add days (up to ``limit``) while stops are left over, drop days one at a time while the
    remaining days can take every stop, then polish. A start that places every stop and leaves
    a day empty drops that day before the first polish, which would spread stops onto it (shipped
    52 stops with windows: 7 days to 6)."""
    if not routes.pool and not all(routes.days):
        routes = _fewer_days(routes, specs_for, effort)
    best = search(routes, effort.drop_rounds, effort.work, effort.patience, True)
    while best.pool and len(best.days) < limit:  # a warm start may have too few days
        more = Routes(best.model, specs_for(len(best.days) + 1), [*best.days, []], best.pool)
        more.balance = best.balance
        if not more.feasible():
            break
        best = search(more, effort.drop_rounds, effort.work, effort.patience, True)
    best = _fewer_days(best, specs_for, effort)
    return search(best, effort.rounds, effort.work, effort.patience)


def _fewer_days(
    routes: Routes, specs_for: Callable[[int], list[DaySpec]], effort: Effort
) -> Routes:
    """Drop days one at a time while the others take their stops; a search only when dropping a
    day leaves stops to place."""
    best = routes
    while not best.pool and len(best.days) > 1:
        fewer = _without_a_day(best, specs_for)
        if fewer is None:
            break
        if fewer.pool:
            fewer = search(fewer, effort.drop_rounds, effort.work, effort.patience, True)
        if fewer.pool:
            break
        best = fewer
    return best


def _without_a_day(routes: Routes, specs_for: Callable[[int], list[DaySpec]]) -> Routes | None:
    """The tour with its lightest droppable day emptied into the pool; later days move up."""
    model = routes.model
    pinned_days = set(model.pins.values()) | set(model.locked)
    last_fixed = max(pinned_days, default=-1)
    candidates = [d for d in range(len(routes.days)) if d > last_fixed]
    if not candidates:
        return None
    light = min(candidates, key=lambda d: sum(model.visits[k].minutes for k in routes.days[d]))
    days = [r for d, r in enumerate(routes.days) if d != light]
    fewer = Routes(model, specs_for(len(days)), days, [*routes.pool, *routes.days[light]])
    fewer.balance = routes.balance
    for d, route in enumerate(fewer.days):
        if d not in model.locked and not fewer.fits(d, route):
            fewer.pool.extend(route)
            fewer.days[d] = []
    return fewer


def _touched(near: dict[int, list[int]], out: set[int]) -> list[int]:
    """The stops put back and their nearest neighbours: where a polish can gain."""
    return list(dict.fromkeys([*sorted(out), *(v for k in sorted(out) for v in near[k][:2])]))


def _ruin(
    routes: Routes, movable: list[int], near: dict[int, list[int]], rng: random.Random
) -> set[int]:
    """Take out one stop and some of its nearest neighbours; a day that would no longer fit
    without them (its lunch or a window moves) keeps them all."""
    size = rng.randint(2, max(2, min(12, len(movable) // 4)))
    seed = rng.choice(movable)
    out = {seed, *near[seed][: size - 1]}
    for d, route in enumerate(routes.days):
        if d not in routes.model.locked:
            rest = [k for k in route if k not in out]
            if len(rest) == len(route):
                continue
            if routes.fits(d, rest):  # lunch and windows: a shorter day may not fit
                routes.days[d] = rest
            else:
                out -= set(route)
    routes.pool.extend(k for k in out if k not in routes.pool)
    return out


def _recreate(routes: Routes, rng: random.Random) -> Routes:
    """Insert the pool back, cheapest place first, in a random or far-first order."""
    pool, routes.pool = routes.pool, []
    m = routes.model.minutes
    if rng.random() < 0.5:
        rng.shuffle(pool)
    else:
        base = routes.model.node(routes.specs[0].begin)
        pool.sort(key=lambda k: -m[base][k])
    for stop in pool:
        if not routes.insert_cheapest(stop):
            routes.pool.append(stop)
    return routes
