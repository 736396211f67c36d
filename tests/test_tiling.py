"""The townships-tile-the-county check: gaps, overlaps and spills in km², named by township."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import box, mapping

from geo.layers.tiling import MIN_AREA_KM2, tiling_problems

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "shapefiles"
# About 1.1 km x 1.0 km per 0.01 degree at 26.7 N.
LON, LAT = 117.4, 26.7


def _feature(geom, name_zh: str, name_en: str = "") -> dict:
    props = {"id": name_zh, "name_zh": name_zh, "name_en": name_en}
    return {"type": "Feature", "properties": props, "geometry": mapping(geom)}


def _cell(x0: float, x1: float, y0: float = 0.0, y1: float = 0.02):
    return box(LON + x0, LAT + y0, LON + x1, LAT + y1)


COUNTY = [_feature(_cell(0, 0.04), "县")]


def test_townships_that_tile_the_county_have_no_problem():
    towns = [_feature(_cell(0, 0.02), "甲"), _feature(_cell(0.02, 0.04), "乙")]
    assert tiling_problems(towns, COUNTY) == []


def test_a_gap_is_measured_and_named_by_the_townships_around_it():
    towns = [_feature(_cell(0, 0.015), "甲", "Jia"), _feature(_cell(0.02, 0.04), "乙", "Yi")]
    (gap,) = tiling_problems(towns, COUNTY)
    assert gap.kind == "gap"
    assert gap.area_km2 == pytest.approx(0.005 * 0.02 * 111.32**2 * 0.8934, rel=0.02)
    assert gap.names("zh") == ("甲", "乙") and gap.names("en") == ("Jia", "Yi")


def test_an_overlap_names_both_townships_and_a_spill_the_one_beyond_the_line():
    towns = [_feature(_cell(0, 0.025), "甲"), _feature(_cell(0.02, 0.045), "乙")]
    problems = {p.kind: p for p in tiling_problems(towns, COUNTY)}
    assert set(problems) == {"overlap", "outside"}
    assert problems["overlap"].names("zh") == ("甲", "乙")
    assert problems["overlap"].area_km2 == pytest.approx(problems["outside"].area_km2, rel=0.01)
    assert problems["outside"].names("zh") == ("乙",)
    assert problems["outside"].names("en") == ("乙",)  # no English name: the Chinese one


def test_slivers_under_one_hectare_are_noise():
    towns = [_feature(_cell(0, 0.02), "甲"), _feature(_cell(0.02003, 0.04), "乙")]
    assert MIN_AREA_KM2 == 0.01 and tiling_problems(towns, COUNTY) == []


def test_the_shipped_townships_tile_the_shipped_county():
    read = lambda name: json.loads((SHIPPED / f"{name}.geojson").read_text("utf-8"))["features"]  # noqa: E731
    assert tiling_problems(read("townships"), read("county")) == []


def test_a_part_of_the_county_with_no_township_is_a_gap_named_by_none():
    county = [
        _feature(_cell(0, 0.04).union(_cell(0.06, 0.08)), "县")
    ]  # the second part: an exclave
    towns = [_feature(_cell(0, 0.02), "甲"), _feature(_cell(0.02, 0.04), "乙")]
    (gap,) = tiling_problems(towns, county)
    assert gap.kind == "gap" and gap.names("zh") == ()
