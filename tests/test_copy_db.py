"""``flask --app app copy-db --to URL`` moves an SQLite install to another database with nothing
lost: to the PostgreSQL test server when the suite runs on one (JIANGLE_TEST_DATABASE_URL), else
to another SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, select

from app import create_app
from tests import databases
from tests.conftest import AuthActions, _test_config
from tests.test_migrations import _release_database


@pytest.fixture
def source(tmp_path):
    """An install of the last release (plans, history, a deleted plan, users, a facility
    edit, layer revisions and imports), started once so it is at the newest schema."""
    path = tmp_path / "jiangle.db"
    _release_database(path)
    app = create_app(_test_config(path))
    client = app.test_client()
    auth = AuthActions(app, client)
    auth.login("wang", "admin", password="long-enough-pass")
    created = client.post(
        "/api/plans", json={"name": "第二个方案 plan two"}, headers=auth.headers()
    )
    assert created.status_code == 201
    return app


@pytest.fixture
def target_url(tmp_path):
    if not databases.SERVER:
        yield f"sqlite:///{tmp_path / 'target.db'}"
        return
    name = databases.create_database()
    yield databases.database_url(name)
    databases.drop_database(name)


def _rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, times in UTC, in key order."""
    from store import db

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: [
                    tuple(_utc(v) for v in row)
                    for row in connection.execute(
                        select(table).order_by(*table.primary_key.columns)
                    )
                ]
                for table in db.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def _utc(value):
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def test_copy_db_moves_everything_and_the_copy_works(source, target_url):
    result = source.test_cli_runner().invoke(args=["copy-db", "--to", target_url])
    assert result.exit_code == 0, result.output
    assert "plan: 3 rows" in result.output and "feature: " in result.output
    before = _rows(source.config["SQLALCHEMY_DATABASE_URI"])
    after = _rows(target_url)
    assert set(after) == set(before)
    for table, rows in before.items():
        assert after[table] == rows, table
    assert before["plan_change"] and before["layer_revision"] and before["facility_change"]

    moved = create_app(_test_config(target_url))
    client = moved.test_client()
    auth = AuthActions(moved, client)
    auth.login("wang", "admin", password="long-enough-pass")
    assert [p["name"] for p in client.get("/api/plans").get_json()] == [
        "第二个方案 plan two",
        "2014 验收方案",
    ]
    created = client.post("/api/plans", json={"name": "新方案"}, headers=auth.headers())
    assert created.status_code == 201 and created.get_json()["id"] == 4  # past the copied ids
    assert client.get("/api/plans/1/history").status_code == 200
    with moved.app_context():
        from store import db

        db.engine.dispose()


def test_copy_db_refuses_a_database_that_holds_rows(source, target_url):
    runner = source.test_cli_runner()
    assert runner.invoke(args=["copy-db", "--to", target_url]).exit_code == 0
    first = _rows(target_url)
    again = runner.invoke(args=["copy-db", "--to", target_url])
    assert again.exit_code == 1
    assert "already holds rows in" in again.output and "empty database" in again.output
    assert _rows(target_url) == first


@pytest.mark.parametrize(
    ("url", "message"),
    [("mysql+nope://x/y", "not a usable database URL"), ("not a url", "not a usable")],
)
def test_copy_db_names_a_bad_target(source, url, message):
    result = source.test_cli_runner().invoke(args=["copy-db", "--to", url])
    assert result.exit_code == 1 and message in result.output


def test_copy_db_refuses_to_copy_onto_itself(source):
    url = source.config["SQLALCHEMY_DATABASE_URI"]
    result = source.test_cli_runner().invoke(args=["copy-db", "--to", url])
    assert result.exit_code == 1 and "the target is the source database itself" in result.output
