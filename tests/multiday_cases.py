"""Generated multi-day tour cases shared by tests and bench/bench_multiday.py.

Stops are scattered over a county-sized square around a base ("base"); driving minutes are the
straight-line distance at a road-like speed with a detour factor, so the table obeys the triangle
inequality like real road times do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

import numpy as np

from geo.tour.steps import Visit

BASE = "base"
DEPART = datetime(2014, 10, 20, 8, 30)


@dataclass(frozen=True)
class Case:
    ids: list[str]
    minutes: np.ndarray
    km: np.ndarray
    visits: dict[str, Visit]


def generated(n: int, seed: int, windows: bool = False, side_km: float = 60.0) -> Case:
    """``n`` stops with 20-45 minute visits; with ``windows`` about a third get a 3-4 h window."""
    rng = np.random.default_rng(seed)
    xy = np.vstack([[side_km / 2, side_km / 2], rng.uniform(0, side_km, size=(n, 2))])
    km = 1.3 * np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
    minutes = km / 45.0 * 60.0
    ids = [BASE, *(f"s{i:02d}" for i in range(n))]
    visits = {}
    for stop in ids[1:]:
        window = None
        if windows and rng.random() < 0.33:
            opens = int(rng.integers(8, 13))
            window = (time(opens, 30), time(opens + int(rng.integers(3, 5)), 30))
        visits[stop] = Visit(stop, int(rng.integers(20, 46)), window)
    return Case(ids, minutes, km, visits)


def travel(case: Case):
    """``travel(a, b) -> (minutes, km)`` over the case's table."""
    index = {k: i for i, k in enumerate(case.ids)}

    def lookup(a: str, b: str) -> tuple[float, float]:
        return float(case.minutes[index[a], index[b]]), float(case.km[index[a], index[b]])

    return lookup
