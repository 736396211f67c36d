"""Which of a plan's sites a named route visits: ``geo.tour.pool_route`` over the road graph.

The road-time matrix is built over the whole pool and the plan's start, end and base (the same
endpoints as the full tour, ``geo.tour.pipeline.resolve_endpoints``); the chosen days come back
as a warm start for the route's own tour, so the tour printed is the tour proposed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from geo.roads.network import RoadGraph
from geo.tour.multiday import DayProblem
from geo.tour.pipeline import resolve_endpoints
from geo.tour.pool_route import PoolRoute, PoolSite, route_over_pool
from geo.tour.records import Site
from geo.tour.settings import TourSettings
from geo.tour.steps import Visit


def choose_sites(
    graph: RoadGraph,
    settings: TourSettings,
    pool: Sequence[PoolSite],
    stops: Mapping[str, Site],
    places: Mapping[str, Site],
    closed_roads: frozenset[str] = frozenset(),
    lang: str = "zh",
    required: Collection[str] = (),
) -> PoolRoute:
    """The sites of ``pool`` that fit ``settings.max_days`` days, every theme first, and why each
    other one stays out; ``required`` (included by hand) go in first."""
    visiting = [p.id for p in pool]
    ends = resolve_endpoints(settings.start, settings.end, None, visiting, stops, places)
    start, end, base = (ends[k].id for k in ("start", "end", "base"))
    ids = list(dict.fromkeys([start, *visiting, end, base]))
    sites = {s.id: s for s in (*ends.values(), *(stops[i] for i in visiting))}
    matrix = graph.cost_matrix({i: sites[i].point() for i in ids}, closed_roads)
    visits = {i: Visit(i, stops[i].visit_minutes) for i in visiting}
    problem = DayProblem.from_settings(settings, visits, start, end, base)
    return route_over_pool(
        problem,
        pool,
        list(matrix.ids),
        matrix.minutes,
        matrix.km,
        lang,
        required=required,
    )
