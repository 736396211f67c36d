"""services.plans and services.proposals without a request: rules before writes, a plan's route
with what-ifs, the comparison of two plans and a proposal, on the shipped layers."""

from __future__ import annotations

import flask
import pytest

from geo.errors import ConflictError, NotFoundError, ValidationError
from geo.plans.quota import QuotaError
from services import plans, proposals
from store import plans as store
from store.layers import features


@pytest.fixture
def ctx(app):
    with app.app_context():
        assert not flask.has_request_context()
        yield app


def _two_per_township() -> list[str]:
    groups: dict[str, list[dict]] = {}
    for f in features("stops"):
        groups.setdefault(f["properties"]["township_code"], []).append(f["properties"])
    out = []
    for code in sorted(groups):
        ranked = sorted(groups[code], key=lambda p: (p["readiness"] != "ready", p["id"]))
        out += [p["id"] for p in ranked[:2]]
    return out


def test_settings_given_at_creation_are_version_2(ctx):
    sites = _two_per_township()[:4]
    plan = plans.create_plan(" 试点 ", {"sites": sites, "day_end": "16:00"}, "planner")
    assert plan.name == "试点" and plan.version == 2 and plan.sites == sites
    assert [c.action for c in store.plan_history(plan.id)] == ["updated", "created"]


def test_a_rule_broken_at_creation_stores_nothing(ctx):
    before = len(store.list_plans())
    with pytest.raises(
        ValidationError,
        match="A feature of the Sewage treatment plants layer cannot be a showcase site",
    ):
        plans.create_plan("bad", {"sites": ["wwtp-urban"]}, "planner")
    with pytest.raises(ValidationError, match="the working day must start before it ends"):
        plans.create_plan("bad", {"day_start": "17:00", "day_end": "09:00"}, "planner")
    with pytest.raises(ValidationError, match="name must not be empty"):
        plans.create_plan("  ", {}, "planner")
    assert len(store.list_plans()) == before


def test_final_needs_the_quota_and_a_stale_save_is_refused_first(ctx):
    sites = _two_per_township()
    plan = plans.create_plan("final", {}, "planner")
    with pytest.raises(QuotaError) as info:
        plans.save_plan(plan.id, 1, {"sites": sites[:3], "status": "final"}, "planner")
    assert len(info.value.violations) >= 11
    saved = plans.save_plan(plan.id, 1, {"sites": sites, "status": "final"}, "planner")
    assert saved.version == 2 and saved.status == "final"
    with pytest.raises(ConflictError, match="now version 2"):
        plans.save_plan(plan.id, 1, {"status": "bogus"}, "someone")  # stale: no rule check
    assert store.get_plan(plan.id).status == "final"


def test_route_with_a_dropped_site_gives_the_difference(ctx):
    sites = _two_per_township()[:6]
    plan = plans.create_plan("route", {"sites": sites}, "planner")
    full = plans.route(plan.id, {}, "zh")
    assert sorted(full.tour.order) == sorted(sites) and full.whatif is None
    assert full.settings["max_days"] == plan.max_days
    dropped = plans.route(plan.id, {"drop_sites": [sites[0]]}, "zh")
    assert sites[0] not in dropped.tour.order
    assert dropped.whatif.reference == full.tour.totals
    assert dropped.whatif.delta["km"] == pytest.approx(
        dropped.tour.totals.km - full.tour.totals.km, abs=0.01
    )
    assert dropped.whatif.delta["visiting_minutes"] < 0 and dropped.whatif.delta["km"] <= 0


def test_unsaved_settings_are_checked_like_a_save(ctx):
    plan = plans.create_plan("live", {"sites": _two_per_township()[:2]}, "planner")
    with pytest.raises(plans.SettingsError, match="max_days must be a whole number"):
        plans.route(plan.id, {"max_days": 0}, "zh")
    short = plans.route(plan.id, {"day_end": "12:00", "max_days": 3}, "zh")
    assert short.settings["day_end"] == "12:00"
    assert all(s.departure.strftime("%H:%M") <= "12:00" for s in short.tour.schedule.stops)
    assert store.get_plan(plan.id).day_end == "17:30"  # computing stores nothing


def test_comparison_names_sites_and_reports_a_tour_that_fails(ctx):
    sites = _two_per_township()
    a = plans.create_plan("a", {"sites": sites[:4]}, "planner")
    b = plans.create_plan("b", {"sites": sites[2:6], "max_days": 1, "day_end": "10:00"}, "p")
    found = plans.comparison(a.id, b.id, "en")
    assert [s["id"] for s in found.sites["both"]] == sites[2:4]
    assert [s["id"] for s in found.sites["only_a"]] == sites[:2]
    assert found.sites["only_b"][0]["name"] != sites[4]  # named, in English
    assert found.tours["a"].totals.km > 0 and found.tours["a"].error is None
    assert found.tours["b"].totals is None and "do not fit the tour" in found.tours["b"].error
    assert found.to_dict()["counts"] == {"a": 4, "b": 4}


def test_suggest_keeps_locked_sites_and_meets_the_quota(ctx):
    plan = plans.create_plan("suggest", {}, "planner")
    locked = _two_per_township()[0]
    found = proposals.suggest(plan.id, {"sites": [locked], "locked": [locked]}, "zh")
    assert locked in found.proposal.sites and found.removed == []
    assert sorted(found.tour.order) == sorted(found.proposal.sites)
    assert found.quota["complete"] is True
    assert found.current.totals.km > 0
    assert found.to_dict()["current"]["delta"]["km"] == pytest.approx(
        found.tour.totals.km - found.current.totals.km, abs=0.01
    )
    assert store.get_plan(plan.id).version == 1  # nothing saved


def test_a_deleted_plan_says_when_and_by_whom(ctx):
    plan = plans.create_plan("gone", {}, "planner")
    store.delete_plan(plan.id, 1, "planner")
    with pytest.raises(NotFoundError, match="was deleted by planner"):
        plans.route(plan.id, {}, "zh")
