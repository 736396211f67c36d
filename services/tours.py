"""The tour of a request or of a plan, over the road graph and the sites of the stored layers.

The road graph and the stop/place sites are built once per layer content and shared by every
request (``store.layers.cached_by_revision``). ``tour`` is the one function that computes a tour;
``plan_tour`` is the tour of a plan's sites with its settings, as the plan page, the map page, the
print pack and the exports all show it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from geo.i18n import name
from geo.plans.day_edits import day_options
from geo.plans.fields import tour_settings
from geo.roads.network import RoadGraph
from geo.tour import pipeline
from geo.tour.pipeline import TourRequest
from geo.tour.records import Site, Tour
from store.layers import cached_by_revision

log = logging.getLogger(__name__)


def road_graph() -> RoadGraph:
    """The road graph, built once per revision of the roads layer and shared by all requests."""

    def build(roads: list[dict]) -> RoadGraph:
        graph = RoadGraph.from_features(roads)
        log.info("road graph built: %s", graph.summary())
        return graph

    return cached_by_revision("road_graph", "roads", build)


def sites(layer: str, lang: str) -> dict[str, Site]:
    """The features of ``layer`` (stops or places) as tour sites, named in ``lang``."""

    def build(feats: list[dict]) -> dict[str, Site]:
        return {
            f["properties"]["id"]: Site(
                f["properties"]["id"],
                *f["geometry"]["coordinates"][:2],
                name(f["properties"], lang),
                int(f["properties"].get("visit_minutes", 0)),
            )
            for f in feats
        }

    return cached_by_revision(f"sites:{layer}:{lang}", layer, build)


def tour(request: TourRequest, lang: str, closed_roads: Iterable[str] = ()) -> Tour:
    """The tour of a checked request (raises domain errors: unknown stop, no route, too long)."""
    return pipeline.plan_tour(
        road_graph(),
        request,
        sites("stops", lang),
        sites("places", lang),
        frozenset(closed_roads),
        lang,
    )


def plan_tour(
    state: Mapping[str, Any],
    stops: Iterable[str],
    lang: str,
    closed_roads: Iterable[str] = (),
    quick: bool = False,
) -> Tour:
    """The tour of ``stops`` with the settings of a plan state (``Plan.state()`` or checked
    unsaved settings), built from the plan's fields directly, with its hand edits of the days
    (``day_edits``: pins, kept days, the days as last shown); the empty tour without stops.
    Stops go in a canonical order, so the tour does not depend on the order they were clicked
    in. ``quick``: a shorter search, to rank many site sets."""
    chosen = tuple(sorted(stops))
    if not chosen:
        return Tour()
    days = day_options(state.get("day_edits"), chosen, quick)
    request = TourRequest(chosen, tour_settings(state), days=days)
    return tour(request, lang, closed_roads)
