"""Stops that do not fit a plan's days are named with their township, in the planner's language."""

from __future__ import annotations

import pytest

from geo.errors import ScheduleError
from services import plans, tours
from store.layers import features


def test_unfit_stops_are_named_with_their_township(app):
    with app.app_context():
        stops = {f["properties"]["id"]: f["properties"] for f in features("stops")}
        towns = {f["properties"]["id"]: f["properties"] for f in features("townships")}
        sites = sorted(stops)[:12]
        plan = plans.create_plan("一天", {"sites": sites, "max_days": 1}, "planner")
        with pytest.raises(ScheduleError) as zh:
            plans.route(plan.id, {}, "zh")
        left = zh.value.unscheduled
        assert left
        first = stops[left[0]]
        town = towns[first["township_code"]]
        assert f"{first['name_zh']}（{town['name_zh']}）" in str(zh.value)
        assert str(zh.value).startswith("以下考察点排不进行程")
        with pytest.raises(ScheduleError) as en:
            plans.route(plan.id, {}, "en")
        assert f"{first['name_en']} ({town['name_en']})" in str(en.value)
        assert left[0] not in str(zh.value)  # names, never ids
        assert tours.sites("stops", "zh")[left[0]].township == town["name_zh"]
