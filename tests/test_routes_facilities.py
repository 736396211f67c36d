"""The facility dashboard, plant pages, PATCH/GET API and bulk update through the test client."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

URBAN_UNIT = "县住建局"


def _plant(client, pid):
    return client.get(f"/api/facilities/{pid}").get_json()


def _patch(client, auth, pid, body, headers=None):
    return client.patch(
        f"/api/facilities/{pid}", json=body, headers=auth.headers() if headers is None else headers
    )


# --------------------------------------------------------------------------- reading
def test_api_lists_plants_as_geojson_with_late_flags(client):
    data = client.get("/api/facilities").get_json()
    assert data["type"] == "FeatureCollection" and data["today"] == "2014-07-15"
    assert len(data["features"]) == 12
    props = {f["id"]: f["properties"] for f in data["features"]}
    assert all(f["geometry"]["type"] == "Point" for f in data["features"])
    late = sorted(pid for pid, p in props.items() if p["late"])
    assert late == [
        "wwtp-bailian",
        "wwtp-dayuan",
        "wwtp-huangtan",
        "wwtp-nankou",
        "wwtp-wanquan",
        "wwtp-yufang",
    ]
    assert props["wwtp-huangtan"]["days_left"] == -15
    assert props["wwtp-urban"]["load_gap"] == -7.0 and props["wwtp-urban"]["version"] >= 1


def test_api_filters(client):
    late = client.get("/api/facilities?late=1").get_json()["features"]
    assert len(late) == 6
    operating = client.get("/api/facilities?status=operating").get_json()["features"]
    assert {f["properties"]["status"] for f in operating} == {"operating"}
    town = client.get("/api/facilities?township=350428102").get_json()["features"]
    assert [f["id"] for f in town] == ["wwtp-gaotang"]
    bad = client.get("/api/facilities?status=closed")
    assert bad.status_code == 422
    assert (
        bad.get_json()["error"]
        == "状态：“closed”不是设施状态，请填写已运行、调试中、在建、规划中之一"
    )


def test_unknown_plant_is_404(client, auth):
    assert client.get("/api/facilities/wwtp-nowhere").status_code == 404
    assert client.get("/facilities/wwtp-nowhere").status_code == 404
    auth.login("boss", "admin")
    assert _patch(client, auth, "wwtp-nowhere", {"version": 1, "note": "x"}).status_code == 404


def test_dashboard_shows_every_plant_and_the_targets(client):
    response = client.get("/facilities")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('data-plant="') == 12
    assert html.count("jl-row-late") >= 6
    assert 'id="jl-late-count">6<' in html
    assert "逾期 15 天" in html
    for indicator in (
        "eco_townships",
        "urban_load_rate_2014",
        "township_plants",
        "forest_cover",
        "safe_drinking_water",
    ):
        assert f'data-indicator="{indicator}"' in html
    assert "(0/13)" in html and "(5/11)" in html  # eco-townships accepted; township plants running
    assert "jl-plant-under_construction" in html  # the map of the same plants


def test_dashboard_filters(client):
    html = client.get("/facilities?late=1").get_data(as_text=True)
    assert html.count('data-plant="') == 6
    html = client.get("/facilities?township=350428100&status=operating").get_data(as_text=True)
    assert re.findall(r'data-plant="([^"]+)"', html) == ["wwtp-urban"]
    html = client.get("/facilities?status=planned").get_data(as_text=True)
    assert re.findall(r'data-plant="([^"]+)"', html) == ["wwtp-wanquan"]


def test_the_dashboard_map_is_rendered_once_per_plants_shown(app, client, monkeypatch):
    """The dashboard's map of the plants its filters show is kept by what it shows: the same
    filters again read it, other filters (other plants) render their own."""
    import routes.layers_view
    from store import db
    from store.layers import bump_revision

    with app.app_context():  # a content no other test renders: this test's own first render
        bump_revision("rivers")
        db.session.commit()
    real, calls = routes.layers_view.build_map, []
    monkeypatch.setattr(
        routes.layers_view, "build_map", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    first = client.get("/facilities?status=planned&late=0").get_data(as_text=True)
    again = client.get("/facilities?status=planned&late=0").get_data(as_text=True)
    assert len(calls) == 1 and "jl-plant-planned" in again
    assert first.count("jl-plant-") == again.count("jl-plant-")
    client.get("/facilities?status=operating&late=0")
    assert len(calls) == 2


def test_dashboard_is_offline_and_english(client):
    html = client.get("/facilities?lang=en").get_data(as_text=True)
    assert "Sewage facility status" in html and "Plan targets" in html and "15 days overdue" in html
    assert re.findall(r"""(?:src|href)=["'](https?:)?//[^"']+""", html) == []
    assert "/static/vendor/chartjs/chart.umd.js" in html and "/static/js/facilities.js" in html
    for path in re.findall(r"""(?:src|href)=["'](/static/[^"']+)""", html):
        with client.get(path) as response:  # closes the streamed file
            assert response.status_code == 200, path


# --------------------------------------------------------------------------- who may edit
def test_anonymous_edit_is_401(client):
    token_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', token_page).group(1)
    response = client.patch(
        "/api/facilities/wwtp-urban",
        json={"version": 1, "note": "x"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("role", "unit"), [("viewer", None), ("planner", None), ("editor", "高唐镇人民政府")]
)
def test_viewer_planner_and_other_units_editor_are_refused(client, auth, role, unit):
    auth.login(role, role, unit)
    before = _plant(client, "wwtp-urban")
    response = _patch(
        client, auth, "wwtp-urban", {"version": before["properties"]["version"], "load_rate": 90}
    )
    assert response.status_code == 403
    after = _plant(client, "wwtp-urban")
    assert after["properties"] == before["properties"] and after["history"] == []
    form = client.post(
        "/facilities/wwtp-urban",
        data={"csrf_token": auth.csrf_token(), "version": "1", "status": "planned"},
    )
    assert form.status_code == 403
    assert _plant(client, "wwtp-urban")["properties"]["status"] == "operating"


def test_editor_of_the_responsible_unit_edits(client, auth):
    auth.login("zhujian", "editor", URBAN_UNIT)
    version = _plant(client, "wwtp-urban")["properties"]["version"]
    response = _patch(
        client, auth, "wwtp-urban", {"version": version, "load_rate": 81.5, "note": "新管网接入"}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["properties"]["load_rate"] == 81.5 and body["properties"]["version"] == version + 1
    assert body["properties"]["load_gap"] == -3.5
    assert {c["changed_by"] for c in body["history"]} == {"zhujian"}


def test_patch_needs_csrf(client, auth):
    auth.login("boss", "admin")
    response = _patch(client, auth, "wwtp-urban", {"version": 1, "note": "x"}, headers={})
    assert response.status_code == 400 and response.get_json()["code"] == "err_session_expired"


# --------------------------------------------------------------------------- validation via API
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"load_rate": 150.5}, "负荷率"),
        ({"load_rate": -1}, "负荷率"),
        ({"load_rate": "lots"}, "负荷率"),
        ({"status": "closed"}, "状态"),
        ({"note": "x", "date": "2014-02-29"}, "日期"),
        ({"note": "x", "date": "2014-08-01"}, "日期"),
        ({"note": "x", "extra": 1}, "extra"),
        ({"note": "x" * 501}, "进展说明"),
    ],
)
def test_invalid_values_get_422_naming_the_field_and_change_nothing(client, auth, change, field):
    auth.login("boss", "admin")
    before = _plant(client, "wwtp-guangming")
    response = _patch(
        client, auth, "wwtp-guangming", {"version": before["properties"]["version"], **change}
    )
    assert response.status_code == 422
    assert response.get_json()["error"].startswith(f"{field}：")  # the field as the form says it
    after = _plant(client, "wwtp-guangming")
    assert after["properties"] == before["properties"] and after["history"] == []


def test_missing_version_is_422(client, auth):
    auth.login("boss", "admin")
    response = _patch(client, auth, "wwtp-guangming", {"status": "planned"})
    assert response.status_code == 422 and "版本" in response.get_json()["error"]
    assert (
        client.patch(
            "/api/facilities/wwtp-guangming", data="not json", headers=auth.headers()
        ).status_code
        == 422
    )


def test_stale_version_gets_409_and_changes_nothing(client, auth):
    auth.login("boss", "admin")
    v = _plant(client, "wwtp-yufang")["properties"]["version"]
    assert (
        _patch(client, auth, "wwtp-yufang", {"version": v, "status": "commissioning"}).status_code
        == 200
    )
    snapshot = _plant(client, "wwtp-yufang")
    stale = _patch(
        client, auth, "wwtp-yufang", {"version": v, "status": "operating", "load_rate": 10}
    )
    assert stale.status_code == 409
    assert stale.get_json()["error"].startswith("余坊乡污水处理厂已被他人修改")  # its name
    assert _plant(client, "wwtp-yufang") == snapshot


# --------------------------------------------------------------------------- form and history
def test_form_edit_then_history_on_the_plant_page(client, auth):
    auth.login("boss", "admin")
    page = client.get("/facilities/wwtp-dayuan").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    for i, (status, load, note, day) in enumerate(
        [
            ("operating", "30", "正式通水", "2014-07-05"),
            ("operating", "42.5", "<b>管网</b>接入", "2014-07-12"),
        ]
    ):
        response = client.post(
            "/facilities/wwtp-dayuan",
            data={
                "csrf_token": auth.csrf_token(),
                "version": str(int(version) + i),
                "status": status,
                "load_rate": load,
                "note": note,
                "date": day,
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    html = client.get("/facilities/wwtp-dayuan").get_data(as_text=True)
    assert "已保存" in html
    history = _plant(client, "wwtp-dayuan")["history"]
    assert [(c["field"], c["new"]) for c in history if c["field"] in ("status", "load_rate")] == [
        ("status", "operating"),
        ("load_rate", 30.0),
        ("load_rate", 42.5),
    ]
    assert "&lt;b&gt;管网&lt;/b&gt;接入" in html and "<b>管网</b>" not in html
    assert html.count("boss") >= 4
    late = client.get("/api/facilities?late=1").get_json()["features"]
    assert "wwtp-dayuan" not in [f["id"] for f in late]


def test_form_errors_show_on_the_page_with_422_and_409(client, auth):
    auth.login("boss", "admin")
    token = auth.csrf_token()
    bad = client.post(
        "/facilities/wwtp-dayuan",
        data={
            "csrf_token": token,
            "version": "1",
            "status": "operating",
            "load_rate": "200",
            "note": "",
            "date": "",
        },
    )
    assert bad.status_code == 422
    assert "负荷率：200% 超出 0–150% 的范围" in bad.get_data(as_text=True)
    assert 'value="200"' in bad.get_data(as_text=True)  # what the user typed is kept
    ok = client.post(
        "/facilities/wwtp-dayuan",
        data={"csrf_token": token, "version": "1", "status": "commissioning", "note": "x"},
    )
    assert ok.status_code == 302
    stale = client.post(
        "/facilities/wwtp-dayuan", data={"csrf_token": token, "version": "1", "status": "operating"}
    )
    assert stale.status_code == 409 and "大源乡污水处理厂已被他人修改" in stale.get_data(
        as_text=True
    )
    no_csrf = client.post("/facilities/wwtp-dayuan", data={"version": "2", "status": "operating"})
    assert no_csrf.status_code == 400


def test_plant_page_offers_the_form_only_to_who_may_edit(client, auth):
    assert 'name="version"' not in client.get("/facilities/wwtp-urban").get_data(as_text=True)
    auth.login("gaotang", "editor", "高唐镇人民政府")
    assert 'name="version"' not in client.get("/facilities/wwtp-urban").get_data(as_text=True)
    assert 'name="version"' in client.get("/facilities/wwtp-gaotang").get_data(as_text=True)


def test_main_map_shows_the_edit_at_once(client, auth):
    operating = client.get("/").get_data(as_text=True).count("jl-plant jl-plant-operating")
    auth.login("boss", "admin")
    v = _plant(client, "wwtp-wanquan")["properties"]["version"]
    assert (
        _patch(
            client, auth, "wwtp-wanquan", {"version": v, "status": "operating", "load_rate": 12}
        ).status_code
        == 200
    )
    assert (
        client.get("/").get_data(as_text=True).count("jl-plant jl-plant-operating") == operating + 1
    )


# --------------------------------------------------------------------------- bulk update
def _upload(client, auth, name, data):
    return client.post(
        "/facilities/import",
        data={"csrf_token": auth.csrf_token(), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _apply(client, auth, preview_html):
    fields = dict(
        re.findall(
            r'<input type="hidden" name="(file_name|content|versions)" value="([^"]*)"',
            preview_html,
        )
    )
    fields["versions"] = fields["versions"].replace("&#34;", '"')
    return client.post("/facilities/import/apply", data={"csrf_token": auth.csrf_token(), **fields})


def _statuses(client):
    return {
        f["id"]: (f["properties"]["status"], f["properties"]["version"])
        for f in client.get("/api/facilities").get_json()["features"]
    }


GOOD = "编号,名称,状态,负荷率(%),进展说明,日期\nwwtp-bailian,,已运行,35,通水,2014-07-10\nwwtp-huangtan,,调试中,,设备调试,2014-07-11\nwwtp-nankou,,,,,\n"


def test_bulk_preview_changes_nothing_then_apply_changes_all(client, auth):
    auth.login("boss", "admin")
    before = _statuses(client)
    preview = _upload(client, auth, "form.csv", GOOD.encode())
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "wwtp-bailian" not in html or "白莲镇污水处理厂" in html
    assert "调试中" in html and "已运行" in html and "全部应用(2行)" in html
    assert _statuses(client) == before
    applied = _apply(client, auth, html)
    assert applied.status_code == 302
    after = _statuses(client)
    assert after["wwtp-bailian"] == ("operating", before["wwtp-bailian"][1] + 1)
    assert after["wwtp-huangtan"][0] == "commissioning"
    assert after["wwtp-nankou"] == before["wwtp-nankou"]
    assert {c["batch"] for c in _plant(client, "wwtp-bailian")["history"]} == {
        c["batch"] for c in _plant(client, "wwtp-huangtan")["history"]
    }


def test_a_file_with_one_bad_row_changes_nothing(client, auth):
    auth.login("boss", "admin")
    before = _statuses(client)
    bad = GOOD.replace("wwtp-huangtan,,调试中,,", "wwtp-huangtan,,调试中,170,")
    preview = _upload(client, auth, "form.csv", bad.encode())
    assert preview.status_code == 422
    html = preview.get_data(as_text=True)
    assert re.search(
        r"<td>3</td><td>负荷率\(%\)</td><td>负荷率：170% 超出 0–150% 的范围</td>", html
    )
    assert "import/apply" not in html  # no way to apply a file with errors
    # even posting the bad file straight to apply changes nothing
    import base64
    import json

    versions = {pid: v for pid, (_s, v) in before.items()}
    forced = client.post(
        "/facilities/import/apply",
        data={
            "csrf_token": auth.csrf_token(),
            "file_name": "form.csv",
            "content": base64.b64encode(bad.encode()).decode(),
            "versions": json.dumps(versions),
        },
    )
    assert forced.status_code == 422
    assert _statuses(client) == before
    assert _plant(client, "wwtp-bailian")["history"] == []


def test_bulk_apply_refused_when_a_plant_changed_since_the_preview(client, auth):
    auth.login("boss", "admin")
    html = _upload(client, auth, "form.csv", GOOD.encode()).get_data(as_text=True)
    v = _plant(client, "wwtp-huangtan")["properties"]["version"]
    assert (
        _patch(client, auth, "wwtp-huangtan", {"version": v, "note": "meanwhile"}).status_code
        == 200
    )
    before = _statuses(client)
    response = _apply(client, auth, html)
    assert response.status_code == 409 and "未做任何修改" in response.get_data(as_text=True)
    assert _statuses(client) == before


def test_bulk_xlsx_from_the_downloaded_form(client, auth):
    auth.login("zhujian", "editor", URBAN_UNIT)
    template = client.get("/facilities/import/template.xlsx")
    assert template.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(template.data))
    sheet = book.active
    assert [c.value for c in sheet[1]][:4] == ["编号", "名称", "状态", "负荷率(%)"]
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["wwtp-urban"]  # only its unit
    sheet["D2"] = 83
    sheet["E2"] = "截污管网完工"
    out = io.BytesIO()
    book.save(out)
    html = _upload(client, auth, "将乐县设施填报.xlsx", out.getvalue()).get_data(as_text=True)
    assert _apply(client, auth, html).status_code == 302
    props = _plant(client, "wwtp-urban")["properties"]
    assert props["load_rate"] == 83.0 and props["progress_note"] == "截污管网完工"


def test_bulk_rows_of_other_units_are_errors_for_an_editor(client, auth):
    auth.login("zhujian", "editor", URBAN_UNIT)
    data = "编号,负荷率(%)\nwwtp-urban,83\nwwtp-gaotang,70\n".encode()
    response = _upload(client, auth, "f.csv", data)
    assert response.status_code == 422
    assert re.search(
        r"<td>3</td><td>编号</td><td>您不能修改高唐镇污水处理厂（责任单位：",
        response.get_data(as_text=True),
    )


def test_bulk_template_csv_opens_in_excel_and_round_trips(client, auth):
    auth.login("boss", "admin")
    response = client.get("/facilities/import/template.csv")
    assert response.data.startswith("\ufeff".encode())
    text = response.data.decode("utf-8-sig")
    assert text.count("\n") == 13
    assert client.get("/facilities/import/template.pdf").status_code == 404
    preview = _upload(client, auth, "same.csv", text.encode("utf-8-sig"))
    assert preview.status_code == 422  # nothing filled in: "no rows to apply"
    assert "文件中没有可应用的行" in preview.get_data(as_text=True)


@pytest.mark.parametrize("role", ["viewer", "planner"])
def test_bulk_pages_need_an_editor(client, auth, role):
    auth.login(role, role)
    assert client.get("/facilities/import").status_code == 403
    assert _upload(client, auth, "f.csv", GOOD.encode()).status_code == 403


def test_bulk_upload_errors_for_a_missing_or_wrong_file(client, auth):
    auth.login("boss", "admin")
    assert client.get("/facilities/import").status_code == 200
    none = client.post("/facilities/import", data={"csrf_token": auth.csrf_token()})
    assert none.status_code == 422 and "请选择 .csv 或 .xlsx 文件" in none.get_data(as_text=True)
    word = _upload(client, auth, "report.docx", b"PK")
    assert word.status_code == 422 and "report.docx：请上传 .csv 或 .xlsx 文件" in word.get_data(
        as_text=True
    )
    damaged = client.post(
        "/facilities/import/apply",
        data={
            "csrf_token": auth.csrf_token(),
            "file_name": "f.csv",
            "content": "!!",
            "versions": "{}",
        },
    )
    assert damaged.status_code == 400  # a damaged form is a bad request


def test_an_edit_dated_before_the_last_update_is_refused(client, auth):
    """Back-dating would make the stored status and the history's timeline disagree."""
    auth.login("boss", "admin")
    v = _plant(client, "wwtp-bailian")["properties"]["version"]
    ok = _patch(
        client, auth, "wwtp-bailian", {"version": v, "status": "operating", "date": "2014-07-10"}
    )
    assert ok.status_code == 200
    snapshot = _plant(client, "wwtp-bailian")
    back = _patch(
        client,
        auth,
        "wwtp-bailian",
        {"version": v + 1, "status": "commissioning", "date": "2014-07-01"},
    )
    assert back.status_code == 422
    assert (
        back.get_json()["error"]
        == "日期：2014-07-01 早于该设施最近一次更新（2014-07-10），请按日期先后填报"
    )
    assert _plant(client, "wwtp-bailian") == snapshot


def test_bulk_row_dated_before_the_last_update_is_listed_by_row(client, auth):
    auth.login("boss", "admin")
    v = _plant(client, "wwtp-bailian")["properties"]["version"]
    assert (
        _patch(
            client, auth, "wwtp-bailian", {"version": v, "note": "x", "date": "2014-07-12"}
        ).status_code
        == 200
    )
    before = _statuses(client)
    preview = _upload(client, auth, "form.csv", GOOD.encode())  # bailian row dated 2014-07-10
    assert preview.status_code == 422
    html = preview.get_data(as_text=True)
    assert "2014-07-10 早于该设施最近一次更新（2014-07-12）" in html
    assert _statuses(client) == before


def test_downloaded_form_never_carries_a_formula(client, auth, app):
    from store import db
    from store.layers import feature

    with app.app_context():
        row = feature("sewage_plants", "wwtp-gaotang")
        row.properties = {**row.properties, "responsible_unit": '=HYPERLINK("http://x")'}
        db.session.commit()
    auth.login("boss", "admin")
    body = client.get("/facilities/import/template.csv").get_data(as_text=True)
    cells = [c for line in csv.reader(io.StringIO(body.lstrip("\ufeff"))) for c in line]
    assert '\'=HYPERLINK("http://x")' in cells
    assert not any(c.startswith("=") for c in cells)
