"""Township staff set the status of their own township's tasks: the preparation tasks of its
sites and the clean-up tasks it sweeps; another township's task is refused naming both
townships, and every other role keeps the rights it had (planners any task, readers none)."""

from __future__ import annotations

import pytest

from geo.errors import Both, ForbiddenError
from geo.prep.access import TaskUser, check_may_set

NAMES = {"t1": Both("万安镇", "Wan'an"), "t2": Both("光明镇", "Guangming")}


def test_the_rule_names_both_townships():
    check_may_set(TaskUser("wang", everywhere=True), "t2", "保洁", NAMES)
    check_may_set(TaskUser("li", township="t1"), "t1", "保洁", NAMES)
    with pytest.raises(ForbiddenError) as caught:
        check_may_set(TaskUser("li", township="t1"), "t2", Both("保洁", "Clean-up"), NAMES)
    assert caught.value.say("zh") == "任务“保洁”属于光明镇，您只能更新万安镇的任务"
    assert str(caught.value) == (
        "the task “Clean-up” belongs to Guangming; you update only the tasks of Wan'an"
    )
    with pytest.raises(ForbiddenError, match="bound to a township"):
        check_may_set(TaskUser("nobody"), "t1", "保洁", NAMES)


@pytest.fixture
def plan(app) -> dict:
    """A plan with the first stop of every township, its standard preparation tasks, and the
    township codes of its first two sites' townships with their names."""
    with app.app_context():
        from store.layers import features
        from store.plans import create_plan

        first: dict[str, str] = {}
        for f in features("stops"):
            first.setdefault(f["properties"]["township_code"], f["properties"]["id"])
        names = {t["properties"]["id"]: t["properties"]["name_zh"] for t in features("townships")}
        plan = create_plan("乡镇任务", "planner", sites=sorted(first.values()))
        own, other = sorted(first)[:2]
        return {"id": plan.id, "own": own, "other": other, "names": names}


def _standard(client, auth, plan) -> list[dict]:
    auth.login("planner", "planner")
    made = client.post(f"/api/plans/{plan['id']}/tasks/standard", headers=auth.headers())
    assert made.status_code == 201
    towns = client.get(f"/api/plans/{plan['id']}/tasks").get_json()["townships"]
    return [t for town in towns for t in town["tasks"]]


def _cleanup_tasks(client, plan_id: int) -> list[dict]:
    towns = client.get(f"/api/plans/{plan_id}/cleanup").get_json()["townships"]
    return [t for town in towns for t in town["tasks"]]


def _put_prep(client, auth, plan_id, task, status="done"):
    url = f"/api/plans/{plan_id}/tasks/{task['id']}/status"
    return client.put(url, json={"status": status, "version": 0}, headers=auth.headers())


def _put_cleanup(client, auth, plan_id, task, status="done"):
    url = f"/api/plans/{plan_id}/cleanup/tasks/{task['key']}"
    return client.put(url, json={"status": status, "version": 0}, headers=auth.headers())


def test_a_township_user_sets_its_own_preparation_tasks_only(client, auth, plan):
    tasks = _standard(client, auth, plan)
    own = next(t for t in tasks if t["township"] == plan["own"])
    other = next(t for t in tasks if t["township"] == plan["other"])
    auth.login("town1", "township", township=plan["own"])
    done = _put_prep(client, auth, plan["id"], own)
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["status"]["status"] == "done"
    assert done.get_json()["status"]["updated_by"] == "town1"
    refused = _put_prep(client, auth, plan["id"], other)
    assert refused.status_code == 403
    message = refused.get_json()["error"]
    assert plan["names"][plan["other"]] in message and plan["names"][plan["own"]] in message
    again = client.get(f"/api/plans/{plan['id']}/tasks").get_json()["townships"]
    states = {t["id"]: t["status"]["version"] for town in again for t in town["tasks"]}
    assert states[own["id"]] == 1 and states[other["id"]] == 0  # the refusal changed nothing


def test_a_township_user_sets_its_own_clean_up_tasks_only(client, auth, plan):
    tasks = _cleanup_tasks(client, plan["id"])
    own = next(t for t in tasks if t["township"] == plan["own"])
    other = next(t for t in tasks if t["township"] == plan["other"])
    auth.login("town1", "township", township=plan["own"])
    assert _put_cleanup(client, auth, plan["id"], own, "doing").status_code == 200
    refused = _put_cleanup(client, auth, plan["id"], other)
    assert refused.status_code == 403
    assert plan["names"][plan["other"]] in refused.get_json()["error"]
    after = {t["key"]: t["status"] for t in _cleanup_tasks(client, plan["id"])}
    assert after[own["key"]]["status"] == "doing" and after[own["key"]]["updated_by"] == "town1"
    assert after[other["key"]]["version"] == 0


def test_a_township_user_changes_no_task_itself_and_no_plan(client, auth, plan):
    tasks = _standard(client, auth, plan)
    own = next(t for t in tasks if t["township"] == plan["own"])
    auth.login("town1", "township", township=plan["own"])
    base = f"/api/plans/{plan['id']}/tasks"
    headers = auth.headers()
    body = {"stop_id": own["stop_id"], "kind": "layout", "days_before": 2}
    assert client.post(base, json=body, headers=headers).status_code == 403
    edit = {"version": own["version"], "person": "张三"}
    assert client.put(f"{base}/{own['id']}", json=edit, headers=headers).status_code == 403
    gone = {"version": own["version"]}
    assert client.delete(f"{base}/{own['id']}", json=gone, headers=headers).status_code == 403
    assert client.post(f"{base}/standard", headers=headers).status_code == 403
    review = client.put(f"/api/plans/{plan['id']}/review", json={"version": 0}, headers=headers)
    assert review.status_code == 403


@pytest.mark.parametrize(("role", "code"), [("viewer", 403), ("editor", 403), (None, 401)])
def test_other_roles_keep_their_rights(client, auth, plan, role, code):
    tasks = _standard(client, auth, plan)
    cleanup = _cleanup_tasks(client, plan["id"])
    if role is None:
        client.post("/logout", data={"csrf_token": auth.csrf_token()})
    else:
        auth.login(role, role, unit="县环保局" if role == "editor" else None)
    assert _put_prep(client, auth, plan["id"], tasks[0]).status_code == code
    assert _put_cleanup(client, auth, plan["id"], cleanup[0]).status_code == code


def test_planners_and_admins_set_any_townships_tasks(client, auth, plan):
    tasks = _standard(client, auth, plan)
    cleanup = _cleanup_tasks(client, plan["id"])
    other = next(t for t in tasks if t["township"] == plan["other"])
    assert _put_prep(client, auth, plan["id"], other).status_code == 200
    auth.login("admin", "admin")
    assert _put_cleanup(client, auth, plan["id"], cleanup[-1]).status_code == 200


def test_the_tasks_page_offers_a_township_user_its_own_tasks_only(client, auth, plan):
    tasks = _standard(client, auth, plan)
    auth.login("town1", "township", township=plan["own"])
    html = client.get(f"/plans/{plan['id']}/tasks").get_data(as_text=True)
    selects = html.count('class="jl-prep-status"')
    assert selects == sum(t["township"] == plan["own"] for t in tasks) == 5
    assert "js/prep_tasks.js" in html and 'id="prep-standard"' not in html
