"""The database commands: init-db keeps what is saved unless told to reload; import-layer is
all or nothing and recorded."""

from __future__ import annotations

from pathlib import Path

from store import db
from store.layers import feature, import_history, layer_revision

BAD = Path(__file__).parent / "data" / "bad"
SHIPPED = Path(__file__).resolve().parent.parent / "data" / "shapefiles"


def _edit_plant(app) -> None:
    with app.app_context():
        row = feature("sewage_plants", "wwtp-wanquan")
        row.properties = {**row.properties, "status": "operating"}
        db.session.commit()


def _status(app) -> str:
    with app.app_context():
        return feature("sewage_plants", "wwtp-wanquan").properties["status"]


def test_init_db_keeps_loaded_layers_and_their_edits(app):
    _edit_plant(app)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "every layer is loaded already" in result.output
    assert _status(app) == "operating"


def test_init_db_reload_replaces_every_layer(app):
    _edit_plant(app)
    result = app.test_cli_runner().invoke(args=["init-db", "--reload"])
    assert result.exit_code == 0, result.output
    assert "roads: 3202 features" in result.output
    assert _status(app) != "operating"


def test_import_layer_replaces_and_records(app):
    with app.app_context():
        before = layer_revision("places")
    result = app.test_cli_runner().invoke(
        args=["import-layer", "places", str(SHIPPED / "places.geojson")]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert layer_revision("places") == before + 1
        assert import_history()[0].imported_by == "command line"


def test_import_layer_refuses_a_bad_file_and_changes_nothing(app):
    with app.app_context():
        before = layer_revision("stops")
    result = app.test_cli_runner().invoke(
        args=["import-layer", "stops", str(BAD / "stops_duplicate_id.geojson")]
    )
    assert result.exit_code != 0
    assert "Error: stops_duplicate_id.geojson: feature 1" in result.output
    assert "duplicate id 'stop-a'" in result.output
    with app.app_context():
        assert layer_revision("stops") == before


def test_reimport_keeps_edit_versions_rising(app):
    """A form opened before a re-import must not match a version again after it."""
    with app.app_context():
        row = feature("sewage_plants", "wwtp-wanquan")
        row.version = 7
        db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["import-layer", "sewage_plants", str(SHIPPED / "sewage_plants.geojson")]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert feature("sewage_plants", "wwtp-wanquan").version == 8
        assert feature("sewage_plants", "wwtp-gaotang").version == 2
