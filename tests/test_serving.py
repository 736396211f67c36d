"""Production serving: gunicorn's settings come from the same JIANGLE_* variables (README,
"Serving many users"), with a hard per-request time limit."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def test_gunicorn_settings_follow_the_environment(monkeypatch):
    monkeypatch.setenv("JIANGLE_HOST", "0.0.0.0")
    monkeypatch.setenv("JIANGLE_PORT", "8080")
    monkeypatch.setenv("JIANGLE_WORKERS", "3")
    monkeypatch.setenv("JIANGLE_REQUEST_TIMEOUT", "45")
    settings = runpy.run_path(str(CONF))
    assert settings["bind"] == "0.0.0.0:8080"
    assert (settings["workers"], settings["threads"], settings["timeout"]) == (3, 8, 45)
    assert settings["worker_class"] == "gthread"


def test_gunicorn_defaults_use_every_core_on_loopback(monkeypatch):
    import multiprocessing

    for name in ("JIANGLE_HOST", "JIANGLE_PORT", "JIANGLE_WORKERS", "JIANGLE_REQUEST_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    settings = runpy.run_path(str(CONF))
    assert settings["bind"] == "127.0.0.1:5000" and settings["timeout"] == 60
    assert settings["workers"] == multiprocessing.cpu_count()


def test_gunicorn_runs_the_jobs_in_a_process_of_their_own_unless_told_not_to(monkeypatch):
    monkeypatch.delenv("JIANGLE_JOB_PROCESS", raising=False)
    settings = runpy.run_path(str(CONF))
    assert settings["raw_env"] == ["JIANGLE_JOB_WORKERS=0"]  # the web workers only queue jobs
    monkeypatch.setenv("JIANGLE_JOB_PROCESS", "0")
    assert runpy.run_path(str(CONF))["raw_env"] == []


def test_the_job_process_priority_follows_the_environment_and_a_bad_one_stops_the_start(
    monkeypatch,
):
    monkeypatch.delenv("JIANGLE_JOB_NICE", raising=False)
    assert runpy.run_path(str(CONF))["JOB_NICE"] == "4"
    monkeypatch.setenv("JIANGLE_JOB_NICE", "7")
    assert runpy.run_path(str(CONF))["JOB_NICE"] == "7"
    for bad in ("20", "-1", "ten", ""):
        monkeypatch.setenv("JIANGLE_JOB_NICE", bad)
        with pytest.raises(SystemExit, match="JIANGLE_JOB_NICE：须为 0–19 的整数"):
            runpy.run_path(str(CONF))


def test_the_job_process_lowers_its_own_priority(app, monkeypatch, niced):
    from services import jobs

    monkeypatch.setattr(jobs.Runner, "serve_forever", lambda self: None)
    result = app.test_cli_runner().invoke(args=["run-jobs", "--nice", "10"])
    assert result.exit_code == 0 and niced == [10]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_preloads_a_warm_app_whose_workers_read_and_write(app, database, tmp_path):
    """The preloaded master warms the caches, each forked worker opens its own connections:
    pages, a tour and a login with a plan saved and read back answer on both workers."""
    import http.cookiejar
    import json
    import os
    import re
    import subprocess
    import sys
    import time
    import urllib.request

    from store.users import create_user

    with app.app_context():
        create_user("served", "Jl-served-2014!x", "planner", None)
    port = _free_port()
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    env = {**os.environ, "JIANGLE_SECRET_KEY": "serving-test", "JIANGLE_DATABASE_URL": url,
           "JIANGLE_PORT": str(port), "JIANGLE_WORKERS": "2", "JIANGLE_TODAY": "2014-07-15",
           "JIANGLE_CACHE_DIR": str(tmp_path / "cache"),
           "JIANGLE_UPLOAD_DIR": str(tmp_path / "uploads")}  # fmt: skip
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [gunicorn, "-c", str(CONF), "app:create_app()"],
        cwd=CONF.parent, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )

    def call(path, data=None, headers=None, method=None):
        request = urllib.request.Request(base + path, data, headers or {}, method=method)
        with opener.open(request, timeout=60) as answer:
            return answer.status, answer.read()

    try:
        for _ in range(240):
            try:
                status, page = call("/login")
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "server.log").read_text()
                time.sleep(0.5)
        token = re.search(rb'name="csrf-token" content="([^"]+)"', page).group(1).decode()
        form = f"username=served&password=Jl-served-2014!x&csrf_token={token}".encode()
        assert call("/login", form, {"Origin": base})[0] == 200
        token = re.search(rb'name="csrf-token" content="([^"]+)"', call("/login")[1]).group(1)
        headers = {
            "Origin": base,
            "X-CSRFToken": token.decode(),
            "Content-Type": "application/json",
        }
        for _ in range(4):  # with 8 threads each, the two workers share these
            assert call("/")[0] == 200 and call("/api/layers/roads")[0] == 200
            body = json.dumps({"stops": ["stop-350428100-01", "stop-350428101-01"]}).encode()
            assert call("/api/tour", body, headers)[0] == 200
        body = json.dumps({"name": "服务测试", "sites": ["stop-350428100-01"]}).encode()
        status, made = call("/api/plans", body, headers)
        assert status in (200, 201)
        plan = json.loads(made)
        read = [json.loads(call(f"/api/plans/{plan['id']}")[1])["name"] for _ in range(4)]
        assert read == ["服务测试"] * 4
    finally:
        server.terminate()
        server.wait(60)
        log.close()
    assert "Traceback" not in (tmp_path / "server.log").read_text()
