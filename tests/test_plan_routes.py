"""A plan's named routes through the API: saved with the plan's version, in its history, copied
with it, checked like a save; and each route's tour over part of the sites, with the sites it
leaves out and why, on the shipped layers."""

from __future__ import annotations

import pytest

from geo.layers.catalogue import THEMES
from store.layers import features

ROUTE_A = {"key": "a", "name": "路线A 两天", "max_days": 2}
ROUTE_B = {"key": "b", "name": "路线B 一天", "max_days": 1}


@pytest.fixture
def planner(auth):
    auth.login("planner", "planner")
    return auth


@pytest.fixture
def stops(app) -> dict[str, dict]:
    with app.app_context():
        return {f["properties"]["id"]: f["properties"] for f in features("stops")}


def _pool(stops) -> list[str]:
    """Three sites per township where it has them (the county's prepared pool)."""
    seen: dict[str, int] = {}
    out = []
    for sid, p in sorted(stops.items()):
        if seen.get(p["township_code"], 0) < 3:
            seen[p["township_code"]] = seen.get(p["township_code"], 0) + 1
            out.append(sid)
    return out


def _plan(client, auth, sites, routes) -> dict:
    created = client.post("/api/plans", json={"name": "两条路线"}, headers=auth.headers())
    plan_id = created.get_json()["id"]
    saved = client.put(
        f"/api/plans/{plan_id}",
        json={"version": 1, "sites": sites, "routes": routes},
        headers=auth.headers(),
    )
    assert saved.status_code == 200, saved.get_json()
    return saved.get_json()


def _route(client, auth, plan_id, lang="zh", **body):
    url = f"/api/plans/{plan_id}/route?lang={lang}"
    return client.post(url, json=body, headers=auth.headers())


def test_routes_are_saved_versioned_with_history_and_copied(client, planner, stops):
    sites = _pool(stops)
    plan = _plan(client, planner, sites, [ROUTE_A])
    assert plan["version"] == 2 and plan["routes"][0]["name"] == "路线A 两天"
    stale = client.put(
        f"/api/plans/{plan['id']}", json={"version": 1, "routes": []}, headers=planner.headers()
    )
    assert stale.status_code == 409
    added = client.put(
        f"/api/plans/{plan['id']}",
        json={"version": 2, "routes": [ROUTE_A, {**ROUTE_B, "include": [sites[5]]}]},
        headers=planner.headers(),
    )
    assert added.status_code == 200 and added.get_json()["version"] == 3
    page = client.get(f"/plans/{plan['id']}/history").get_data(as_text=True)
    assert "新增路线《路线B 一天》（1 天）" in page
    assert "新增路线《路线A 两天》（2 天）" in page
    dropped = client.put(
        f"/api/plans/{plan['id']}",
        json={"version": 3, "sites": [s for s in sites if s != sites[5]]},
        headers=planner.headers(),
    ).get_json()
    assert dropped["routes"][1]["include"] == []  # a site no longer selected loses its choice
    copy = client.post(f"/api/plans/{plan['id']}/copy", json={}, headers=planner.headers())
    copied = client.get(f"/api/plans/{copy.get_json()['id']}").get_json()
    assert [r["name"] for r in copied["routes"]] == ["路线A 两天", "路线B 一天"]


def test_a_bad_route_is_refused_and_nothing_changes(client, planner, stops):
    sites = _pool(stops)
    plan = _plan(client, planner, sites, [ROUTE_A])
    for routes, said in [
        ([ROUTE_A, {**ROUTE_B, "name": "路线A 两天"}], "已有名为《路线A 两天》的路线"),
        ([{**ROUTE_B, "settings": {"end": sites[0]}}], "路线《路线B 一天》：结束地"),
        ([{**ROUTE_B, "settings": {"end": "nowhere"}}], "路线《路线B 一天》"),
        ([{**ROUTE_B, "include": [sites[0]], "exclude": [sites[0]]}], stops[sites[0]]["name_zh"]),
    ]:
        response = client.put(
            f"/api/plans/{plan['id']}",
            json={"version": 2, "routes": routes},
            headers=planner.headers(),
        )
        assert response.status_code == 422, routes
        assert said in response.get_json()["error"]
    after = client.get(f"/api/plans/{plan['id']}").get_json()
    assert after["version"] == 2 and after["routes"][0]["key"] == "a"


def test_each_route_tours_part_of_the_pool_and_says_what_it_leaves_out(client, planner, stops):
    sites = _pool(stops)
    plan = _plan(client, planner, sites, [ROUTE_A, ROUTE_B])
    full = _route(client, planner, plan["id"]).get_json()
    assert full["route"] is None and sorted(full["order"]) == sorted(sites)
    one = _route(client, planner, plan["id"], route="b").get_json()
    two = _route(client, planner, plan["id"], route="a").get_json()
    assert one["totals"]["days"] == 1 and two["totals"]["days"] <= 2
    assert len(two["order"]) > len(one["order"])
    for tour in (one, two):
        visited = set(tour["order"])
        left = {s["id"]: s for s in tour["route"]["left_out"]}
        assert set(left) == set(sites) - visited
        assert all(s["reason"] and s["name"] and s["township"] for s in left.values())
        themes = {stops[s]["theme"] for s in sites}
        assert {stops[s]["theme"] for s in visited} == themes  # every theme the pool has
    english = _route(client, planner, plan["id"], "en", route="b").get_json()
    reasons = " ".join(s["reason"] for s in english["route"]["left_out"])
    assert "into 1 day" in reasons and "1 days" not in reasons and "天" not in reasons


def test_hand_choices_are_kept_on_recompute(client, planner, stops):
    sites = _pool(stops)
    plan = _plan(client, planner, sites, [ROUTE_B])
    first = _route(client, planner, plan["id"], route="b").get_json()
    out = first["route"]["left_out"][0]["id"]
    visited = first["order"][0]
    routes = [{**ROUTE_B, "include": [out], "exclude": [visited]}]
    unsaved = _route(client, planner, plan["id"], route="b", routes=routes).get_json()
    assert out in unsaved["order"] and visited not in unsaved["order"]
    why = {s["id"]: s for s in unsaved["route"]["left_out"]}[visited]
    assert why["excluded"] and why["reason"] == "规划人员手动排除"


def test_route_errors(client, planner, stops):
    plan = _plan(client, planner, _pool(stops)[:6], [ROUTE_B])
    bad = _route(client, planner, plan["id"], route="B!")
    assert bad.status_code == 400 and "不是路线标识" in bad.get_json()["error"]
    assert _route(client, planner, plan["id"], route=3).status_code == 400
    missing = _route(client, planner, plan["id"], route="zz")
    assert missing.status_code == 404
    assert "b（路线B 一天）" in missing.get_json()["error"]


def test_themes_of_the_catalogue_are_the_ones_checked():
    assert len(THEMES) == 6


def test_a_stops_priority_is_checked_and_ranks_first(app, client, planner, stops, monkeypatch):
    from geo.errors import GeoInputError
    from geo.layers.catalogue import LAYERS
    from geo.layers.loader import validate_features
    from services import plan_routes

    with app.app_context():
        layer = features("stops")
    first = dict(layer[0], properties=dict(layer[0]["properties"]))
    first["properties"].pop("priority", None)
    assert (
        validate_features("stops.geojson", LAYERS["stops"], [first])[0]["properties"]["priority"]
        is None
    )  # shipped files without it still load: 0
    for value, ok in ((3, True), (12, False), ("high", False)):
        first["properties"]["priority"] = value
        if ok:
            validate_features("stops.geojson", LAYERS["stops"], [first])
        else:
            with pytest.raises(GeoInputError, match="priority"):
                validate_features("stops.geojson", LAYERS["stops"], [first])

    sites = _pool(stops)
    plan = _plan(client, planner, sites, [ROUTE_B])
    before = _route(client, planner, plan["id"], route="b").get_json()
    wanted = before["route"]["left_out"][-1]["id"]
    raised = [
        dict(f, properties={**f["properties"], "priority": 9})
        if f["properties"]["id"] == wanted
        else f
        for f in layer
    ]
    monkeypatch.setattr(plan_routes, "features", lambda name: raised)
    monkeypatch.setattr(plan_routes, "_KEPT", plan_routes._Kept(4))  # same layer stamps
    after = _route(client, planner, plan["id"], route="b").get_json()
    assert wanted in after["order"]


def _day_of(tour: dict, stop: str) -> int:
    return next(s["day"] for s in tour["stops"] if s["id"] == stop)


def _shown(tour: dict) -> list[list[str]]:
    return [[s["id"] for s in tour["stops"] if s["day"] == d["day"]] for d in tour["days"]]


def test_a_routes_own_day_edits_move_its_stops_and_are_saved_with_it(client, planner, stops):
    sites = _pool(stops)
    plan = _plan(client, planner, sites, [ROUTE_A])
    first = _route(client, planner, plan["id"], route="a").get_json()
    assert first["totals"]["days"] == 2
    days = _shown(first)
    stop = days[0][-1]
    edits = {"pins": {stop: 2}, "locked_days": {}, "previous": days}
    routes = [{**ROUTE_A, "day_edits": edits}]
    moved = _route(
        client, planner, plan["id"], route="a", routes=routes, what_changed=True
    ).get_json()
    assert _day_of(moved, stop) == 2 and sorted(moved["order"]) == sorted(first["order"])
    assert moved["change"]["text"]  # what the move did, against the days last shown
    full = _route(client, planner, plan["id"]).get_json()  # the full tour keeps its own days
    assert full["route"] is None and len(full["order"]) == len(sites)

    saved = client.put(
        f"/api/plans/{plan['id']}",
        json={"version": plan["version"], "routes": routes},
        headers=planner.headers(),
    )
    assert saved.status_code == 200 and saved.get_json()["routes"][0]["day_edits"]["pins"] == {
        stop: 2
    }
    again = _route(client, planner, plan["id"], route="a").get_json()
    assert _day_of(again, stop) == 2  # the saved pin: the print pack and exports tour this
    history = client.get(f"/plans/{plan['id']}/history").get_data(as_text=True)
    assert f"路线《路线A 两天》日程调整：{stops[stop]['name_zh']} → 第2天" in history

    kept = {"pins": {}, "locked_days": {"1": list(reversed(days[0]))}, "previous": days}
    ordered = _route(
        client, planner, plan["id"], route="a", routes=[{**ROUTE_A, "day_edits": kept}]
    ).get_json()
    assert _shown(ordered)[0] == list(reversed(days[0]))  # keep my order, as sent

    bad = _route(
        client, planner, plan["id"], route="a",
        routes=[{**ROUTE_A, "day_edits": {"pins": {stop: 30}}}],
    )  # fmt: skip
    assert bad.status_code == 422 and "路线《路线A 两天》" in bad.get_json()["error"]


def test_a_route_tour_is_kept_until_what_it_depends_on_changes(
    app, client, planner, stops, monkeypatch
):
    import time

    from services import plan_routes

    monkeypatch.setattr(plan_routes, "_KEPT", plan_routes._Kept(8))  # none kept by other tests
    plan = _plan(client, planner, _pool(stops), [ROUTE_B])
    with app.app_context():
        from store.plans import get_plan

        state = get_plan(plan["id"]).state()
        route = state["routes"][0]
        began = time.process_time()
        first = plan_routes.route_tour(state, route, state["sites"], "zh")
        cold = time.process_time() - began
        began = time.process_time()
        again = plan_routes.route_tour(state, route, state["sites"], "zh")
        warm = time.process_time() - began
        assert again is first and warm < cold / 5  # the same tour, not computed again
        english = plan_routes.route_tour(state, route, state["sites"], "en")
        longer = {**route, "max_days": 2}
        two = plan_routes.route_tour(state, longer, state["sites"], "zh")
        later = plan_routes.route_tour({**state, "day_end": "16:00"}, route, state["sites"], "zh")
    assert english is not first and english.left_out[0].reason != first.left_out[0].reason
    assert two.tour.totals.days == 2 and len(two.tour.order) > len(first.tour.order)
    assert later is not first  # a plan setting the route takes over: computed afresh


def test_a_routes_clean_up_task_status_is_set_on_the_route(client, planner, stops):
    sites = _pool(stops)
    plan = _plan(client, planner, sites, [ROUTE_B])
    full = client.get(f"/api/plans/{plan['id']}/cleanup").get_json()
    route = client.get(f"/api/plans/{plan['id']}/cleanup?route=b").get_json()

    def keys(body):
        return {t["key"] for town in body["townships"] for t in town["tasks"]}

    only_route = keys(route) - keys(full)
    only_full = keys(full) - keys(route)
    assert only_full and only_route  # route B drives its own roads between fewer sites
    url = f"/api/plans/{plan['id']}/cleanup/tasks/"
    body = {"status": "done", "version": 0}
    key = sorted(only_route)[0]
    assert client.put(url + key, json=body, headers=planner.headers()).status_code == 404
    ok = client.put(url + key + "?route=b", json=body, headers=planner.headers())
    assert ok.status_code == 200 and ok.get_json()["status"] == "done"
    key = sorted(only_full)[0]
    missing = client.put(url + key + "?route=b", json=body, headers=planner.headers())
    assert missing.status_code == 404  # not a task of route B's clean-up
    bad = client.put(url + key + "?route=B!", json=body, headers=planner.headers())
    assert bad.status_code == 400


def test_the_compare_page_shows_each_plans_routes(client, planner, stops):
    sites = _pool(stops)
    a = _plan(client, planner, sites, [ROUTE_A, ROUTE_B])
    b = _plan(client, planner, sites[:8], [])
    page = client.get(f"/plans/compare?a={a['id']}&b={b['id']}&lang=en").get_data(as_text=True)
    assert "路线A 两天" in page and "路线B 一天" in page and "1 day ·" in page
    body = client.get(f"/api/plans/compare?a={a['id']}&b={b['id']}").get_json()
    assert [r["name"] for r in body["routes"]["a"]] == ["路线A 两天", "路线B 一天"]
    assert body["routes"]["a"][1]["totals"]["days"] == 1 and body["routes"]["b"] == []
