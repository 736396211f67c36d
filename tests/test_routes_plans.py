"""The plans API and pages on the shipped data: every rule, every role, stale saves, history."""

from __future__ import annotations

import pytest

from store.layers import features


@pytest.fixture
def towns(app) -> dict[str, list[dict]]:
    """Candidate stops per township, ready ones first."""
    with app.app_context():
        groups: dict[str, list[dict]] = {}
        for f in features("stops"):
            groups.setdefault(f["properties"]["township_code"], []).append(f["properties"])
    for stops in groups.values():
        stops.sort(key=lambda p: (p["readiness"] != "ready", p["id"]))
    return groups


def complete_selection(towns, per_township: int = 2) -> list[str]:
    return [s["id"] for code in sorted(towns) for s in towns[code][:per_township]]


@pytest.fixture
def planner(auth):
    auth.login("planner", "planner")
    return auth


def _create(client, auth, name="国家生态县考核验收 2014") -> dict:
    response = client.post("/api/plans", json={"name": name}, headers=auth.headers())
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _put(client, auth, plan_id, **body):
    return client.put(f"/api/plans/{plan_id}", json=body, headers=auth.headers())


# --------------------------------------------------------------------------- create, read, save


def test_create_returns_id_and_version(client, planner):
    created = _create(client, planner)
    assert created["version"] == 1 and isinstance(created["id"], int)
    plan = client.get(f"/api/plans/{created['id']}").get_json()
    assert plan["name"] == "国家生态县考核验收 2014"
    assert plan["sites"] == [] and plan["status"] == "draft"
    assert plan["quota"]["complete"] is False
    assert len(plan["quota"]["townships"]) == 13


def test_create_needs_a_name(client, planner):
    response = client.post("/api/plans", json={"name": "  "}, headers=planner.headers())
    assert response.status_code == 422
    assert response.get_json()["error"] == "名称不能为空"
    assert response.get_json()["code"] == "err_name_empty"
    english = client.post("/api/plans?lang=en", json={"name": ""}, headers=planner.headers())
    assert english.get_json()["error"] == "name must not be empty"


def test_save_incomplete_draft_then_complete_and_final(client, planner, towns):
    plan = _create(client, planner)
    partial = complete_selection(towns)[:5]
    response = _put(client, planner, plan["id"], version=1, sites=partial)
    assert response.status_code == 200, response.get_json()
    saved = response.get_json()
    assert saved["version"] == 2 and saved["sites"] == partial
    assert saved["quota"]["complete"] is False  # work in progress: saved, but not ready
    full = complete_selection(towns)
    response = _put(client, planner, plan["id"], version=2, sites=full, status="final")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "final" and body["version"] == 3
    assert body["quota"]["complete"] is True and body["quota"]["violations"] == []


def test_save_without_changes_keeps_the_version(client, planner):
    plan = _create(client, planner)
    response = _put(client, planner, plan["id"], version=1, name="国家生态县考核验收 2014")
    assert response.status_code == 200 and response.get_json()["version"] == 1


def test_stale_version_is_refused_and_plan_unchanged(client, planner, towns):
    plan = _create(client, planner)
    first = complete_selection(towns)[:4]
    assert _put(client, planner, plan["id"], version=1, sites=first).status_code == 200
    response = _put(client, planner, plan["id"], version=1, sites=["stop-350428100-01"])
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert "现在是第 2 版" in error and "planner" in error and "国家生态县考核验收 2014" in error
    stored = client.get(f"/api/plans/{plan['id']}").get_json()
    assert stored["sites"] == first and stored["version"] == 2


def test_version_is_required(client, planner):
    plan = _create(client, planner)
    response = _put(client, planner, plan["id"], sites=[])
    assert response.status_code == 422 and "缺少版本号" in response.get_json()["error"]


def test_unknown_plan_is_404(client, planner):
    assert client.get("/api/plans/999").status_code == 404
    assert _put(client, planner, 999, version=1, sites=[]).status_code == 404


# --------------------------------------------------------------------------- rule violations


@pytest.mark.parametrize(
    ("sites", "expected"),
    [
        (["stop-does-not-exist"], "有 1 个考察点已不在考察点图层中"),
        (["wwtp-urban"], "污水处理厂图层的要素不能作为展示点"),
        (["place-gov"], "出发地与住地图层的要素不能作为展示点"),
        (["stop-350428100-01", "stop-350428100-01"], "将乐县城市污水处理厂（考察）出现了两次"),
        ("stop-350428100-01", "所选考察点须为考察点列表"),
        ([42], "所选考察点须为考察点列表"),
    ],
)
def test_bad_sites_are_refused_and_change_nothing(client, planner, sites, expected):
    plan = _create(client, planner)
    response = _put(client, planner, plan["id"], version=1, sites=sites)
    assert response.status_code == 422
    assert expected in response.get_json()["error"]
    stored = client.get(f"/api/plans/{plan['id']}").get_json()
    assert stored["sites"] == [] and stored["version"] == 1


def test_final_with_too_few_names_every_township_and_rule(client, planner, towns):
    plan = _create(client, planner)
    sites = complete_selection(towns)
    short_town = sorted(towns)[0]
    sites = [s for s in sites if not s.startswith(f"stop-{short_town}")][:-1] + [
        towns[short_town][0]["id"]
    ]
    response = _put(client, planner, plan["id"], version=1, sites=sites, status="final")
    assert response.status_code == 422
    body = response.get_json()
    rules = {(v["township"], v["rule"]) for v in body["violations"]}
    assert (short_town, "quota_min") in rules
    assert len(rules) == 2  # the township short by one and the one whose last site was cut
    townships = client.get("/api/layers/townships").get_json()["features"]
    name = next(f["properties"]["name_zh"] for f in townships if f["id"] == short_town)
    assert short_town not in body["error"], "township names, not codes"
    assert "还不能定稿" in body["error"] and f"{name} 1 个（至少 2 个）" in body["error"]
    assert client.get(f"/api/plans/{plan['id']}").get_json()["version"] == 1


def test_final_with_too_many_names_quota_max(client, planner, towns):
    plan = _create(client, planner)
    town = next(code for code in sorted(towns) if len(towns[code]) >= 4)
    sites = complete_selection(towns) + [s["id"] for s in towns[town][2:4]]
    response = _put(client, planner, plan["id"], version=1, sites=sites, status="final")
    assert response.status_code == 422
    violations = response.get_json()["violations"]
    assert [(v["township"], v["rule"]) for v in violations] == [(town, "quota_max")]
    assert "at most 3" in violations[0]["message"]


def test_the_quota_is_the_countys_as_an_admin_sets_it(client, planner, auth, towns):
    plan = _create(client, planner)
    one_each = complete_selection(towns, per_township=1)
    refused = _put(client, planner, plan["id"], version=1, sites=one_each, status="final")
    assert refused.status_code == 422  # 1 a township is below the county's 2-3
    auth.login("admin", "admin")
    form = {"version": "0", "quota_min": "1", "quota_max": "1", "csrf_token": auth.csrf_token()}
    assert client.post("/admin/settings/quota", data=form).status_code == 302
    auth.login("planner", "planner")
    response = _put(client, planner, plan["id"], version=1, sites=one_each, status="final")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["quota"]["complete"] is True


def test_a_final_plan_cannot_lose_a_site_without_going_back_to_draft(client, planner, towns):
    plan = _create(client, planner)
    sites = complete_selection(towns)
    assert (
        _put(client, planner, plan["id"], version=1, sites=sites, status="final").status_code == 200
    )
    assert _put(client, planner, plan["id"], version=2, sites=sites[1:]).status_code == 422
    back = _put(client, planner, plan["id"], version=2, sites=sites[1:], status="draft")
    assert back.status_code == 200


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"status": "done"}, "方案状态须为“草稿”或“定稿”，收到的是“done”"),
        ({"depart": "20.10.2014"}, "出发时间须为日期加时间（YYYY-MM-DDTHH:MM"),
        ({"day_start": "25:00"}, "每日开始时间须为 HH:MM 格式的时间，收到的是“25:00”"),
        ({"max_days": 0}, "最多天数须为 1–14 的整数"),
        ({"lunch": {"minutes": -5}}, "午餐时长须为 0–180 分钟的整数"),
        ({"start": "nowhere"}, "出发地“nowhere”不是已知的地点或考察点"),
        ({"colour": "red"}, "方案没有这些字段，不能保存：colour"),
        ({"locked": ["stop-350428100-01"]}, "锁定的考察点不在所选考察点中"),
    ],
)
def test_bad_settings_are_refused(client, planner, body, expected):
    plan = _create(client, planner)
    response = _put(client, planner, plan["id"], version=1, **body)
    assert response.status_code == 422
    assert expected in response.get_json()["error"]


# --------------------------------------------------------------------------- auth and CSRF


def test_missing_csrf_token_is_refused(client, planner):
    plan = _create(client, planner)
    response = client.put(f"/api/plans/{plan['id']}", json={"version": 1, "sites": []})
    assert response.status_code == 400 and response.get_json()["code"] == "err_session_expired"
    response = client.post("/api/plans", json={"name": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/plans", {"name": "x"}),
        ("put", "/api/plans/{id}", {"version": 1, "sites": []}),
        ("post", "/api/plans/{id}/copy", {}),
        ("post", "/api/plans/{id}/suggest", {}),
    ],
)
def test_anonymous_and_viewer_cannot_write(app, client, auth, method, path, body):
    from store.plans import create_plan

    with app.app_context():
        plan_id = create_plan("p", "someone").id
    url = path.format(id=plan_id)
    headers = auth.headers()
    assert getattr(client, method)(url, json=body, headers=headers).status_code == 401
    auth.login("viewer", "viewer")
    headers = auth.headers()
    assert getattr(client, method)(url, json=body, headers=headers).status_code == 403
    with app.app_context():
        from store.plans import get_plan

        assert get_plan(plan_id).version == 1


def test_admin_can_write(client, auth):
    auth.login("admin", "admin")
    assert _create(client, auth)["version"] == 1


def test_anonymous_can_read_when_configured(app, client, planner):
    plan = _create(client, planner)
    client.post("/logout", data={"csrf_token": planner.csrf_token()})
    assert client.get(f"/api/plans/{plan['id']}").status_code == 200
    app.config["ALLOW_ANONYMOUS_READ"] = False
    assert client.get(f"/api/plans/{plan['id']}").status_code == 401
    assert client.get("/plans").status_code == 302


# --------------------------------------------------------------------------- history, copy, compare


def test_history_records_who_when_and_what(client, planner, towns):
    plan = _create(client, planner)
    sites = complete_selection(towns)[:3]
    _put(client, planner, plan["id"], version=1, sites=sites)
    _put(client, planner, plan["id"], version=2, sites=sites[:2], name="改名")
    history = client.get(f"/api/plans/{plan['id']}/history").get_json()
    assert [h["version"] for h in history] == [3, 2, 1]
    assert history[2]["action"] == "created"
    assert history[1]["changes"] == {"sites": {"added": sites, "removed": []}}
    assert history[0]["changes"]["sites"] == {"added": [], "removed": [sites[2]]}
    assert history[0]["changes"]["name"] == {"from": "国家生态县考核验收 2014", "to": "改名"}
    assert all(h["user"] == "planner" and h["at"] for h in history)
    page = client.get(f"/plans/{plan['id']}/history").get_data(as_text=True)
    stops = {
        f["id"]: f["properties"] for f in client.get("/api/layers/stops").get_json()["features"]
    }
    assert "改名" in page and stops[sites[2]]["name_zh"] in page  # sites shown by name


def test_history_speaks_in_sentences_with_names(client, planner):
    plan = _create(client, planner)
    _put(client, planner, plan["id"], version=1, start="place-hotel", end="place-station")
    _put(client, planner, plan["id"], version=2, end=None, day_end="18:00", max_days=2)
    page = client.get(f"/plans/{plan['id']}/history").get_data(as_text=True)
    assert "出发地：将乐县人民政府 → 将乐宾馆" in page and "结束地：将乐站 → 返回出发地" in page
    assert "每日收工：17:30 → 18:00" in page and "创建方案" in page and "5 天 → 2 天" in page
    assert "place-hotel" not in page and "None" not in page and "day_end" not in page
    english = client.get(f"/plans/{plan['id']}/history?lang=en").get_data(as_text=True)
    assert "Start: Jiangle County People&#39;s Government → Jiangle Hotel" in english
    assert "End: Jiangle Railway Station → Back to the start" in english


def test_a_copy_is_named_after_its_source_in_the_page_language(client, planner):
    plan = _create(client, planner)
    copy = client.post(f"/api/plans/{plan['id']}/copy", json={}, headers=planner.headers())
    assert copy.status_code == 201
    assert copy.get_json()["plan"]["name"] == "国家生态县考核验收 2014 副本"
    english = client.post(
        f"/api/plans/{plan['id']}/copy?lang=en", json={}, headers=planner.headers()
    )
    assert english.get_json()["plan"]["name"] == "国家生态县考核验收 2014 (copy)"
    page = client.get(f"/plans/{copy.get_json()['id']}/history?lang=zh").get_data(as_text=True)
    assert "复制自《国家生态县考核验收 2014》第 1 版" in page


def test_copy_and_compare(client, planner, towns):
    plan = _create(client, planner)
    sites = complete_selection(towns)
    _put(client, planner, plan["id"], version=1, sites=sites, status="final")
    response = client.post(
        f"/api/plans/{plan['id']}/copy", json={"name": "变体"}, headers=planner.headers()
    )
    assert response.status_code == 201
    copy = response.get_json()
    assert copy["version"] == 1 and copy["plan"]["sites"] == sites
    assert copy["plan"]["status"] == "draft"
    other = [s["id"] for code in sorted(towns) for s in towns[code][1:3]]
    assert _put(client, planner, copy["id"], version=1, sites=other).status_code == 200
    history = client.get(f"/api/plans/{copy['id']}/history").get_json()
    assert history[-1]["changes"] == {"copied_from": {"id": plan["id"], "version": 2}}
    result = client.get(f"/api/plans/compare?a={plan['id']}&b={copy['id']}").get_json()
    assert set(result["sites"]) == {"both", "only_a", "only_b"}
    assert {s["id"] for s in result["sites"]["only_a"]} == set(sites) - set(other)
    for key in ("a", "b"):
        totals = result["tours"][key]["totals"]
        assert totals["km"] > 0 and totals["days"] >= 1 and totals["driving_minutes"] > 0
    page = client.get(f"/plans/compare?a={plan['id']}&b={copy['id']}")
    assert page.status_code == 200 and "变体" in page.get_data(as_text=True)


def test_compare_needs_two_ids(client):
    assert client.get("/plans/compare?a=1").status_code == 400


# --------------------------------------------------------------------------- route and what-if


def test_route_of_saved_and_unsaved_selection(client, planner, towns):
    plan = _create(client, planner)
    sites = complete_selection(towns)
    _put(client, planner, plan["id"], version=1, sites=sites)
    tour = client.post(f"/api/plans/{plan['id']}/route", json={}, headers=planner.headers())
    assert tour.status_code == 200, tour.get_json()
    tour = tour.get_json()
    assert sorted(tour["order"]) == sorted(sites)
    assert {"stops", "legs", "days", "totals", "geometry"} <= set(tour)
    unsaved = client.post(
        f"/api/plans/{plan['id']}/route", json={"sites": sites[:3]}, headers=planner.headers()
    ).get_json()
    assert sorted(unsaved["order"]) == sorted(sites[:3])
    empty = client.post(
        f"/api/plans/{plan['id']}/route", json={"sites": []}, headers=planner.headers()
    ).get_json()
    assert empty["totals"]["km"] == 0 and empty["order"] == []


def test_route_is_the_same_whatever_the_click_order(client, planner, towns):
    plan = _create(client, planner)
    sites = complete_selection(towns)
    url = f"/api/plans/{plan['id']}/route"
    a = client.post(url, json={"sites": sites}, headers=planner.headers()).get_json()
    b = client.post(url, json={"sites": sites[::-1]}, headers=planner.headers()).get_json()
    assert a["order"] == b["order"] and a["totals"] == b["totals"]


def test_whatif_drop_site_and_close_road(client, planner, towns):
    plan = _create(client, planner)
    sites = complete_selection(towns)
    _put(client, planner, plan["id"], version=1, sites=sites)
    url = f"/api/plans/{plan['id']}/route"
    base = client.post(url, json={}, headers=planner.headers()).get_json()
    dropped = client.post(url, json={"drop_sites": [sites[0]]}, headers=planner.headers())
    dropped = dropped.get_json()
    assert sites[0] not in dropped["order"]
    assert dropped["whatif"]["reference"] == base["totals"]
    assert dropped["whatif"]["delta"]["visiting_minutes"] < 0
    # close the road the first leg drives on: the tour re-plans around it
    leg = base["geometry"]["features"][0]["geometry"]["coordinates"]
    mid = leg[len(leg) // 2]
    closed = client.post(url, json={"close_at": [mid]}, headers=planner.headers())
    assert closed.status_code == 200, closed.get_json()
    whatif = closed.get_json()["whatif"]
    assert len(whatif["closed_roads"]) == 1
    assert whatif["delta"]["driving_minutes"] >= -0.5
    assert whatif["closed_geometry"]["features"][0]["properties"]["id"] == whatif["closed_roads"][0]
    driven = {
        r for f in closed.get_json()["geometry"]["features"] for r in f["properties"]["roads"]
    }
    assert driven and whatif["closed_roads"][0] not in driven
    stored = client.get(f"/api/plans/{plan['id']}").get_json()
    assert stored["version"] == 2 and stored["sites"] == sites  # what-if saves nothing


def test_whatif_rejects_unknown_ids(client, planner, towns):
    plan = _create(client, planner)
    url = f"/api/plans/{plan['id']}/route"
    sites = complete_selection(towns)[:2]
    r = client.post(
        url, json={"sites": sites, "closed_roads": ["road-x"]}, headers=planner.headers()
    )
    assert r.status_code == 422 and "有 1 条道路已不在道路图层中" in r.get_json()["error"]
    r = client.post(url, json={"sites": sites, "drop_sites": ["stop-x"]}, headers=planner.headers())
    assert r.status_code == 422 and "有 1 个考察点已不在考察点图层中" in r.get_json()["error"]


# --------------------------------------------------------------------------- pages


def test_plan_pages_render_and_escape(client, planner):
    created = client.post(
        "/plans",
        data={"name": "<script>alert(1)</script>", "csrf_token": planner.csrf_token("/plans")},
    )
    assert created.status_code == 302
    page_url = created.headers["Location"]
    listing = client.get("/plans").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing and "<script>alert(1)" not in listing
    page = client.get(page_url).get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert 'id="plan-data"' in page and "static/js/plan.js" in page


def test_create_form_needs_csrf(client, planner):
    assert client.post("/plans", data={"name": "x"}).status_code == 400


# --------------------------------------------------------------------------- live tour settings


def _route(client, auth, plan_id, **body):
    return client.post(f"/api/plans/{plan_id}/route", json=body, headers=auth.headers())


def test_route_uses_unsaved_settings_without_saving_them(client, planner, towns):
    plan = _create(client, planner)
    sites = complete_selection(towns)
    _put(client, planner, plan["id"], version=1, sites=sites)
    saved = _route(client, planner, plan["id"]).get_json()
    short = _route(client, planner, plan["id"], day_start="08:30", day_end="13:00", max_days=14)
    assert short.status_code == 200, short.get_json()
    short = short.get_json()
    assert short["totals"]["days"] > saved["totals"]["days"]
    assert short["settings"]["day_end"] == "13:00" and short["settings"]["max_days"] == 14
    later = _route(client, planner, plan["id"], depart="2014-10-21T09:00").get_json()
    assert later["stops"][0]["arrival"].startswith("2014-10-21")
    stored = client.get(f"/api/plans/{plan['id']}").get_json()
    assert stored["version"] == 2 and stored["day_end"] == "17:30" and stored["max_days"] == 5


def test_route_with_no_settings_uses_the_saved_ones(client, planner, towns):
    plan = _create(client, planner)
    sites = complete_selection(towns)[:4]
    _put(client, planner, plan["id"], version=1, sites=sites, day_end="16:00")
    tour = _route(client, planner, plan["id"]).get_json()
    assert tour["settings"]["day_end"] == "16:00"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"depart": "20.10.2014"}, "出发时间须为日期加时间（YYYY-MM-DDTHH:MM"),
        ({"day_start": "25:00"}, "每日开始时间须为 HH:MM 格式的时间"),
        ({"day_end": ""}, "每日结束时间须为 HH:MM 格式的时间，收到的是“”"),
        ({"day_start": "17:00", "day_end": "09:00"}, "每日工作时间须先开始后结束：17:00–09:00"),
        ({"max_days": 0}, "最多天数须为 1–14 的整数，收到的是 0"),
        ({"max_days": ""}, "最多天数须为 1–14 的整数，收到的是 ''"),
        ({"lunch": {"minutes": -5}}, "午餐时长须为 0–180 分钟的整数"),
        (
            {"lunch": {"from": "14:00", "to": "12:00"}},
            "午餐时段的开始（14:00）不能晚于结束（12:00）",
        ),
        ({"start": "nowhere"}, "出发地“nowhere”不是已知的地点或考察点"),
        ({"end": 7}, "终点须为地点或考察点，或 [经度, 纬度]"),
        ({"quota_min": 0, "quota_max": 1}, "quota_min, quota_max：每乡镇名额是全县设置"),
        ({"quota_max": 11}, "quota_max：每乡镇名额是全县设置，只有管理员可"),
    ],
)
def test_route_and_suggest_refuse_bad_settings_like_a_save(client, planner, towns, body, expected):
    plan = _create(client, planner)
    sites = complete_selection(towns)[:3]
    for endpoint in ("route", "suggest"):
        response = client.post(
            f"/api/plans/{plan['id']}/{endpoint}",
            json={"sites": sites, **body},
            headers=planner.headers(),
        )
        assert response.status_code == 422, (endpoint, response.get_json())
        error = response.get_json()
        assert expected in error["error"] and error["settings"] is True
    put = _put(client, planner, plan["id"], version=1, **body)  # the same message as a save
    assert put.status_code == 422 and expected in put.get_json()["error"]


def test_route_ignores_fields_that_are_not_tour_settings(client, planner, towns):
    plan = _create(client, planner)
    sites = complete_selection(towns)[:2]
    response = _route(client, planner, plan["id"], sites=sites, name="", status="done")
    assert response.status_code == 200


def test_suggest_uses_the_countys_quota(client, planner, auth):
    plan = _create(client, planner)
    auth.login("admin", "admin")
    form = {"version": "0", "quota_min": "1", "quota_max": "1", "csrf_token": auth.csrf_token()}
    assert client.post("/admin/settings/quota", data=form).status_code == 302
    auth.login("planner", "planner")
    response = client.post(f"/api/plans/{plan['id']}/suggest", json={}, headers=planner.headers())
    assert response.status_code == 200, response.get_json()
    proposal = response.get_json()
    assert len(proposal["sites"]) == 13 and proposal["quota"]["complete"] is True


# --------------------------------------------------------------------------- delete


def _delete(client, auth, plan_id, **body):
    return client.delete(f"/api/plans/{plan_id}", json=body, headers=auth.headers())


def test_delete_plan_then_404_and_history_kept(client, planner, towns):
    plan = _create(client, planner, name="待删除")
    sites = complete_selection(towns)[:3]
    _put(client, planner, plan["id"], version=1, sites=sites)
    response = _delete(client, planner, plan["id"], version=2)
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"id": plan["id"], "deleted": True, "version": 3}
    for url in (
        f"/api/plans/{plan['id']}",
        f"/plans/{plan['id']}",
        f"/plans/{plan['id']}/print",
        f"/api/plans/compare?a={plan['id']}&b={plan['id']}",
    ):
        gone = client.get(url)
        assert gone.status_code == 404, url
        said = gone.get_json()["error"] if gone.is_json else gone.get_data(as_text=True)
        assert (
            "被 planner 删除" in said and "待删除" in said and "T" not in said.split("已于")[1][:12]
        )
        history = f"/plans/{plan['id']}/history"
        assert (gone.get_json()["history"] if gone.is_json else said).count(history)
    assert _route(client, planner, plan["id"]).status_code == 404
    assert _put(client, planner, plan["id"], version=3, sites=[]).status_code == 404
    assert _delete(client, planner, plan["id"], version=3).status_code == 404
    assert plan["id"] not in [p["id"] for p in client.get("/api/plans").get_json()]
    assert "待删除" not in client.get("/plans").get_data(as_text=True)
    history = client.get(f"/api/plans/{plan['id']}/history").get_json()
    assert [(h["version"], h["action"]) for h in history] == [
        (3, "deleted"), (2, "updated"), (1, "created"),
    ]  # fmt: skip
    last = history[0]["changes"]["last_state"]
    assert last["sites"] == sites and last["name"] == "待删除" and history[0]["user"] == "planner"
    page = client.get(f"/plans/{plan['id']}/history")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    stops = {
        f["id"]: f["properties"] for f in client.get("/api/layers/stops").get_json()["features"]
    }
    assert "已删除" in text and "删除前：" in text and stops[sites[0]]["name_zh"] in text
    assert sites[0] not in text  # names, not ids


def test_stale_delete_is_refused_and_nothing_deleted(client, planner, towns):
    plan = _create(client, planner)
    _put(client, planner, plan["id"], version=1, sites=complete_selection(towns)[:2])
    response = _delete(client, planner, plan["id"], version=1)
    assert response.status_code == 409 and "现在是第 2 版" in response.get_json()["error"]
    stored = client.get(f"/api/plans/{plan['id']}")
    assert stored.status_code == 200 and stored.get_json()["version"] == 2
    assert [h["action"] for h in client.get(f"/api/plans/{plan['id']}/history").get_json()] == [
        "updated", "created",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "expected"),
    [({}, "缺少版本号"), ({"version": "1"}, "version must be the plan's version")],
)
def test_delete_needs_the_version(client, planner, body, expected):
    plan = _create(client, planner)
    response = _delete(client, planner, plan["id"], **body)
    assert response.status_code == 422 and expected in response.get_json()["error"]
    assert client.get(f"/api/plans/{plan['id']}").status_code == 200


def test_delete_needs_csrf(client, planner):
    plan = _create(client, planner)
    response = client.delete(f"/api/plans/{plan['id']}", json={"version": 1})
    assert response.status_code == 400 and response.get_json()["code"] == "err_session_expired"
    assert client.get(f"/api/plans/{plan['id']}").status_code == 200


def test_delete_needs_a_planner(app, client, auth):
    from store.plans import create_plan, get_plan

    with app.app_context():
        plan_id = create_plan("p", "someone").id
    url = f"/api/plans/{plan_id}"
    assert client.delete(url, json={"version": 1}, headers=auth.headers()).status_code == 401
    auth.login("viewer", "viewer")
    assert client.delete(url, json={"version": 1}, headers=auth.headers()).status_code == 403
    auth.login("editor", "editor", unit="县住建局")
    assert client.delete(url, json={"version": 1}, headers=auth.headers()).status_code == 403
    with app.app_context():
        assert get_plan(plan_id).version == 1
    auth.login("admin", "admin")
    assert client.delete(url, json={"version": 1}, headers=auth.headers()).status_code == 200


def test_delete_unknown_plan_is_404(client, planner):
    assert _delete(client, planner, 999, version=1).status_code == 404


def test_plan_page_and_list_offer_delete_to_planners_only(client, auth):
    auth.login("planner", "planner")
    plan = _create(client, auth)
    page = client.get(f"/plans/{plan['id']}").get_data(as_text=True)
    assert 'id="delete-plan"' in page and f'href="/?plan={plan["id"]}"' in page
    assert "jl-delete" in client.get("/plans").get_data(as_text=True)
    auth.login("viewer", "viewer")
    assert 'id="delete-plan"' not in client.get(f"/plans/{plan['id']}").get_data(as_text=True)
    assert "data-version=" not in client.get("/plans").get_data(as_text=True)


# --------------------------------------------------------------------------- tour on the map page


def test_map_page_with_a_plan_embeds_its_tour_panel(client, planner, towns):
    plan = _create(client, planner, name="<b>路线</b>")
    sites = complete_selection(towns)[:3]
    _put(client, planner, plan["id"], version=1, sites=sites)
    page = client.get(f"/?plan={plan['id']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="map-tour"' in html and "static/js/tour_layer.js" in html
    assert f'href="/plans/{plan["id"]}"' in html
    assert "<b>路线</b>" not in html and "&lt;b&gt;路线&lt;/b&gt;" in html
    assert 'id="map-tour-data"' in html and sites[0] in html


@pytest.mark.parametrize("value", ["999", "abc", "", "-1", "99999999999999999999999"])
def test_map_page_with_an_unknown_plan_says_so(client, value):
    page = client.get(f"/?plan={value}")
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert 'id="map-tour-error"' in html and "无法显示方案路线" in html
    assert "jl-county" in html or "folium" in html  # the map is still drawn


def test_map_page_with_a_deleted_plan_says_so(client, planner):
    plan = _create(client, planner)
    _delete(client, planner, plan["id"], version=1)
    html = client.get(f"/?plan={plan['id']}").get_data(as_text=True)
    assert "被 planner 删除" in html


def test_map_page_without_a_plan_has_no_tour_panel(client):
    html = client.get("/").get_data(as_text=True)
    assert 'id="map-tour"' not in html and "tour_layer.js" not in html


def test_create_with_a_bad_setting_stores_nothing(client, planner):
    before = len(client.get("/api/plans").get_json())
    response = client.post(
        "/api/plans", json={"name": "x", "sites": ["stop-nowhere"]}, headers=planner.headers()
    )
    assert response.status_code == 422
    assert len(client.get("/api/plans").get_json()) == before


@pytest.mark.parametrize("points", [[5], [[1]], [["a", "b"]], "117,26", [[500, 26.7]]])
def test_malformed_close_at_points_are_422(client, planner, towns, points):
    plan = _create(client, planner)
    _put(client, planner, plan["id"], version=1, sites=complete_selection(towns)[:2])
    response = client.post(
        f"/api/plans/{plan['id']}/route", json={"close_at": points}, headers=planner.headers()
    )
    assert response.status_code == 422
    assert response.get_json()["error"] == "封路位置须为 [经度, 纬度] 点的列表"


def test_depart_with_a_trailing_newline_is_refused(client, planner):
    plan = _create(client, planner)
    response = _put(client, planner, plan["id"], version=1, depart="2014-10-20T08:30\n")
    assert response.status_code == 422


def test_start_cannot_be_a_selected_site(client, planner, towns):
    plan = _create(client, planner)
    sites = complete_selection(towns)[:2]
    response = _put(client, planner, plan["id"], version=1, sites=sites, start=sites[0])
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert "出发地“" in error and "”同时是所选考察点" in error and sites[0] not in error
