"""Routing benchmark: tour quality and speed against known optima and a baseline in the same run.

Run ``.venv/bin/python bench/bench_routing.py``. Each section is a function returning rows (plain
dicts), so further sections (cost-matrix timing, end-to-end API timing) can be added beside them
and fed to the same table printer and target summary.

Sections
--------
- TSPLIB: five EUC_2D instances with proven optima; ``solve_tour`` (median time of 3 runs) against
  networkx's Christofides approximation.
- exact: random tours of 8 to 12 stops against an independent plain-Python Held-Karp.
- road39: random 39-stop road-like asymmetric instances; the default budget against a long search
  (many restarts of the solver on relabelled copies of the instance, for ``--long-seconds``).
- cost matrix: 39 stops on the shipped road graph and on a generated 20,000-node graph, the
  compiled scipy path against networkx's per-source Dijkstra (``bench/bench_matrix.py``).
- API: ``POST /api/tour`` end to end for 39 stops (3 per township) once the graph is cached.

The TSPLIB folder is ``<repo>/../shared/data/tsplib`` unless ``JIANGLE_TSPLIB_DIR`` says otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import networkx as nx
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import bench_matrix  # noqa: E402  (beside this file)

from geo.tour.solver import solve_tour, tour_cost  # noqa: E402
from tests.oracles import held_karp_reference  # noqa: E402

TSPLIB_OPTIMA = {"eil51": 426, "berlin52": 7542, "st70": 675, "eil76": 538, "kroA100": 21282}
TIME_RUNS = 3
Row = dict[str, object]


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------


def tsplib_dir() -> Path:
    """Folder of the TSPLIB files: the env override, else the shared folder beside the repo."""
    override = os.environ.get("JIANGLE_TSPLIB_DIR")
    return Path(override) if override else REPO.parent / "shared" / "data" / "tsplib"


def read_tsplib(path: Path) -> np.ndarray:
    """Coordinates of a TSPLIB EUC_2D file (the NODE_COORD_SECTION), one row per city."""
    coords: list[tuple[float, float]] = []
    in_coords = False
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("NODE_COORD_SECTION"):
            in_coords = True
        elif line == "EOF":
            break
        elif in_coords and line:
            _, x, y = line.split()[:3]
            coords.append((float(x), float(y)))
    return np.array(coords)


def euc2d_matrix(coords: np.ndarray) -> np.ndarray:
    """TSPLIB EUC_2D distances: Euclidean, rounded to the nearest integer (nint)."""
    diff = coords[:, None, :] - coords[None, :, :]
    return np.floor(np.sqrt((diff**2).sum(axis=2)) + 0.5)


def timed(fn: Callable[[], object], runs: int = TIME_RUNS) -> tuple[object, float, float]:
    """Result of the first run, then median wall and median CPU seconds over ``runs`` runs.

    CPU time is shown beside wall time because the machine may be shared: a wall time far above
    the CPU time means the process waited for a core, not that the solver got slower.
    """
    walls, cpus, result = [], [], None
    for k in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        result = out if k == 0 else result
    return result, statistics.median(walls), statistics.median(cpus)


def christofides_length(matrix: np.ndarray) -> float:
    """Closed tour length of networkx's Christofides approximation (the baseline)."""
    graph = nx.Graph()
    n = len(matrix)
    graph.add_weighted_edges_from(
        (i, j, float(matrix[i, j])) for i in range(n) for j in range(i + 1, n)
    )
    cycle = nx.approximation.traveling_salesman_problem(
        graph, cycle=True, method=nx.approximation.christofides
    )
    return tour_cost(matrix, cycle[:-1], closed=True)


def gap_pct(found: float, best: float) -> float:
    """Percentage above the reference length."""
    return 100.0 * (found / best - 1.0)


# ---------------------------------------------------------------------------------------------
# Sections: each returns rows
# ---------------------------------------------------------------------------------------------


def tsplib_rows(folder: Path | None = None) -> list[Row]:
    """solve_tour on the TSPLIB instances: length, gap, median time, Christofides baseline."""
    folder = folder or tsplib_dir()
    rows: list[Row] = []
    for name, optimum in TSPLIB_OPTIMA.items():
        matrix = euc2d_matrix(read_tsplib(folder / f"{name}.tsp"))
        order, seconds, cpu = timed(lambda m=matrix: solve_tour(m))
        length = tour_cost(matrix, order, closed=True)
        base, base_seconds, _ = timed(lambda m=matrix: christofides_length(m), runs=1)
        rows.append(
            {
                "instance": name,
                "n": len(matrix),
                "optimum": optimum,
                "found": round(length),
                "gap %": round(gap_pct(length, optimum), 2),
                "time s": round(seconds, 3),
                "cpu s": round(cpu, 3),
                "christofides": round(base),
                "chr gap %": round(gap_pct(base, optimum), 2),
                "chr time s": round(base_seconds, 3),
                "time ok": seconds <= (2.0 if len(matrix) >= 100 else 1.0),
            }
        )
    return rows


def road_instance(seed: int, n: int = 39) -> np.ndarray:
    """Road-like travel minutes: straight line x detour factor, 15 % of arcs one-way slower."""
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0.0, 40.0, size=(n, 2))  # km, roughly the county's extent
    dist = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))
    detour = rng.uniform(1.15, 1.6, size=(n, n))
    detour = (detour + detour.T) / 2.0
    one_way = np.where(rng.random((n, n)) < 0.15, rng.uniform(1.05, 1.4, size=(n, n)), 1.0)
    return dist * detour * one_way * 1.5  # 40 km/h -> 1.5 minutes per km


def long_search(matrix: np.ndarray, seconds: float, seed: int = 0) -> float:
    """Best length over many solver runs on randomly relabelled copies, for ``seconds``.

    Relabelling changes the greedy start and every tie-break, so the runs are independent
    restarts; stop 0 keeps its label so every run is the same round trip.
    """
    rng = np.random.default_rng(seed)
    best = np.inf
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        labels = np.concatenate([[0], 1 + rng.permutation(len(matrix) - 1)])
        order = solve_tour(matrix[np.ix_(labels, labels)])
        best = min(best, tour_cost(matrix, labels[order].tolist(), closed=True))
    return float(best)


def road_rows(instances: int = 5, long_seconds: float = 10.0) -> list[Row]:
    """Default budget against a long search on 39-stop road-like asymmetric instances."""
    rows: list[Row] = []
    for seed in range(instances):
        matrix = road_instance(seed)
        order, seconds, cpu = timed(lambda m=matrix: solve_tour(m))
        length = tour_cost(matrix, order, closed=True)
        reference = long_search(matrix, long_seconds)
        rows.append(
            {
                "instance": f"road39-{seed}",
                "n": len(matrix),
                "default": round(length, 3),
                "long search": round(reference, 3),
                "gap %": round(gap_pct(length, reference), 3),
                "same": "yes" if length <= reference + 1e-6 else "no",
                "time s": round(seconds, 3),
                "cpu s": round(cpu, 3),
                "long s": long_seconds,
            }
        )
    return rows


def exact_rows(sizes: Sequence[int] = (8, 10, 12)) -> list[Row]:
    """solve_tour against an independent exact optimum on small asymmetric road-like tours."""
    rows: list[Row] = []
    for n in sizes:
        matrix = road_instance(100 + n, n)
        order, seconds, _ = timed(lambda m=matrix: solve_tour(m))
        length = tour_cost(matrix, order, closed=True)
        optimum = held_karp_reference(matrix.tolist())
        rows.append(
            {
                "instance": f"road{n}",
                "n": n,
                "optimum": round(optimum, 3),
                "found": round(length, 3),
                "exact": "yes" if abs(length - optimum) <= 1e-6 * optimum else "no",
                "time s": round(seconds, 4),
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def print_table(title: str, rows: list[Row], hide: Sequence[str] = ("time ok",)) -> None:
    """Print rows as an aligned text table under a title."""
    columns = [c for c in rows[0] if c not in hide]
    cells = [[str(row[c]) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[k]) for r in cells)) for k, c in enumerate(columns)]
    print(f"\n{title}")
    print("  ".join(c.rjust(w) for c, w in zip(columns, widths, strict=True)))
    for r in cells:
        print("  ".join(v.rjust(w) for v, w in zip(r, widths, strict=True)))


def api_rows(runs: int = 7) -> list[Row]:
    """``POST /api/tour`` for 39 shipped stops through the Flask test client, graph cached."""
    import tempfile

    from app import create_app
    from store.layers import features

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
            }
        )
        with app.app_context():
            by_township: dict[str, list[str]] = {}
            for f in features("stops"):
                by_township.setdefault(f["properties"]["township_code"], []).append(
                    f["properties"]["id"]
                )
        stops = [i for code in sorted(by_township) for i in by_township[code][:3]]
        client = app.test_client()
        body = {"stops": stops, "max_days": 5}
        first = time.perf_counter()
        response = client.post("/api/tour", json=body)
        first = time.perf_counter() - first
        assert response.status_code == 200, response.get_json()
        _, median, _ = timed(lambda: client.post("/api/tour", json=body), runs)
        tour = response.get_json()
    return [
        {
            "case": "/api/tour, 39 stops",
            "first call s": round(first, 3),
            "median s (cached graph)": round(median, 3),
            "runs": runs,
            "km": tour["totals"]["km"],
            "days": tour["totals"]["days"],
        }
    ]


def target_checks(
    tsplib: list[Row], exact: list[Row], road: list[Row], matrix: list[Row], api: list[Row]
) -> list[tuple[str, bool]]:
    """The targets of the brief, each with PASS (True) or FAIL (False)."""
    gaps = [float(r["gap %"]) for r in tsplib]
    return [
        ("TSPLIB mean gap <= 0.5%", statistics.mean(gaps) <= 0.5),
        ("TSPLIB max gap <= 1%", max(gaps) <= 1.0),
        ("TSPLIB time <= 1 s (kroA100 <= 2 s)", all(r["time ok"] for r in tsplib)),
        ("exact optimum up to 12 stops", all(r["exact"] == "yes" for r in exact)),
        ("road39 same length as long search", all(r["same"] == "yes" for r in road)),
        ("road39 time <= 100 ms", all(float(r["time s"]) <= 0.1 for r in road)),
        # Shown beside the wall-clock check: on a shared machine the wall time also counts waits.
        ("road39 CPU time <= 100 ms", all(float(r["cpu s"]) <= 0.1 for r in road)),
        (
            "cost matrix >= 20x networkx, same values",
            all(r.get("target_met", True) and r.get("identical", True) for r in matrix),
        ),
        ("/api/tour 39 stops <= 300 ms", all(r["median s (cached graph)"] <= 0.3 for r in api)),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run every section, print the tables and one summary line; exit 1 if a target fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long-seconds", type=float, default=10.0, help="long search per instance")
    parser.add_argument("--road-instances", type=int, default=5, help="39-stop instances to run")
    args = parser.parse_args(argv)

    tsplib = tsplib_rows()
    print_table("TSPLIB (closed tours; time = median of 3 runs; baseline = Christofides)", tsplib)
    exact = exact_rows()
    print_table("Exact: small asymmetric tours against plain-Python Held-Karp", exact)
    road = road_rows(args.road_instances, args.long_seconds)
    print_table(f"Road-like 39 stops: default budget vs {args.long_seconds:g} s search", road)

    matrix = bench_matrix.all_rows()
    print("\nCost matrix: 39 stops, compiled path vs networkx per-source Dijkstra (same run)")
    print(bench_matrix.format_table(matrix))
    api = api_rows()
    print_table("End to end: POST /api/tour (Flask test client, SQLite)", api)

    checks = target_checks(tsplib, exact, road, matrix, api)
    print("\nSUMMARY: " + "; ".join(f"{name}: {'PASS' if ok else 'FAIL'}" for name, ok in checks))
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
