"""geo/tour/settings.py: one set of bounds and defaults read by the API parser, the plan fields
and the plan model."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from geo.errors import ValidationError
from geo.plans.fields import check_fields, tour_settings
from geo.tour.pipeline import parse_tour_request
from geo.tour.settings import DEFAULT_MAX_DAYS, LUNCH_MINUTES, MAX_DAYS, DayRule, TourSettings


def test_a_request_without_settings_gets_the_defaults():
    request = parse_tour_request({"stops": ["a"]})
    assert request.settings == TourSettings()
    assert request.settings.max_days == DEFAULT_MAX_DAYS == 5
    assert request.settings.depart == datetime(2014, 10, 20, 8, 30)
    assert request.settings.day == DayRule(time(8, 30), time(17, 30))


def test_a_plan_state_and_the_same_request_make_the_same_settings(app):
    from store.plans import new_state

    with app.app_context():
        state = new_state("p")
    assert tour_settings(state) == TourSettings()
    state = {**state, "start": [117.4, 26.7], "end": "place-hotel", "day_end": "16:00"}
    body = {"stops": ["a"], "start": [117.4, 26.7], "end": "place-hotel", "day": ["08:30", "16:00"]}
    assert tour_settings(state) == parse_tour_request(body).settings


def test_a_day_that_does_not_start_before_it_ends_is_refused_the_same_way_everywhere():
    with pytest.raises(ValidationError) as api:
        parse_tour_request({"stops": ["a"], "day": ["17:30", "08:30"]})
    state = {"start": "place-gov", "end": None, "depart": "2014-10-20T08:30",
             "day_start": "17:30", "day_end": "08:30", "max_days": 3,
             "lunch": {"from": "11:30", "to": "13:30", "minutes": 60}}  # fmt: skip
    with pytest.raises(ValidationError) as plan:
        tour_settings(state)
    assert str(api.value) == str(plan.value)
    assert "the working day must start before it ends" in str(api.value)
    assert "每日工作时间须先开始后结束：17:30–08:30" in api.value.say("zh")


def test_the_plan_fields_use_the_same_bounds_as_the_api():
    low, high = MAX_DAYS
    assert check_fields({"max_days": high})["max_days"] == high
    for bad in (low - 1, high + 1):
        with pytest.raises(ValidationError, match=f"from {low} to {high}"):
            check_fields({"max_days": bad})
        with pytest.raises(ValidationError, match=f"from {low} to {high}"):
            parse_tour_request({"stops": ["a"], "max_days": bad})
    low, high = LUNCH_MINUTES
    with pytest.raises(ValidationError, match=f"from {low} to {high}"):
        check_fields({"lunch": {"minutes": high + 1}})
    with pytest.raises(ValidationError, match=f"from {low} to {high}"):
        parse_tour_request({"stops": ["a"], "lunch": {"minutes": high + 1}})
