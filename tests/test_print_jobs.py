"""Print packs off the request thread, kept by exactly what they show (issue 12: "any facility
edit invalidates every cached pack"; "8 anonymous GET /plans/<id>/print held all 8 threads")."""

from __future__ import annotations

import re
import threading

import pytest

from tests.test_routes_printing import TWO_DAY_STOPS, _plan


@pytest.fixture
def two_day(app) -> int:
    return _plan(app, TWO_DAY_STOPS, day_end="15:00")


@pytest.fixture
def builds(monkeypatch) -> list[str]:
    """The thread names of every PDF build and every print-page map drawn."""
    from geo.printing import pack
    from services import printing

    seen: list[str] = []

    def counting(real):
        def wrapped(*args, **kwargs):
            seen.append(threading.current_thread().name)
            return real(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(printing, "build_print_pack", counting(pack.build_print_pack))
    monkeypatch.setattr(printing, "_page_maps", counting(printing._page_maps))
    return seen


def _edit_plant(app, plant_id: str, **changes) -> None:
    from store import db
    from store.layers import bump_revision, feature

    with app.app_context():
        row = feature("sewage_plants", plant_id)
        row.properties = {**row.properties, **changes}
        bump_revision("sewage_plants")
        db.session.commit()


def test_a_pack_is_built_by_a_job_worker_not_the_request_thread(client, two_day, builds):
    response = client.get(f"/plans/{two_day}/print.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert len(builds) == 1 and builds[0].startswith("jiangle-job")


def test_a_facility_edit_of_a_plant_the_pack_does_not_show_keeps_the_pack(
    client, app, two_day, builds
):
    first = client.get(f"/plans/{two_day}/print.pdf").data
    _edit_plant(app, "wwtp-moyuan", status="planned", load_rate=12.5)  # not on this tour
    assert client.get(f"/plans/{two_day}/print.pdf").data == first
    assert len(builds) == 1
    _edit_plant(app, "wwtp-gaotang", load_rate=12.5)  # a fact card of this plan shows it
    assert client.get(f"/plans/{two_day}/print.pdf").data != first
    assert len(builds) == 2


def test_the_html_print_page_is_kept_like_the_pdf(client, app, two_day, builds):
    first = client.get(f"/plans/{two_day}/print").get_data(as_text=True)
    second = client.get(f"/plans/{two_day}/print").get_data(as_text=True)
    assert len(builds) == 1 and builds[0].startswith("jiangle-job")
    maps = re.findall(r"data:image/png;base64,[A-Za-z0-9+/=]{100}", first)
    assert len(maps) >= 3 and maps == re.findall(
        r"data:image/png;base64,[A-Za-z0-9+/=]{100}", second
    )
    _edit_plant(app, "wwtp-moyuan", status="planned")
    client.get(f"/plans/{two_day}/print")
    assert len(builds) == 1
    _edit_plant(app, "wwtp-urban", status="planned", deadline="2014-01-01")
    assert "规划中 (逾期)" in client.get(f"/plans/{two_day}/print").get_data(as_text=True)
    assert len(builds) == 1, "the card changes, the maps are the same"


def test_a_day_edit_makes_a_new_pack(client, app, two_day, builds):
    from store import plans

    client.get(f"/plans/{two_day}/print.pdf")
    with app.app_context():
        plans.save_plan(two_day, 1, {"day_end": "16:00"}, "planner")
    client.get(f"/plans/{two_day}/print.pdf")
    assert len(builds) == 2


def test_a_cold_pack_not_ready_in_time_answers_with_a_progress_page(client, app, two_day):
    app.config["PRINT_WAIT"] = 0
    response = client.get(f"/plans/{two_day}/print.pdf?paper=A3&lang=en")
    assert response.status_code == 202 and response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    job_id = re.search(r'data-job-id="([0-9a-f]{32})"', html).group(1)
    assert f'data-done-url="/plans/{two_day}/print.pdf?paper=A3&amp;lang=en"' in html
    assert "<progress" in html and "/static/js/jobs.js" in html and "Making the print pack" in html
    with app.app_context():
        from services import jobs

        assert jobs.wait(job_id, 300).state == "done"
    body = client.get(f"/api/jobs/{job_id}").get_json()
    assert (body["state"], body["fraction"]) == ("done", 1.0)
    ready = client.get(f"/plans/{two_day}/print.pdf?paper=A3&lang=en")
    assert ready.status_code == 200 and ready.data.startswith(b"%PDF")


def test_many_readers_of_one_cold_pack_share_one_build(client, app, two_day, builds):
    app.config["PRINT_WAIT"] = 0
    pages = [client.get(f"/plans/{two_day}/print.pdf").get_data(as_text=True) for _ in range(8)]
    ids = {re.search(r'data-job-id="([0-9a-f]{32})"', page).group(1) for page in pages}
    assert len(ids) == 1
    with app.app_context():
        from services import jobs

        jobs.wait(ids.pop(), 300)
    assert len(builds) == 1


def test_a_day_the_tour_lacks_is_still_a_404_through_the_job(client, two_day):
    response = client.get(f"/plans/{two_day}/print.pdf?day=9")
    assert response.status_code == 404
    assert "Day 9 is not a day of this tour" in client.get(
        f"/plans/{two_day}/print.pdf?day=9&lang=en"
    ).get_data(as_text=True)


def test_pack_images_are_binary_streams_encoded_in_c(client, two_day):
    """19% of a cold pack went to reportlab's pure-Python ASCII85 encoder: images are now binary
    zlib streams, and rl-accel does the rest of reportlab's hot loops in C."""
    import _rl_accel  # noqa: F401  (rl-accel installed: requirements.txt)

    pdf = client.get(f"/plans/{two_day}/print.pdf").data
    assert b"/FlateDecode" in pdf and b"/ASCII85Decode" not in pdf


def test_a_pack_computes_its_tour_and_its_clean_up_once(client, two_day, monkeypatch):
    """A cold pack computed the tour 3 times (its own, the clean-up's, the township lists' clean-
    up's) and the clean-up twice: both are now computed once and handed down."""
    from services import cleanup, tours

    calls = {"tour": 0, "cleanup": 0}

    def counted(name, real):
        def wrapped(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(tours, "tour", counted("tour", tours.tour))
    monkeypatch.setattr(cleanup, "route_cleanup", counted("cleanup", cleanup.route_cleanup))
    response = client.get(f"/plans/{two_day}/print.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert calls == {"tour": 1, "cleanup": 1}


def _job_id(response) -> str:
    assert response.status_code == 202, response.get_data(as_text=True)[:300]
    return re.search(r'data-job-id="([0-9a-f]{32})"', response.get_data(as_text=True)).group(1)


@pytest.fixture
def queue_only(app):
    """No worker runs jobs in this process (JIANGLE_JOB_WORKERS=0): queued jobs stay queued."""
    app.config.update(JOB_WORKERS=0, PRINT_WAIT=0)
    return app


def test_two_users_asking_for_the_same_pack_share_one_job(queue_only, two_day):
    """The job is keyed by what the pack shows, not by who asked: two planners, one build."""
    from tests.conftest import AuthActions

    ids = []
    for name in ("wang", "li"):
        client = queue_only.test_client()
        AuthActions(queue_only, client).login(name, role="planner")
        ids.append(_job_id(client.get(f"/plans/{two_day}/print.pdf")))
    assert ids[0] == ids[1]
    other = queue_only.test_client()  # and the status is readable by the second asker too
    assert other.get(f"/api/jobs/{ids[0]}").get_json()["state"] == "queued"


def test_a_full_job_queue_answers_503_with_retry_after_in_the_users_language(
    queue_only, client, two_day
):
    queue_only.config["JOB_QUEUE"] = 2
    first = _job_id(client.get(f"/plans/{two_day}/print.pdf"))
    _job_id(client.get(f"/plans/{two_day}/print.pdf?paper=A3"))
    full = client.get(f"/plans/{two_day}/print.pdf?day=1")
    assert full.status_code == 503 and int(full.headers["Retry-After"]) > 0
    assert "服务器繁忙：已有 2 个后台任务在排队，请稍后再试" in full.get_data(as_text=True)
    assert _job_id(client.get(f"/plans/{two_day}/print.pdf")) == first  # joining is no new job
    english = client.get(f"/plans/{two_day}/print?lang=en")
    assert english.status_code == 503 and "2 background jobs are queued" in english.get_data(
        as_text=True
    )
