"""Layer revisions: every import keeps a revision (who, when, file, count, content) that the admin
can list, compare with the live layer (features named) and roll back to, as a new revision."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from geo.errors import GeoInputError, NotFoundError
from geo.layers.preview import reference_warnings
from services import layers as service
from store import atomic
from store.layers import bump_revision, feature, features, layer_revision, revisions

DATA = Path(__file__).resolve().parent / "data"
BAD = DATA / "bad"
SHIPPED = DATA.parent.parent / "data" / "shapefiles"
SHIPPED_PLACES = {
    f["properties"]["id"]: f["properties"]["name_zh"]
    for f in json.loads((SHIPPED / "places.geojson").read_text())["features"]
}


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def _places_v2(tmp_path: Path) -> Path:
    """The shipped places with the hotel renamed, the government removed and a guesthouse added."""
    shipped = json.loads((SHIPPED / "places.geojson").read_text())
    new = copy.deepcopy(shipped)
    hotel = next(f for f in new["features"] if f["properties"]["id"] == "place-hotel")
    hotel["properties"]["name_zh"] = "将乐大酒店"
    guest = copy.deepcopy(hotel)
    guest["properties"].update(id="place-guest", name_zh="古镛客栈", name_en="Guyong Inn")
    new["features"] = [hotel, guest]
    path = tmp_path / "places_v2.geojson"
    path.write_text(json.dumps(new, ensure_ascii=False))
    return path


def test_every_import_keeps_a_revision_with_who_when_file_and_count(ctx, tmp_path):
    start = layer_revision("places")
    service.import_layer("places", DATA / "places_upload.geojson", user="alice")
    service.import_layer("places", _places_v2(tmp_path), user="bob")
    rows = service.revisions("places")
    assert [r.number for r in rows[:3]] == [start + 2, start + 1, start]
    newest, middle = rows[0], rows[1]
    assert (newest.created_by, newest.file_name, newest.feature_count, newest.kind) == (
        "bob",
        "places_v2.geojson",
        2,
        "import",
    )
    assert (middle.created_by, middle.file_name, middle.feature_count) == (
        "alice",
        "places_upload.geojson",
        3,
    )
    assert newest.created_at >= middle.created_at


def test_compare_lists_added_removed_and_changed_features_by_name(ctx, tmp_path):
    start = layer_revision("places")
    service.import_layer("places", _places_v2(tmp_path))
    view = service.compare_revision("places", start)
    assert view.current == start + 1
    assert view.changes["added"] == [{"id": "place-guest", "name": "古镛客栈"}]
    assert view.changes["removed"] == [
        {"id": i, "name": n} for i, n in SHIPPED_PLACES.items() if i != "place-hotel"
    ]
    assert view.changes["changed"] == [
        {"id": "place-hotel", "name": "将乐大酒店", "fields": ["name_zh"]}
    ]
    same = service.compare_revision("places", start + 1)
    assert same.changes == {"added": [], "removed": [], "changed": []}


def test_rollback_restores_the_exact_old_features_as_a_new_revision(ctx, tmp_path):
    start = layer_revision("places")
    before = features("places")
    service.import_layer("places", _places_v2(tmp_path))
    applied = service.rollback_layer("places", start, user="carol")
    assert applied.count == len(before)
    assert features("places") == before
    assert layer_revision("places") == start + 2
    newest = revisions("places")[0]
    assert (newest.number, newest.kind, newest.rollback_of, newest.created_by) == (
        start + 2,
        "rollback",
        start,
        "carol",
    )
    # the rollback can itself be undone
    service.rollback_layer("places", start + 1)
    assert {f["id"] for f in features("places")} == {"place-hotel", "place-guest"}


def test_a_refused_import_creates_no_revision(ctx):
    before = [r.number for r in revisions("stops")]
    with pytest.raises(GeoInputError):
        service.import_layer("stops", BAD / "stops_duplicate_id.geojson")
    assert [r.number for r in revisions("stops")] == before


def test_unknown_revision_and_layer_are_not_found(ctx):
    with pytest.raises(NotFoundError, match="no revision 99"):
        service.compare_revision("places", 99)
    with pytest.raises(NotFoundError, match="no layer named"):
        service.rollback_layer("nope", 1)


def test_edits_since_the_last_import_are_kept_before_a_replacement(ctx):
    with atomic():
        row = feature("places", "place-hotel")
        row.properties = {**row.properties, "name_zh": "编辑后的宾馆"}
        bump_revision("places")
    edited = features("places")
    service.import_layer("places", DATA / "places_upload.geojson")
    kept = revisions("places")[1]
    assert kept.kind == "edits"
    service.rollback_layer("places", kept.number)
    assert features("places") == edited


# --------------------------------------------------------------------------- admin pages


@pytest.fixture
def admin(auth, app, tmp_path):
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    auth.login("boss", "admin")
    return auth


def _page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_admin_sees_compares_and_rolls_back(app, client, admin, tmp_path):
    with app.app_context():
        start = layer_revision("places")
        service.import_layer("places", _places_v2(tmp_path), user="boss")
    page = client.get("/admin/layers")
    assert page.status_code == 200
    assert f'data-revision="{start + 1}"' in page.get_data(as_text=True)
    assert "places_v2.geojson" in _page_text(page)
    compare = client.get(f"/admin/layers/places/revisions/{start}")
    assert compare.status_code == 200
    body = _page_text(compare)
    assert "古镛客栈" in body and "将乐县人民政府" in body and "将乐大酒店" in body
    response = client.post(
        f"/admin/layers/places/revisions/{start}/rollback",
        data={"csrf_token": admin.csrf_token("/admin/layers"), "expected_revision": start + 1},
    )
    assert response.status_code == 302
    with app.app_context():
        assert {f["id"] for f in features("places")} == set(SHIPPED_PLACES)
        assert layer_revision("places") == start + 2


def test_a_stale_rollback_is_refused(app, client, admin, tmp_path):
    with app.app_context():
        start = layer_revision("places")
        service.import_layer("places", _places_v2(tmp_path))
    response = client.post(
        f"/admin/layers/places/revisions/{start}/rollback",
        data={"csrf_token": admin.csrf_token("/admin/layers"), "expected_revision": start},
    )
    assert response.status_code == 409
    with app.app_context():
        assert layer_revision("places") == start + 1


def test_rollback_needs_csrf_and_an_admin(app, client, auth):
    with app.app_context():
        start = layer_revision("places")
    url = f"/admin/layers/places/revisions/{start}/rollback"
    auth.login("boss", "admin")
    assert client.post(url, data={}).status_code == 400
    client.post("/logout", data={"csrf_token": auth.csrf_token("/")})
    auth.login("planner", "planner")
    token = auth.csrf_token("/")
    assert client.post(url, data={"csrf_token": token}).status_code == 403
    assert client.get(f"/admin/layers/places/revisions/{start}").status_code == 403
    with app.app_context():
        assert layer_revision("places") == start


# --------------------------------------------------------------------------- command line


def test_cli_lists_revisions_and_rolls_back(app, tmp_path):
    runner = app.test_cli_runner()
    with app.app_context():
        start = layer_revision("places")
        service.import_layer("places", _places_v2(tmp_path), user="bob")
    listing = runner.invoke(args=["layer-revisions", "places"])
    assert listing.exit_code == 0, listing.output
    assert "places_v2.geojson" in listing.output and "bob" in listing.output
    result = runner.invoke(args=["rollback-layer", "places", str(start)])
    assert result.exit_code == 0, result.output
    assert f"revision {start} restored, {len(SHIPPED_PLACES)} features" in result.output
    bad = runner.invoke(args=["rollback-layer", "places", "99"])
    assert bad.exit_code != 0 and "no revision 99" in bad.output
    with app.app_context():
        assert {f["id"] for f in features("places")} == set(SHIPPED_PLACES)


def test_the_preview_names_each_plan_and_the_stops_a_new_file_removes(ctx):
    stops = features("stops")
    kept, gone = stops[1:], stops[0]
    plan = {"id": 7, "name": "夏季考察", "sites": [gone["id"], kept[0]["id"]], "locked": []}
    warnings = reference_warnings("stops", kept, {"stops": stops}, [plan])
    [warning] = [w for w in warnings if w["kind"] == "plan"]
    assert (warning["name"], warning["ids"], warning["stops"]) == (
        "夏季考察",
        [gone["id"]],
        [gone["properties"]["name_zh"]],
    )
