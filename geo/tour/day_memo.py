"""Solved days remembered by exactly what they were solved from.

Why: the plan page, its print pack, its exports and its clean-up list all show the same tour, in
different requests and often in different server processes (the print pack is built by the job
process). Solving it takes 0.3-1.5 s of a core each time; timing days already solved takes a few
milliseconds. The key is everything the search reads (the visits, the ends, the hours, lunch,
the days' limits and the planner's pins, kept days and last shown days, the road-time table, the
search effort) and the solver's own code, so a new release, another road closure or a moved stop
never reads an old answer. The memo itself (``DayMemo``) is the caller's: a store of small texts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import datetime, time
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, Protocol

import numpy as np


class DayMemo(Protocol):
    """Where solved days are kept: ``get`` a key's days (None if unknown), ``put`` them."""

    def get(self, key: str) -> list[list[str]] | None: ...

    def put(self, key: str, days: list[list[str]]) -> None: ...


def problem_key(problem, ids: Sequence[str], minutes: np.ndarray, km: np.ndarray, effort) -> str:
    """A digest of everything the day search of ``problem`` depends on."""
    digest = hashlib.sha256(_solver_version().encode())
    described = json.dumps(
        {"problem": _plain(problem), "ids": list(ids), "effort": asdict(effort)},
        sort_keys=True,
        default=_plain_value,
    )
    digest.update(described.encode())
    for table in (minutes, km):
        digest.update(np.ascontiguousarray(table, dtype=np.float64).tobytes())
    return digest.hexdigest()


def _plain(problem) -> dict[str, Any]:
    """The problem as JSON-able data, mappings in their own order (the visits' order matters)."""
    return {
        "visits": [[v.id, v.minutes, v.window] for v in problem.visits.values()],
        "ends": [problem.start, problem.end, problem.base],
        "depart": problem.depart,
        "day": asdict(problem.day),
        "lunch": asdict(problem.lunch),
        "max_days": problem.max_days,
        "overrides": sorted([d, asdict(o)] for d, o in problem.overrides.items()),
        "pins": sorted(problem.pins.items()),
        "locked": sorted([d, list(r)] for d, r in problem.locked.items()),
        "balance": problem.balance,
        "previous": None if problem.previous is None else [list(d) for d in problem.previous],
    }


def _plain_value(value: Any) -> Any:
    if isinstance(value, datetime | time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"not part of a day problem's key: {type(value).__name__}")


@cache
def _solver_version() -> str:
    """The tour package's source and VROOM's version: what the search does, as code."""
    digest = hashlib.sha256(version("pyvroom").encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()
