"""The background job queue: jobs run off the request thread, report progress, keep their result
or error, are read by id (their owner only), and several processes share one queue."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from app import create_app
from geo.errors import ValidationError
from services import jobs
from store import db
from store import jobs as store
from tests.conftest import _dispose, _test_config

RELEASE = threading.Event()
RUNS: list[str] = []
RUNS_LOCK = threading.Lock()


@jobs.handler("test_sum")
def _sum(payload: dict, progress: jobs.Progress) -> dict:
    progress("adding", 0.5)
    threading.Event().wait(0.05)  # long enough for the other workers to claim the next jobs
    with RUNS_LOCK:
        RUNS.append(payload["tag"])
    return {"sum": sum(payload["numbers"])}


@jobs.handler("test_held")
def _held(payload: dict, progress: jobs.Progress) -> dict:
    progress("waiting for the test", 0.25)
    RELEASE.wait(30)
    return {}


@jobs.handler("test_refused")
def _refused(payload: dict, progress: jobs.Progress) -> dict:
    raise ValidationError(code="err_job_unknown")


@jobs.handler("test_crash")
def _crash(payload: dict, progress: jobs.Progress) -> dict:
    raise KeyError("a bug")


def _submit(app, kind: str, payload: dict | None = None, owner=None, lang="zh", key=None) -> str:
    with app.test_request_context():
        return jobs.submit(kind, payload or {}, owner, lang, key)


def _wait(app, job_id: str, seconds: float = 60):
    with app.app_context():
        return jobs.wait(job_id, seconds)


def test_a_job_runs_off_the_request_thread_and_keeps_its_result(app, client):
    job_id = _submit(app, "test_sum", {"numbers": [1, 2, 3], "tag": "a"})
    done = _wait(app, job_id)
    assert (done.state, done.result, done.fraction, done.error) == ("done", {"sum": 6}, 1.0, None)
    body = client.get(f"/api/jobs/{job_id}").get_json()
    assert body["state"] == "done" and body["result"] == {"sum": 6}
    assert body["state_text"] == "已完成"


def test_a_running_job_shows_its_stage_and_fraction(app, client):
    RELEASE.clear()
    job_id = _submit(app, "test_held")
    try:
        with app.app_context():
            for _ in range(300):
                body = client.get(f"/api/jobs/{job_id}?lang=en").get_json()
                if body["stage"]:
                    break
                threading.Event().wait(0.1)
        assert body["state"] == "running" and body["state_text"] == "Running"
        assert (body["stage"], body["fraction"]) == ("waiting for the test", 0.25)
    finally:
        RELEASE.set()
    assert _wait(app, job_id).state == "done"


def test_a_refused_job_keeps_its_message_in_the_submitters_language(app, client):
    job_id = _submit(app, "test_refused", lang="en")
    failed = _wait(app, job_id)
    assert failed.state == "failed"
    assert failed.error == "no such background job (or it has expired)"


def test_a_crashing_job_fails_with_a_plain_message_and_the_worker_goes_on(app, caplog):
    crashed = _wait(app, _submit(app, "test_crash"))
    assert crashed.state == "failed" and "内部错误" in crashed.error
    assert "KeyError" not in crashed.error  # the traceback is logged, not shown
    assert "job" in caplog.text
    after = _wait(app, _submit(app, "test_sum", {"numbers": [4], "tag": "b"}))
    assert after.result == {"sum": 4}


def test_an_unknown_job_is_a_404_in_json(client):
    for job_id in ("0" * 32, "x" * 300):
        answer = client.get(f"/api/jobs/{job_id}")
        assert answer.status_code == 404
        assert answer.get_json()["error"] == "没有这个后台任务（或已过期）"


def test_only_the_owner_or_an_admin_reads_a_users_job(app, client):
    from tests.conftest import AuthActions

    job_id = _submit(app, "test_sum", {"numbers": [1], "tag": "c"}, owner="planner")
    _wait(app, job_id)
    assert client.get(f"/api/jobs/{job_id}").status_code == 404  # anonymous
    seen = {}
    for user, role in (("planner", "planner"), ("other", "planner"), ("boss", "admin")):
        own = app.test_client()
        AuthActions(app, own).login(user, role=role)
        seen[user] = own.get(f"/api/jobs/{job_id}").status_code
    assert seen == {"planner": 200, "other": 404, "boss": 200}


def test_the_same_thing_asked_twice_joins_the_unfinished_job(app):
    RELEASE.clear()
    try:
        first = _submit(app, "test_held", key="pack-1")
        assert _submit(app, "test_held", key="pack-1") == first
        assert _submit(app, "test_held", key="pack-1", owner="planner") != first
        assert _submit(app, "test_held", key="pack-2") != first
    finally:
        RELEASE.set()
    assert _wait(app, first).state == "done"
    assert _submit(app, "test_held", key="pack-1") != first  # finished: a new job


def test_two_processes_share_one_queue_and_run_each_job_once(database):
    """Two apps on one database stand for two server processes: every job runs exactly once."""
    apps = [create_app({**_test_config(database), "JOB_WORKERS": 2}) for _ in range(2)]
    try:
        tags = [f"shared-{i}" for i in range(16)]
        with apps[0].app_context():  # queued without waking anyone, then both wake at once
            ids = [
                store.add_job("test_sum", {"numbers": [i], "tag": t}, None, "zh")
                for i, t in enumerate(tags)
            ]
        for app in apps:
            jobs.runner(app).wake()
        results = [_wait(apps[1], job_id) for job_id in ids]
        assert [r.result for r in results] == [{"sum": i} for i in range(16)]
        with RUNS_LOCK:
            assert sorted(r for r in RUNS if r.startswith("shared-")) == sorted(tags)
        with apps[0].app_context():
            workers = {db.session.get(store.Job, job_id).worker for job_id in ids}
        assert len(workers) >= 2  # more than one thread took part
    finally:
        for app in apps:
            _dispose(app)


def test_a_job_whose_process_died_is_failed_not_left_running(app):
    with app.app_context():
        job_id = store.add_job("test_sum", {"numbers": [1], "tag": "d"}, None, "zh")
        assert store.claim("a-killed-process").id == job_id
        with store.atomic():
            db.session.execute(
                update(store.Job)
                .where(store.Job.id == job_id)
                .values(updated_at=datetime.now(UTC) - timedelta(hours=1))
            )
        jobs.tidy()
        left = store.job_status(job_id)
    assert left.state == "failed" and "submit it again" in left.error


@pytest.mark.parametrize("value", ["-1", "x", "65"])
def test_a_bad_worker_count_stops_the_app_at_start(database, value):
    from config import ConfigError

    with pytest.raises(ConfigError, match="JIANGLE_JOB_WORKERS"):
        create_app({**_test_config(database), "JOB_WORKERS": value})
