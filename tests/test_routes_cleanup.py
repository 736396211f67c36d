"""The clean-up along the route through the Flask test client on the shipped data: JSON, page,
Excel, bad settings; the domain itself is pinned on a small fixture in tests/test_cleanup.py."""

from __future__ import annotations

import io

import openpyxl
import pytest


@pytest.fixture
def plan_id(app) -> int:
    """A saved plan with the first candidate stop of every township."""
    with app.app_context():
        from store.layers import features
        from store.plans import create_plan

        first: dict[str, str] = {}
        for f in features("stops"):
            first.setdefault(f["properties"]["township_code"], f["properties"]["id"])
        return create_plan("整治测试", "planner", sites=sorted(first.values())).id


def test_api_lists_roads_rivers_and_tasks_per_township(client, plan_id):
    response = client.get(f"/api/plans/{plan_id}/cleanup")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["plan"]["id"] == plan_id and body["settings"]["stop_radius_m"] == 200
    towns = body["townships"]
    assert len(towns) == 13  # a stop in every township, so every township has work
    assert sum(len(t["stops"]) for t in towns) == 13
    roads = [r for t in towns for r in t["roads"]]
    assert {"将泰线", "洋万线"} <= {r["name"] for r in roads}
    assert all(
        r["km"] > 0 and r["spans"] and r["geometry"]["type"].endswith("LineString") for r in roads
    )
    for town in towns:
        assert town["road_km"] == pytest.approx(sum(r["km"] for r in town["roads"]), abs=0.01)
    keys = [task["key"] for t in towns for task in t["tasks"]]
    assert len(keys) == len(set(keys))
    assert body["corridor"]["type"] in ("Polygon", "MultiPolygon")


def test_a_bad_setting_is_refused_with_its_name(client, plan_id):
    response = client.get(f"/api/plans/{plan_id}/cleanup?distance=5")
    assert response.status_code == 422
    assert "distance" in response.get_json()["error"] and "10" in response.get_json()["error"]
    assert client.get(f"/api/plans/{plan_id}/cleanup?sides=3").status_code == 422
    assert client.get("/api/plans/999999/cleanup").status_code == 404


def test_an_empty_plan_has_no_clean_up(client, app):
    with app.app_context():
        from store.plans import create_plan

        empty = create_plan("空方案", "planner").id
    assert client.get(f"/api/plans/{empty}/cleanup").get_json()["townships"] == []
    page = client.get(f"/plans/{empty}/cleanup").get_data(as_text=True)
    assert "暂无整治清单" in page


def test_page_shows_tables_and_the_corridor_map(client, plan_id):
    html = client.get(f"/plans/{plan_id}/cleanup").get_data(as_text=True)
    assert "沿途环境整治" in html and "道路两侧保洁" in html and "将泰线" in html
    assert "jl-cleanup-corridor" in html and "jl-cleanup-road" in html
    english = client.get(f"/plans/{plan_id}/cleanup?lang=en").get_data(as_text=True)
    assert "Clean-up along the route" in english and "Road verges" in english


def test_workbook_has_a_sheet_per_township_with_its_tasks(client, plan_id):
    body = client.get(f"/api/plans/{plan_id}/cleanup").get_json()
    response = client.get(f"/plans/{plan_id}/cleanup.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    summary = list(book.worksheets[0].iter_rows(values_only=True))
    assert summary[1] == ("乡镇", "道路(公里)", "河流(公里)", "任务数")
    assert [r[0] for r in summary[2:]] == [t["name"] for t in body["townships"]]
    first = body["townships"][0]
    rows = list(book[first["name"]].iter_rows(values_only=True))
    assert rows[1][:5] == ("任务编号", "类别", "对象", "范围", "公里")
    assert [r[0] for r in rows[2:]] == [t["key"] for t in first["tasks"]]
    assert rows[2][1] == "道路两侧保洁" and rows[2][2] == first["roads"][0]["name"]


def test_pdf_download_has_a_page_per_township(client, plan_id):
    from pypdf import PdfReader

    response = client.get(f"/plans/{plan_id}/cleanup.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = PdfReader(io.BytesIO(response.data)).pages
    assert len(pages) >= 13
    assert "沿途环境整治 · " in pages[0].extract_text()


def test_task_status_is_recorded_versioned_and_shown(client, auth, plan_id):
    body = client.get(f"/api/plans/{plan_id}/cleanup").get_json()
    task = body["townships"][0]["tasks"][0]
    assert task["status"]["status"] == "todo" and task["status"]["version"] == 0
    url = f"/api/plans/{plan_id}/cleanup/tasks/{task['key']}"
    assert client.put(url, json={"status": "done", "version": 0}).status_code == 400  # no CSRF
    anonymous = client.put(url, json={"status": "done", "version": 0}, headers=auth.headers())
    assert anonymous.status_code == 401
    auth.login("planner", "planner")
    headers = auth.headers()
    response = client.put(
        url, json={"status": "done", "note": "已清扫", "version": 0}, headers=headers
    )
    assert response.status_code == 200, response.get_json()
    saved = response.get_json()
    assert (saved["status"], saved["version"], saved["updated_by"]) == ("done", 1, "planner")
    stale = client.put(url, json={"status": "doing", "version": 0}, headers=headers)
    assert stale.status_code == 409
    bad = client.put(url, json={"status": "finished", "version": 1}, headers=headers)
    assert bad.status_code == 422 and "status" in bad.get_json()["error"]
    missing = client.put(
        f"/api/plans/{plan_id}/cleanup/tasks/road-0000000000",
        json={"status": "done"},
        headers=headers,
    )
    assert missing.status_code == 404
    again = client.get(f"/api/plans/{plan_id}/cleanup").get_json()["townships"][0]["tasks"][0]
    assert again["status"]["status"] == "done" and again["status"]["note"] == "已清扫"
    html = client.get(f"/plans/{plan_id}/cleanup").get_data(as_text=True)
    assert f'jl-task-done" data-task="{task["key"]}"' in html
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/plans/{plan_id}/cleanup.xlsx").data))
    row = next(r for r in book.worksheets[1].iter_rows(values_only=True) if r[0] == task["key"])
    assert row[5] == "已完成"


def test_readers_cannot_set_a_status(client, auth, plan_id):
    key = client.get(f"/api/plans/{plan_id}/cleanup").get_json()["townships"][0]["tasks"][0]["key"]
    auth.login("viewer", "viewer")
    response = client.put(
        f"/api/plans/{plan_id}/cleanup/tasks/{key}", json={"status": "done"}, headers=auth.headers()
    )
    assert response.status_code == 403


def test_the_plan_page_links_to_its_clean_up(client, plan_id):
    html = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert f'href="/plans/{plan_id}/cleanup" id="plan-cleanup"' in html


@pytest.mark.parametrize(
    "path", ["/api/plans/{id}/cleanup", "/plans/{id}/cleanup", "/plans/{id}/cleanup.xlsx"]
)
def test_reading_follows_the_anonymous_read_setting(app, client, auth, plan_id, path):
    app.config["ALLOW_ANONYMOUS_READ"] = False
    url = path.format(id=plan_id)
    response = client.get(url)
    assert response.status_code == (401 if url.startswith("/api/") else 302)
    auth.login("viewer", "viewer")
    assert client.get(url).status_code == 200
