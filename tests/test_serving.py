"""Production serving: gunicorn's settings come from the same JIANGLE_* variables (README,
"Serving many users"), with a hard per-request time limit."""

from __future__ import annotations

import runpy
from pathlib import Path

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
