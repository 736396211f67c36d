"""The layer service without a request: shipped layers loaded, one layer replaced from a file
or through a staged upload (preview, apply, cancel), and bad files refused with nothing changed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from geo.errors import GeoInputError, NotFoundError
from services import layers as service
from store import db
from store.layers import feature, features, import_history, layer_revision, loaded_layers

DATA = Path(__file__).resolve().parent / "data"
BAD = DATA / "bad"
SHIPPED = DATA.parent.parent / "data" / "shapefiles"


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def root(tmp_path) -> Path:
    """Where uploads are staged (beside, not among, the test database)."""
    return tmp_path / "uploads"


def _stage(root: Path, layer: str, path: Path, name: str | None = None) -> service.Preview:
    with path.open("rb") as stream:
        return service.stage_upload(root, layer, stream, name or path.name, "en", "boss")


def test_a_layer_is_replaced_from_a_file_and_recorded(ctx):
    before = layer_revision("places")
    assert service.import_layer("places", DATA / "places_upload.geojson") == 3
    assert layer_revision("places") == before + 1
    assert {f["id"] for f in features("places")} == {"place-gov", "place-hotel", "place-guesthouse"}
    [record] = import_history()
    assert (record.layer, record.imported_by, record.previous_count, record.feature_count) == (
        "places",
        "command line",
        3,  # government, hotel, station
        3,
    )


def test_a_bad_layer_file_is_refused_and_changes_nothing(ctx):
    before = features("stops"), layer_revision("stops")
    with pytest.raises(GeoInputError, match="duplicate id 'stop-a'"):
        service.import_layer("stops", BAD / "stops_duplicate_id.geojson")
    with pytest.raises(GeoInputError, match="outside the county outline"):
        service.import_layer("stops", BAD / "stops_outside_county.geojson")
    assert (features("stops"), layer_revision("stops")) == before
    assert import_history() == []


def test_upload_preview_then_apply_replaces_the_layer(ctx, root):
    preview = _stage(root, "places", DATA / "places_upload.geojson", "新地点.geojson")
    assert (preview.count, preview.old_count) == (3, 3)
    assert preview.changes["added"] == ["place-guesthouse"] and preview.blockers == []
    assert preview.sample[0]["id"] == "place-gov" and "id" in preview.columns
    assert len(features("places")) == 3  # a preview saves nothing
    applied = service.apply_upload(root, preview.item.token, "boss")
    assert (applied.layer, applied.count) == ("places", 3)
    assert len(features("places")) == 3
    assert import_history()[0].file_name == "新地点.geojson"
    assert not preview.item.folder.exists()  # the staged copy is gone once applied
    with pytest.raises(NotFoundError, match="this upload is gone"):
        service.apply_upload(root, preview.item.token, "boss")


def test_a_bad_upload_is_refused_by_its_own_name_and_nothing_is_staged(ctx, root):
    before = features("stops"), layer_revision("stops")
    with pytest.raises(service.UploadRefused) as refused:
        _stage(root, "stops", BAD / "stops_missing_property.geojson", "my stops.geojson")
    assert refused.value.layer == "stops" and refused.value.status == 422
    assert str(refused.value).startswith("my stops.geojson: feature 1")
    assert not root.exists() or list(root.iterdir()) == []
    with pytest.raises(service.UploadRefused, match="choose a file|选择"):
        service.stage_upload(root, "stops", None, "", "en", "boss")
    with pytest.raises(NotFoundError, match="no layer named “nope”"):
        service.stage_upload(root, "nope", io.BytesIO(b"{}"), "x.geojson", "en", "boss")
    assert (features("stops"), layer_revision("stops")) == before


def test_apply_after_the_layer_changed_is_refused_and_changes_nothing(ctx, root):
    first = _stage(root, "places", DATA / "places_upload.geojson")
    service.import_layer("places", SHIPPED / "places.geojson")
    after = features("places"), layer_revision("places")
    with pytest.raises(service.UploadRefused, match="changed since the preview") as refused:
        service.apply_upload(root, first.item.token, "boss")
    assert refused.value.status == 409
    assert (features("places"), layer_revision("places")) == after
    assert not first.item.folder.exists()


def test_cancel_removes_the_staged_upload(ctx, root):
    preview = _stage(root, "places", DATA / "places_upload.geojson")
    service.cancel_upload(root, preview.item.token)
    assert not preview.item.folder.exists() and len(features("places")) == 3


def test_catalogue_lists_every_layer_with_its_last_upload(ctx):
    service.import_layer("places", DATA / "places_upload.geojson", user="boss")
    view = service.catalogue()
    rows = {row.name: row for row in view.layers}
    assert set(rows) == loaded_layers() and ".kml" in view.accept
    assert rows["places"].last.imported_by == "boss" and rows["stops"].last is None
    assert rows["places"].info.feature_count == 3


def test_init_db_keeps_edits_unless_reloaded_and_ensure_loaded_is_a_no_op(ctx):
    row = feature("sewage_plants", "wwtp-wanquan")
    row.properties = {**row.properties, "status": "operating"}
    db.session.commit()
    assert service.ensure_loaded(SHIPPED) == {}
    assert service.init_db(SHIPPED) == {}
    assert feature("sewage_plants", "wwtp-wanquan").properties["status"] == "operating"
    counts = service.init_db(SHIPPED, reload=True)
    assert counts["roads"] == 3202 and set(counts) == loaded_layers()
    assert feature("sewage_plants", "wwtp-wanquan").properties["status"] == "planned"


def test_a_first_start_without_the_layer_files_loads_nothing(tmp_path):
    from app import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.db'}",
            "LAYER_DIR": str(tmp_path),  # empty: nothing to load
            "AUTO_INIT_DB": False,
        }
    )
    with app.app_context():
        with pytest.raises(GeoInputError):
            service.ensure_loaded(tmp_path)
        assert loaded_layers() == set()  # tables made, nothing half-loaded
