"""Multi-day tour benchmark: our planner against OR-Tools (10 s and 30 s) and VROOM, same run.

Run ``.venv/bin/python bench/bench_multiday.py`` (``--quick``: fewer cases, OR-Tools 3 s and 10 s,
a few minutes on a shared machine; ``--sizes 52 65 --ortools --trials 0``: ours and VROOM only,
for quick turns; ``--graphs``, ``--windows`` pick cases). Cases: the shipped road graph (stops
taken round-robin over the townships, from the county government) and generated county-sized
tables, 26-65 stops, with and without opening windows. Every engine's days are timed by our own
rules (``geo.tour.days``) and checked by ``geo.tour.rules_check``; "rules" says whether they
passed.

Columns: days, driving minutes, longest day (minutes from leaving to being back), CPU seconds
(ours; the engines run in-process too), and per anchor the ratio ours/anchor for driving.
A second table is the stability test: one stop added to a planned tour, re-planned from that
tour (warm start); the driving change against the stop's cheapest insertion into the old tour.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from multiday_engines import Instance, ortools_days, vroom_days  # noqa: E402

from geo.tour.days import day_specs, render_days, time_day  # noqa: E402
from geo.tour.multiday import DayProblem, cheapest_insertion, plan_days  # noqa: E402
from geo.tour.rules_check import rule_breaks  # noqa: E402
from geo.tour.settings import DayRule, LunchRule  # noqa: E402
from tests.multiday_cases import generated  # noqa: E402
from tests.multiday_shipped import GOV, shipped  # noqa: E402

DEPART = datetime(2014, 10, 20, 8, 30)
MAX_DAYS = 8
Row = dict[str, object]


def shipped_instance(n: int, windows: bool) -> tuple[Instance, np.ndarray]:
    """``n`` shipped stops, round-robin over the townships, on the shipped road graph."""
    case = shipped(n, windows)
    instance = Instance(case.ids, case.minutes, case.visits, GOV, DayRule(), LunchRule(), MAX_DAYS)
    return instance, case.km


def generated_instance(n: int, seed: int, windows: bool):
    case = generated(n, seed, windows)
    instance = Instance(
        case.ids, case.minutes, case.visits, "base", DayRule(), LunchRule(), MAX_DAYS
    )
    return instance, case.km


def _problem(instance: Instance, previous=None) -> DayProblem:
    base = instance.base
    return DayProblem(
        instance.visits,
        base,
        base,
        base,
        DEPART,
        instance.day,
        instance.lunch,
        instance.days,
        previous=previous,
    )


def judge(instance: Instance, km: np.ndarray, days: Sequence[Sequence[str]]) -> Row:
    """Time ``days`` by our rules and measure them; rules False when any day breaks them."""
    index = {k: i for i, k in enumerate(instance.ids)}

    def travel(a: str, b: str) -> tuple[float, float]:
        return float(instance.minutes[index[a], index[b]]), float(km[index[a], index[b]])

    specs = day_specs(
        len(days), instance.base, instance.base, instance.base, DEPART, instance.day, instance.lunch
    )
    visits = [[instance.visits[s] for s in d] for d in days]
    placed = sorted(s for d in days for s in d) == sorted(instance.visits)
    if (
        not days
        or not placed
        or any(time_day(v, sp, travel) is None for v, sp in zip(visits, specs, strict=False))
    ):
        drive = sum(
            instance.minutes[index[a], index[b]]
            for d in days
            for a, b in zip([instance.base, *d], [*d, instance.base], strict=False)
        )
        return {"days": len(days), "drive": round(drive), "longest": None, "rules": False}
    schedule = render_days(visits, specs, travel)
    ok = not rule_breaks(schedule, instance.visits, [instance.day] * len(days), instance.lunch)
    longest = max((d.end - d.start).total_seconds() / 60 for d in schedule.days)
    return {
        "days": len(days),
        "drive": schedule.driving_minutes,
        "longest": round(longest),
        "rules": ok,
    }


def timed(fn: Callable[[], object]) -> tuple[object, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.process_time() - cpu, time.perf_counter() - wall


def case_rows(label: str, instance: Instance, km, ortools_seconds: Sequence[float]) -> list[Row]:
    engines: dict[str, Callable[[], list[list[str]]]] = {
        "ours": lambda: [
            list(d) for d in plan_days(_problem(instance), instance.ids, instance.minutes, km).days
        ],
        "vroom": lambda: vroom_days(instance),
    }
    for s in ortools_seconds:
        engines[f"ortools {s:g}s"] = lambda s=s: ortools_days(instance, s)
    row: Row = {"case": label, "n": len(instance.visits)}
    for name, run in engines.items():
        days, cpu, wall = timed(run)
        result = judge(instance, km, days)
        row[name] = result | {"cpu": round(cpu, 2), "wall": round(wall, 2)}
    return [row]


def stability_rows(instance: Instance, km, trials: int) -> list[Row]:
    """Add one stop to a planned tour and re-plan from it; compare with its cheapest insertion."""
    stops = list(instance.visits)
    rows = []
    rng = np.random.default_rng(7)
    for t in range(trials):
        extra = stops[int(rng.integers(len(stops)))]
        others = {k: v for k, v in instance.visits.items() if k != extra}
        before = Instance(
            instance.ids,
            instance.minutes,
            others,
            instance.base,
            instance.day,
            instance.lunch,
            instance.days,
        )
        old = plan_days(_problem(before), instance.ids, instance.minutes, km)
        insertion = _cheapest_insertion(instance, km, old.days, extra)
        new = plan_days(_problem(instance, previous=old.days), instance.ids, instance.minutes, km)
        change = new.schedule.driving_minutes - old.schedule.driving_minutes
        rows.append(
            {
                "trial": t,
                "stop": extra,
                "insertion": insertion,
                "change": change,
                "days": (len(old.days), len(new.days)),
                "ok": change <= 1.2 * insertion + 5,
            }
        )
    return rows


def _cheapest_insertion(instance: Instance, km, days, stop: str) -> float:
    """Least extra driving to fit ``stop`` into the old days as they are (inf: nowhere)."""
    value = cheapest_insertion(_problem(instance), instance.ids, instance.minutes, km, days, stop)
    return round(value, 1)


def print_cases(rows: list[Row]) -> None:
    anchors = [k for k in rows[0] if k not in ("case", "n", "ours")]
    head = f"{'case':<26}{'n':>4} | {'ours days/drive/longest/cpu':>30} | " + " | ".join(
        f"{a + ' d/drive/long':>24}" for a in anchors
    )
    print(head + " | " + " ".join(f"{'x ' + a:>12}" for a in anchors))
    for row in rows:

        def cell(r):
            mark = "" if r["rules"] else "!"
            return f"{r['days']}/{r['drive']}/{r['longest']}{mark}"

        ours = row["ours"]
        line = (
            f"{row['case']:<26}{row['n']:>4} | {cell(ours) + ' ' + str(ours['cpu']) + 's':>30} | "
        )
        line += " | ".join(f"{cell(row[a]) + ' ' + str(row[a]['cpu']) + 's':>24}" for a in anchors)
        ratios = []
        for a in anchors:
            r = row[a]
            ratios.append(
                f"{ours['drive'] / r['drive']:.3f}"
                if r["rules"] and r["days"] == ours["days"]
                else f"d{ours['days']}v{r['days']}"
            )
        print(line + " | " + " ".join(f"{x:>12}" for x in ratios))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer cases, shorter OR-Tools runs")
    parser.add_argument("--sizes", type=int, nargs="+", help="stop counts (default 26 39 52 65)")
    parser.add_argument(
        "--ortools", type=float, nargs="*", help="OR-Tools seconds per run (none: no OR-Tools)"
    )
    parser.add_argument("--graphs", nargs="+", choices=("shipped", "generated"))
    parser.add_argument("--windows", choices=("both", "no", "yes"), default="both")
    parser.add_argument("--trials", type=int, help="stability trials per case (0: none)")
    args = parser.parse_args(argv)
    sizes = args.sizes or ((26, 39) if args.quick else (26, 39, 52, 65))
    seconds = args.ortools if args.ortools is not None else (3.0, 10.0) if args.quick else (10, 30)
    graphs = args.graphs or ("shipped", "generated")
    windows_of = {"both": (False, True), "no": (False,), "yes": (True,)}[args.windows]
    rows = []
    for n in sizes:
        for windows in windows_of:
            tag = " tw" if windows else ""
            for graph in graphs:
                inst, km = (
                    shipped_instance(n, windows)
                    if graph == "shipped"
                    else generated_instance(n, n, windows)
                )
                rows += case_rows(f"{graph}{tag}", inst, km, seconds)
    print_cases(rows)
    print()
    trials = args.trials if args.trials is not None else 10 if args.quick else 20
    if not trials:
        return 0
    stable = []
    for n in (26,) if args.quick else (26, 39):
        inst, km = shipped_instance(n, False)
        stable += stability_rows(inst, km, trials)
        inst, km = generated_instance(n, n + 1, False)
        stable += stability_rows(inst, km, trials)
    ok = sum(r["ok"] for r in stable)
    worst = max(r["change"] - 1.2 * r["insertion"] for r in stable)
    print(
        f"stability: one stop added, re-planned from the old tour: {ok}/{len(stable)} cases "
        f"within 1.2 x cheapest insertion + 5 min (target >= 95%); worst excess {worst:.1f} min"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
