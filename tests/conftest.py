"""Shared fixtures: a fresh database per test, copied from one loaded once per session (SQLite
files; PostgreSQL databases when JIANGLE_TEST_DATABASE_URL names a server: tests/databases.py)."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest

from app import create_app
from tests import databases

ROOT = Path(__file__).resolve().parent.parent
# Eight sites in seven townships: two days with a 15:00 day end (the print and export tests).
TWO_DAY_STOPS = [
    "stop-350428100-01", "stop-350428100-02", "stop-350428101-01", "stop-350428102-01",
    "stop-350428103-01", "stop-350428104-01", "stop-350428105-01", "stop-350428106-01",
]  # fmt: skip
# The stored copies built from layers (roads by view): one folder for the run, removed at its end,
# never the checkout's instance/cache.
_CACHE = tempfile.TemporaryDirectory(prefix="jiangle-test-cache-")


@pytest.fixture(autouse=True)
def niced(monkeypatch) -> list[int]:
    """The CPU niceness the commands under test set (``routes.cli_priority``): the test
    process itself is never lowered."""
    steps: list[int] = []
    monkeypatch.setattr(os, "getpriority", lambda which, who: steps[-1] if steps else 0)
    monkeypatch.setattr(os, "setpriority", lambda which, who, nice: steps.append(nice))
    return steps


def _test_config(database: Path | str) -> dict:
    """The test settings for an SQLite file (a path) or a database URL."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database
        if isinstance(database, str)
        else f"sqlite:///{database}",
        "LAYER_DIR": str(ROOT / "data" / "shapefiles"),
        "TODAY": "2014-07-15",
        "PRINT_WAIT": 300,  # a cold pack under the suite's load: the PDF, not the progress page
        "CACHE_DIR": _CACHE.name,
    }


def _dispose(app) -> None:
    """Stop the app's job workers and close its pooled connections (a copy is taken or dropped
    only without any)."""
    from services import jobs
    from store import db

    jobs.stop(app)

    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def loaded_database(tmp_path_factory) -> Path | str:
    """Load and validate the shipped layers once (the SQLite file, or the PostgreSQL template
    database's name); each test gets a copy of the result from ``database``."""
    if databases.SERVER:
        name = databases.create_database(databases.TEMPLATE)
        _dispose(create_app(_test_config(databases.database_url(name))))
        yield name
        databases.drop_database(name)
        return
    path = tmp_path_factory.mktemp("db") / "template.db"
    _dispose(create_app(_test_config(path)))
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    yield path


@pytest.fixture
def database(loaded_database, tmp_path) -> Path | str:
    """This test's own loaded database: an SQLite file (its path) or a PostgreSQL URL."""
    if not databases.SERVER:
        path = tmp_path / "test.db"
        shutil.copyfile(loaded_database, path)
        yield path
        return
    name = databases.create_database(template=loaded_database)
    yield databases.database_url(name)
    _dispose_engines_of(name)
    databases.drop_database(name)


def _dispose_engines_of(name: str) -> None:
    """Close the pooled connections of every app a test made on database ``name`` (also apps it
    made itself): psycopg warns about a connection collected while open, and warnings fail."""
    from store import db

    for engines in list(db._app_engines.values()):
        for engine in engines.values():
            if engine.url.database == name:
                engine.dispose()


@pytest.fixture
def app(database):
    app = create_app(_test_config(database))
    yield app
    _dispose(app)


@pytest.fixture
def client(app):
    return app.test_client()


class AuthActions:
    """Log a test client in as a user of a given role (created on first use)."""

    def __init__(self, app, client):
        self._app, self._client = app, client

    def csrf_token(self, path: str = "/login") -> str:
        html = self._client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)

    def login(
        self,
        username: str = "planner",
        role: str = "planner",
        unit: str | None = None,
        password: str = "test-password",
        township: str | None = None,
    ):
        from store.users import create_user, find_user

        with self._app.app_context():
            if find_user(username) is None:
                create_user(username, password, role, unit, township=township)
        response = self._client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": self.csrf_token()},
        )
        assert response.status_code == 302, "login failed"
        return response

    def headers(self) -> dict[str, str]:
        """Headers for a JSON write: the session's CSRF token, read from the login page (every page
        carries it; this one renders no map)."""
        return {"X-CSRFToken": self.csrf_token()}


@pytest.fixture
def auth(app, client) -> AuthActions:
    return AuthActions(app, client)


@pytest.fixture
def tour(app):
    from geo.tour.pipeline import parse_tour_request
    from services.tours import tour

    body = {"stops": TWO_DAY_STOPS, "day": ["08:30", "15:00"], "max_days": 3}
    with app.app_context():
        return tour(parse_tour_request(body), "zh")


@pytest.fixture
def tour_json(tour) -> dict:
    """The same tour as the API sends it, to check the files against."""
    return tour.to_dict()
