"""The route ink a township name may cover (geo.maps.labels): the lines drawn once into a grid of
one-point cells give, for any box, the area one buffer of every line (what it replaced) covers,
within a cell's width along the ink's edges; a box clear of the ink by more than a cell reads 0."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo.maps.labels import _RouteInk

SIZE = (600.0, 400.0)


def _routes(seed: int) -> list[np.ndarray]:
    """Two long zig-zag day routes over a 600 x 400 pt map, crossing each other."""
    rng = np.random.default_rng(seed)
    return [rng.uniform((0, 0), SIZE, size=(40, 2)) for _ in range(2)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_area_in_a_box_is_the_area_of_one_buffer_of_every_line(seed):
    lines = _routes(seed)
    whole = shapely.union_all([shapely.LineString(line) for line in lines]).buffer(_RouteInk.INK_PT)
    ink = _RouteInk(lines, SIZE)
    rng = np.random.default_rng(seed + 10)
    assert ink.area_in((0, 0, *SIZE)) == pytest.approx(whole.area, rel=0.12)
    covered = 0
    for x, y in rng.uniform((0, 0), (560, 390), size=(300, 2)):
        box = (x, y, x + 40.0, y + 10.6)
        shape = shapely.box(*box)
        expected = whole.intersection(shape).area
        edge = whole.boundary.intersection(shape).length  # the ink's edge in the box
        assert abs(ink.area_in(box) - expected) <= _RouteInk.CELL_PT * edge + 8.0
        if whole.distance(shape) > _RouteInk.CELL_PT:
            assert ink.area_in(box) == 0.0
        covered += expected > 0
    assert 30 < covered < 300  # boxes on the lines and boxes clear of them were both tried


def test_boxes_at_and_past_the_edges_of_the_map_count_only_the_map():
    ink = _RouteInk([np.array([(0.0, 200.0), (600.0, 200.0)])], SIZE)
    assert 600 * 4 <= ink.area_in((-50, 190, 650, 210)) <= 600 * (4 + _RouteInk.CELL_PT)
    assert ink.area_in((700, 0, 800, 400)) == 0.0
