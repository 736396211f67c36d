"""A site proposal as data: the candidates, the rules it must respect, its penalties and answer.

Shared by the search (``geo.plans.proposal_search``) and its driver (``geo.plans.proposal``), so
neither imports the other for its types.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from geo.layers.catalogue import THEMES

READINESS_PENALTY = {"ready": 0.0, "in_progress": 45.0, "not_ready": 240.0}
"""Minutes of extra driving a planner would accept to show a ready site instead."""

MISSING_THEME_PENALTY = 10_000.0
"""Far more than any detour in one county: coverage comes first whenever it is possible."""

EPS = 1e-6
"""Objective gains smaller than this are rounding noise, not improvements."""


@dataclass(frozen=True)
class Candidate:
    """A candidate stop as the optimiser sees it."""

    id: str
    township: str
    theme: str
    readiness: str
    visit_minutes: int = 0

    @classmethod
    def from_properties(cls, p: Mapping) -> Candidate:
        return cls(p["id"], p["township_code"], p["theme"], p["readiness"], int(p["visit_minutes"]))


@dataclass(frozen=True)
class Rules:
    """What the proposal must respect and how long it may think."""

    quota_min: int = 2
    quota_max: int = 3
    locked: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()
    themes: tuple[str, ...] = THEMES
    penalty: Mapping[str, float] = field(default_factory=lambda: dict(READINESS_PENALTY))
    time_budget: float = 3.0
    max_idle: int = 60
    seed: int = 20141020


@dataclass(frozen=True)
class Proposal:
    """The chosen sites in visiting order, with the figures that explain the choice."""

    sites: tuple[str, ...]
    travel_minutes: float
    penalty_minutes: float
    themes_missing: tuple[str, ...]
    shortfall: dict[str, int]
    kicks: int
    seconds: float

    @property
    def objective(self) -> float:
        return self.travel_minutes + self.penalty_minutes

    def to_dict(self) -> dict:
        return {
            "sites": list(self.sites),
            "travel_minutes": round(self.travel_minutes, 1),
            "penalty_minutes": round(self.penalty_minutes, 1),
            "themes_missing": list(self.themes_missing),
            "shortfall": dict(self.shortfall),
            "kicks": self.kicks,
            "seconds": round(self.seconds, 3),
        }


Judge = Callable[[tuple[str, ...]], tuple[float, list[str]] | None]
"""``judge(site ids) -> (driving minutes, visiting order)`` of the real tour, or None if the
sites cannot be scheduled; lets the caller rank the finalists by its own itinerary rules."""
