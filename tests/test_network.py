"""Road graph, snapping, cost matrices, closures and drawn legs (geo.roads.network, geo.roads.snapping).

Most tests use tests/data/roads_small.geojson, a hand-made network on a 0.01-degree grid near
Jiangle (see its "description" member):

    G ---- H            r-egh: MultiLineString E-G, G-H (dead end)
    |
    D -->- E ---- F     r-de: one-way D -> E
    |      |      |
    A ---- B ---- C     r-abc: one LineString A-B-C (split at B); r-ab2: slow bend A-(117.405,
                        26.695)-B; island X-Y (r-xy) 0.08 degrees east, not connected.

0.01 degree of longitude is about 995 m here, 0.01 degree of latitude about 1108 m.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from pyproj import Geod

from geo.errors import GeoInputError, NoRouteError, NotFoundError
from geo.roads.network import RoadGraph
from geo.roads.snapping import CONNECTOR_KMH
from tests.road_cases import random_road_features

DATA = Path(__file__).parent / "data"
SHIPPED = Path(__file__).resolve().parents[1] / "data" / "shapefiles"
GEOD = Geod(ellps="WGS84")
UTM_SCALE_TOL = 1e-3  # UTM 50N scale factor here is about 0.99962

A, B, C = (117.40, 26.70), (117.41, 26.70), (117.42, 26.70)
D, E, F = (117.40, 26.71), (117.41, 26.71), (117.42, 26.71)
G, H = (117.41, 26.72), (117.42, 26.72)
X = (117.50, 26.70)


def _features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def small() -> RoadGraph:
    return RoadGraph.from_features(_features(DATA / "roads_small.geojson"))


def _node(g: RoadGraph, lonlat: tuple[float, float]) -> int:
    hits = np.flatnonzero(np.all(np.abs(g.node_lonlat - lonlat) < 1e-9, axis=1))
    assert len(hits) == 1, lonlat
    return int(hits[0])


def _geod_m(*pts: tuple[float, float]) -> float:
    lons, lats = zip(*pts, strict=True)
    return GEOD.line_length(lons, lats)


def _edge(g: RoadGraph, a, b) -> dict:
    return g.graph.edges[_node(g, a), _node(g, b)]


def _nx_minutes(g: RoadGraph, a, b) -> float:
    return nx.dijkstra_path_length(g.graph, _node(g, a), _node(g, b), weight="minutes")


# --- building -------------------------------------------------------------------------------


def test_nodes_edges_and_components(small):
    assert small.n_nodes == 10  # A..H, X, Y: r-abc split at its B vertex, r-egh joined at G
    assert len(small.pieces) == 11  # 9 features, r-abc and r-egh in two pieces each
    assert small.graph.number_of_edges() == 19  # 9 two-way pairs + one-way D->E
    summary = small.summary()
    assert summary["weak_components"] == 2 and summary["largest_weak"] == 8
    assert summary["strong_components"] == 2 and summary["largest_strong"] == 8
    island = small.components.weak_labels[_node(small, X)]
    assert island != small.components.weak_labels[_node(small, A)]


def test_lengths_match_hand_and_geodesic(small):
    ab, ad = _edge(small, A, B), _edge(small, A, D)
    assert ab["length_m"] == pytest.approx(994.8, abs=1.0)  # 0.01 deg lon * cos(26.7) * 111.3 km
    assert ad["length_m"] == pytest.approx(1107.6, abs=1.0)  # 0.01 deg lat at 26.7 N
    for u, v, data in small.graph.edges(data=True):
        expected = _geod_m(*map(tuple, data["coords"]))
        assert data["length_m"] == pytest.approx(expected, rel=UTM_SCALE_TOL), (u, v)
    assert ab["minutes"] == pytest.approx(ab["length_m"] / 1000 / 60 * 60)  # 60 km/h


def test_edges_carry_oriented_coordinates_and_fastest_parallel(small):
    ab, ba = _edge(small, A, B), _edge(small, B, A)
    assert ab["road_id"] == "r-abc"  # r-ab2 (20 km/h, longer) is the slower parallel road
    assert tuple(ab["coords"][0]) == A and tuple(ab["coords"][-1]) == B
    assert tuple(ba["coords"][0]) == B and tuple(ba["coords"][-1]) == A


def test_multilinestring_parts_are_edges(small):
    assert _edge(small, E, G)["road_id"] == "r-egh"
    assert _edge(small, G, H)["road_id"] == "r-egh"


def test_plain_and_checked_reading_build_the_same_pieces():
    """A layer of plain LineStrings is read column by column; one MultiLineString sends the
    layer through the feature-by-feature checks: both must give the same pieces."""
    plain = _features(SHIPPED / "roads.geojson")[:400]
    first = plain[0]
    multi = [
        {
            **first,
            "geometry": {
                "type": "MultiLineString",
                "coordinates": [first["geometry"]["coordinates"]],
            },
        },
        *plain[1:],
    ]
    a, b = RoadGraph.from_features(plain).pieces, RoadGraph.from_features(multi).pieces
    assert len(a) == len(b) >= 400
    assert a.road_ids == b.road_ids
    for name in ("u", "v", "length_m", "minutes", "oneway"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert all(np.array_equal(x, y) for x, y in zip(a.coords, b.coords, strict=True))
    assert all(np.array_equal(x, y) for x, y in zip(a.cum_m, b.cum_m, strict=True))
    assert a.cum_m[7][0] == 0.0 and a.cum_m[7][-1] == pytest.approx(a.length_m[7])


def test_oneway_is_honoured(small):
    assert small.graph.has_edge(_node(small, D), _node(small, E))
    assert not small.graph.has_edge(_node(small, E), _node(small, D))
    de = _edge(small, D, E)["minutes"]
    ed = (
        _edge(small, E, B)["minutes"]
        + _edge(small, B, A)["minutes"]
        + _edge(small, A, D)["minutes"]
    )
    dist, _ = small.node_costs([_node(small, D), _node(small, E)])
    assert dist[0, _node(small, E)] == pytest.approx(de)
    assert dist[1, _node(small, D)] == pytest.approx(ed)
    assert ed > 3 * de


def test_from_geodataframe_matches_features(small):
    import geopandas as gpd

    gdf = gpd.read_file(DATA / "roads_small.geojson")
    g = RoadGraph.from_features(gdf)
    assert g.graph.number_of_edges() == small.graph.number_of_edges()
    assert np.allclose(sorted(g.pieces.length_m), sorted(small.pieces.length_m))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"geometry": {"type": "Point", "coordinates": [117.4, 26.7]}}, "LineString"),
        ({"properties": {"id": "r1", "speed_kmh": None, "oneway": False}}, "speed_kmh"),
        ({"properties": {"id": "r1", "speed_kmh": 30, "oneway": "yes"}}, "oneway"),
    ],
)
def test_bad_features_raise(change, message):
    feature = {
        "type": "Feature",
        "properties": {"id": "r1", "speed_kmh": 30, "oneway": False},
        "geometry": {"type": "LineString", "coordinates": [list(A), list(B)]},
    }
    with pytest.raises(GeoInputError, match=message):
        RoadGraph.from_features([{**feature, **change}])


# --- compiled Dijkstra vs networkx ----------------------------------------------------------


def _assert_same_as_networkx(g: RoadGraph, sources: list[int]) -> None:
    dist, _ = g.node_costs(sources)
    for row, src in zip(dist, sources, strict=True):
        ref = nx.single_source_dijkstra_path_length(g.graph, src, weight="minutes")
        assert set(np.flatnonzero(np.isfinite(row))) == set(ref)
        for node, minutes in ref.items():
            assert abs(row[node] - minutes) <= 1e-9


def test_matrix_equals_networkx_small(small):
    _assert_same_as_networkx(small, list(range(small.n_nodes)))


@pytest.fixture(scope="module")
def random_graph() -> RoadGraph:
    return RoadGraph.from_features(random_road_features(3000, seed=11))


def test_matrix_equals_networkx_random(random_graph):
    assert random_graph.n_nodes > 5000
    rng = np.random.default_rng(5)
    sources = rng.choice(random_graph.n_nodes, size=25, replace=False).tolist()
    _assert_same_as_networkx(random_graph, sources)


def test_chains_are_folded(random_graph, small):
    chains = random_graph.compiled().chains
    assert (~chains.core).sum() > random_graph.n_nodes / 3
    # in the fixture A (to B by two parallel roads, and D), C, D, F and G have two neighbours
    inner = {tuple(small.node_lonlat[i]) for i in np.flatnonzero(~small.compiled().chains.core)}
    assert inner == {A, C, D, F, G}


def _networkx_reach(g: RoadGraph) -> Callable[[int], dict[int, float]]:
    """networkx's single-source Dijkstra from a node, run once per node however many stop pairs
    ask for it."""

    @functools.cache
    def reach(node: int) -> dict[int, float]:
        return nx.single_source_dijkstra_path_length(g.graph, node, weight="minutes")

    return reach


def _expected_stop_minutes(g: RoadGraph, a, b, reach: Callable[[int], dict[int, float]]) -> float:
    """Independent stop-to-stop cost: networkx from a's exits to b's entries, plus partial edges.
    ``reach(node)`` is networkx's single-source Dijkstra from ``node``."""
    pc = g.pieces

    def part(s, d0, d1):
        return abs(d1 - d0) / pc.length_m[s.piece] * pc.minutes[s.piece]

    la, lb = pc.length_m[a.piece], pc.length_m[b.piece]
    exits = [(pc.v[a.piece], part(a, a.along_m, la))]
    exits += [] if pc.oneway[a.piece] else [(pc.u[a.piece], part(a, a.along_m, 0))]
    entries = [(pc.u[b.piece], part(b, 0, b.along_m))]
    entries += [] if pc.oneway[b.piece] else [(pc.v[b.piece], part(b, lb, b.along_m))]
    best = np.inf
    for x, off_x in exits:
        minutes = reach(int(x))
        for y, off_y in entries:
            best = min(best, off_x + minutes.get(int(y), np.inf) + off_y)
    forward_ok = b.along_m >= a.along_m or not pc.oneway[a.piece]
    if a.piece == b.piece and forward_ok:
        best = min(best, part(a, a.along_m, b.along_m))
    return a.connector_min + best + b.connector_min


def test_stop_matrix_equals_independent_networkx_costs(random_graph):
    g = random_graph
    rng = np.random.default_rng(8)
    pts = np.column_stack([rng.uniform(117.25, 117.55, 200), rng.uniform(26.55, 26.85, 200)])
    snaps = g.snap({f"p{i}": tuple(p) for i, p in enumerate(pts)})
    main = g.components.strong_labels == 0
    keep = [s for s in snaps.values() if main[g.pieces.u[s.piece]] and main[g.pieces.v[s.piece]]]
    stops = keep[:16]
    cm = g.cost_matrix(stops)
    reach = _networkx_reach(g)
    for i, a in enumerate(stops):
        for j, b in enumerate(stops):
            expected = 0.0 if i == j else _expected_stop_minutes(g, a, b, reach)
            assert cm.minutes[i, j] == pytest.approx(expected, abs=1e-9)


def _ring_features(centre: tuple[float, float], oneway_first: bool, prefix: str) -> list[dict]:
    """Four roads around a square of 0.01 degree; the first may be one-way."""
    x, y = centre
    corners = [(x, y), (x + 0.01, y), (x + 0.01, y + 0.01), (x, y + 0.01), (x, y)]
    return [
        {
            "type": "Feature",
            "properties": {
                "id": f"{prefix}{k}",
                "speed_kmh": 30,
                "oneway": oneway_first and k == 0,
            },
            "geometry": {"type": "LineString", "coordinates": [list(p), list(q)]},
        }
        for k, (p, q) in enumerate(zip(corners[:-1], corners[1:], strict=True))
    ]


def test_rings_and_lassos_of_degree_two_nodes():
    lasso = _ring_features((117.30, 26.60), True, "l")  # (117.30, 26.60) also has a tail road
    tail = {**lasso[1], "properties": {"id": "tail", "speed_kmh": 30, "oneway": False}}
    tail["geometry"] = {"type": "LineString", "coordinates": [[117.30, 26.60], [117.29, 26.60]]}
    ring = _ring_features((117.50, 26.60), True, "r")  # every node has exactly two neighbours
    g = RoadGraph.from_features([*lasso, tail, *ring])
    assert g.compiled().chains.core.sum() == 3  # lasso knot, tail end, one promoted ring node
    for x0 in (117.30, 117.50):
        pts = {
            f"p{k}": (x0 + dx, 26.60 + dy)
            for k, (dx, dy) in enumerate(
                [
                    (0.003, -0.0002),
                    (0.008, -0.0001),
                    (0.0102, 0.004),
                    (0.005, 0.0101),
                    (-0.0001, 0.007),
                ]
            )
        }
        stops = list(g.snap(pts).values())
        cm = g.cost_matrix(stops)
        reach = _networkx_reach(g)
        for i, a in enumerate(stops):
            for j, b in enumerate(stops):
                expected = 0.0 if i == j else _expected_stop_minutes(g, a, b, reach)
                assert cm.minutes[i, j] == pytest.approx(expected, abs=1e-9)


# --- snapping and stop-to-stop costs --------------------------------------------------------


def test_snap_connector_length_and_position(small):
    snap = small.snap({"s": (117.405, 26.7005)})["s"]
    assert snap.road_id == "r-abc"
    assert snap.fraction == pytest.approx(0.5, abs=1e-4)
    assert snap.snapped == pytest.approx((117.405, 26.70), abs=1e-7)
    expected = _geod_m((117.405, 26.7005), (117.405, 26.70))  # about 55.4 m
    assert snap.connector_m == pytest.approx(expected, rel=UTM_SCALE_TOL)
    assert snap.connector_min == pytest.approx(snap.connector_m / (CONNECTOR_KMH * 1000 / 60))


def test_same_edge_pair_on_two_way_road(small):
    snaps = small.snap({"p": (117.402, 26.7001), "q": (117.407, 26.7001)})
    p, q = snaps["p"], snaps["q"]
    assert p.piece == q.piece
    cm = small.cost_matrix(snaps)
    piece_min = small.pieces.minutes[p.piece]
    direct = (q.fraction - p.fraction) * piece_min + p.connector_min + q.connector_min
    assert cm.minutes[0, 1] == pytest.approx(direct)
    assert cm.minutes[1, 0] == pytest.approx(direct)
    assert cm.km[0, 1] == pytest.approx((q.along_m - p.along_m + 2 * p.connector_m) / 1000, 1e-3)


def test_same_edge_pair_on_oneway_road(small):
    snaps = small.snap({"d1": (117.402, 26.7101), "d2": (117.408, 26.7101)})
    d1, d2 = snaps["d1"], snaps["d2"]
    assert d1.road_id == d2.road_id == "r-de"
    cm = small.cost_matrix(snaps)
    de = small.pieces.minutes[d1.piece]
    conn = d1.connector_min + d2.connector_min
    assert cm.minutes[0, 1] == pytest.approx((d2.fraction - d1.fraction) * de + conn)
    around = (1 - d2.fraction) * de + _nx_minutes(small, E, D) + d1.fraction * de
    assert cm.minutes[1, 0] == pytest.approx(around + conn)
    assert cm.legs(["d2", "d1"])[0].road_ids == ("r-de", "r-be", "r-abc", "r-ad", "r-de")


def test_cost_matrix_accepts_lonlat_mapping_and_keeps_order(small):
    cm = small.cost_matrix({"f": (117.42, 26.705), "a": (117.401, 26.7002)})
    assert cm.ids == ("f", "a")
    assert cm.minutes.shape == cm.km.shape == (2, 2)
    assert np.all(np.diag(cm.minutes) == 0) and np.all(cm.minutes + np.eye(2) > 0)


def test_no_stops_and_one_stop(small):
    assert small.cost_matrix({}).minutes.shape == (0, 0)
    one = small.cost_matrix({"a": (117.405, 26.7005)})
    assert one.minutes.tolist() == [[0.0]] and one.km.tolist() == [[0.0]]
    assert one.legs(["a"]) == []


def test_numpy_property_values_are_accepted():
    feature = {
        "properties": {"id": "r1", "speed_kmh": np.int64(30), "oneway": np.bool_(True)},
        "geometry": {"type": "LineString", "coordinates": [list(A), list(B)]},
    }
    g = RoadGraph.from_features([feature])
    assert g.graph.number_of_edges() == 1 and g.pieces.oneway.tolist() == [True]


def test_path_geometry_starts_and_ends_at_stops(small):
    snaps = small.snap({"a": (117.405, 26.7005), "h": (117.4195, 26.7203)})
    leg = small.path(snaps["a"], snaps["h"])
    assert leg.coords[0] == (117.405, 26.7005) and leg.coords[-1] == (117.4195, 26.7203)
    assert leg.coords[1] == pytest.approx(snaps["a"].snapped)
    assert leg.coords[-2] == pytest.approx(snaps["h"].snapped)
    assert leg.road_ids[0] == "r-abc" and leg.road_ids[-1] == "r-egh"
    walked = sum(_geod_m(p, q) for p, q in zip(leg.coords, leg.coords[1:], strict=False))
    assert leg.km == pytest.approx(walked / 1000, rel=UTM_SCALE_TOL)
    cm = small.cost_matrix(snaps)
    assert leg.km == pytest.approx(cm.km[0, 1]) and leg.minutes == pytest.approx(cm.minutes[0, 1])


# --- closures and unreachable stops ---------------------------------------------------------


def test_closure_changes_route_without_touching_cached_graph(small):
    stops = small.snap({"ef": (117.415, 26.7101), "ad": (117.3999, 26.705)})
    edges_before = small.graph.number_of_edges()
    open_leg = small.cost_matrix(stops).leg("ef", "ad")
    assert "r-cf" in open_leg.road_ids  # round by F and C beats the slow village road B-E
    closed = small.cost_matrix(stops, closed_road_ids={"r-cf"})
    closed_leg = closed.leg("ef", "ad")
    assert "r-cf" not in closed_leg.road_ids and "r-be" in closed_leg.road_ids
    assert closed_leg.minutes > open_leg.minutes
    again = small.cost_matrix(stops).leg("ef", "ad")
    assert again.minutes == open_leg.minutes
    assert small.graph.number_of_edges() == edges_before


def test_closing_the_fast_parallel_road_uses_the_slow_one(small):
    stops = small.snap({"c": (117.42, 26.7051), "d": (117.3999, 26.705)})
    leg = small.cost_matrix(stops, closed_road_ids={"r-abc"}).leg("c", "d")
    assert "r-ab2" in leg.road_ids and "r-abc" not in leg.road_ids


def test_closure_that_disconnects_names_the_stop(small):
    stops = small.snap({"a": (117.405, 26.7005), "f": (117.42, 26.705), "h": (117.4195, 26.7203)})
    small.cost_matrix(stops)  # fine while r-egh is open
    with pytest.raises(NoRouteError, match="'h'") as err:
        small.cost_matrix(stops, closed_road_ids=frozenset({"r-egh"}))
    assert err.value.unreachable == ["h"]


def test_stop_on_disconnected_piece_raises(small):
    stops = {"a": (117.405, 26.7005), "x": (117.505, 26.7003), "f": (117.42, 26.705)}
    with pytest.raises(NoRouteError) as err:
        small.cost_matrix(stops)
    assert err.value.unreachable == ["x"]
    assert "x" in str(err.value)


def test_unknown_closed_road_raises(small):
    with pytest.raises(NotFoundError, match="r-nope"):
        small.cost_matrix({"a": A, "b": B}, closed_road_ids={"r-nope"})


def test_invalid_stop_coordinates_raise(small):
    with pytest.raises(GeoInputError, match="bad"):
        small.snap({"bad": (float("nan"), 26.7)})


# --- the shipped network (data/shapefiles, generated by the layer build) ---------------------


def test_shipped_network_builds_and_reaches_every_stop():
    g = RoadGraph.from_features(_features(SHIPPED / "roads.geojson"))
    assert g.n_nodes > 0 and g.summary()["largest_strong"] > 0
    stops = {
        f["properties"]["id"]: tuple(f["geometry"]["coordinates"][:2])
        for f in _features(SHIPPED / "stops.geojson")
    }
    cm = g.cost_matrix(stops)  # raises NoRouteError naming any unreachable stop
    assert np.isfinite(cm.minutes).all() and np.isfinite(cm.km).all()


def test_stop_at_a_junction_survives_closing_its_own_road(small):
    """Closing the piece a stop snapped to moves it to another road at the same junction."""
    stops = small.snap({"a": (117.4, 26.7), "f": (117.42, 26.71)})  # a sits on node A
    closed = frozenset({stops["a"].road_id})
    matrix = small.cost_matrix(stops, closed_road_ids=closed)
    assert matrix.minutes[0, 1] > 0
    assert not set(matrix.leg("a", "f").road_ids) & closed


def test_shipped_stops_survive_closing_their_own_road():
    """On the shipped network every stop is a junction: closing its road never cuts it off."""
    graph = RoadGraph.from_features(_features(SHIPPED / "roads.geojson"))
    stops = {
        f["properties"]["id"]: tuple(f["geometry"]["coordinates"][:2])
        for f in _features(SHIPPED / "stops.geojson")
    }
    snaps = graph.snap(stops)
    hub = snaps[next(iter(snaps))]
    for snap in list(snaps.values())[1:12]:
        graph.cost_matrix([hub, snap], closed_road_ids={snap.road_id})  # must not raise


def test_point_far_from_every_road_is_refused(small):
    with pytest.raises(GeoInputError, match=r"far: more than 3 km from any open road"):
        small.snap({"far": (117.3, 26.6)})
