"""Benchmark: the print pack for a 39-stop, two-day plan (target: median <= 5 s).

Run ``.venv/bin/python bench/bench_print.py [--runs 5] [--out pack.pdf]``. It builds an app on a
temporary SQLite copy of the shipped layers, saves a plan with the 39 stops of shortest visits
on a long 06:00-22:00 day with a 30-minute lunch
(39 stops fit in two days no other way), and times, through the Flask test client:

* the first PDF request (cold: road graph, display layers and font caches are built),
* the PDF request warm (median of ``--runs``), the A3 PDF, the HTML print page, the exports,
* ``geo.printing.pack.build_print_pack`` alone on the same data (no tour, no database).

One table: median seconds, and the ratio to the 5 s target. A second one: the CPU seconds of a
pack built in this process (input and PDF, caches warm) as it is, the tour and the clean-up
computed once and handed to the clean-up and township pages, against the baseline of each page
computing its own (as before issue 12: three tours and two clean-ups per pack), with the count of
each and the ratio.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
import types
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.shipped_app import shipped_app  # noqa: E402

TARGET_S = 5.0
N_STOPS = 39


def _timed(
    fn: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter
) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t0 = clock()
        result = fn()
        times.append(clock() - t0)
    return statistics.median(times), result


def _setup(tmp: Path):
    app = shipped_app(tmp)
    from store import db
    from store.layers import features
    from store.plans import Plan

    with app.app_context():
        stops = sorted(features("stops"), key=lambda f: f["properties"]["visit_minutes"])
        ids = [f["properties"]["id"] for f in stops[:N_STOPS]]
        plan = Plan(
            name="基准：39个考察点两日方案", sites=ids, day_start="06:00", day_end="22:00",
            lunch={"from": "11:30", "to": "13:30", "minutes": 30}, max_days=2,
            created_by="bench", updated_by="bench",
        )  # fmt: skip
        db.session.add(plan)
        db.session.commit()
        return app, plan.id


def _get(client, url: str, fresh: bool = True) -> bytes:
    """GET a URL; ``fresh`` empties the PDF cache first, so a pack is really built (by the
    job worker, which the request waits for: PRINT_WAIT is long here)."""
    if fresh:
        from services.printing import clear_pdf_cache

        with client.application.app_context():
            clear_pdf_cache()
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code} {response.get_data(as_text=True)[:300]}")
    return response.data


class _Counted:
    """Count the calls of ``module.name`` while the bench runs."""

    def __init__(self, module, name: str) -> None:
        self.calls, real = 0, getattr(module, name)

        def counted(*args, **kwargs):
            self.calls += 1
            return real(*args, **kwargs)

        setattr(module, name, counted)


def _each_page_its_own_tour() -> None:
    """The baseline: the pack's clean-up page and township pages compute their own tour and
    clean-up (``plan_cleanup``) instead of taking the pack's, as each page did before."""
    from services import cleanup, printing, township_tasks

    every = township_tasks.every_township
    printing.cleanup = types.SimpleNamespace(
        cleanup_of=lambda plan, named, tour, lang, settings: cleanup.plan_cleanup(
            plan.id, lang, settings
        )
    )
    printing.township_tasks = types.SimpleNamespace(
        every_township=lambda plan_id, lang, today, route=None: every(plan_id, lang, today),
        stamp=township_tasks.stamp,
    )


def _pack_cpu(app, plan_id: int, runs: int) -> list[tuple[str, float, float, int, int]]:
    """CPU seconds (median) and tour / clean-up counts per pack, now and in the baseline, and
    the ratio now / before."""
    from geo.maps.static import find_cjk_font
    from geo.printing.pack import build_print_pack
    from services import cleanup, tours
    from services.printing import PrintOptions, pack_input

    font = find_cjk_font()
    tour, swept = _Counted(tours, "tour"), _Counted(cleanup, "route_cleanup")
    rows = []
    for what in ("one tour, one clean-up (now)", "each page its own (before)"):
        if rows:
            _each_page_its_own_tour()
        with app.app_context():
            options = PrintOptions("zh", date.today(), app.config["TIMEZONE"])
            build_print_pack(pack_input(plan_id, options), font)  # warm the caches
            tour.calls = swept.calls = 0
            pack = lambda o=options: build_print_pack(pack_input(plan_id, o), font)  # noqa: E731
            seconds = _timed(pack, runs, time.process_time)[0]
        rows.append((what, seconds, tour.calls // runs, swept.calls // runs))
    before = rows[-1][1]
    return [(what, s, s / before, t, c) for what, s, t, c in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, help="also write the A4 PDF here")
    args = parser.parse_args()
    from pypdf import PdfReader

    with tempfile.TemporaryDirectory() as tmpdir:
        app, plan_id = _setup(Path(tmpdir))
        client = app.test_client()
        pdf_url = f"/plans/{plan_id}/print.pdf"
        t0 = time.perf_counter()
        pdf = _get(client, pdf_url)
        cold = time.perf_counter() - t0
        rows = [("PDF A4, first request (cold caches)", cold)]
        warm, pdf = _timed(lambda: _get(client, pdf_url), args.runs)
        rows.append(("PDF A4 (GET print.pdf, incl. tour)", warm))
        rows.append(("PDF A3", _timed(lambda: _get(client, pdf_url + "?paper=A3"), args.runs)[0]))
        repeat = _timed(lambda: _get(client, pdf_url, fresh=False), args.runs)[0]
        rows.append(("PDF A4, same pack downloaded again", repeat))
        page = f"/plans/{plan_id}/print"
        rows.append(("HTML print page", _timed(lambda: _get(client, page), args.runs)[0]))
        for fmt in ("gpx", "kml", "csv"):
            url = f"/api/plans/{plan_id}/export.{fmt}"
            rows.append((f"export .{fmt}", _timed(lambda u=url: _get(client, u), args.runs)[0]))
        with app.app_context():
            from geo.maps.static import find_cjk_font
            from geo.printing.pack import build_print_pack
            from services.printing import PrintOptions, pack_input

            options = PrintOptions("zh", date.today(), app.config["TIMEZONE"])
            data = pack_input(plan_id, options)
            font = find_cjk_font()
            alone = _timed(lambda: build_print_pack(data, font), args.runs)[0]
            rows.append(("build_print_pack only", alone))
            totals = data.tour.totals if data.tour else None
        cpu = _pack_cpu(app, plan_id, args.runs)
        reader = PdfReader(io.BytesIO(pdf))
        if args.out:
            args.out.write_bytes(pdf)
    print(
        f"plan: {N_STOPS} stops, {totals and totals.days} days, "
        f"{totals.km if totals else 0:.1f} km; PDF {len(reader.pages)} pages, "
        f"{len(pdf) / 1e6:.2f} MB; runs={args.runs}"
    )
    print(f"{'what':40} {'median s':>9} {'/ target 5 s':>13}")
    for what, seconds in rows:
        print(f"{what:40} {seconds:9.3f} {seconds / TARGET_S:13.2f}")
    print(f"\n{'one pack, CPU (process time)':32} {'median s':>9} {'/ before':>9} tours clean-ups")
    for what, seconds, ratio, tours, sweeps in cpu:
        print(f"{what:32} {seconds:9.3f} {ratio:9.2f} {tours:5} {sweeps:9}")


if __name__ == "__main__":
    main()
