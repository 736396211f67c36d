"""Benchmark: stop-to-stop cost matrices on the compiled CSR graph vs networkx per-source Dijkstra.

Run alone (``.venv/bin/python bench/bench_matrix.py``) to print one table, or import the
``*_rows`` functions (``bench/bench_routing.py`` does) to merge the rows into a larger table.
Every row is a plain dict so callers can format it as they like.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.roads.network import RoadGraph  # noqa: E402

ROADS = ROOT / "data" / "shapefiles" / "roads.geojson"
STOPS = ROOT / "data" / "shapefiles" / "stops.geojson"
N_STOPS = 39
TARGET_RATIO = 20.0
CLASSES = (("provincial", 70), ("county", 50), ("township", 35), ("village", 25))


def synthetic_road_features(side: int = 142, seed: int = 7) -> list[dict]:
    """A road-like graph of ``side**2`` (~20,000) nodes: a jittered grid near Jiangle.

    About 8% of the links are removed, 10% are one-way (random direction) and a third carry a
    bend vertex, so the graph has dead ends, one-way traps and curved pieces like real roads.
    """
    rng = np.random.default_rng(seed)
    step = 0.003  # about 300 m
    jitter = rng.uniform(-0.3, 0.3, size=(side, side, 2)) * step
    ii, jj = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    lon = 117.2 + jj * step + jitter[..., 0]
    lat = 26.5 + ii * step + jitter[..., 1]
    links = [((i, j), (i, j + 1)) for i in range(side) for j in range(side - 1)]
    links += [((i, j), (i + 1, j)) for i in range(side - 1) for j in range(side)]
    features = []
    for n, (a, b) in enumerate(links):
        if rng.random() < 0.08:
            continue
        pa, pb = (float(lon[a]), float(lat[a])), (float(lon[b]), float(lat[b]))
        if rng.random() < 0.5:
            pa, pb = pb, pa
        coords = [pa, pb]
        if rng.random() < 0.33:
            mid = ((pa[0] + pb[0]) / 2 + rng.normal(0, step / 10), (pa[1] + pb[1]) / 2)
            coords = [pa, mid, pb]
        cls, speed = CLASSES[int(rng.integers(len(CLASSES)))]
        props = {"id": f"g{n}", "class": cls, "speed_kmh": speed, "oneway": rng.random() < 0.1}
        features.append({"type": "Feature", "properties": props, "geometry": _line(coords)})
    return features


def _line(coords: list[tuple[float, float]]) -> dict:
    """GeoJSON LineString geometry."""
    return {"type": "LineString", "coordinates": [list(c) for c in coords]}


def _load_features(path: Path) -> list[dict]:
    """Features of a GeoJSON file."""
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _shipped_stops() -> dict[str, tuple[float, float]]:
    """The shipped candidate stops as ``{id: (lon, lat)}``, in file order."""
    return {
        f["properties"]["id"]: tuple(f["geometry"]["coordinates"][:2])
        for f in _load_features(STOPS)
    }


def _random_stops(graph: RoadGraph, n: int, seed: int) -> dict[str, tuple[float, float]]:
    """``n`` points near random nodes of the largest strong component (so all are reachable)."""
    rng = np.random.default_rng(seed)
    main = np.flatnonzero(graph.components.strong_labels == 0)
    nodes = rng.choice(main, size=n, replace=False)
    offsets = rng.normal(0, 0.0003, size=(n, 2))
    pts = graph.node_lonlat[nodes] + offsets
    return {f"s{i:02d}": (float(x), float(y)) for i, (x, y) in enumerate(pts)}


def _interleaved_medians(cases: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median wall time of each case, run in alternating rounds so machine load hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, fn in cases.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(ts) for name, ts in times.items()}


def _folded_vs_full(graph: RoadGraph, snaps) -> float:
    """Largest |cost_matrix minutes - full-graph search| (the folded chains must not change it)."""
    cm = graph.cost_matrix(snaps)
    full = cm._search.dist
    conn = np.array([s.connector_min for s in snaps.values()])
    full = conn[:, None] + full + conn[None, :]
    np.fill_diagonal(full, 0.0)
    return float(np.max(np.abs(cm.minutes - full)))


def _all_km(graph: RoadGraph, snaps) -> np.ndarray:
    """A cost matrix with its km array forced (km is computed lazily on first use)."""
    return graph.cost_matrix(snaps).km


def _nearest_nodes(graph: RoadGraph, snaps) -> list[int]:
    """For the networkx baseline: each stop's nearest graph node (end of its snapped piece)."""
    out = []
    for s in snaps.values():
        u, v = int(graph.pieces.u[s.piece]), int(graph.pieces.v[s.piece])
        out.append(u if s.fraction < 0.5 else v)
    return out


def _max_abs_diff(graph: RoadGraph, sources: list[int]) -> float:
    """Largest |compiled - networkx| over all nodes reached from each source (inf: sets differ)."""
    dist, _ = graph.node_costs(sources)
    worst = 0.0
    for row, src in zip(dist, sources, strict=True):
        ref = nx.single_source_dijkstra_path_length(graph.graph, src, weight="minutes")
        if int(np.isfinite(row).sum()) != len(ref):
            return float("inf")
        nodes = np.fromiter(ref.keys(), dtype=np.int64)
        vals = np.fromiter(ref.values(), dtype=float)
        worst = max(worst, float(np.max(np.abs(row[nodes] - vals))))
    return worst


def matrix_rows(
    graph: RoadGraph, stops: dict[str, tuple[float, float]], label: str, repeat: int = 5
) -> list[dict]:
    """Timing rows for one graph: compiled cost matrix and node Dijkstra vs networkx per source.

    The baseline runs ``nx.single_source_dijkstra_path_length`` from each stop's nearest node;
    ``csgraph node Dijkstra`` runs the compiled CSR from the same nodes (values compared);
    ``cost_matrix`` is the full request (snap overlay, one Dijkstra per stop on the graph with
    degree-2 chains folded); ``+ km`` also runs the full-graph search with predecessors that
    ``.km`` and ``.legs`` use, and walks every path for the km matrix.
    """
    snaps = graph.snap(stops)
    sources = _nearest_nodes(graph, snaps)
    graph.compiled()  # warm the closure cache, as the app does at start-up
    medians = _interleaved_medians(
        {
            "nx": lambda: [
                nx.single_source_dijkstra_path_length(graph.graph, s, weight="minutes")
                for s in sources
            ],
            "dijkstra": lambda: graph.node_costs(sources),
            "matrix": lambda: graph.cost_matrix(snaps),
            "matrix_km": lambda: _all_km(graph, snaps),
        },
        repeat,
    )
    diff = _max_abs_diff(graph, sources)
    folded = _folded_vs_full(graph, snaps)
    base = {"graph": label, "nodes": graph.n_nodes, "edges": graph.graph.number_of_edges()}
    base["stops"] = len(stops)
    t_nx = medians["nx"]
    rows = [{**base, "case": "networkx per-source (baseline)", "median_ms": t_nx * 1e3}]
    for key, case in (
        ("dijkstra", "csgraph node Dijkstra"),
        ("matrix", "cost_matrix (minutes)"),
        ("matrix_km", "cost_matrix + km, legs ready"),
    ):
        rows.append({**base, "case": case, "median_ms": medians[key] * 1e3})
        rows[-1]["ratio"] = t_nx / medians[key]
    rows[0]["ratio"] = 1.0
    rows[1] |= {"max_abs_diff_min": diff, "identical": diff <= 1e-9}
    rows[2] |= {"target_met": rows[2]["ratio"] >= TARGET_RATIO, "vs_full_graph": folded}
    return rows


def build_rows(features: list[dict], label: str, repeat: int = 3) -> list[dict]:
    """Graph build time (median) and tracemalloc memory (peak during build, retained after)."""
    t_build = _interleaved_medians({"build": lambda: RoadGraph.from_features(features)}, repeat)
    t_build = t_build["build"]
    tracemalloc.start()
    graph = RoadGraph.from_features(features)
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return [
        {
            "graph": label,
            "nodes": graph.n_nodes,
            "edges": graph.graph.number_of_edges(),
            "case": "graph build",
            "median_ms": t_build * 1e3,
            "peak_mib": peak / 2**20,
            "retained_mib": retained / 2**20,
            "components": graph.summary(),
        }
    ]


def shipped_rows(repeat: int = 5) -> list[dict]:
    """Rows for the shipped roads and stops; empty when the data files are not there yet."""
    if not (ROADS.exists() and STOPS.exists()):
        return []
    features = _load_features(ROADS)
    rows = build_rows(features, "shipped roads")
    graph = RoadGraph.from_features(features)
    stops = dict(list(_shipped_stops().items())[:N_STOPS])
    return rows + matrix_rows(graph, stops, "shipped roads", repeat)


def synthetic_rows(repeat: int = 5, side: int = 142) -> list[dict]:
    """Rows for the generated ~20,000-node road-like graph with 39 random stops."""
    features = synthetic_road_features(side)
    graph = RoadGraph.from_features(features)
    rows = build_rows(features, f"synthetic {side}x{side}", repeat=1)
    return rows + matrix_rows(
        graph, _random_stops(graph, N_STOPS, seed=3), rows[0]["graph"], repeat
    )


def all_rows(repeat: int = 5) -> list[dict]:
    """Every row this benchmark produces (shipped graph first when present)."""
    return shipped_rows(repeat) + synthetic_rows(repeat)


def format_table(rows: list[dict]) -> str:
    """One plain-text table: graph, case, size, median, ratio vs baseline and checks."""
    cols = ("graph", "case", "nodes", "stops", "median ms", "ratio")
    head = "{:<18} {:<32} {:>6} {:>5} {:>10} {:>7}  notes".format(*cols)
    lines = [head, "-" * len(head)]
    for r in rows:
        ratio = f"{r['ratio']:.1f}x" if "ratio" in r else ""
        lines.append(
            f"{r['graph']:<18} {r['case']:<32} {r['nodes']:>6} {r.get('stops', ''):>5} "
            f"{r['median_ms']:>10.2f} {ratio:>7}  {_notes(r)}"
        )
    return "\n".join(lines)


def _notes(row: dict) -> str:
    """The check columns of a row, as short text."""
    if "peak_mib" in row:
        c = row["components"]
        return (
            f"peak {row['peak_mib']:.1f} MiB, retained {row['retained_mib']:.1f} MiB, "
            f"{c['weak_components']} weak / {c['strong_components']} strong components"
        )
    if "identical" in row:
        return f"max |diff| {row['max_abs_diff_min']:.1e} min, identical={row['identical']}"
    if "target_met" in row:
        return (
            f"target >= {TARGET_RATIO:.0f}x met={row['target_met']}, "
            f"max |diff| vs full graph {row['vs_full_graph']:.1e} min"
        )
    return ""


if __name__ == "__main__":
    if not ROADS.exists():
        print(f"note: {ROADS.relative_to(ROOT)} not found; shipped-graph rows skipped")
    print(format_table(all_rows()))
