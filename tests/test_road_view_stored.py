"""The roads by view of a large roads layer are built once per content and stored under the
cache folder (services.display, store.derived_files): a fresh process reads the stored copy
instead of simplifying every road again; a small layer is built in memory only, as before."""

from __future__ import annotations

import pytest

from geo.maps import road_view_file
from geo.maps.road_view import build_road_view
from services import display
from store import layers as layer_store
from store.layers import layer_stamp, replace_layer_recorded
from tests.road_grid import grid_roads

BOXES = [((117.0, 26.4, 117.9, 27.1), 9), ((117.0, 26.4, 117.9, 27.1), 11),
         ((117.30, 26.60, 117.32, 26.62), 14), ((117.30, 26.60, 117.32, 26.62), 16)]  # fmt: skip


@pytest.fixture
def cache_dir(app, tmp_path, monkeypatch):
    """A cache folder of the test's own, and nothing in memory: the same grid's roads by view
    kept by an earlier test (same content, same stamp) would be served without being stored."""
    monkeypatch.setattr(layer_store, "_CACHE", type(layer_store._CACHE)())
    app.config["CACHE_DIR"] = str(tmp_path / "cache")
    return tmp_path / "cache" / "road-view"


def _fresh_process(monkeypatch) -> None:
    """As another server process: nothing in memory, and building is not allowed."""
    monkeypatch.setattr(layer_store, "_CACHE", type(layer_store._CACHE)())

    def refuse(features):
        raise AssertionError("the stored roads by view were built again")

    monkeypatch.setattr(display, "build_road_view", refuse)


def test_the_bytes_give_back_the_same_answers():
    view = build_road_view(grid_roads(3000))
    again = road_view_file.from_bytes(road_view_file.to_bytes(view))
    for box, zoom in BOXES:
        assert again.query(box, zoom) == view.query(box, zoom)


def test_a_large_layer_is_stored_once_and_read_by_a_fresh_process(app, cache_dir, monkeypatch):
    with app.app_context():
        replace_layer_recorded("roads", grid_roads(6000), "grid", "grid.geojson", "test")
        built = display.road_view()
        stamp = layer_stamp("roads")
    assert [p.name for p in cache_dir.iterdir()] == [f"{stamp}-{road_view_file.FORMAT}"]
    _fresh_process(monkeypatch)
    with app.app_context():
        read = display.road_view()
        assert display.road_view() is read  # then kept in memory
    assert read is not built
    for box, zoom in BOXES:
        assert read.query(box, zoom) == built.query(box, zoom)


def test_a_new_roads_content_gets_its_own_copy_and_old_ones_go(app, cache_dir):
    with app.app_context():
        for pieces in (6000, 6200, 6400):
            replace_layer_recorded("roads", grid_roads(pieces), "grid", "grid.geojson", "test")
            display.road_view()
        stamp = layer_stamp("roads")
        assert len(display.road_view().labels) == 6400
    names = sorted(p.name for p in cache_dir.iterdir())
    assert len(names) == 2 and f"{stamp}-{road_view_file.FORMAT}" in names


def test_a_small_layer_is_not_stored(app, cache_dir):
    with app.app_context():
        view = display.road_view()
    assert len(view.labels) < 5000 and not cache_dir.exists()


def test_a_layer_replaced_after_its_stamp_was_read_is_stored_under_its_own_stamp(
    app, cache_dir, monkeypatch
):
    """The old race: the stamp read, then the roads replaced, then the features read: the new
    roads were stored (and kept in memory) under the old stamp, wrong for good."""
    read_stamp = layer_store.layer_stamp

    def stamp_then_replace(name):
        stamp = read_stamp(name)
        monkeypatch.setattr(layer_store, "layer_stamp", read_stamp)
        replace_layer_recorded("roads", grid_roads(6200), "grid", "grid.geojson", "test")
        return stamp

    with app.app_context():
        replace_layer_recorded("roads", grid_roads(6000), "grid", "grid.geojson", "test")
        old = layer_stamp("roads")
        monkeypatch.setattr(layer_store, "layer_stamp", stamp_then_replace)
        assert len(display.road_view().labels) == 6200
        new = layer_stamp("roads")
        assert len(display.road_view().labels) == 6200  # kept in memory under the new stamp
        replace_layer_recorded("roads", grid_roads(6000), "grid", "grid.geojson", "test")
        assert layer_stamp("roads") == old  # the same content again: the same stamp
        assert len(display.road_view().labels) == 6000
    stored = {p.name: road_view_file.from_bytes(p.read_bytes()) for p in cache_dir.iterdir()}
    assert {name: len(view.labels) for name, view in stored.items()} == {
        f"{new}-{road_view_file.FORMAT}": 6200,
        f"{old}-{road_view_file.FORMAT}": 6000,
    }
