"""POST /api/tour, and the helpers other blueprints use to compute a tour from stored layers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify

from geo.i18n import name
from geo.roads.network import RoadGraph
from geo.tour.pipeline import Site, parse_tour_request, plan_tour
from routes.i18n import current_lang
from routes.json_body import json_object
from store.layers import cached_by_revision

bp = Blueprint("tours", __name__, url_prefix="/api")


def road_graph() -> RoadGraph:
    """The road graph, built once per revision of the roads layer and shared by all requests."""

    def build(roads: list[dict]) -> RoadGraph:
        graph = RoadGraph.from_features(roads)
        current_app.logger.info("road graph built: %s", graph.summary())
        return graph

    return cached_by_revision("road_graph", "roads", build)


def _sites(layer: str, lang: str) -> dict[str, Site]:
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


def tour_response(body: Any, closed_roads: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The tour for a request body in the ``POST /api/tour`` format (raises domain errors)."""
    lang = current_lang()
    return plan_tour(
        road_graph(),
        parse_tour_request(body),
        _sites("stops", lang),
        _sites("places", lang),
        frozenset(closed_roads),
        lang,
    )


@bp.post("/tour")
def tour():
    """Compute a tour. It stores nothing, so it is a read: no CSRF token, no role needed."""
    return jsonify(tour_response(json_object()))
