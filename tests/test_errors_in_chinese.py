"""Issue 13: the errors planners met in developer English with ids, provoked in the Chinese UI and
said in Chinese with names. (Also pinned elsewhere: the lunch window and the working day in
``test_routes_plans.py``, the facility form's load rate and the bulk rows in
``test_routes_facilities.py``, Werkzeug's 404 page in ``test_routes_errors.py``.)"""

from __future__ import annotations

import io

from store.layers import features
from tests.test_routes_plans import _create, _put, complete_selection, planner, towns  # noqa: F401
from tests.test_routes_township import GAOTANG, WANAN, add, inside, login_township


def test_a_tour_longer_than_its_days_names_the_stops_left_out(client, planner, towns):  # noqa: F811
    plan = _create(client, planner)
    sites = complete_selection(towns)
    response = client.post(
        f"/api/plans/{plan['id']}/route",
        json={"sites": sites, "max_days": 1},
        headers=planner.headers(),
    )
    assert response.status_code == 422
    said = response.get_json()["error"]
    assert said.startswith("以下考察点排不进行程：") and "原因：1天内排不下" in said
    left_out = set(response.get_json()["unscheduled"])
    names = {s["id"]: s["name_zh"] for stops in towns.values() for s in stops}
    assert left_out and all(names[s] in said for s in left_out)
    assert "stop-" not in said and "max_days" not in said


def test_a_quota_with_more_at_least_than_at_most_is_said_in_chinese(client, auth):
    auth.login("admin", "admin")
    form = {"version": "0", "quota_min": "4", "quota_max": "2", "csrf_token": auth.csrf_token()}
    response = client.post("/admin/settings/quota", data=form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "每乡镇名额：至少 4 个不能多于至多 2 个" in page
    assert "larger than" not in page


def test_a_plan_without_a_name_is_refused_in_chinese(client, planner):  # noqa: F811
    response = client.post("/plans", data={"name": "  ", "csrf_token": planner.csrf_token()})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "名称不能为空" in page and "This field is required" not in page


def test_an_unknown_plan_is_said_in_chinese(client):
    page = client.get("/plans/99999").get_data(as_text=True)
    assert "页面不存在" in page and "没有编号为 99999 的考察方案" in page
    assert "no plan with id" not in page and "Not Found" not in page


def _upload(client, auth, csv_text: str):
    data = {"csrf_token": auth.csrf_token(), "file": (io.BytesIO(csv_text.encode()), "f.csv")}
    return client.post("/facilities/import", data=data, content_type="multipart/form-data")


def test_a_status_word_outside_the_form_lists_the_chinese_words(client, auth):
    auth.login("boss", "admin")
    page = _upload(client, auth, "编号,状态\nwwtp-bailian,运营中\n").get_data(as_text=True)
    assert "状态：“运营中”不是设施状态，请填写已运行、调试中、在建、规划中之一" in page
    assert "operating" not in page and "commissioning" not in page


def test_the_bulk_import_reads_the_status_words_of_its_own_form(app, client, auth):
    auth.login("boss", "admin")
    form = client.get("/facilities/import/template.csv").get_data(as_text=True).lstrip("\ufeff")
    header, first, *_ = form.splitlines()
    words = ("已运行", "调试中", "在建", "规划中")
    assert header.split(",")[2] == "状态" and first.split(",")[2] in words
    with app.app_context():
        ids = [f["properties"]["id"] for f in features("sewage_plants")][: len(words)]
    rows = "".join(f"{pid},,{word},,,\n" for pid, word in zip(ids, words, strict=True))
    response = _upload(client, auth, "编号,名称,状态,负荷率(%),进展说明,日期\n" + rows)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "不是设施状态" not in page


def test_the_same_refusal_reads_in_english_with_lang_en(client, auth):
    auth.login("boss", "admin")
    client.get("/facilities/import?lang=en")  # the switch, remembered on the account
    page = _upload(client, auth, "编号,状态\nwwtp-bailian,运营中\n").get_data(as_text=True)
    said = "Status: &#39;运营中&#39; is not a plant status; use one of Operating, Commissioning"
    assert said in page and "不是设施状态" not in page


def _kept_order_too_long(client, towns, lang=""):  # noqa: F811
    stops = complete_selection(towns, 3)
    body = {"stops": stops, "keep_order": stops[:2], "max_days": 1}
    response = client.post(f"/api/tour{lang}", json=body)
    assert response.status_code == 422
    data = response.get_json()
    left_out = data["unscheduled"]
    assert left_out and set(left_out) <= set(stops)
    assert not any(s in data["error"] for s in left_out) and "max_days" not in data["error"]
    return data["error"], {s["id"]: s for group in towns.values() for s in group}, left_out


def test_a_tour_in_the_planners_order_longer_than_its_days_names_the_stops(client, towns):  # noqa: F811
    said, sites, left_out = _kept_order_too_long(client, towns)
    assert said.startswith("以下考察点排不进行程：") and "原因：1天内排不下" in said
    assert all(sites[s]["name_zh"] in said for s in left_out)
    assert "最小改动：增加到" in said and f"去掉{sites[left_out[0]]['name_zh']}" in said


def test_the_same_tour_is_refused_in_english_with_lang_en(client, towns):  # noqa: F811
    said, sites, left_out = _kept_order_too_long(client, towns, "?lang=en")
    assert (
        "they do not fit into 1 day." in said and "Smallest fix: allow " in said and "drop " in said
    )
    assert all(sites[s]["name_en"] in said for s in left_out)


def test_a_tour_request_names_the_field_by_its_form_label(client, towns):  # noqa: F811
    stop = complete_selection(towns, 1)[0]
    name = next(s["name_zh"] for group in towns.values() for s in group if s["id"] == stop)
    body = {"stops": [stop], "day": ["08:30", "5pm"], "base": stop}
    said = client.post("/api/tour", json=body).get_json()["error"]
    assert said == "每日结束时间须为 HH:MM 格式的时间，收到的是“5pm”"
    said = client.post("/api/tour", json={**body, "day": ["08:30", "17:30"]}).get_json()["error"]
    assert said.startswith(f"住宿地“{name}") and stop not in said
    said = client.post("/api/tour?lang=en", json=body).get_json()["error"]
    assert said == "End of the working day must be a time HH:MM, got '5pm'"


def test_a_plan_save_with_an_unknown_field_is_refused_in_one_language(client, planner):  # noqa: F811
    plan = _create(client, planner)
    body = {"version": 1, "colour": "red"}
    said = _put(client, planner, plan["id"], **body).get_json()["error"]
    assert said == "方案没有这些字段，不能保存：colour"
    said = _put_en(client, planner, plan["id"], body).get_json()["error"]
    assert said == "A plan has no such fields, not saved: colour"


def _put_en(client, auth, plan_id, body):
    return client.put(f"/api/plans/{plan_id}?lang=en", json=body, headers=auth.headers())


def test_a_township_stop_is_refused_in_one_language(app, client, auth):
    login_township(auth)
    said = add(client, auth, *inside(app, GAOTANG)).get_json()["error"]
    assert "位于高唐镇，不在万安镇内" in said and "Town" not in said
    said = add(client, auth, 116.0, "20").get_json()["error"]
    assert said == "纬度须为数字，收到的是“20”"
    long_name = add(client, auth, *inside(app, WANAN), presenter="讲" * 201).get_json()["error"]
    assert long_name == "讲解人：最多 200 个字符"
    client.get("/township?lang=en")  # the switch, remembered on the account
    said = add(client, auth, *inside(app, GAOTANG), plant_id="x").get_json()["error"]
    assert said == "These fields cannot be set: plant_id"
    said = add(client, auth, *inside(app, GAOTANG)).get_json()["error"]
    assert "lies in Gaotang Town, not in Wan'an Town" in said and "高唐镇" not in said


def test_a_stop_no_day_holds_in_the_planners_order_is_named(client, towns):  # noqa: F811
    stops = complete_selection(towns, 1)[:3]
    name = next(s["name_zh"] for group in towns.values() for s in group if s["id"] == stops[1])
    body = {"stops": stops, "keep_order": stops, "visit_minutes": {stops[1]: 480}}
    data = client.post("/api/tour", json=body).get_json()
    assert data["unscheduled"] == [stops[1]]
    said = data["error"]
    assert said.startswith(f"以下考察点排不进行程：{name}") and "往返、考察和午餐超出" in said
    assert f"去掉{name}" in said and stops[1] not in said


def _named_stops(towns, count=2):  # noqa: F811
    stops = complete_selection(towns, 1)[:count]
    names = {s["id"]: s for group in towns.values() for s in group}
    return stops, [names[s] for s in stops]


def test_a_stop_listed_twice_is_named_with_its_township(client, towns):  # noqa: F811
    (stop, _), (site, _) = _named_stops(towns)
    said = client.post("/api/tour", json={"stops": [stop, stop]}).get_json()["error"]
    assert said.startswith(f"所选考察点中{site['name_zh']}（") and stop not in said
    assert said.endswith("出现了两次：去掉重复的一个")
    said = client.post("/api/tour?lang=en", json={"stops": [stop, stop]}).get_json()["error"]
    assert said.startswith(f"The chosen sites: {site['name_en']} (") and "listed twice" in said


def test_a_kept_order_naming_a_stop_not_chosen_says_which_and_the_fix(client, towns):  # noqa: F811
    (first, other), (_, site) = _named_stops(towns)
    body = {"stops": [first], "keep_order": [other]}
    said = client.post("/api/tour", json=body).get_json()["error"]
    assert said.startswith(f"按此顺序的考察点中的{site['name_zh']}（") and other not in said
    assert said.endswith("不在所选考察点中：先选上它，或从按此顺序的考察点中去掉")


def test_a_pin_beyond_the_last_day_names_the_stop_and_the_fix(client, towns):  # noqa: F811
    stops, sites = _named_stops(towns)
    body = {"stops": stops, "pins": {stops[0]: 9}, "max_days": 5}
    said = client.post("/api/tour", json=body).get_json()["error"]
    assert said.startswith(sites[0]["name_zh"]) and stops[0] not in said
    assert "固定在第9天，但行程最多5天：改到第 1–5 天，或把最多天数改为9天" in said


def test_a_stop_gone_from_the_layer_is_counted_not_quoted_by_id(client, towns):  # noqa: F811
    stops, _ = _named_stops(towns)
    response = client.post("/api/tour", json={"stops": [*stops, "stop-gone"]})
    assert response.status_code == 404
    said = response.get_json()["error"]
    assert said.startswith("有 1 个考察点已不在考察点图层中") and "stop-gone" not in said


def test_a_pin_that_is_not_a_day_number_is_said_by_the_form_label(client, towns):  # noqa: F811
    stops, _ = _named_stops(towns)
    said = client.post("/api/tour", json={"stops": stops, "pins": {stops[0]: 0}}).get_json()
    assert said["error"] == "固定到某天的考察点须为第 1–14 天，收到的是“0”"


def test_a_site_both_locked_and_dropped_in_suggest_is_named(client, planner, towns):  # noqa: F811
    plan = _create(client, planner)
    site = towns[next(iter(towns))][0]
    body = {"sites": [site["id"]], "locked": [site["id"]], "drop_sites": [site["id"]]}
    response = client.post(f"/api/plans/{plan['id']}/suggest", json=body, headers=planner.headers())
    assert response.status_code == 422
    said = response.get_json()["error"]
    assert said == f"{site['name_zh']}既被锁定又被假设去掉：先解除锁定，或不再去掉它"


def test_a_what_if_dropping_a_site_not_chosen_names_it(client, planner, towns):  # noqa: F811
    plan = _create(client, planner)
    chosen, other = towns[next(iter(towns))][:2]
    body = {"sites": [chosen["id"]], "drop_sites": [other["id"]]}
    response = client.post(
        f"/api/plans/{plan['id']}/route?lang=en", json=body, headers=planner.headers()
    )
    assert response.status_code == 422
    said = response.get_json()["error"]
    assert said.startswith("Sites dropped in the what-if: ") and other["name_en"] in said
    assert other["id"] not in said


def test_bad_json_is_said_in_one_language(client, planner):  # noqa: F811
    response = client.post(
        "/api/plans?lang=en", data='{"name": "x",', content_type="application/json",
        headers=planner.headers(),
    )  # fmt: skip
    assert response.status_code == 400
    assert (
        response.get_json()["error"]
        == "The request body is not valid JSON: error at line 1, column 14"
    )
