"""The tour of a plan's named route: which of its sites the route visits and the tour of them.

A route's sites are proposed on every request by ``geo.tour.pool_route`` over the plan's sites
(every review theme, then as many townships as fit, high-priority and ready sites first), with
the planner's hand choices kept: sites included go in first, sites excluded stay out. The tour of
the chosen sites is then planned like any plan's tour, with the route's own hand edits of the
days (pins and kept days of the stops it visits: a move does not change which sites it visits)
and warm-started from the days as last shown, else from the proposal's days.
The full tour of every site (key ``all``) is not a route here: callers keep using
``services.tours.plan_tour`` for it, so nothing existing changes meaning.

Proposing and touring a route takes about a second, and the plan page, print pack, exports and
clean-up all ask for the same route: its tour is kept by a digest of exactly what it is computed
from (the route as sent or saved, the plan's tour settings, its sites, the closed roads, the
language, and the content stamps of the stops, places, roads and townships layers), so an
unsaved edit, a save or a layer edit computes it afresh and nothing else does.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from geo.i18n import text
from geo.plans import named_routes
from geo.plans.day_edits import day_options
from geo.plans.fields import SETTINGS, tour_settings
from geo.tour.day_options import DayOptions
from geo.tour.pipeline import TourRequest
from geo.tour.pool_plan import choose_sites
from geo.tour.pool_route import PoolSite
from geo.tour.records import Site, Tour
from services import tours
from store.layers import features, layer_stamp


@dataclass(frozen=True)
class LeftOut:
    """A site of the plan the route does not visit, by name and township, and why."""

    id: str
    name: str
    township: str
    reason: str
    excluded: bool = False  # left out by the planner's hand

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "township": self.township,
            "reason": self.reason,
            "excluded": self.excluded,
        }


@dataclass(frozen=True)
class RouteTour:
    """A named route's tour, the sites it leaves out, and its definition as stored."""

    route: Mapping[str, Any]
    tour: Tour
    left_out: tuple[LeftOut, ...]

    @property
    def name(self) -> str:
        return self.route["name"]

    def to_dict(self) -> dict[str, Any]:
        return {**self.route, "left_out": [s.to_dict() for s in self.left_out]}


def route_of(state: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    """The stored route of ``key`` (None: the full tour); a key the plan lacks is a 404."""
    return named_routes.find(state.get("routes"), key)


def tour_of(
    state: Mapping[str, Any], route: Mapping[str, Any] | None, sites: Iterable[str], lang: str
) -> Tour:
    """The tour a print, an export or the clean-up shows: the full tour of ``sites`` (route
    None) or the named route's; domain errors propagate."""
    if route is None:
        return tours.plan_tour(state, sites, lang)
    return route_tour(state, route, sites, lang).tour


def titled(plan_name: str, route: Mapping[str, Any] | None, lang: str) -> str:
    """The plan's name, with the route's when it is a named route ("方案 · 路线B 一天")."""
    return (
        plan_name
        if route is None
        else text("route_plan_title", lang, plan=plan_name, route=route["name"])
    )


def route_tour(
    state: Mapping[str, Any],
    route: Mapping[str, Any],
    sites: Iterable[str],
    lang: str,
    closed_roads: Iterable[str] = (),
) -> RouteTour:
    """The tour of ``route`` over ``sites`` (the plan's, or the page's unsaved selection)."""
    known = tours.sites("stops", lang)
    plan_sites = [s for s in dict.fromkeys(sites) if s in known]
    toured = named_routes.route_state(state, route)
    closed = frozenset(closed_roads)
    key = _digest(toured, route, plan_sites, closed, lang)
    return _KEPT.get(key, lambda: _route_tour(toured, route, plan_sites, known, closed, lang))


ROUTE_LAYERS = ("stops", "places", "roads", "townships")
"""The layers a route's tour is computed from: stops (sites, theme, priority, readiness),
places (start, end), roads (the matrix), townships (names in the reasons)."""


def _digest(
    toured: Mapping[str, Any],
    route: Mapping[str, Any],
    sites: Sequence[str],
    closed: frozenset[str],
    lang: str,
) -> str:
    inputs = {
        "settings": {k: toured.get(k) for k in SETTINGS if k != "routes"},
        "route": route,
        "sites": list(sites),
        "closed": sorted(closed),
        "lang": lang,
        "layers": {layer: layer_stamp(layer) for layer in ROUTE_LAYERS},
    }
    blob = json.dumps(inputs, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


class _Kept:
    """The last route tours computed, by digest (least recently used dropped first)."""

    def __init__(self, size: int):
        self.size = size
        self._tours: OrderedDict[str, RouteTour] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, build: Callable[[], RouteTour]) -> RouteTour:
        with self._lock:
            if key in self._tours:
                self._tours.move_to_end(key)
                return self._tours[key]
        found = build()  # outside the lock: another route's request need not wait
        with self._lock:
            self._tours[key] = found
            while len(self._tours) > self.size:
                self._tours.popitem(last=False)
        return found


_KEPT = _Kept(64)


def _route_tour(
    toured: Mapping[str, Any],
    route: Mapping[str, Any],
    plan_sites: list[str],
    known: Mapping[str, Site],
    closed: frozenset[str],
    lang: str,
) -> RouteTour:
    settings = tour_settings(toured)
    excluded = [s for s in plan_sites if s in route["exclude"]]
    pool = _pool([s for s in plan_sites if s not in excluded], known)
    if pool:
        chosen = choose_sites(
            tours.road_graph(),
            settings,
            pool,
            known,
            tours.sites("places", lang),
            closed,
            lang,
            required=[s for s in route["include"] if s in {p.id for p in pool}],
        )
        days = tuple(d for d in chosen.plan.days if d)
        reasons = dict(chosen.left_out)
    else:
        days, reasons = (), {}
    visited = tuple(sorted(s for d in days for s in d))
    edits = day_options(toured["day_edits"], visited, False)
    options = DayOptions(edits.pins, edits.locked, previous=edits.previous or days)
    request = TourRequest(visited, settings, days=options)
    tour = tours.tour(request, lang, closed) if visited else Tour()
    why_out = {s: text("route_excluded", lang) for s in excluded} | reasons
    left = tuple(
        LeftOut(s, known[s].name, known[s].township, why_out[s], s in excluded)
        for s in plan_sites
        if s in why_out
    )
    return RouteTour(route, tour, left)


def _pool(ids: Sequence[str], known: Mapping[str, Site]) -> list[PoolSite]:
    """The pool sites with what the choice ranks on: theme, township, readiness, priority."""
    wanted = set(ids)
    props = {
        f["properties"]["id"]: f["properties"]
        for f in features("stops")
        if f["properties"]["id"] in wanted
    }
    return [
        PoolSite(
            i,
            known[i].name,
            props[i].get("township_code") or "",
            props[i]["theme"],
            props[i].get("readiness") == "ready",
            int(props[i].get("priority") or 0),
        )
        for i in ids
    ]
