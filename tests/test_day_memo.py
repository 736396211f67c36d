"""Solved days remembered by their exact input (geo.tour.day_memo, services.tours.StoredDays):
the same input is timed from the memo, never solved again, and gives the very same tour; any
change of input is solved anew; a memo entry that is not the problem's is ignored."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from geo.tour import multiday
from geo.tour.day_memo import problem_key
from geo.tour.day_search import Effort
from geo.tour.multiday import plan_days
from geo.tour.pipeline import QUICK, TourRequest
from services import tours
from tests.multiday_cases import generated
from tests.test_multiday import _problem


class DictMemo(dict):
    def put(self, key, days):
        self[key] = days


def _no_search(*args, **kwargs):
    raise AssertionError("solved again")


def test_the_same_input_is_timed_from_the_memo_with_the_same_days_and_schedule(monkeypatch):
    case = generated(20, 3)
    memo = DictMemo()
    first = plan_days(_problem(case), case.ids, case.minutes, case.km, effort=QUICK, memo=memo)
    assert list(memo.values()) == [[list(day) for day in first.days]]
    monkeypatch.setattr(multiday, "_solve", _no_search)
    again = plan_days(_problem(case), case.ids, case.minutes, case.km, effort=QUICK, memo=memo)
    assert again == first


def test_every_part_of_the_input_is_in_the_key():
    case = generated(12, 5)
    problem = _problem(case)

    def key(p=problem, minutes=case.minutes, effort=QUICK):
        return problem_key(p, case.ids, minutes, case.km, effort)

    slower = case.minutes.copy()
    slower[1, 2] += 1
    stop = next(iter(problem.visits))
    variants = [
        key(),
        key(minutes=slower),
        key(effort=Effort()),
        key(dataclasses.replace(problem, pins={stop: 2})),
        key(dataclasses.replace(problem, balance=True)),
        key(dataclasses.replace(problem, max_days=3)),
        key(dataclasses.replace(problem, previous=[[stop]])),
        key(dataclasses.replace(problem, depart=problem.depart.replace(hour=9))),
    ]
    assert len(set(variants)) == len(variants)
    assert key() == key(_problem(generated(12, 5)))  # the same input from scratch


@pytest.mark.parametrize("stored", [[["nope"]], "days", [[1, 2]], [[]]])
def test_a_memo_entry_that_is_not_the_problems_days_is_solved_again(stored):
    case = generated(10, 7)
    problem = _problem(case)
    memo = DictMemo({problem_key(problem, case.ids, case.minutes, case.km, QUICK): stored})
    plan = plan_days(problem, case.ids, case.minutes, case.km, effort=QUICK, memo=memo)
    assert sorted(s for day in plan.days for s in day) == sorted(case.visits)


def test_a_tour_is_solved_once_for_every_process_that_shows_it(app, monkeypatch):
    """The plan page and the print pack (in the job process) read one stored answer."""
    stops = ("stop-350428100-01", "stop-350428101-01", "stop-350428104-01", "stop-350428106-01")
    with app.app_context():
        first = tours.tour(TourRequest(stops), "zh")
        assert list((Path(app.config["CACHE_DIR"]) / tours.StoredDays.KIND).iterdir())
        monkeypatch.setattr(multiday, "_solve", _no_search)
        assert tours.tour(TourRequest(stops), "zh").to_dict() == first.to_dict()
