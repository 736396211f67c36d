"""services.tours without a request: the tour of a saved plan and of a request, and the caches."""

from __future__ import annotations

import flask
import pytest

from geo.errors import NotFoundError
from geo.tour.pipeline import parse_tour_request
from services import tours
from store import plans as store
from store.layers import features

# Two sites in each of three townships.
SITES = ("350428100", "350428101", "350428201")


@pytest.fixture
def ctx(app):
    with app.app_context():
        assert not flask.has_request_context()
        yield app


def _sites() -> list[str]:
    groups: dict[str, list[str]] = {}
    for f in features("stops"):
        groups.setdefault(f["properties"]["township_code"], []).append(f["properties"]["id"])
    return [sid for code in SITES for sid in sorted(groups[code])[:2]]


def test_tour_of_a_saved_plan(ctx):
    sites = _sites()
    plan = store.create_plan("tour test", "planner", sites=sites, day_end="15:00")
    tour = tours.plan_tour(plan.state(), plan.sites, "zh")
    assert sorted(tour.order) == sorted(sites)
    assert [s.id for s in tour.schedule.stops] == list(tour.order)
    legs = tour.schedule.legs
    assert legs[0].from_id == "place-gov" and legs[-1].to_id == "place-gov"
    assert len(tour.paths) == len(legs) and all(len(p.coords) >= 2 for p in tour.paths)
    assert tour.totals.km == pytest.approx(sum(leg.km for leg in legs), abs=0.05)
    assert all(s.departure.strftime("%H:%M") <= "15:00" for s in tour.schedule.stops)
    assert tour.places["start"].name == "将乐县人民政府"
    # the same plan in English names the same ids in English
    english = tours.plan_tour(plan.state(), plan.sites, "en")
    assert (
        english.order == tour.order
        and english.places["start"].name == "Jiangle County People's Government"
    )


def test_order_the_sites_were_clicked_in_does_not_change_the_tour(ctx):
    sites = _sites()
    plan = store.create_plan("order", "planner", sites=sites)
    forward = tours.plan_tour(plan.state(), sites, "zh")
    backward = tours.plan_tour(plan.state(), list(reversed(sites)), "zh")
    assert forward.to_dict() == backward.to_dict()


def test_plan_tour_is_the_request_tour_with_the_plan_settings(ctx):
    sites = _sites()
    plan = store.create_plan("same", "planner", sites=sites, depart="2014-10-21T09:00")
    body = {"stops": sorted(sites), "depart": "2014-10-21T09:00", "max_days": plan.max_days}
    assert tours.plan_tour(plan.state(), sites, "zh") == tours.tour(parse_tour_request(body), "zh")
    assert tours.plan_tour(plan.state(), sites, "zh").schedule.stops[0].arrival.day == 21


def test_a_plan_without_sites_has_the_empty_tour(ctx):
    plan = store.create_plan("empty", "planner")
    tour = tours.plan_tour(plan.state(), plan.sites, "zh")
    assert tour.order == () and tour.totals.days == 0 and tour.to_dict()["legs"] == []


def test_unknown_stop_is_reported(ctx):
    with pytest.raises(NotFoundError, match="Gone from the stops layer"):
        tours.tour(parse_tour_request({"stops": ["nope"]}), "zh")


def test_road_graph_and_sites_are_built_once_per_layer_content(ctx):
    assert tours.road_graph() is tours.road_graph()
    assert tours.sites("stops", "zh") is tours.sites("stops", "zh")
    assert tours.sites("stops", "zh") is not tours.sites("stops", "en")
