"""Shared fixtures: a fresh SQLite database per test, copied from one loaded once per session."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from app import create_app

ROOT = Path(__file__).resolve().parent.parent


def _test_config(db_path: Path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
        "LAYER_DIR": str(ROOT / "data" / "shapefiles"),
        "TODAY": "2014-07-15",
    }


@pytest.fixture(scope="session")
def loaded_database(tmp_path_factory) -> Path:
    """Load and validate the shipped layers once; each test gets a copy of the result."""
    path = tmp_path_factory.mktemp("db") / "template.db"
    app = create_app(_test_config(path))
    with app.app_context():
        from store import db

        db.engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def app(loaded_database, tmp_path):
    path = tmp_path / "test.db"
    shutil.copyfile(loaded_database, path)
    return create_app(_test_config(path))


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
    ):
        from store.users import create_user, find_user

        with self._app.app_context():
            if find_user(username) is None:
                create_user(username, password, role, unit)
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
