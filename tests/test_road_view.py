"""Roads by view (geo/maps/road_view.py): the zoom bands of a large roads layer, their classes,
simplification and merging, and the bounding-box query the web map makes as it moves."""

from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import shape

from geo.maps.display import display_copy
from geo.maps.road_view import BANDS, INLINE_MAX, MAX_FEATURES, build_road_view
from tests.road_grid import LAT0, LON0, STEP, grid_roads

COUNTY_BOX = (117.0, 26.4, 117.9, 27.1)


@pytest.fixture(scope="module")
def roads():
    return grid_roads(20000)


@pytest.fixture(scope="module")
def view(roads):
    return build_road_view(roads)


def _classes(answer: dict) -> set[str]:
    return {f["properties"]["class"] for f in answer["features"]}


def test_low_zoom_shows_only_the_main_classes_merged(view, roads):
    answer = view.query(COUNTY_BOX, 9)
    assert answer["zoom_band"] == 0 and not answer["truncated"]
    assert _classes(answer) == {"national", "provincial"}
    main = sum(f["properties"]["class"] in ("national", "provincial") for f in roads)
    # merged end to end within their cells: far fewer lines than pieces, covering them all
    assert len(answer["features"]) < main / 3
    drawn = shapely.union_all([shape(f["geometry"]) for f in answer["features"]])
    pieces = [shape(f["geometry"]) for f in roads if f["properties"]["class"] == "provincial"]
    assert all(drawn.distance(p.centroid) < 1e-4 for p in pieces[::50])


def test_zooming_in_adds_classes_then_every_piece_with_its_name(view):
    assert _classes(view.query(COUNTY_BOX, 11)) == {"national", "provincial", "township"}
    near = (LON0, LAT0, LON0 + 10 * STEP, LAT0 + 10 * STEP)
    detail = view.query(near, 15)
    assert detail["zoom_band"] == 15
    assert _classes(detail) == {"national", "provincial", "township", "village"}
    named = [f for f in detail["features"] if f["properties"]["class"] == "national"]
    assert named and named[0]["properties"]["name_zh"] == "0号路"


def test_a_view_gets_only_what_meets_its_box(view):
    box = (LON0 + 0.05, LAT0 + 0.05, LON0 + 0.06, LAT0 + 0.06)
    answer = view.query(box, 16)
    area = shapely.box(*box)
    assert answer["features"]
    assert all(shape(f["geometry"]).intersects(area) for f in answer["features"])
    assert view.query((100.0, 10.0, 100.1, 10.1), 16)["features"] == []


def test_coordinates_are_sent_to_the_metre(view):
    answer = view.query(COUNTY_BOX, 11)
    text = json.dumps(answer["features"][0]["geometry"])
    assert all(len(v.split(".")[1]) <= 5 for v in text.replace("]", ",").replace("[", ",")
               .split(",") if "." in v)  # fmt: skip


def test_an_answer_is_capped_main_roads_first(roads):
    answer = build_road_view(grid_roads(2 * MAX_FEATURES + 2000)).query(COUNTY_BOX, 16)
    assert answer["truncated"] and len(answer["features"]) == MAX_FEATURES
    ranks = [f["properties"]["class"] for f in answer["features"]]
    assert ranks[0] == "national" and ranks[-1] in ("township", "village")


def test_bands_run_from_coarse_to_fine():
    assert [b.min_zoom for b in BANDS] == sorted(b.min_zoom for b in BANDS)
    assert [b.tolerance for b in BANDS] == sorted((b.tolerance for b in BANDS), reverse=True)


def test_a_large_layer_is_simplified_per_feature_not_merged(roads):
    small = display_copy("roads", roads[:INLINE_MAX])
    assert len(small) <= 4  # one merged line per class
    large = display_copy("roads", roads)
    assert len(large) == len(roads) and large[5]["properties"] == roads[5]["properties"]
