"""Per-client rate limits on the heavy and anonymous endpoints (issue 12: "8 anonymous GET
/plans/<id>/print held all 8 waitress threads"), with a 429 that says when to retry."""

from __future__ import annotations

import pytest

from app import create_app
from config import ConfigError
from tests.conftest import AuthActions, _dispose, _test_config


@pytest.fixture
def tight(database):
    app = create_app(
        {**_test_config(database), "RATE_HEAVY": "2 per minute", "RATE_INTERACTIVE": "3/minute"}
    )
    yield app
    _dispose(app)


def test_an_anonymous_client_gets_a_429_json_saying_when_to_retry(tight):
    client = tight.test_client()
    assert [client.post("/api/tour", json={}).status_code for _ in range(2)] == [422, 422]
    refused = client.post("/api/tour", json={})
    assert refused.status_code == 429
    seconds = int(refused.headers["Retry-After"])
    assert 1 <= seconds <= 61  # the window (a minute), rounded up
    body = refused.get_json()
    assert abs(body["retry_after"] - seconds) <= 1  # read a moment apart
    said = body["retry_after"]
    assert body["error"] == f"请求过于频繁（上限 2 per 1 minute），请 {said} 秒后再试"


def test_a_print_page_over_the_limit_is_a_429_page_in_the_readers_language(tight):
    client = tight.test_client()
    for _ in range(2):
        client.get("/plans/9999/print.pdf")
    page = client.get("/plans/9999/print.pdf?lang=en")
    assert page.status_code == 429 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "Too many requests" in html and "try again in" in html
    assert client.get("/api/plans/9999/export.gpx").status_code == 429  # one budget: heavy


def test_the_clean_up_page_and_its_json_share_the_heavy_budget(tight):
    """They compute the plan's tour and its clean-up corridor: as heavy as a print."""
    client = tight.test_client()
    assert client.get("/plans/9999/cleanup").status_code == 404
    assert client.get("/api/plans/9999/cleanup").status_code == 404
    assert client.get("/plans/9999/cleanup").status_code == 429
    assert client.get("/api/plans/9999/cleanup").status_code == 429


def test_logged_in_users_each_have_their_own_budget(tight):
    for name in ("wang", "li"):
        client = tight.test_client()
        AuthActions(tight, client).login(name, role="planner")
        codes = [client.get("/api/plans/9999/export.csv").status_code for _ in range(3)]
        assert codes == [404, 404, 429], name


def test_search_has_its_own_larger_budget(tight):
    client = tight.test_client()
    codes = [client.get("/api/search?q=wanan").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/layers").status_code == 200  # the layer API is not limited


@pytest.mark.parametrize("value", ["lots", "", "30 per fortnight"])
def test_a_bad_rate_stops_the_app_at_start(database, value):
    with pytest.raises(ConfigError, match="JIANGLE_RATE_HEAVY"):
        create_app({**_test_config(database), "RATE_HEAVY": value})
