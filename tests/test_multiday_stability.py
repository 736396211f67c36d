"""Small edits re-planned from the current tour change it by about what the edit costs."""

from __future__ import annotations

import pytest

from geo.tour.day_search import Effort
from geo.tour.multiday import DayProblem, cheapest_insertion, plan_days
from tests.multiday_cases import BASE, DEPART, generated

QUICK = Effort(rounds=30, drop_rounds=15)


def _plan(case, visits, previous=None):
    problem = DayProblem(visits, BASE, BASE, BASE, DEPART, previous=previous)
    return plan_days(problem, case.ids, case.minutes, case.km, effort=QUICK), problem


@pytest.mark.parametrize("seed", range(8))
def test_one_stop_added_costs_about_its_cheapest_insertion(seed):
    case = generated(22 + seed, 100 + seed)
    extra = f"s{seed:02d}"
    before = {k: v for k, v in case.visits.items() if k != extra}
    old, _ = _plan(case, before)
    new, problem = _plan(case, case.visits, previous=old.days)
    insertion = cheapest_insertion(problem, case.ids, case.minutes, case.km, old.days, extra)
    change = new.schedule.driving_minutes - old.schedule.driving_minutes
    assert change <= 1.2 * insertion + 5 or len(new.days) < len(old.days)
    moved = sum(a != b for a, b in zip(old.days, new.days, strict=False))
    assert len(new.days) >= len(old.days) - 1 and moved <= len(old.days)


@pytest.mark.parametrize("seed", range(4))
def test_one_stop_dropped_never_drives_more(seed):
    case = generated(24, 200 + seed)
    old, _ = _plan(case, case.visits)
    gone = old.days[0][0]
    fewer = {k: v for k, v in case.visits.items() if k != gone}
    new, _ = _plan(case, fewer, previous=old.days)
    assert new.schedule.driving_minutes <= old.schedule.driving_minutes
    assert gone not in {s for d in new.days for s in d}


def test_a_warm_start_with_too_few_days_gets_another_day():
    case = generated(30, 301)
    full, _ = _plan(case, case.visits)
    squeezed = [[s for d in full.days for s in d][:3]]
    new, _ = _plan(case, case.visits, previous=squeezed)
    assert len(new.days) == len(full.days)
