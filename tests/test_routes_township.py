"""Township staff edit their own candidate stops through /api/township: add by clicking inside
their township, move, edit; refused in another township and for plans, plants and layers."""

from __future__ import annotations

import json
import re

import pytest
from shapely.geometry import shape

from services.layers import rollback_layer
from store import layers as layer_store
from store import sites as history_store

WANAN, GAOTANG = "350428101", "350428102"
NEW_STOP = {
    "name_zh": "万安生态茶园",
    "name_en": "Wan'an eco tea garden",
    "theme": "eco_industry",
    "visit_minutes": 30,
    "description_zh": "生态茶园与茶叶加工",
    "description_en": "Eco tea garden and tea processing",
    "readiness": "in_progress",
    "presenter": "李明（村支书）",
    "talking_points": "茶园面积 1200 亩；有机认证",
}


def inside(app, code: str, shift: float = 0.0) -> tuple[float, float]:
    """A point well inside the township's polygon (its representative point)."""
    with app.app_context():
        town = next(f for f in layer_store.features("townships") if f["properties"]["id"] == code)
    p = shape(town["geometry"]).representative_point()
    return round(p.x + shift, 6), round(p.y, 6)


def login_township(auth, code: str = WANAN, username: str = "wanan"):
    return auth.login(username, "township", township=code)


def add(client, auth, lon: float, lat: float, **fields):
    body = {**NEW_STOP, **fields, "lon": lon, "lat": lat}
    return client.post("/api/township/stops", json=body, headers=auth.headers())


def stops_state(app) -> tuple[int, int]:
    with app.app_context():
        return layer_store.feature_count("stops"), layer_store.layer_revision("stops")


def test_township_user_adds_a_stop_inside_its_township(app, client, auth):
    login_township(auth)
    count, revision = stops_state(app)
    lon, lat = inside(app, WANAN)
    response = add(client, auth, lon, lat)
    assert response.status_code == 201, response.get_json()
    stop = response.get_json()
    assert stop["id"].startswith(f"stop-{WANAN}-")
    assert stop["properties"]["township_code"] == WANAN
    assert stop["properties"]["presenter"] == "李明（村支书）"
    assert stop["properties"]["responsible_unit"] == "万安镇"
    assert (stop["lon"], stop["lat"]) == (lon, lat)
    assert stop["version"] == 1 and stop["revision"] == revision + 1
    assert stops_state(app) == (count + 1, revision + 1)
    with app.app_context():
        saved = layer_store.feature("stops", stop["id"])
        assert saved.properties["talking_points"] == NEW_STOP["talking_points"]
        latest = layer_store.revisions("stops")[0]
        assert (latest.number, latest.kind, latest.created_by) == (
            revision + 1,
            "township",
            "wanan",
        )
        assert latest.feature_count == count + 1
        (change,) = history_store.history(stop["id"])
        assert (change.action, change.username, change.layer_revision) == (
            "add",
            "wanan",
            revision + 1,
        )
        assert change.changes["name_zh"] == [None, "万安生态茶园"]
    # it is on the map's stops layer at once
    ids = [f["id"] for f in client.get("/api/layers/stops").get_json()["features"]]
    assert stop["id"] in ids


def test_a_click_in_another_township_is_refused_naming_both(app, client, auth):
    login_township(auth)
    before = stops_state(app)
    response = add(client, auth, *inside(app, GAOTANG))
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert "位于高唐镇，不在万安镇内" in error and "Gaotang Town" not in error
    assert stops_state(app) == before
    outside = add(client, auth, 116.0, 20.0)
    assert (
        outside.status_code == 422 and "不在任何乡镇内（在县界外）" in outside.get_json()["error"]
    )
    assert stops_state(app) == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"theme": "tea"}, "must be one of natural_landscape"),
        ({"visit_minutes": 1000}, "'visit_minutes' = 1000: must be at most 480"),
        ({"name_en": ""}, "property 'name_en' = '': must be a non-empty text"),
        ({"readiness": None}, "property 'readiness' must not be null"),
        ({"plant_id": "wwtp-urban"}, "这些字段不能修改：plant_id"),
        ({"name_zh": "茶\u200b园"}, "不能含有控制字符或不可见字符（U+200B）"),
    ],
)
def test_an_invalid_stop_is_refused_like_an_import(app, client, auth, fields, message):
    login_township(auth)
    before = stops_state(app)
    response = add(client, auth, *inside(app, WANAN), **fields)
    assert response.status_code == 422
    assert message in response.get_json()["error"]
    assert stops_state(app) == before


def test_township_user_moves_and_edits_its_stop_with_history(app, client, auth):
    login_township(auth)
    lon, lat = inside(app, WANAN)
    stop = add(client, auth, lon, lat).get_json()
    moved = client.put(
        f"/api/township/stops/{stop['id']}",
        json={"version": stop["version"], "lon": lon + 0.002, "lat": lat - 0.001},
        headers=auth.headers(),
    )
    assert moved.status_code == 200, moved.get_json()
    moved = moved.get_json()
    assert (moved["lon"], moved["lat"]) == (round(lon + 0.002, 6), round(lat - 0.001, 6))
    assert list(moved["changes"]) == ["position"] and moved["version"] == 2
    edited = client.put(
        f"/api/township/stops/{stop['id']}",
        json={
            "version": moved["version"],
            "presenter": "王芳",
            "talking_points": "",
            "theme": "new_countryside",
            "readiness": "ready",
            "name_en": "Wan'an tea garden",
        },
        headers=auth.headers(),
    )
    assert edited.status_code == 200, edited.get_json()
    props = edited.get_json()["properties"]
    assert props["presenter"] == "王芳" and props["talking_points"] is None
    assert props["theme"] == "new_countryside" and props["readiness"] == "ready"
    assert edited.get_json()["changes"]["presenter"] == ["李明（村支书）", "王芳"]
    history = client.get(f"/api/township/stops/{stop['id']}/history").get_json()
    assert [h["action"] for h in history] == ["edit", "edit", "add"]
    assert all(h["user"] == "wanan" for h in history)
    assert history[1]["changes"]["position"][1] == [moved["lon"], moved["lat"]]
    # a stale version is refused and changes nothing
    stale = client.put(
        f"/api/township/stops/{stop['id']}",
        json={"version": moved["version"], "presenter": "张三"},
        headers=auth.headers(),
    )
    assert stale.status_code == 409
    with app.app_context():
        assert layer_store.feature("stops", stop["id"]).properties["presenter"] == "王芳"


def test_a_move_into_another_township_is_refused(app, client, auth):
    login_township(auth)
    stop = add(client, auth, *inside(app, WANAN)).get_json()
    lon, lat = inside(app, GAOTANG)
    response = client.put(
        f"/api/township/stops/{stop['id']}",
        json={"version": 1, "lon": lon, "lat": lat},
        headers=auth.headers(),
    )
    assert response.status_code == 422
    assert "高唐镇" in response.get_json()["error"]
    with app.app_context():
        assert layer_store.feature("stops", stop["id"]).geometry["coordinates"] == [
            stop["lon"],
            stop["lat"],
        ]


def test_another_townships_stop_cannot_be_edited(app, client, auth):
    login_township(auth)
    with app.app_context():
        row = layer_store.feature("stops", f"stop-{GAOTANG}-01")
        version, props = row.version, dict(row.properties)
    response = client.put(
        f"/api/township/stops/stop-{GAOTANG}-01",
        json={"version": version, "presenter": "nobody"},
        headers=auth.headers(),
    )
    assert response.status_code == 403
    assert "高唐镇" in response.get_json()["error"]
    with app.app_context():
        assert layer_store.feature("stops", f"stop-{GAOTANG}-01").properties == props


def test_the_list_holds_only_the_own_townships_stops(app, client, auth):
    login_township(auth)
    listing = client.get("/api/township/stops").get_json()
    assert listing["township"] == WANAN and listing["stops"]
    assert {s["properties"]["township_code"] for s in listing["stops"]} == {WANAN}
    assert all(s["version"] >= 1 and s["photos"] == [] for s in listing["stops"])


def test_a_township_edit_is_a_revision_that_rolls_back(app, client, auth):
    login_township(auth)
    count, revision = stops_state(app)
    stop = add(client, auth, *inside(app, WANAN)).get_json()
    with app.app_context():
        rollback_layer("stops", revision, user="admin")
        assert layer_store.feature_count("stops") == count
        assert stop["id"] not in [f["id"] for f in layer_store.features("stops")]


@pytest.mark.parametrize("role", ["viewer", "planner", "editor"])
def test_other_roles_cannot_use_the_township_api(app, client, auth, role):
    auth.login(role, role, "县住建局" if role == "editor" else None)
    before = stops_state(app)
    assert add(client, auth, *inside(app, WANAN)).status_code == 403
    assert stops_state(app) == before


def test_anonymous_users_cannot_use_the_township_api(app, client):
    assert client.get("/api/township/stops").status_code == 401
    assert client.get("/township").status_code == 302


def test_an_admin_without_a_township_is_told_what_is_needed(app, client, auth):
    auth.login("root", "admin")
    response = add(client, auth, *inside(app, WANAN))
    assert response.status_code == 403
    assert "township account" in response.get_json()["error"]


def test_township_users_can_do_nothing_planners_or_editors_can(app, client, auth):
    login_township(auth)
    headers = auth.headers()
    assert client.post("/api/plans", json={"name": "x"}, headers=headers).status_code == 403
    with app.app_context():
        from services.plans import create_plan

        plan = create_plan("县方案", {}, "planner")
    saved = client.put(
        f"/api/plans/{plan.id}", json={"version": plan.version, "sites": []}, headers=headers
    )
    assert saved.status_code == 403
    suggest = client.post(f"/api/plans/{plan.id}/suggest", json={}, headers=headers)
    assert suggest.status_code == 403
    plant = client.patch(
        "/api/facilities/wwtp-urban", json={"version": 1, "load_rate": 90}, headers=headers
    )
    assert plant.status_code == 403
    upload = client.post(
        "/admin/layers/stops",
        data={"csrf_token": headers["X-CSRFToken"]},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 403
    assert client.get("/admin/layers").status_code == 403


def _page_stops(client, plan_id: int) -> dict[str, dict]:
    html = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="plan-data">(.*?)</script>', html, re.S)
    return {s["id"]: s for s in json.loads(found.group(1))["stops"]}


def test_planners_see_what_the_township_added_or_changed_since_the_plan_was_saved(
    app, client, auth
):
    with app.app_context():
        from services.plans import create_plan

        plan = create_plan("县方案", {}, "planner")
    login_township(auth)
    new = add(client, auth, *inside(app, WANAN)).get_json()
    with app.app_context():
        old = layer_store.feature("stops", f"stop-{WANAN}-01")
    client.put(
        f"/api/township/stops/{old.fid}",
        json={"version": old.version, "presenter": "赵六"},
        headers=auth.headers(),
    )
    client.post("/logout", headers=auth.headers())
    auth.login("planner", "planner")
    stops = _page_stops(client, plan.id)
    assert stops[new["id"]]["township_flag"]["kind"] == "new"
    assert stops[new["id"]]["township_flag"]["label"] == "乡镇新增"
    assert "wanan" in stops[new["id"]]["township_flag"]["title"]
    assert stops[old.fid]["township_flag"]["kind"] == "changed"
    flagged = {sid for sid, s in stops.items() if s["township_flag"]}
    assert flagged == {new["id"], old.fid}
    # once the planner saves the plan (having seen them), the flags are gone
    saved = client.put(
        f"/api/plans/{plan.id}",
        json={"version": plan.version, "sites": [new["id"]]},
        headers=auth.headers(),
    )
    assert saved.status_code == 200, saved.get_json()
    assert not any(s["township_flag"] for s in _page_stops(client, plan.id).values())


def test_the_township_page_shows_the_own_stops_offline(app, client, auth):
    login_township(auth)
    page = client.get("/township")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    found = re.search(
        r'<script type="application/json" id="township-data">(.*?)</script>', html, re.S
    )
    data = json.loads(found.group(1))
    assert data["township"]["code"] == WANAN
    assert {s["properties"]["township_code"] for s in data["stops"]} == {WANAN}
    assert "本乡镇考察点 · 万安镇" in html and "讲解人" in html and "讲解要点" in html
    assert 'href="/township"' in html  # in the menu of a township user
    assert "static/js/township.js" in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "no CDN on the township page"
    for sid in (f"stop-{GAOTANG}-01", "wwtp-urban"):
        assert f'"id": "{sid}"' not in found.group(1)
