"""Schema migrations: an install of the last release before migrations upgrades with every row
kept, ``flask db upgrade`` brings a database to head, and the models agree with the revisions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from app import create_app
from tests.conftest import ROOT, _test_config

RELEASE = ROOT / "tests" / "data" / "release_before_migrations.sql"
LEGACY_TABLES = (
    "user",
    "login_state",
    "plan",
    "plan_change",
    "cleanup_task_status",
    "facility_change",
    "layer_info",
    "feature",
    "layer_revision",
    "layer_import",
)
HOW_TO_FIX = (
    "the models (store/) and the migrations (migrations/versions/) differ: run\n"
    "  .venv/bin/flask --app app db migrate -m 'what changed'\n"
    "then read the new file in migrations/versions/ (and add a data step if rows need one), "
    "run `.venv/bin/flask --app app db upgrade` and commit it. Differences: "
)


def _head() -> str:
    from store.setup import MIGRATIONS

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def _release_database(path: Path, *statements: str) -> dict[str, list[tuple]]:
    """The last release's database at ``path`` (``statements`` make it older); its rows."""
    with sqlite3.connect(path) as conn:
        conn.executescript(RELEASE.read_text(encoding="utf-8"))
        for statement in statements:
            conn.execute(statement)
        return _rows(conn)


def _rows(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return {
        table: sorted(conn.execute(f'SELECT * FROM "{table}"'), key=repr)
        for table in LEGACY_TABLES
        if table in tables
    }


def _kept(before: dict[str, list[tuple]], path: Path) -> None:
    """Every row of ``before`` is still there, unchanged (layers loaded since may add rows)."""
    with sqlite3.connect(path) as conn:
        after = _rows(conn)
        version = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    assert version == [(_head(),)]
    for table, rows in before.items():
        width = len(rows[0]) if rows else 0
        assert {r[:width] for r in rows} <= {r[:width] for r in after[table]}, table


def test_an_install_of_the_last_release_starts_with_nothing_lost(tmp_path):
    path = tmp_path / "jiangle.db"
    before = _release_database(path)
    assert before["plan"] and before["plan_change"] and before["facility_change"]
    app = create_app(_test_config(path))  # start-up upgrades and loads the missing layers
    _kept(before, path)
    client = app.test_client()
    plans = client.get("/api/plans").get_json()
    assert [p["name"] for p in plans] == ["2014 验收方案"]
    assert plans[0]["version"] == 2 and len(plans[0]["sites"]) == 3
    deleted = client.get("/api/plans/2")
    assert deleted.status_code == 404 and "被 wang 删除" in deleted.get_json()["error"]
    plant = client.get("/api/facilities/wwtp-urban").get_json()
    assert plant["properties"]["version"] == 2
    assert {h["note"] for h in plant["history"]} == {"月报"}
    with app.app_context():
        from store.users import authenticate

        assert authenticate("wang", "long-enough-pass").role == "admin"
    with sqlite3.connect(path) as conn:
        layers = {r[0] for r in conn.execute("SELECT name FROM layer_info")}
    assert {"sewage_plants", "townships", "roads", "stops"} <= layers


def test_db_upgrade_adds_what_an_older_release_lacked(tmp_path):
    """A database from before soft delete and login locks: ``flask db upgrade`` adds the
    ``plan.deleted_at`` column and the ``login_state`` table, keeping every row."""
    path = tmp_path / "old.db"
    before = _release_database(
        path,
        "DROP TABLE login_state",
        "UPDATE plan SET deleted_at = NULL",
        "ALTER TABLE plan DROP COLUMN deleted_at",
    )
    app = create_app({**_test_config(path), "AUTO_INIT_DB": False})
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    _kept(before, path)
    with sqlite3.connect(path) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(plan)")}
        assert "deleted_at" in columns
        assert conn.execute("SELECT count(*) FROM login_state").fetchone() == (0,)


def test_db_upgrade_makes_a_new_database(tmp_path):
    path = tmp_path / "new.db"
    app = create_app({**_test_config(path), "AUTO_INIT_DB": False})
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert set(LEGACY_TABLES) | {"alembic_version"} <= tables


def test_db_downgrade_and_upgrade_again_round_trip(tmp_path):
    path = tmp_path / "round.db"
    app = create_app({**_test_config(path), "AUTO_INIT_DB": False})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert runner.invoke(args=["db", "downgrade", "base"]).exit_code == 0
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert names == {"alembic_version"}
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0


def test_models_and_migrations_agree(app):
    """A model changed without a revision fails here, saying which command writes one."""
    from store import db

    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert context.get_current_heads() == (_head(),)
        differences = compare_metadata(context, db.metadata)
    assert differences == [], HOW_TO_FIX + repr(differences)


def test_db_upgrade_keys_user_names_and_keeps_older_look_alike_twins(tmp_path):
    """Before 0005 two names that look alike could both be saved; the upgrade keys the first and
    keeps the second (without a key), and from then on the database refuses a third twin."""
    path = tmp_path / "twins.db"
    before = _release_database(
        path,
        "INSERT INTO user (username, password_hash, role, active) "
        "VALUES ('WANG', 'x', 'viewer', 1)",
    )
    app = create_app({**_test_config(path), "AUTO_INIT_DB": False})
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    _kept(before, path)
    with sqlite3.connect(path) as conn:
        keys = dict(conn.execute("SELECT username, username_key FROM user"))
        assert keys["wang"] == "wang" and keys["WANG"] is None
        try:
            conn.execute(
                "INSERT INTO user (username, username_key, password_hash, role, active) "
                "VALUES ('Wang2', 'wang', 'x', 'viewer', 1)"
            )
        except sqlite3.IntegrityError as refused:
            assert "username_key" in str(refused)
        else:
            raise AssertionError("the database took a second user with the key 'wang'")
