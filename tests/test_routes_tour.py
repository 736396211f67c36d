"""POST /api/tour on the shipped data: the order, the schedule and every bad request."""

from __future__ import annotations

from datetime import datetime

import pytest

from store.layers import features

SOME_STOP = "stop-350428100-01"


@pytest.fixture
def stops_by_township(app):
    with app.app_context():
        groups: dict[str, list[dict]] = {}
        for f in features("stops"):
            groups.setdefault(f["properties"]["township_code"], []).append(f["properties"])
    return groups


def _three_per_township(groups) -> list[str]:
    return [s["id"] for code in sorted(groups) for s in groups[code][:3]]


def _t(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M")


def test_small_tour_one_day(client, stops_by_township):
    stops = [s["id"] for s in stops_by_township["350428100"][:3]]
    response = client.post("/api/tour", json={"stops": stops, "depart": "2014-10-20T08:30"})
    assert response.status_code == 200, response.get_json()
    tour = response.get_json()
    assert sorted(tour["order"]) == sorted(stops)
    assert [s["id"] for s in tour["stops"]] == tour["order"]
    assert len(tour["days"]) == 1 and tour["days"][0]["date"] == "2014-10-20"
    assert tour["legs"][0]["from"] == "place-gov" and tour["legs"][-1]["to"] == "place-gov"
    assert len(tour["legs"]) == len(stops) + 1
    assert tour["totals"]["km"] == pytest.approx(sum(leg["km"] for leg in tour["legs"]), abs=0.05)
    assert len(tour["geometry"]["features"]) == len(tour["legs"])
    for stop in tour["stops"]:
        assert _t(stop["arrival"]) <= _t(stop["departure"])


def test_full_tour_39_stops_spans_days_and_keeps_lunch_rules(client, stops_by_township):
    stops = _three_per_township(stops_by_township)
    assert len(stops) == 39
    tour = client.post("/api/tour", json={"stops": stops, "max_days": 5}).get_json()
    assert sorted(tour["order"]) == sorted(stops)
    assert len(tour["days"]) >= 2
    for day in tour["days"]:
        assert day["start"][11:] >= "08:30" and day["end"][11:] <= "17:30"
        if day["lunch"]:
            assert "11:30" <= day["lunch"]["start"][11:] <= "13:30"
            for stop in tour["stops"]:
                # no visit contains the lunch break
                inside = _t(stop["start"]) < _t(day["lunch"]["start"]) < _t(stop["departure"])
                assert not inside
    assert [s["day"] for s in tour["stops"]] == sorted(s["day"] for s in tour["stops"])


def test_end_at_hotel_and_free_start_point(client, stops_by_township):
    stops = [s["id"] for s in stops_by_township["350428102"][:2]]
    tour = client.post(
        "/api/tour", json={"stops": stops, "start": [117.47, 26.73], "end": "place-hotel"}
    ).get_json()
    assert tour["legs"][0]["from"] == "start" and tour["legs"][-1]["to"] == "place-hotel"


def test_fixed_prefix_is_visited_first(client, stops_by_township):
    stops = _three_per_township(stops_by_township)[:12]
    first = stops[7]
    tour = client.post("/api/tour", json={"stops": stops, "fixed_prefix": [first]}).get_json()
    assert tour["order"][0] == first


def test_time_window_makes_the_panel_wait(client, stops_by_township):
    stops = [s["id"] for s in stops_by_township["350428100"][:2]]
    body = {"stops": stops, "fixed_prefix": [stops[0]], "windows": {stops[0]: ["10:30", "12:00"]}}
    tour = client.post("/api/tour", json=body).get_json()
    first = tour["stops"][0]
    assert first["start"].endswith("10:30") and first["wait_minutes"] > 0


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"stops": ["stop-nowhere"]}, 404, "有 1 个考察点已不在考察点图层中"),
        ({"stops": ["wwtp-urban"]}, 404, "请刷新页面，重新选择考察点"),
        ({"stops": "stop-a"}, 422, "所选考察点须为考察点列表"),
        ({"stops": []}, 422, "请至少选择一个考察点"),
        ({"stops": [SOME_STOP, SOME_STOP]}, 422, "出现了两次：去掉重复的一个"),
        (
            {"stops": ["X"], "depart": "2014-10-20 08:30"},
            422,
            "出发时间须为日期加时间（YYYY-MM-DDTHH:MM",
        ),
        ({"stops": ["X"], "day": ["8:30", "17:30"]}, 422, "每日开始时间须为 HH:MM 格式的时间"),
        ({"stops": ["X"], "day": ["08:30\n", "17:30"]}, 422, "每日开始时间须为 HH:MM 格式的时间"),
        (
            {"stops": ["X"], "day": ["17:30", "08:30"]},
            422,
            "每日工作时间须先开始后结束：17:30–08:30",
        ),
        (
            {"stops": ["X"], "lunch": {"minutes": 500}},
            422,
            "午餐时长须为 0–180 分钟的整数，收到的是 500",
        ),
        ({"stops": ["X"], "max_days": 0}, 422, "最多天数须为 1–14 的整数，收到的是 0"),
        ({"stops": ["X"], "start": [500, 1]}, 422, "出发地须为地点或考察点，或 [经度, 纬度]"),
        ({"stops": ["X"], "start": "place-moon"}, 404, "出发地“place-moon”不是已知的地点或考察点"),
    ],
)
def test_bad_requests_name_the_problem(client, body, status, message):
    response = client.post("/api/tour", json=body)
    assert response.status_code == status
    assert message in response.get_json()["error"]


def test_not_json_is_refused(client):
    response = client.post("/api/tour", data="stops=1", content_type="text/plain")
    assert response.status_code == 422
    assert "请求体须为 JSON 对象" in response.get_json()["error"]


def test_too_many_stops_for_the_days_are_named(client, stops_by_township):
    """The planner reads names, the reason and the fix; the ids come apart for the page."""
    stops = _three_per_township(stops_by_township)
    response = client.post("/api/tour", json={"stops": stops, "max_days": 1})
    assert response.status_code == 422
    data = response.get_json()
    assert data["unscheduled"] and set(data["unscheduled"]) <= set(stops)
    names = {s["id"]: s["name_zh"] for group in stops_by_township.values() for s in group}
    assert all(names[stop_id] in data["error"] for stop_id in data["unscheduled"])
    assert not any(stop_id in data["error"] for stop_id in data["unscheduled"])
    assert "1天内排不下" in data["error"] and "去掉" in data["error"]


def test_closed_roads_that_cut_off_a_stop_are_reported(app, stops_by_township):
    from geo.errors import NoRouteError
    from geo.tour.pipeline import parse_tour_request
    from services.tours import road_graph, sites, tour

    stop = stops_by_township["350428204"][0]["id"]
    with app.app_context():
        graph = road_graph()
        site = sites("stops", "zh")[stop]
        snap = graph.snap({stop: (site.lon, site.lat)})[stop]
        # close every road touching the stop's road piece ends: cut it off
        nodes = {graph.pieces.u[snap.piece], graph.pieces.v[snap.piece]}
        closed = {
            d["road_id"] for u, v, d in graph.graph.edges(data=True) if u in nodes or v in nodes
        }
        with pytest.raises(NoRouteError) as info:
            tour(parse_tour_request({"stops": [stop]}), "zh", frozenset(closed))
    assert stop in info.value.unreachable or "place-gov" in info.value.unreachable
