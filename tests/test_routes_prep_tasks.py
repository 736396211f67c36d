"""The review visit and the preparation tasks through the Flask test client: roles (the expert
panel only for planners and admins), versions, bad input that changes nothing, deadlines that
follow the review date, and the dashboard. "Today" is the test config's 2014-07-15."""

from __future__ import annotations

import pytest

EXPERT = "王审查"


@pytest.fixture
def plan(app) -> dict:
    """A saved plan with the first candidate stop of three townships."""
    with app.app_context():
        from store.layers import features
        from store.plans import create_plan

        first: dict[str, dict] = {}
        for f in features("stops"):
            first.setdefault(f["properties"]["township_code"], f["properties"])
        chosen = [first[code] for code in sorted(first)[:3]]
        plan = create_plan("筹备测试", "planner", sites=[s["id"] for s in chosen])
        return {"id": plan.id, "stops": chosen}


def _review(client, auth, plan_id, body):
    return client.put(f"/api/plans/{plan_id}/review", json=body, headers=auth.headers())


def _set_review(client, auth, plan_id, start, end):
    version = client.get(f"/api/plans/{plan_id}/review").get_json()["version"]
    response = _review(client, auth, plan_id, {"version": version, "start": start, "end": end})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _task(client, auth, plan, **fields):
    body = {"stop_id": plan["stops"][0]["id"], "kind": "layout", **fields}
    response = client.post(f"/api/plans/{plan['id']}/tasks", json=body, headers=auth.headers())
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_the_expert_panel_is_for_planners_and_admins_only(client, auth, plan):
    auth.login("planner", "planner")
    body = {
        "version": 0,
        "start": "2014-08-20",
        "end": "2014-08-22",
        "experts": [{"name": EXPERT, "affiliation": "环境保护部", "role": "组长"}],
    }
    saved = _review(client, auth, plan["id"], body)
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["experts"][0]["name"] == EXPERT and saved.get_json()["days"] == 3
    assert client.get(f"/api/plans/{plan['id']}/review").get_json()["experts"][0]["role"] == "组长"
    client.post("/logout", data={"csrf_token": auth.csrf_token()})
    for reader in (None, "viewer"):
        if reader:
            auth.login(reader, reader)
        seen = client.get(f"/api/plans/{plan['id']}/review").get_json()
        assert seen["start"] == "2014-08-20" and "experts" not in seen
        for path in (f"/api/plans/{plan['id']}", f"/api/plans/{plan['id']}/history",
                     f"/plans/{plan['id']}", f"/plans/{plan['id']}/tasks",
                     f"/api/plans/{plan['id']}/tasks"):  # fmt: skip
            assert EXPERT not in client.get(path).get_data(as_text=True), path
    auth.login("boss", "admin")
    assert client.get(f"/api/plans/{plan['id']}/review").get_json()["experts"][0]["name"] == EXPERT


def test_review_writes_need_a_planner_a_token_and_the_current_version(client, auth, plan):
    url = f"/api/plans/{plan['id']}/review"
    body = {"version": 0, "start": "2014-08-20", "end": "2014-08-21"}
    assert client.put(url, json=body, headers=auth.headers()).status_code == 401
    auth.login("viewer", "viewer")
    assert client.put(url, json=body, headers=auth.headers()).status_code == 403
    auth.login("planner", "planner")
    assert client.put(url, json=body).status_code == 400  # no CSRF token
    assert _review(client, auth, plan["id"], body).status_code == 200
    stale = _review(client, auth, plan["id"], {**body, "start": "2014-09-01", "end": "2014-09-02"})
    assert stale.status_code == 409
    assert client.get(url).get_json()["start"] == "2014-08-20"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start": "2014-08-22", "end": "2014-08-20"}, "评审末日"),
        ({"start": "2014-02-30", "end": "2014-03-01"}, "评审首日"),
        ({"start": "2014-08-20", "end": None}, "首日和末日"),
        ({"experts": [{"name": "", "role": "组员"}]}, "第 1 位专家的姓名"),
        ({"experts": [{"name": "<b>x</b>", "affiliation": 5}]}, "第 1 位专家的单位"),
    ],
)
def test_bad_review_input_is_refused_naming_the_field(client, auth, plan, body, field):
    auth.login("planner", "planner")
    _set_review(client, auth, plan["id"], "2014-08-20", "2014-08-21")
    response = _review(client, auth, plan["id"], {"version": 1, **body})
    assert response.status_code == 422 and field in response.get_json()["error"]
    after = client.get(f"/api/plans/{plan['id']}/review").get_json()
    assert (after["version"], after["start"], after["experts"]) == (1, "2014-08-20", [])
    missing = _review(client, auth, plan["id"], {"start": "2014-08-20", "end": "2014-08-21"})
    assert missing.status_code == 422 and "版本" in missing.get_json()["error"]
    assert client.get("/api/plans/999999/review").status_code == 404


def test_moving_the_review_date_moves_the_relative_deadlines(client, auth, plan):
    auth.login("planner", "planner")
    relative = _task(client, auth, plan, days_before=10, unit="县环保局", person="李明")
    fixed = _task(client, auth, plan, kind="boards", deadline="2014-07-20")
    assert relative["due_on"] is None and relative["progress"] == "undated"
    _set_review(client, auth, plan["id"], "2014-08-20", "2014-08-22")
    tasks = {t["id"]: t for t in _all_tasks(client, plan["id"])}
    assert tasks[relative["id"]]["due_on"] == "2014-08-10"
    assert tasks[relative["id"]]["progress"] == "todo"  # 26 days away
    assert tasks[fixed["id"]]["due_on"] == "2014-07-20" and tasks[fixed["id"]]["progress"] == "due"
    _set_review(client, auth, plan["id"], "2014-07-20", "2014-07-21")
    tasks = {t["id"]: t for t in _all_tasks(client, plan["id"])}
    assert tasks[relative["id"]]["due_on"] == "2014-07-10"
    assert tasks[relative["id"]]["progress"] == "late"
    assert tasks[fixed["id"]]["due_on"] == "2014-07-20"  # an absolute deadline stays
    counts = client.get(f"/api/plans/{plan['id']}/tasks").get_json()["counts"]
    assert counts["late"] == 1 and counts["due"] == 1 and counts["total"] == 2


def _all_tasks(client, plan_id):
    body = client.get(f"/api/plans/{plan_id}/tasks").get_json()
    return [t for town in body["townships"] for t in town["tasks"]]


def test_standard_tasks_for_every_site_once(client, auth, plan):
    auth.login("planner", "planner")
    url = f"/api/plans/{plan['id']}/tasks/standard"
    first = client.post(url, headers=auth.headers())
    assert first.status_code == 201 and first.get_json()["created"] == 5 * 3
    assert client.post(url, headers=auth.headers()).get_json()["created"] == 0
    body = client.get(f"/api/plans/{plan['id']}/tasks").get_json()
    assert [t["code"] for t in body["townships"]] == sorted(
        s["township_code"] for s in plan["stops"]
    )
    kinds = {t["kind"] for t in body["townships"][0]["tasks"]}
    assert kinds == {"layout", "explanation", "boards", "cleanup", "rehearsal"}
    assert all(t["unit"].endswith("人民政府") for t in body["townships"][0]["tasks"])
    one = client.get(f"/api/plans/{plan['id']}/tasks?township={plan['stops'][1]['township_code']}")
    assert [t["code"] for t in one.get_json()["townships"]] == [plan["stops"][1]["township_code"]]


def test_a_task_only_for_a_site_of_the_plan_and_nothing_half_made(client, auth, app, plan):
    auth.login("planner", "planner")
    with app.app_context():
        from store.layers import features

        other = next(
            f["properties"] for f in features("stops")
            if f["properties"]["id"] not in {s["id"] for s in plan["stops"]}
        )  # fmt: skip
    url = f"/api/plans/{plan['id']}/tasks"
    for body, words in [
        ({"stop_id": other["id"], "kind": "layout", "days_before": 2}, [other["name_zh"]]),
        ({"stop_id": "nowhere", "kind": "layout", "days_before": 2}, ["已不在考察点图层中"]),
        ({"stop_id": plan["stops"][0]["id"], "kind": "party", "days_before": 2}, ["kind"]),
        ({"stop_id": plan["stops"][0]["id"], "kind": "layout"}, ["days_before"]),
    ]:
        response = client.post(url, json=body, headers=auth.headers())
        assert response.status_code == 422
        assert all(w in response.get_json()["error"] for w in words), response.get_json()
    bad_json = client.post(
        url, data="{", headers={**auth.headers(), "Content-Type": "application/json"}
    )
    assert bad_json.status_code == 400
    assert _all_tasks(client, plan["id"]) == []
    assert client.get(f"/api/plans/{plan['id']}/tasks?township=999").status_code == 422


def test_status_edit_and_delete_are_versioned(client, auth, plan):
    auth.login("planner", "planner")
    task = _task(client, auth, plan, deadline="2014-07-10")
    assert task["progress"] == "late"
    status_url = f"/api/plans/{plan['id']}/tasks/{task['id']}/status"
    done = client.put(status_url, json={"status": "done", "version": 0}, headers=auth.headers())
    assert done.status_code == 200 and done.get_json()["progress"] == "done"
    assert done.get_json()["status"]["updated_by"] == "planner"
    stale = client.put(status_url, json={"status": "todo", "version": 0}, headers=auth.headers())
    assert stale.status_code == 409
    bad = client.put(status_url, json={"status": "finished", "version": 1}, headers=auth.headers())
    assert bad.status_code == 422 and "status" in bad.get_json()["error"]
    url = f"/api/plans/{plan['id']}/tasks/{task['id']}"
    edited = client.put(url, json={"version": 1, "person": "陈红"}, headers=auth.headers())
    assert edited.status_code == 200 and edited.get_json()["person"] == "陈红"
    assert (
        client.put(url, json={"version": 1, "person": "x"}, headers=auth.headers()).status_code
        == 409
    )
    bad_edit = client.put(url, json={"version": 2, "deadline": "soon"}, headers=auth.headers())
    assert bad_edit.status_code == 422 and "deadline" in bad_edit.get_json()["error"]
    assert _all_tasks(client, plan["id"])[0]["person"] == "陈红"
    assert client.delete(url, json={"version": 1}, headers=auth.headers()).status_code == 409
    assert client.delete(url, json={"version": 2}, headers=auth.headers()).status_code == 200
    assert _all_tasks(client, plan["id"]) == []
    assert (
        client.put(status_url, json={"status": "done"}, headers=auth.headers()).status_code == 404
    )


def test_readers_cannot_change_tasks(client, auth, plan):
    auth.login("planner", "planner")
    task = _task(client, auth, plan, days_before=3)
    client.post("/logout", data={"csrf_token": auth.csrf_token()})
    url = f"/api/plans/{plan['id']}/tasks"
    body = {"stop_id": plan["stops"][0]["id"], "kind": "layout", "days_before": 1}
    assert client.post(url, json=body, headers=auth.headers()).status_code == 401
    auth.login("viewer", "viewer")
    assert client.post(url, json=body, headers=auth.headers()).status_code == 403
    status = {"status": "done", "version": 0}
    put = client.put(f"{url}/{task['id']}/status", json=status, headers=auth.headers())
    assert put.status_code == 403
    assert client.post(f"{url}/standard", headers=auth.headers()).status_code == 403
    assert len(_all_tasks(client, plan["id"])) == 1


def test_dashboard_marks_late_tasks_in_red_and_on_the_map(client, auth, plan):
    auth.login("planner", "planner")
    _task(client, auth, plan, deadline="2014-07-01", person="<script>x</script>")
    _task(client, auth, plan, kind="boards", deadline="2014-07-18")
    _task(
        client, auth, plan, stop_id=plan["stops"][1]["id"], kind="rehearsal", deadline="2014-09-01"
    )
    html = client.get(f"/plans/{plan['id']}/tasks").get_data(as_text=True)
    assert "迎检筹备任务" in html and 'data-progress="late" class="jl-row-late"' in html
    assert "jl-task-badge jl-task-badge-late" in html and "jl-task-badge-due" not in html
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    one = client.get(f"/plans/{plan['id']}/tasks?township={plan['stops'][1]['township_code']}")
    page = one.get_data(as_text=True)
    assert page.count('data-task="') == 1 and "jl-row-late" not in page
    english = client.get(f"/plans/{plan['id']}/tasks?lang=en").get_data(as_text=True)
    assert "Preparation tasks" in english and "Late" in english


def test_plan_page_has_the_review_box_and_the_expert_editor_only_for_planners(client, auth, plan):
    page = client.get(f"/plans/{plan['id']}").get_data(as_text=True)
    assert 'id="review-visit"' in page and "js/plan_review.js" in page
    assert 'id="review-experts"' not in page and f"/plans/{plan['id']}/tasks" in page
    auth.login("planner", "planner")
    assert 'id="review-experts"' in client.get(f"/plans/{plan['id']}").get_data(as_text=True)


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages[:1])


def test_the_print_cover_lists_the_experts_only_when_a_planner_asks(client, auth, plan):
    auth.login("planner", "planner")
    body = {"version": 0, "start": "2014-08-20", "end": "2014-08-22",
            "experts": [{"name": EXPERT, "affiliation": "环境保护部", "role": "组长"}]}  # fmt: skip
    assert _review(client, auth, plan["id"], body).status_code == 200
    plain = _pdf_text(client.get(f"/plans/{plan['id']}/print.pdf").data)
    assert "2014-08-20 – 2014-08-22" in plain and EXPERT not in plain
    listed = client.get(f"/plans/{plan['id']}/print.pdf?experts=1")
    assert listed.status_code == 200
    cover = _pdf_text(listed.data)
    assert EXPERT in cover and "环境保护部" in cover and "专家组" in cover
    assert client.get(f"/plans/{plan['id']}/print.pdf?experts=yes").status_code == 422
    client.post("/logout", data={"csrf_token": auth.csrf_token()})
    refused = client.get(f"/plans/{plan['id']}/print.pdf?experts=1")
    assert refused.status_code == 403 and EXPERT not in refused.get_data(as_text=True)
    assert EXPERT not in _pdf_text(client.get(f"/plans/{plan['id']}/print.pdf").data)


def test_the_html_print_page_lists_the_experts_only_when_a_planner_asks(client, auth, plan):
    auth.login("planner", "planner")
    body = {"version": 0, "start": "2014-08-20", "end": "2014-08-22",
            "experts": [{"name": EXPERT, "affiliation": "<i>环境保护部", "role": "组长"}]}  # fmt: skip
    assert _review(client, auth, plan["id"], body).status_code == 200
    page = client.get(f"/plans/{plan['id']}/print").get_data(as_text=True)
    assert EXPERT not in page and 'id="print-experts"' not in page
    assert 'data-kind="page-experts"' in page  # a planner is offered the page with the panel
    listed = client.get(f"/plans/{plan['id']}/print?experts=1")
    assert listed.status_code == 200
    html = listed.get_data(as_text=True)
    assert 'id="print-experts"' in html and EXPERT in html
    assert "&lt;i&gt;环境保护部" in html and "<i>环境保护部" not in html  # escaped
    auth.login("viewer", "viewer")
    refused = client.get(f"/plans/{plan['id']}/print?experts=1")
    assert refused.status_code == 403 and EXPERT not in refused.get_data(as_text=True)
    page = client.get(f"/plans/{plan['id']}/print").get_data(as_text=True)
    assert EXPERT not in page and 'data-kind="page-experts"' not in page
