"""A generated roads layer of any size for the large-layer tests and bench/bench_map.py: a
square grid of one-piece roads south-west of the county seat, every tenth row and column a
main road (provincial, every fortieth national), the others township or village roads."""

from __future__ import annotations

from typing import Any

STEP = 0.0015  # degrees between grid lines (~150 m)
LON0, LAT0 = 117.30, 26.60


def _road_class(line: int) -> str:
    if line % 40 == 0:
        return "national"
    if line % 10 == 0:
        return "provincial"
    return "township" if line % 2 == 0 else "village"


def grid_roads(pieces: int) -> list[dict[str, Any]]:
    """About ``pieces`` valid catalogue road features (ids ``g<k>``)."""
    side = int((pieces / 2) ** 0.5) + 1
    feats: list[dict[str, Any]] = []
    for r in range(side):
        for c in range(side):
            a = (LON0 + c * STEP, LAT0 + r * STEP)
            for b, line in (((a[0] + STEP, a[1]), r), ((a[0], a[1] + STEP), c)):
                if len(feats) >= pieces:
                    return feats
                cls = _road_class(line)
                props = {
                    "id": f"g{len(feats)}",
                    "name_zh": f"{line}号路" if cls in ("national", "provincial") else None,
                    "class": cls,
                    "speed_kmh": 60.0 if cls in ("national", "provincial") else 30.0,
                    "oneway": False,
                    "source": "generated test grid",
                    "accuracy": "synthetic",
                }
                geometry = {"type": "LineString", "coordinates": [list(a), list(b)]}
                feats.append({"type": "Feature", "properties": props, "geometry": geometry})
    return feats
