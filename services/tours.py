"""The tour of a request or of a plan, over the road graph and the sites of the stored layers.

The road graph and the stop/place sites are built once per layer content and shared by every
request (``store.layers.cached_by_revision``). ``tour`` is the one function that computes a tour;
``plan_tour`` is the tour of a plan's sites with its settings, as the plan page, the map page, the
print pack and the exports all show it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from flask import current_app

from geo.i18n import name, text
from geo.layers.catalogue import LAYERS
from geo.plans.day_edits import day_options
from geo.plans.fields import tour_settings
from geo.roads.network import RoadGraph
from geo.tour import pipeline
from geo.tour.pipeline import TourRequest
from geo.tour.records import Site, Tour
from store.derived_files import read_derived, write_derived
from store.layers import cached_by_revision, layer_revision, layer_stamp

log = logging.getLogger(__name__)


def road_graph() -> RoadGraph:
    """The road graph, built once per revision of the roads layer and shared by all requests."""

    def build(roads: list[dict]) -> RoadGraph:
        graph = RoadGraph.from_features(roads)
        log.info("road graph built: %s", graph.summary())
        return graph

    return cached_by_revision("road_graph", "roads", build)


TOUR_LAYERS = ("stops", "places", "roads")
"""The layers a tour is computed on: their revisions are named beside it."""


def layer_revisions() -> dict[str, int]:
    """The revision of each layer a tour is computed on, as plans and print packs name it."""
    return {layer: layer_revision(layer) for layer in TOUR_LAYERS}


def revisions_text(revisions: Mapping[str, int], lang: str) -> str:
    """The line "Layer revisions: stops r3, places r1, roads r2" in ``lang``."""
    title = "title_en" if lang == "en" else "title_zh"
    parts = [f"{getattr(LAYERS[k], title)} r{n}" for k, n in revisions.items()]
    return text("layer_revisions", lang, revisions=text("tour_list_sep", lang).join(parts))


def township_names(lang: str) -> dict[str, str]:
    """Township names in ``lang`` by township code (the townships layer's ids)."""

    def build(feats: list[dict]) -> dict[str, str]:
        return {f["properties"]["id"]: name(f["properties"], lang) for f in feats}

    return cached_by_revision(f"township_names:{lang}", "townships", build)


def sites(layer: str, lang: str) -> dict[str, Site]:
    """The features of ``layer`` (stops or places) as tour sites, named in ``lang``, each with
    its township's name (from the stop's ``township_code``) for messages to planners."""
    towns = township_names(lang)

    def build(feats: list[dict]) -> dict[str, Site]:
        return {
            f["properties"]["id"]: Site(
                f["properties"]["id"],
                *f["geometry"]["coordinates"][:2],
                name(f["properties"], lang),
                int(f["properties"].get("visit_minutes", 0)),
                towns.get(f["properties"].get("township_code") or "", ""),
            )
            for f in feats
        }

    key = f"sites:{layer}:{lang}:{layer_stamp('townships')}"  # a township renamed: rebuilt
    return cached_by_revision(key, layer, build)


class StoredDays:
    """The day memo of ``geo.tour.day_memo`` as small JSON files in the cache folder, shared by
    the web workers and the job process; the newest ``KEEP`` tours are kept."""

    KIND, KEEP = "tour-days", 500

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> list[list[str]] | None:
        stored = read_derived(self.folder, self.KIND, key)
        try:
            return None if stored is None else json.loads(stored)
        except ValueError:  # not ours, or cut short: solved again
            return None

    def put(self, key: str, days: list[list[str]]) -> None:
        write_derived(self.folder, self.KIND, key, json.dumps(days).encode(), self.KEEP)


def tour(request: TourRequest, lang: str, closed_roads: Iterable[str] = ()) -> Tour:
    """The tour of a checked request (raises domain errors: unknown stop, no route, too long);
    its days solved once per exact input for every process (``StoredDays``)."""
    return pipeline.plan_tour(
        road_graph(),
        request,
        sites("stops", lang),
        sites("places", lang),
        frozenset(closed_roads),
        lang,
        StoredDays(Path(current_app.config["CACHE_DIR"])),
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
    in. A stop no longer in the stops layer (replaced or rolled back) is left out: the plan keeps
    working on the rest (``services.removed_stops`` names it). ``quick``: a shorter search, to
    rank many site sets."""
    known = sites("stops", lang)
    chosen = tuple(sorted(s for s in stops if s in known))
    if not chosen:
        return Tour()
    days = day_options(state.get("day_edits"), chosen, quick)
    request = TourRequest(chosen, tour_settings(state), days=days)
    return tour(request, lang, closed_roads)
