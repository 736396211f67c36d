"""The route ink a township name may cover (geo.maps.labels): the area within each candidate box,
from the lines near it only, is the area of one buffer of every line (what it replaced), up to
the buffer's own approximation (GEOS simplifies a line by 1% of the distance before it buffers
it, and rounds ends and joins as polygons): 0.5%, 0.05 pt² in a 424 pt² box."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo.maps.labels import _RouteInk


def _routes(seed: int) -> list[shapely.LineString]:
    """Two long zig-zag day routes over a 600 x 400 pt map, crossing each other."""
    rng = np.random.default_rng(seed)
    return [shapely.LineString(rng.uniform((0, 0), (600, 400), size=(40, 2))) for _ in range(2)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_area_in_a_box_is_the_area_of_one_buffer_of_every_line(seed):
    lines = _routes(seed)
    whole = shapely.union_all(lines).buffer(_RouteInk.INK_PT)
    ink = _RouteInk(lines)
    rng = np.random.default_rng(seed + 10)
    covered = 0
    for x, y in rng.uniform((0, 0), (600, 400), size=(300, 2)):
        box = (x, y, x + 40.0, y + 10.6)
        expected = whole.intersection(shapely.box(*box)).area
        assert ink.area_in(box) == pytest.approx(expected, rel=5e-3, abs=0.05)
        covered += expected > 0
    assert 30 < covered < 300  # boxes on the lines and boxes clear of them were both tried
