"""Shared fixtures: a fresh SQLite database per test, copied from one loaded once per session."""

from __future__ import annotations

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
