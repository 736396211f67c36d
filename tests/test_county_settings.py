"""The quota of sites per township is a county setting: only an admin changes it (versioned,
with its history), every plan is judged by it, and a planner can no longer loosen it in the save
that marks a plan final (issue 12, "quota bypass")."""

from __future__ import annotations

import pytest

from geo.errors import ValidationError
from geo.plans.quota import QuotaBounds, check_bounds


def _plan(client, auth, sites: list[str]) -> dict:
    auth.login("planner", "planner")
    made = client.post("/api/plans", json={"name": "名额测试"}, headers=auth.headers())
    assert made.status_code == 201
    plan = made.get_json()
    saved = client.put(
        f"/api/plans/{plan['id']}", json={"version": 1, "sites": sites}, headers=auth.headers()
    )
    assert saved.status_code == 200
    return saved.get_json()


def _first_stop(app) -> str:
    with app.app_context():
        from store.layers import features

        return features("stops")[0]["properties"]["id"]


def _set_quota(client, auth, low, high, version) -> object:
    auth.login("admin", "admin")
    form = {"version": str(version), "quota_min": str(low), "quota_max": str(high),
            "csrf_token": auth.csrf_token()}  # fmt: skip
    return client.post("/admin/settings/quota", data=form)


@pytest.mark.parametrize(
    "quota", [{"quota_min": 0, "quota_max": 1}, {"quota_min": 0}, {"quota_max": 10}]
)
def test_quota_bypass_a_planner_cannot_loosen_the_quota_to_mark_a_plan_final(
    app, client, auth, quota
):
    """Issue 12: "a planner marks a plan final with 0 or 1 sites by changing the plan's own quota
    in the same save". The save is refused, naming the quota as the county's, and nothing
    changes; without the quota fields the county's 2-3 refuses the final status."""
    plan = _plan(client, auth, [_first_stop(app)])
    url = f"/api/plans/{plan['id']}"
    body = {"version": plan["version"], "status": "final", **quota}
    bypass = client.put(url, json=body, headers=auth.headers())
    assert bypass.status_code == 422
    assert "全县设置" in bypass.get_json()["error"] and "管理员" in bypass.get_json()["error"]
    plain = client.put(url, json={"version": plan["version"], "status": "final"},
                       headers=auth.headers())  # fmt: skip
    assert plain.status_code == 422 and plain.get_json()["violations"]
    stored = client.get(url).get_json()
    assert (stored["status"], stored["version"]) == ("draft", plan["version"])
    assert "quota_min" not in stored  # a plan has no quota of its own


def test_the_admin_sets_the_bounds_with_a_version_and_a_history(app, client, auth):
    page = client.get("/admin/settings")
    assert page.status_code == 302  # anonymous: to the login
    auth.login("admin", "admin")
    html = client.get("/admin/settings").get_data(as_text=True)
    assert 'name="quota_min"' in html and "尚未修改，按默认 2–3 个执行" in html
    assert _set_quota(client, auth, 1, 4, 0).status_code == 302
    html = client.get("/admin/settings").get_data(as_text=True)
    assert "每乡镇名额已改为 1–4 个" in html  # the flash
    assert "admin 将每乡镇名额由 2–3 改为 1–4" in html
    stale = _set_quota(client, auth, 2, 2, 0)
    assert stale.status_code == 409 and "已被他人修改" in stale.get_data(as_text=True)
    bad = _set_quota(client, auth, 3, 2, 1)
    assert bad.status_code == 422 and "至少 3 个不能多于至多 2 个" in bad.get_data(as_text=True)
    wrong = _set_quota(client, auth, "x", 2, 1)
    assert wrong.status_code == 422 and "quota_min" in wrong.get_data(as_text=True)
    assert _set_quota(client, auth, 2, 2, 1).status_code == 302
    english = client.get("/admin/settings?lang=en").get_data(as_text=True)
    assert "admin changed the sites per township from 1–4 to 2–2" in english
    assert english.index("1–4 to 2–2") < english.index("2–3 to 1–4")  # newest first
    with app.app_context():
        from services.county_settings import quota_bounds, quota_history

        assert quota_bounds() == QuotaBounds(2, 2)
        assert [(c.before, c.after, c.by) for c in quota_history()] == [
            (QuotaBounds(1, 4), QuotaBounds(2, 2), "admin"),
            (QuotaBounds(2, 3), QuotaBounds(1, 4), "admin"),
        ]


@pytest.mark.parametrize("role", ["planner", "viewer", "editor", "township"])
def test_only_an_admin_changes_the_county_settings(app, client, auth, role):
    with app.app_context():
        from store.layers import features

        town = features("townships")[0]["properties"]["id"]
    auth.login(role, role, unit="县环保局" if role == "editor" else None,
               township=town if role == "township" else None)  # fmt: skip
    assert client.get("/admin/settings").status_code == 403
    form = {"version": "0", "quota_min": "0", "quota_max": "1", "csrf_token": auth.csrf_token()}
    assert client.post("/admin/settings/quota", data=form).status_code == 403
    with app.app_context():
        from services.county_settings import quota_bounds, quota_history

        assert quota_bounds() == QuotaBounds() and quota_history() == []


def test_the_plan_page_shows_the_countys_quota_read_only(app, client, auth):
    plan = _plan(client, auth, [])
    assert _set_quota(client, auth, 1, 2, 0).status_code == 302
    auth.login("planner", "planner")
    html = client.get(f"/plans/{plan['id']}").get_data(as_text=True)
    assert "1–2 个(全县设置)" in html and 'name="quota_min"' not in html
    assert '"quota": {"max": 2, "min": 1}' in html or '"quota": {"min": 1, "max": 2}' in html


def test_bounds_are_checked_like_the_old_per_plan_quota():
    assert check_bounds({"quota_min": 1, "quota_max": 3}) == QuotaBounds(1, 3)
    for body in ({"quota_min": 3, "quota_max": 2}, {"quota_min": -1, "quota_max": 2},
                 {"quota_min": 1, "quota_max": 11}, {"quota_min": True, "quota_max": 2}):  # fmt: skip
        with pytest.raises(ValidationError):
            check_bounds(body)
