"""Per-request time limits on the heavy endpoints (issue 12: "a request that would run longer
than a configured limit answers a clear 503 instead of holding a worker"): the domain's loops
check ``geo.time_limit`` between steps; past the limit the answer is a 503 with Retry-After in
the user's language, and the same request within the limit still answers."""

from __future__ import annotations

import pytest

from app import create_app
from config import ConfigError
from geo.errors import TimeLimitError
from geo.time_limit import check_time_limit, within
from tests.conftest import TWO_DAY_STOPS, _test_config
from tests.test_routes_printing import _plan

TOUR = {"stops": TWO_DAY_STOPS, "day": ["08:30", "15:00"], "max_days": 3}
SAID_ZH = "服务器繁忙：此请求超过了 0.001 秒的处理时限，已停止"
SAID_EN = "this request ran past its 0.001 s time limit and was stopped"


def test_the_check_raises_only_past_the_limit_and_only_inside_it():
    check_time_limit()  # no limit: job workers, the command line
    with within(60):
        check_time_limit()
    with within(0), pytest.raises(TimeLimitError) as caught:
        check_time_limit()
    assert caught.value.status == 503 and caught.value.headers() == {"Retry-After": "30"}
    check_time_limit()  # the limit ends with its block


@pytest.fixture
def tight(app, tmp_path):
    """The limit of a heavy request cut to a millisecond (the configured floor is 1 s), with a
    cache folder of its own: days an earlier test solved for the same stops would answer at once
    from the run's shared cache, and a stored answer is rightly served within any limit."""
    app.config["TIME_LIMIT"] = 0.001
    app.config["CACHE_DIR"] = str(tmp_path)
    return app


def _refused(response, said: str) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert int(response.headers["Retry-After"]) > 0
    shown = response.get_json()["error"] if response.is_json else response.get_data(as_text=True)
    assert said in shown


def test_a_tour_past_the_limit_is_a_503_json_in_the_users_language(client, tight):
    _refused(client.post("/api/tour", json=TOUR), SAID_ZH)
    _refused(client.post("/api/tour?lang=en", json=TOUR), SAID_EN)
    assert client.post("/api/tour?lang=en", json=TOUR).get_json()["code"] == "err_time_limit"
    tight.config["TIME_LIMIT"] = 30.0
    assert client.post("/api/tour", json=TOUR).status_code == 200


def test_exports_and_the_clean_up_past_the_limit_are_503s(client, tight):
    plan = _plan(tight, TWO_DAY_STOPS, day_end="15:00")
    _refused(client.get(f"/api/plans/{plan}/export.gpx"), SAID_ZH)
    _refused(client.get(f"/plans/{plan}/cleanup.xlsx"), SAID_ZH)


def test_the_print_page_past_the_limit_is_a_503_page(client, app):
    plan = _plan(app, TWO_DAY_STOPS, day_end="15:00")
    assert client.get(f"/plans/{plan}/print").status_code == 200  # its maps built, by a job
    app.config["TIME_LIMIT"] = 0.001
    page = client.get(f"/plans/{plan}/print?lang=en")
    _refused(page, SAID_EN)
    assert page.mimetype == "text/html"


def test_a_proposal_past_the_limit_is_a_503(client, tight, auth):
    auth.login("planner", "planner")
    created = client.post("/api/plans", json={"name": "时限"}, headers=auth.headers())
    plan = created.get_json()["id"]
    _refused(client.post(f"/api/plans/{plan}/suggest", json={}, headers=auth.headers()), SAID_ZH)


@pytest.mark.parametrize(
    ("key", "value", "env"),
    [("TIME_LIMIT", "0.5", "JIANGLE_TIME_LIMIT"), ("JOB_QUEUE", "0", "JIANGLE_JOB_QUEUE")],
)
def test_a_bad_limit_stops_the_app_at_start(database, key, value, env):
    with pytest.raises(ConfigError, match=env):
        create_app({**_test_config(database), key: value})
