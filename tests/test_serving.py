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


def test_the_job_process_lowers_its_own_priority(app, monkeypatch):
    import os

    from services import jobs

    niced = []
    monkeypatch.setattr(os, "nice", niced.append)
    monkeypatch.setattr(jobs.Runner, "serve_forever", lambda self: None)
    result = app.test_cli_runner().invoke(args=["run-jobs", "--nice", "10"])
    assert result.exit_code == 0 and niced == [10]
