"""A plan whose sites were removed from the stops layer (layer replaced, or rolled back): the
plan page, the plan API, the route, the exports, the print pack and the clean-up all still answer,
name the removed stop by its last known name and offer a stop to use instead."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from services import layers, plans
from store.layers import features, layer_revision

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "shapefiles"


def _sites() -> list[str]:
    towns: dict[str, list[str]] = {}
    for f in features("stops"):
        towns.setdefault(f["properties"]["township_code"], []).append(f["properties"]["id"])
    return [s for code in sorted(towns)[:3] for s in sorted(towns[code])[:2]]


@pytest.fixture
def replaced(app, tmp_path):
    """A plan of six sites, then a stops file without two of them: ``near`` has a new stop
    100 m away under another name, ``renamed`` reappears with the same name under a new id."""
    with app.app_context():
        sites = _sites()
        plan_id = plans.create_plan("换图层", {"sites": sites, "locked": [sites[0]]}, "planner").id
        shipped = json.loads((SHIPPED / "stops.geojson").read_text())
        stops = copy.deepcopy(shipped)
        near_id, renamed_id = sites[0], sites[1]
        by_id = {f["properties"]["id"]: f for f in stops["features"]}
        near, renamed = by_id[near_id], by_id[renamed_id]
        newcomer = copy.deepcopy(near)
        lon, lat = near["geometry"]["coordinates"][:2]
        newcomer["geometry"]["coordinates"] = [lon + 0.001, lat]
        newcomer["properties"].update(id="stop-new-near", name_zh="新考察点", name_en="New stop")
        successor = copy.deepcopy(renamed)
        successor["properties"]["id"] = "stop-new-same-name"
        stops["features"] = [
            f for f in stops["features"] if f["properties"]["id"] not in (near_id, renamed_id)
        ] + [newcomer, successor]
        path = tmp_path / "stops_v2.geojson"
        path.write_text(json.dumps(stops, ensure_ascii=False))
        layers.import_layer("stops", path, user="admin")
        names = {
            near_id: near["properties"]["name_zh"],
            renamed_id: renamed["properties"]["name_zh"],
        }
    return {"plan": plan_id, "sites": sites, "near": near_id, "renamed": renamed_id, "names": names}


def test_removed_sites_are_named_with_a_stop_to_use_instead(app, replaced):
    with app.app_context():
        plan = plans.store.get_plan(replaced["plan"])
        removed = {r.id: r for r in plans.removed_from_layer(plan.sites, "zh")}
    assert set(removed) == {replaced["near"], replaced["renamed"]}
    near, renamed = removed[replaced["near"]], removed[replaced["renamed"]]
    assert near.name == replaced["names"][replaced["near"]]
    assert near.notice.startswith(f"“{near.name}”已从考察点图层中删除")
    assert (near.replacement.id, near.replacement.reason) == ("stop-new-near", "near")
    assert 60 <= near.replacement.metres <= 140
    assert (renamed.replacement.id, renamed.replacement.reason) == (
        "stop-new-same-name",
        "same_name",
    )


def test_the_route_is_computed_from_the_remaining_sites(app, replaced):
    with app.app_context():
        answer = plans.route(replaced["plan"], {}, "zh").to_dict()
        sent = plans.route(replaced["plan"], {"sites": replaced["sites"]}, "zh").to_dict()
        revision = layer_revision("stops")
    gone = {replaced["near"], replaced["renamed"]}
    assert {s["id"] for s in answer["stops"]} == set(replaced["sites"]) - gone
    assert {r["id"] for r in answer["removed"]} == gone
    assert answer["layer_revisions"]["stops"] == revision
    assert sent["order"] == answer["order"]


def test_every_page_and_file_of_such_a_plan_answers(app, client, auth, replaced):
    plan_id, name = replaced["plan"], replaced["names"][replaced["near"]]
    page = client.get(f"/plans/{plan_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "已从考察点图层中删除" in html and name in html and "图层修订" in html
    api = client.get(f"/api/plans/{plan_id}")
    assert api.status_code == 200 and {r["id"] for r in api.json["removed"]} == {
        replaced["near"],
        replaced["renamed"],
    }
    route = client.post(
        f"/api/plans/{plan_id}/route", json={"sites": replaced["sites"]}, headers=auth.headers()
    )
    assert route.status_code == 200, route.json
    for fmt in ("gpx", "kml", "csv"):
        got = client.get(f"/api/plans/{plan_id}/export.{fmt}")
        assert got.status_code == 200, (fmt, got.get_data(as_text=True)[:200])
        assert replaced["near"] not in got.get_data(as_text=True)
    assert client.get(f"/plans/{plan_id}/print.pdf").status_code == 200
    printed = client.get(f"/plans/{plan_id}/print")
    assert printed.status_code == 200
    assert name in printed.get_data(as_text=True)  # "removed from the layer: <name>"
    assert client.get(f"/plans/{plan_id}/cleanup").status_code == 200
    assert client.get(f"/api/plans/{plan_id}/cleanup").status_code == 200


def test_a_save_may_keep_drop_or_replace_the_removed_site(app, client, auth, replaced):
    auth.login()
    plan_id, sites = replaced["plan"], replaced["sites"]
    version = client.get(f"/api/plans/{plan_id}").json["version"]
    kept = client.put(
        f"/api/plans/{plan_id}",
        json={"version": version, "sites": sites, "day_end": "17:00"},
        headers=auth.headers(),
    )
    assert kept.status_code == 200, kept.json
    swapped = [s for s in sites if s != replaced["renamed"]] + ["stop-new-same-name"]
    saved = client.put(
        f"/api/plans/{plan_id}",
        json={"version": kept.json["version"], "sites": swapped},
        headers=auth.headers(),
    )
    assert saved.status_code == 200 and "stop-new-same-name" in saved.json["sites"]
    assert [r["id"] for r in client.get(f"/api/plans/{plan_id}").json["removed"]] == [
        replaced["near"]
    ]
    # an unknown stop that was never in the plan is still refused, counted (it has no name)
    bad = client.put(
        f"/api/plans/{plan_id}",
        json={"version": saved.json["version"], "sites": [*swapped, "stop-nowhere"]},
        headers=auth.headers(),
    )
    assert bad.status_code == 422 and "有 1 个考察点已不在考察点图层中" in bad.json["error"]
    assert "stop-nowhere" not in bad.json["error"]
