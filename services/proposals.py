"""The proposal use case: a suggested set of sites for a plan, judged by the real tour.

The optimiser (``geo.plans.proposal``) searches on one travel matrix over every candidate and the
plan's ends; its best few sets are then judged by the very tour the plan page shows
(``services.tours.plan_tour``), so the suggestion never promises a tour the page cannot draw.
Nothing is saved: the planner applies the suggestion or not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from geo.errors import JiangleError, ValidationError
from geo.plans import quota
from geo.plans.proposal import Candidate, Proposal, Rules, propose
from geo.tour.pipeline import resolve_endpoints
from geo.tour.records import Tour
from services import county_settings, plans, tours
from store import plans as store

SUGGEST_SECONDS = 3.0


@dataclass(frozen=True)
class Suggestion:
    """A proposed set with its tour, quota and readiness, and how it compares to the current
    selection (``current`` is None when nothing is selected)."""

    proposal: Proposal
    tour: Tour
    quota: dict[str, Any]
    added: list[str]
    removed: list[str]
    current: plans.TourFigures | None

    def to_dict(self) -> dict[str, Any]:
        current = None
        if self.current is not None:
            now = self.current.totals
            current = {
                **self.current.to_dict(),
                "delta": None if now is None else self.tour.totals.minus(now),
            }
        return {
            "sites": list(self.tour.order),
            "tour": self.tour.to_dict(),
            "figures": self.proposal.to_dict(),
            "quota": self.quota,
            "readiness": self.readiness,
            "added": self.added,
            "removed": self.removed,
            "current": current,
        }

    @property
    def readiness(self) -> dict[str, int]:
        return self.quota["readiness"]


def suggest(plan_id: int, body: Mapping[str, Any], lang: str) -> Suggestion:
    """A proposal for the plan, with the unsaved selection, settings, ``locked``,
    ``drop_sites`` and road closures of ``body`` taken into account."""
    state = plans.live_state(store.get_plan(plan_id), body)
    stops = plans.stop_features()
    current = plans.selection(state, body, stops)
    locked = plans.id_list(body, "locked", stops) if "locked" in body else list(state["locked"])
    dropped = plans.id_list(body, "drop_sites", stops)
    both = sorted(set(locked) & set(dropped))
    if both:
        raise ValidationError(code="err_locked_dropped", stop=quota.stop_name(stops[both[0]]))
    closed = frozenset(plans.closures(body))
    bounds = county_settings.quota_bounds()
    rules = Rules(
        quota_min=bounds.low,
        quota_max=bounds.high,
        locked=frozenset(locked),
        excluded=frozenset(dropped),
        time_budget=SUGGEST_SECONDS,
    )
    proposal, tour = _propose(state, stops, rules, current, closed, lang)
    figures = plans.figures(state, current, lang, closed) if current else None
    return Suggestion(
        proposal,
        tour,
        plans.quota_summary({**state, "sites": list(proposal.sites)}, stops),
        [s for s in proposal.sites if s not in current],
        [s for s in current if s not in proposal.sites],
        figures,
    )


def _propose(
    state: Mapping[str, Any],
    stops: Mapping[str, dict],
    rules: Rules,
    current: list[str],
    closed: frozenset[str],
    lang: str,
) -> tuple[Proposal, Tour]:
    """Run the optimiser on one travel matrix over every candidate and the plan's ends; the
    finalists are judged by the real tour (the same one the plan page shows)."""
    stop_sites = tours.sites("stops", lang)
    ends = resolve_endpoints(
        state["start"], state["end"], None, (), stop_sites, tours.sites("places", lang)
    )
    start, end = ends["start"], ends["end"]
    points = {start.id: start.point(), end.id: end.point()}
    points.update({sid: stop_sites[sid].point() for sid in stops})
    matrix = tours.road_graph().cost_matrix(points, closed)
    judged: dict[tuple[str, ...], Tour] = {}  # quick tours, to rank the candidate sets

    def judge(sites: tuple[str, ...]):
        key = tuple(sorted(sites))
        try:
            judged[key] = tours.plan_tour(state, key, lang, closed, quick=True)
        except JiangleError:
            return None
        return float(judged[key].totals.driving_minutes), list(judged[key].order)

    candidates = [Candidate.from_properties(f["properties"]) for f in stops.values()]
    proposal = propose(
        candidates, matrix.ids, matrix.minutes, start.id, end.id, rules, seeds=[current],
        judge=judge,
    )  # fmt: skip
    return proposal, tours.plan_tour(state, proposal.sites, lang, closed)
