"""Multi-day planning on generated cases: every day keeps the rules, and the plan is never worse
than today's path-then-split tour; pins, locked days and per-day overrides are kept."""

from __future__ import annotations

import random
from datetime import time

import numpy as np
import pytest

from geo.errors import ScheduleError, ValidationError
from geo.tour.day_moves import neighbour_lists
from geo.tour.day_search import Effort, _ruin
from geo.tour.days import DayOverride
from geo.tour.multiday import DayProblem, _solve, plan_days
from geo.tour.rules_check import rule_breaks
from geo.tour.schedule import DayRule, LunchRule, build_schedule
from geo.tour.solver import solve_tour
from tests.multiday_cases import BASE, DEPART, generated, travel
from tests.oracles import held_karp_reference

QUICK = Effort(rounds=30, drop_rounds=15)


def _problem(case, **kw) -> DayProblem:
    return DayProblem(case.visits, BASE, BASE, BASE, DEPART, **kw)


def _plan(case, **kw):
    return plan_days(_problem(case, **kw), case.ids, case.minutes, case.km, effort=QUICK)


def _today(case):
    """Today's tour: the best single path cut greedily into days."""
    order = solve_tour(case.minutes, start=0)
    stops = [case.ids[i] for i in order[1:]]
    return build_schedule(stops, case.visits, travel(case), BASE, None, DEPART)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("windows", [False, True])
def test_days_keep_the_rules_and_beat_todays_tour(seed, windows):
    case = generated(14 + 3 * seed, seed, windows)
    plan = _plan(case)
    assert rule_breaks(plan.schedule, case.visits, [DayRule()] * len(plan.days), LunchRule()) == []
    if not windows:
        today = _today(case)
        assert len(plan.days) <= len(today.days)
        if len(plan.days) == len(today.days):
            assert plan.schedule.driving_minutes <= today.driving_minutes + 1
    assert sorted(s for d in plan.days for s in d) == sorted(case.visits)


def test_one_day_tour_is_the_shortest_round_trip():
    case = generated(9, 3, side_km=20)
    plan = _plan(case)
    assert len(plan.days) == 1
    optimum = held_karp_reference(case.minutes)
    assert plan.schedule.driving_minutes == pytest.approx(optimum, abs=1)


def test_pinned_stops_stay_on_their_day():
    case = generated(24, 11)
    stops = list(case.visits)
    pins = {stops[0]: 2, stops[5]: 1, stops[9]: 3}
    plan = _plan(case, pins=pins)
    for stop, day in pins.items():
        assert stop in plan.days[day - 1]
    assert rule_breaks(plan.schedule, case.visits, [DayRule()] * len(plan.days), LunchRule()) == []


def test_locked_day_keeps_the_planners_order():
    case = generated(20, 5)
    mine = tuple(list(case.visits)[:4][::-1])
    plan = _plan(case, locked={2: mine})
    assert plan.days[1] == mine
    assert [s.id for s in plan.schedule.stops if s.day == 2] == list(mine)


def test_shorter_last_day_and_another_hotel():
    case = generated(22, 8)
    free = _plan(case)
    last = len(free.days)
    overrides = {
        last: DayOverride(day=DayRule(time(8, 30), time(12, 0))),
        1: DayOverride(hotel="s03"),
    }
    case.visits.pop("s03")
    plan = plan_days(
        _problem(case, overrides=overrides, max_days=last + 1),
        case.ids,
        case.minutes,
        case.km,
        effort=QUICK,
    )
    rules = [overrides.get(d + 1, DayOverride()).day or DayRule() for d in range(len(plan.days))]
    assert rule_breaks(plan.schedule, case.visits, rules, LunchRule()) == []
    first_day_legs = [g for g in plan.schedule.legs if g.day == 1]
    assert first_day_legs[-1].to_id == "s03"
    assert [g for g in plan.schedule.legs if g.day == 2][0].from_id == "s03"
    if len(plan.days) == last:
        assert plan.schedule.days[-1].end.time() <= time(12, 0)


def test_balance_the_days_shortens_the_longest_day():
    case = generated(26, 4)
    plain, even = _plan(case), _plan(case, balance=True)
    assert len(even.days) == len(plain.days)

    def longest(plan):
        return max(d.end - d.start for d in plan.schedule.days)

    assert longest(even) <= longest(plain)


def test_too_few_days_names_the_stops_and_the_fix():
    case = generated(30, 2)
    labels = {k: f"点{k}（镇{k[-1]}）" for k in case.visits}
    need = len(_plan(case).days)
    with pytest.raises(ScheduleError) as err:
        plan_days(
            _problem(case, max_days=need - 1),
            case.ids,
            case.minutes,
            case.km,
            labels,
            "zh",
            QUICK,
        )
    message = str(err.value)
    assert f"{need - 1}天内排不下" in message and "去掉" in message
    assert all(labels[s] in message for s in err.value.unscheduled)
    assert not any(s in message.replace(labels[s], "") for s in err.value.unscheduled)


def test_a_window_nobody_can_keep_is_named_in_english():
    case = generated(10, 1)
    stop = "s04"
    case.visits[stop] = case.visits[stop].__class__(stop, 90, (time(8, 0), time(9, 0)))
    with pytest.raises(ScheduleError) as err:
        plan_days(_problem(case), case.ids, case.minutes, case.km, {stop: "Farm"}, "en", QUICK)
    assert "Farm" in str(err.value) and "opening hours" in str(err.value)
    assert err.value.unscheduled == [stop]


def test_bad_pins_are_refused():
    case = generated(8, 0)
    with pytest.raises(ValidationError):
        _plan(case, pins={"nowhere": 1})
    with pytest.raises(ValidationError):
        _plan(case, pins={"s01": 5}, max_days=3)


def test_equal_input_gives_equal_days():
    case = generated(30, 9)
    assert _plan(case).days == _plan(case).days


def test_km_follow_the_table():
    case = generated(16, 6)
    plan = _plan(case)
    index = {k: i for i, k in enumerate(case.ids)}
    km = sum(case.km[index[g.from_id], index[g.to_id]] for g in plan.schedule.legs)
    assert plan.schedule.km == pytest.approx(np.round(km, 2), abs=0.05)


@pytest.mark.parametrize("seed", range(3))
def test_ruin_never_leaves_a_day_that_breaks_its_hours(seed):
    """Taking stops out of a day can break it (lunch moves, a window is reached too early and
    the wait pushes the day past its end): the ruin step keeps such a day whole."""
    case = generated(40, seed, windows=True)
    _, routes = _solve(_problem(case), case.ids, case.minutes, case.km, QUICK)
    assert routes.feasible()
    movable = [k for r in routes.days for k in r]
    near = neighbour_lists(routes, movable)
    rng = random.Random(seed)
    for _ in range(300):
        trial = routes.copy()
        _ruin(trial, movable, near, rng)
        assert trial.feasible()


def test_a_problem_from_tour_settings_carries_each_setting_and_day_option():
    from geo.tour.day_options import DayOptions
    from geo.tour.settings import TourSettings

    case = generated(6, seed=3)
    settings = TourSettings(
        depart=DEPART, day=DayRule(time(9, 0), time(16, 30)), lunch=LunchRule(), max_days=3
    )
    stop = next(iter(case.visits))
    days = DayOptions(pins={stop: 2}, locked={}, balance=True, previous=((stop,),))
    problem = DayProblem.from_settings(settings, case.visits, BASE, BASE, BASE, days)
    assert problem == DayProblem(
        case.visits, BASE, BASE, BASE, DEPART, settings.day, settings.lunch, 3,
        pins={stop: 2}, balance=True, previous=((stop,),),
    )  # fmt: skip
    bare = DayProblem.from_settings(settings, case.visits, BASE, BASE, BASE)
    assert bare.pins == {} and bare.previous is None and bare.max_days == 3
    plan = plan_days(problem, case.ids, case.minutes, case.km)
    assert stop in plan.days[1]
