"""Multi-day tour cases on the shipped road graph, shared by tests and bench/bench_multiday.py.

``n`` shipped stops taken round-robin over the townships, from the county government; with
``windows`` about a third get a 3-4 h opening window (the same stops and windows for the same
``n``).
"""

from __future__ import annotations

import json
from datetime import time
from functools import cache
from pathlib import Path

import numpy as np

from geo.roads.network import RoadGraph
from geo.tour.steps import Visit
from tests.multiday_cases import Case

DATA = Path(__file__).resolve().parent.parent / "data" / "shapefiles"
GOV = "place-gov"


def shipped(n: int, windows: bool) -> Case:
    """``n`` shipped stops and the county government (``GOV``) on the shipped road graph."""
    stops = json.loads((DATA / "stops.geojson").read_text())["features"]
    places = json.loads((DATA / "places.geojson").read_text())["features"]
    by_town: dict[str, list[dict]] = {}
    for f in stops:
        by_town.setdefault(f["properties"]["township_code"], []).append(f)
    chosen = [
        g[k]
        for k in range(max(map(len, by_town.values())))
        for _, g in sorted(by_town.items())
        if k < len(g)
    ][:n]
    gov = next(p for p in places if p["properties"]["id"] == GOV)
    points = {f["properties"]["id"]: tuple(f["geometry"]["coordinates"][:2]) for f in chosen}
    points[GOV] = tuple(gov["geometry"]["coordinates"][:2])
    matrix = _graph().cost_matrix(points)
    rng = np.random.default_rng(n)
    visits = {}
    for f in chosen:
        stop, window = f["properties"]["id"], None
        if windows and rng.random() < 0.33:
            opens = int(rng.integers(8, 13))
            window = (time(opens, 30), time(opens + int(rng.integers(3, 5)), 30))
        visits[stop] = Visit(stop, int(f["properties"]["visit_minutes"]), window)
    return Case(list(matrix.ids), matrix.minutes, matrix.km, visits)


@cache
def _graph() -> RoadGraph:
    """The shipped road graph, built once per process (a bench run asks for it per case)."""
    roads = json.loads((DATA / "roads.geojson").read_text())["features"]
    return RoadGraph.from_features(roads)
