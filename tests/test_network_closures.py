"""What-ifs (closed roads): the patched arrays and reused search trees answer exactly as a graph
built without those roads (geo.roads.network, geo.roads.chain_folding, geo.roads.what_if)."""

from __future__ import annotations

import numpy as np
import pytest

import geo.roads.what_if as what_if
from geo.errors import NoRouteError
from geo.roads.network import RoadGraph
from tests.road_cases import random_road_features


@pytest.fixture(scope="module")
def features() -> list[dict]:
    return random_road_features(1500, seed=3)


def _points(seed: int, count: int) -> dict[str, tuple[float, float]]:
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(117.25, 117.55, count), rng.uniform(26.55, 26.85, count)
    return {f"p{i}": (float(x), float(y)) for i, (x, y) in enumerate(zip(lon, lat, strict=True))}


def _answer(graph: RoadGraph, points, closed=frozenset()):
    """Minutes and km of the matrix, or the stops a NoRouteError names."""
    try:
        matrix = graph.cost_matrix(points, closed)
    except NoRouteError as exc:
        return exc.unreachable
    return matrix.minutes, matrix.km


def _same(got, expected) -> None:
    if isinstance(expected, list):
        assert got == expected
        return
    assert not isinstance(got, list), got
    np.testing.assert_allclose(got[0], expected[0], rtol=0, atol=1e-9)
    np.testing.assert_allclose(got[1], expected[1], rtol=0, atol=1e-9)


def _closure(features: list[dict], seed: int, count: int) -> frozenset[str]:
    rng = np.random.default_rng(seed)
    ids = [f["properties"]["id"] for f in features]
    return frozenset(rng.choice(ids, count, replace=False).tolist())


@pytest.mark.parametrize("seed", range(5))
def test_closure_equals_a_graph_built_without_the_closed_roads(features, seed):
    closed = _closure(features, seed, 5 + 20 * seed)
    rebuilt = RoadGraph.from_features([f for f in features if f["properties"]["id"] not in closed])
    points = _points(100 + seed, 14)
    warm = RoadGraph.from_features(features)
    _answer(warm, points)  # the open network's trees are kept and patched by the what-if
    cold = RoadGraph.from_features(features)
    expected = _answer(rebuilt, points)
    _same(_answer(warm, points, closed), expected)
    _same(_answer(cold, points, closed), expected)
    assert warm.compiled(closed).chains.core.sum() < 0.8 * warm.n_nodes  # still mostly folded


def test_closure_keeps_the_open_network_and_its_answers(features):
    graph = RoadGraph.from_features(features)
    points = _points(7, 10)
    before = _answer(graph, points)
    _answer(graph, points, _closure(features, 1, 60))
    _same(_answer(graph, points), before)
    assert graph.compiled() is graph.compiled(frozenset())


def test_what_if_reruns_only_the_stops_whose_paths_it_cuts(features, monkeypatch):
    graph = RoadGraph.from_features(features)
    points = _points(11, 14)
    cut = _answer(graph, points)
    if isinstance(cut, list):  # a stop in a one-way trap of the generated network
        points = {k: v for k, v in points.items() if k not in cut}
    matrix = graph.cost_matrix(points)
    leg = matrix.leg("p0", "p1")
    closed = frozenset(leg.road_ids[len(leg.road_ids) // 2 : len(leg.road_ids) // 2 + 1])
    rebuilt = RoadGraph.from_features([f for f in features if f["properties"]["id"] not in closed])
    rows: list[int] = []
    real = what_if.dijkstra

    def counting(csr, directed, indices, **kw):
        rows.extend(np.atleast_1d(indices).tolist())
        return real(csr, directed=directed, indices=indices, **kw)

    monkeypatch.setattr(what_if, "dijkstra", counting)
    got = _answer(graph, points, closed)
    assert graph.n_nodes in rows  # p0's path to p1 crossed the closed road: rerun
    assert 0 < len(rows) < len(points)
    _same(got, _answer(rebuilt, points))
