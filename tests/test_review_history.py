"""The history of a plan's review dates: who moved them, when (county time), from which days to
which, and how many deadlines counted back from the first day moved with them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from geo.plans.review import DateChange


def test_a_change_is_said_in_a_sentence_in_local_time():
    change = DateChange(
        (date(2014, 8, 20), date(2014, 8, 22)),
        (date(2014, 8, 25), date(2014, 8, 27)),
        3,
        "wang",
        datetime(2014, 7, 15, 2, 30, tzinfo=UTC),
    )
    assert change.said("zh", "Asia/Shanghai") == (
        "2014-07-15 10:30，wang 将评审日期由 2014-08-20 – 2014-08-22 改为 2014-08-25 – "
        "2014-08-27，3 项筹备任务的截止日期随之调整"
    )
    first = DateChange((None, None), (date(2014, 8, 20), date(2014, 8, 20)), 0, "li",
                       datetime(2014, 7, 15, 20, 0, tzinfo=UTC))  # fmt: skip
    assert first.said("en", "Asia/Shanghai") == (
        "2014-07-16 04:00: li moved the review from not set to 2014-08-20"
    )


@pytest.fixture
def plan(app) -> dict:
    with app.app_context():
        from store.layers import features
        from store.plans import create_plan

        stop = features("stops")[0]["properties"]["id"]
        return {"id": create_plan("评审记录", "planner", sites=[stop]).id, "stop": stop}


def _review(client, auth, plan_id, **body):
    version = client.get(f"/api/plans/{plan_id}/review").get_json()["version"]
    return client.put(
        f"/api/plans/{plan_id}/review", json={"version": version, **body}, headers=auth.headers()
    )


def test_each_date_change_is_recorded_with_the_deadlines_it_moved(client, auth, plan):
    auth.login("planner", "planner")
    url = f"/api/plans/{plan['id']}/tasks"
    for kind, days in (("layout", 7), ("boards", 10)):
        body = {"stop_id": plan["stop"], "kind": kind, "days_before": days}
        assert client.post(url, json=body, headers=auth.headers()).status_code == 201
    fixed = {"stop_id": plan["stop"], "kind": "rehearsal", "deadline": "2014-08-01"}
    assert client.post(url, json=fixed, headers=auth.headers()).status_code == 201
    first = _review(client, auth, plan["id"], start="2014-08-20", end="2014-08-22")
    assert first.status_code == 200
    assert (
        first.get_json()["history"] == [first.get_json()["history"][0]]
        and "由 未定 改为 2014-08-20 – 2014-08-22，2 项筹备任务" in first.get_json()["history"][0]
    )
    experts = [{"name": "王审查", "affiliation": "环境保护部", "role": "组长"}]
    assert len(_review(client, auth, plan["id"], experts=experts).get_json()["history"]) == 1
    end_only = _review(client, auth, plan["id"], start="2014-08-20", end="2014-08-23")
    assert "2014-08-23" in end_only.get_json()["history"][0]
    assert "筹备任务" not in end_only.get_json()["history"][0]  # the first day did not move
    moved = _review(client, auth, plan["id"], start="2014-08-25", end="2014-08-27")
    history = moved.get_json()["history"]
    assert len(history) == 3 and "planner 将评审日期由 2014-08-20 – 2014-08-23 改为" in history[0]
    assert history[0].endswith("2 项筹备任务的截止日期随之调整")
    tasks = client.get(url).get_json()["townships"][0]["tasks"]
    assert {t["kind"]: t["due_on"] for t in tasks} == {
        "layout": "2014-08-18", "boards": "2014-08-15", "rehearsal": "2014-08-01",
    }  # fmt: skip
    english = client.get(f"/api/plans/{plan['id']}/review?lang=en").get_json()["history"]
    assert "moved the review from 2014-08-20 – 2014-08-23 to 2014-08-25 – 2014-08-27" in english[0]
    client.post("/logout", data={"csrf_token": auth.csrf_token()})
    public = client.get(f"/api/plans/{plan['id']}/review").get_json()
    assert len(public["history"]) == 3 and "experts" not in public


def test_a_refused_or_stale_change_leaves_no_history(client, auth, plan):
    auth.login("planner", "planner")
    assert (
        _review(client, auth, plan["id"], start="2014-08-20", end="2014-08-22").status_code == 200
    )
    bad = _review(client, auth, plan["id"], start="2014-08-22", end="2014-08-20")
    assert bad.status_code == 422
    stale = client.put(
        f"/api/plans/{plan['id']}/review",
        json={"version": 0, "start": "2014-09-01", "end": "2014-09-02"},
        headers=auth.headers(),
    )
    assert stale.status_code == 409
    assert len(client.get(f"/api/plans/{plan['id']}/review").get_json()["history"]) == 1


def test_the_plan_page_has_the_history_where_the_dates_are_set(client, plan):
    html = client.get(f"/plans/{plan['id']}").get_data(as_text=True)
    assert 'id="review-history"' in html and "评审日期修改记录" in html
