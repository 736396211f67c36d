"""Plan use cases: every rule a save must pass, run before the store writes; the tour of a plan
with what-ifs; and the side-by-side comparison of two plans.

The rules: field shapes (``geo.plans.fields``), sites that are candidate stops, start/end that are
known places and not selected sites, locked sites among the sites, a valid quota and, to mark a
plan final, every township within it (``geo.plans.quota``), and tour settings that make a
``geo.tour.settings.TourSettings`` (a working day that starts before it ends). ``store.plans``
then only writes, with its version check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from geo.errors import Both, JiangleError, ValidationError
from geo.i18n import name, text
from geo.plans import day_edits, named_routes, quota
from geo.plans import fields as plan_fields
from geo.tour.change import TourChange
from geo.tour.records import Totals, Tour
from geo.value_checks import is_lonlat
from services import county_settings, plan_routes, tours
from services.plan_routes import RouteTour
from services.removed_stops import RemovedStop, removed_sites
from services.tour_change import what_changed
from store import plans as store
from store.layers import cached_by_revision, features

# ------------------------------------------------------------------------- layer lookups


def stop_features() -> dict[str, dict]:
    """The candidate stops by id (read once per revision of the layer; do not modify them)."""

    def build(feats: list[dict]) -> dict[str, dict]:
        return {f["properties"]["id"]: f for f in feats}

    return dict(cached_by_revision("stops_by_id", "stops", build))


def stop_props(stops: Mapping[str, dict]) -> dict[str, dict]:
    return {sid: f["properties"] for sid, f in stops.items()}


def township_props() -> list[dict]:
    return [f["properties"] for f in features("townships")]


def other_layer_ids() -> dict[str, list[str]]:
    """Ids of layers whose features are not candidate stops, to name a wrong-layer site."""

    def build(feats: list[dict]) -> list[str]:
        return [f["properties"]["id"] for f in feats]

    return {  # once per revision: a plan click would otherwise decode all the roads each time
        layer: cached_by_revision(f"ids:{layer}", layer, build)
        for layer in ("sewage_plants", "places", "townships", "roads")
    }


def quota_summary(state: Mapping[str, Any], stops: Mapping[str, dict] | None = None) -> dict:
    """The status bar of a plan state: per-township counts, themes, readiness, violations."""
    props = stop_props(stops if stops is not None else stop_features())
    bounds = county_settings.quota_bounds()
    return quota.summary(props, township_props(), state["sites"], bounds.low, bounds.high)


def removed_from_layer(sites: Iterable[str], lang: str) -> list[RemovedStop]:
    """The plan's sites no longer in the stops layer, by last known name (``removed_stops``)."""
    return removed_sites(sites, stop_features(), lang)


def revisions_text(lang: str) -> str:
    """The revisions of the layers the plan's tour is computed on, as the page names them."""
    return tours.revisions_text(tours.layer_revisions(), lang)


# ------------------------------------------------------------------------- rule checks


class SettingsError(ValidationError):
    """Unsaved tour settings sent to compute a tour break a rule of a save (422)."""

    def details(self) -> dict:
        return {"settings": True}


def checked_changes(state: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
    """Every rule a save of ``body`` onto ``state`` must pass: field types, layer membership,
    the plan's own consistency, and the quota when the plan is marked final."""
    changes, after = _checked(state, {k: v for k, v in body.items() if k != "version"})
    if after["status"] == "final":  # by the county's quota: the save cannot loosen it
        bounds = county_settings.quota_bounds()
        counts = quota.township_counts(
            stop_props(stop_features()), township_props(), after["sites"], bounds.low, bounds.high
        )
        quota.raise_if_not_final(counts)
    return changes


def live_state(plan: store.Plan, body: Mapping[str, Any]) -> dict[str, Any]:
    """The plan's state with the unsaved tour settings of ``body`` (``plan_fields.SETTINGS``)
    applied, checked by the same rules as a save; SettingsError names the field at fault."""
    fields = (*plan_fields.SETTINGS, *plan_fields.COUNTY_FIELDS)  # the quota: refused by name
    settings = {k: body[k] for k in fields if k in body}
    if not settings:
        return plan.state()
    try:
        return _checked(plan.state(), settings)[1]
    except ValidationError as exc:
        raise SettingsError(str(exc), code=exc.code, **exc.params) from exc


def _checked(
    state: Mapping[str, Any], fields: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The checked changes and the plan's state after them."""
    changes = plan_fields.check_fields(fields)
    stops = stop_features()
    others = other_layer_ids()
    for field in ("sites", "locked"):
        if field in changes:
            changes[field] = checked_sites(changes[field], state["sites"], stops)
    places = set(others["places"]) | set(stops)
    for field in ("start", "end"):
        value = changes.get(field)
        if isinstance(value, str) and value not in places:
            raise ValidationError(code="err_unknown_place", field=_end_label(field), value=value)
    if "day_edits" in changes:  # a stop no longer selected loses its pin
        changes["day_edits"] = day_edits.kept(
            changes["day_edits"], changes.get("sites", state["sites"])
        )
    if "routes" in changes:
        changes["routes"] = named_routes.check(
            changes["routes"], plan_fields.check_fields, lambda ids: _stop_names(ids, stops)
        )
    if "routes" in changes or "sites" in changes:  # a site no longer selected: choice dropped
        changes["routes"] = named_routes.kept(
            changes.get("routes", state.get("routes") or []), changes.get("sites", state["sites"])
        )
    after = {**state, **changes}
    missing = [s for s in after["locked"] if s not in after["sites"]]
    if missing:
        raise ValidationError(code="err_locked_not_site", stops=_stop_names(missing, stops))
    _check_tour_ends(after, stops, places, ())
    for route in after["routes"]:
        own = route["settings"] if "routes" in changes else ()
        try:
            _check_tour_ends(named_routes.route_state(after, route), stops, places, own)
        except ValidationError as exc:
            why = Both(exc.say("zh"), exc.say("en"))
            raise ValidationError(code="err_route_bad", route=route["name"], why=why) from exc
    return changes, after


def _check_tour_ends(
    state: Mapping[str, Any], stops: Mapping, places: set[str], given: Iterable[str]
) -> None:
    """A working day that starts before it ends, and start and end places not among the sites
    visited (the plan's, and each route's with its own settings); those ``given`` anew must be
    known places (a stored one since removed from the layer may stay)."""
    plan_fields.tour_settings(state)
    for field in ("start", "end"):
        value = state[field]
        if field in given and isinstance(value, str) and value not in places:
            raise ValidationError(code="err_unknown_place", field=_end_label(field), value=value)
        if isinstance(value, str) and value in state["sites"]:
            raise ValidationError(
                code="err_end_is_site", field=_end_label(field), stop=_stop_names([value], stops)
            )


def _end_label(field: str) -> Both:
    """ "start" or "end" as the plan page labels it."""
    key = f"history_{field}"
    return Both(text(key, "zh"), text(key, "en"))


def _stop_names(ids: list[str], stops: Mapping[str, dict]) -> Both:
    def said(lang: str) -> str:
        known = (name(stops[i]["properties"], lang) if i in stops else i for i in ids)
        return text("tour_list_sep", lang).join(known)

    return Both(said("zh"), said("en"))


# ------------------------------------------------------------------------- writes


def create_plan(name: Any, fields: Mapping[str, Any], user: str) -> store.Plan:
    """A new plan; settings given at creation are checked like a save and stored as version 2
    in the same transaction, or refused with nothing stored."""
    plan_name = plan_fields.plan_name(name)
    changes = checked_changes(store.new_state(plan_name), fields) if fields else None
    return store.create_plan(plan_name, user, settings=changes)


def save_plan(plan_id: int, version: Any, body: Mapping[str, Any], user: str) -> store.Plan:
    """Save ``body`` onto the plan if it is still at ``version``: a stale copy gets 409 before
    any rule is checked, a rule broken gets 422; either way the plan is unchanged."""
    plan = store.get_plan(plan_id)
    store.check_version(plan, version)
    return store.save_plan(plan_id, version, checked_changes(plan.state(), body), user)


def copy_plan(plan_id: int, name: Any, user: str, lang: str) -> store.Plan:
    """A draft copy of a plan, named ``name`` or "<source> 副本" ("<source> (copy)")."""
    if name is None:
        source = store.get_plan(plan_id).name
        name = text("plan_copy_name", lang, name=source)[: plan_fields.MAX_NAME]
    return store.copy_plan(plan_id, user, plan_fields.plan_name(name))


# ------------------------------------------------------------------------- tours


@dataclass(frozen=True)
class WhatIf:
    """What a what-if changed: closed roads, dropped sites, and the tour without them."""

    closed_roads: list[str]
    drop_sites: list[str]
    closed_features: list[dict]
    reference: Totals
    delta: dict[str, float]


@dataclass(frozen=True)
class PlanRoute:
    """The tour of a plan (or of its unsaved selection) with the settings it was computed with."""

    tour: Tour
    settings: dict[str, Any]
    whatif: WhatIf | None = None
    change: TourChange | None = None
    removed: tuple[RemovedStop, ...] = ()
    revisions: Mapping[str, int] | None = None
    route: RouteTour | None = None  # a named route's tour (None: the full tour of every site)

    def to_dict(self) -> dict[str, Any]:
        out = {
            **self.tour.to_dict(),
            "route": self.route.to_dict() if self.route else None,
            "settings": self.settings,
            "removed": [r.to_dict() for r in self.removed],
            "layer_revisions": dict(self.revisions or {}),
        }
        if self.change is not None:
            out["change"] = self.change.to_dict()
        if self.whatif is not None:
            w = self.whatif
            out["whatif"] = {
                "closed_roads": w.closed_roads,
                "drop_sites": w.drop_sites,
                "closed_geometry": {"type": "FeatureCollection", "features": w.closed_features},
                "reference": w.reference.to_dict(),
                "delta": w.delta,
            }
        return out


ID_LISTS = {  # field: (its label, the message of a malformed list, of ids not known)
    "locked": ("field_locked", "err_stop_list", "err_unknown_stops"),
    "drop_sites": ("field_drop_sites", "err_stop_list", "err_unknown_stops"),
    "closed_roads": ("field_closed_roads", "err_road_list", "err_unknown_roads"),
}


def id_list(body: Mapping[str, Any], field: str, known: Iterable[str]) -> list[str]:
    """``body[field]``: a list of known ids (default empty), each once; ids not known (a layer
    replaced since the page was loaded) are counted, never quoted."""
    label, malformed, not_known = ID_LISTS[field]
    value = body.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(code=malformed, field=Both.label(label))
    known = set(known)
    unknown = {v for v in value if v not in known}
    if unknown:
        raise ValidationError(code=not_known, n=len(unknown))
    return list(dict.fromkeys(value))


def closures(body: Mapping[str, Any]) -> list[str]:
    """Closed road ids: given by id (``closed_roads``), or by a clicked point (``close_at``)
    snapped to its nearest road."""
    closed = id_list(body, "closed_roads", other_layer_ids()["roads"])
    points = body.get("close_at", [])
    if not isinstance(points, list) or not all(is_lonlat(p) for p in points):
        raise ValidationError(code="err_close_at")
    if points:
        snaps = tours.road_graph().snap({f"p{i}": tuple(p) for i, p in enumerate(points)})
        closed += [s.road_id for s in snaps.values() if s.road_id not in closed]
    return closed


def selection(state: Mapping[str, Any], body: Mapping[str, Any], stops: Mapping) -> list[str]:
    """The sites to route: the unsaved selection sent (``sites``), else the saved one."""
    if "sites" not in body:
        return list(state["sites"])
    return checked_sites(body["sites"], state["sites"], stops)


def checked_sites(sent: Any, saved: Iterable[str], stops: Mapping) -> list[str]:
    """``sent`` checked as candidate stops, except saved sites since removed from the stops
    layer: those may stay (the tour leaves them out, the page offers to drop or replace them)."""
    gone = set(saved) - set(stops)
    if not isinstance(sent, list) or not gone:
        return quota.check_sites(sent, stops, other_layer_ids())
    quota.check_sites([s for s in sent if s not in gone], stops, other_layer_ids())
    return list(dict.fromkeys(sent))


def route(plan_id: int, body: Mapping[str, Any], lang: str) -> PlanRoute:
    """The tour of the plan (or of the unsaved selection and settings in ``body``); with
    what-ifs (``closed_roads``, ``close_at``, ``drop_sites``) also the tour without them and
    the difference; with ``what_changed`` true, what the edit did against the days last shown
    (``day_edits.previous``); with ``route`` the key of a named route (saved or sent unsaved in
    ``routes``), that route's tour and the sites it leaves out. Computes only: stores nothing."""
    state = live_state(store.get_plan(plan_id), body)
    stops = stop_features()
    sites = selection(state, body, stops)
    dropped = id_list(body, "drop_sites", stops)
    not_chosen = sorted(set(dropped) - set(sites))
    if not_chosen:
        raise ValidationError(
            code="err_stop_not_chosen",
            field=Both.label("field_drop_sites"),
            stop=quota.stop_name(stops[not_chosen[0]]),
        )
    closed = closures(body)
    kept = [s for s in sites if s not in dropped]
    key = body.get("route", named_routes.FULL)
    if not isinstance(key, str):
        raise named_routes.RouteKeyError(code="err_route_param", value=str(key)[:30])
    named = plan_routes.route_of(state, named_routes.parse_key(key))
    wanted_change = body.get("what_changed", False)
    if not isinstance(wanted_change, bool):
        raise ValidationError(code="err_what_changed")
    settings = {k: state[k] for k in plan_fields.SETTINGS}
    if named is not None:  # a named route: its tour of the sites not dropped, and what it leaves
        found = plan_routes.route_tour(state, named, kept, lang, closed)
        toured = named_routes.route_state(state, named)
        return PlanRoute(
            found.tour,
            settings,
            change=what_changed(toured, found.tour, lang, closed) if wanted_change else None,
            removed=tuple(removed_from_layer(sites, lang)),
            revisions=tours.layer_revisions(),
            route=found,
        )
    tour = tours.plan_tour(state, kept, lang, closed)
    change = what_changed(state, tour, lang, closed) if wanted_change else None
    extras = {
        "change": change,
        "removed": tuple(removed_from_layer(sites, lang)),
        "revisions": tours.layer_revisions(),
    }
    if not (dropped or closed):
        return PlanRoute(tour, settings, **extras)
    reference = tours.plan_tour(state, sites, lang).totals
    by_id = cached_by_revision("roads_by_id", "roads", _by_id)
    roads = [f for rid in dict.fromkeys(closed) for f in by_id.get(rid, ())]
    whatif = WhatIf(closed, dropped, roads, reference, tour.totals.minus(reference))
    return PlanRoute(tour, settings, whatif, **extras)


def _by_id(feats: list[dict]) -> dict[str, list[dict]]:
    """Features by id (an id may name several features), in layer order."""
    out: dict[str, list[dict]] = {}
    for f in feats:
        out.setdefault(f["properties"]["id"], []).append(f)
    return out


# ------------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class TourFigures:
    """A plan's tour totals, or why it has no tour."""

    totals: Totals | None
    error: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"totals": self.totals and self.totals.to_dict(), "error": self.error}


def figures(state: Mapping[str, Any], sites: Iterable[str], lang: str, closed=()) -> TourFigures:
    """The totals of the tour of ``sites``; a tour that cannot be made gives its error."""
    return _figures(lambda: tours.plan_tour(state, sites, lang, closed), lang)


def _figures(tour: Callable[[], Tour], lang: str) -> TourFigures:
    try:
        return TourFigures(tour().totals, None)
    except JiangleError as exc:
        return TourFigures(None, exc.say(lang))


@dataclass(frozen=True)
class RouteFigures:
    """A named route of a plan with its tour's totals (or why it has none)."""

    name: str
    max_days: int
    figures: TourFigures

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "max_days": self.max_days, **self.figures.to_dict()}


def route_figures(state: Mapping[str, Any], lang: str) -> list[RouteFigures]:
    """Each named route of a plan state with the totals of its tour over the plan's sites."""
    return [
        RouteFigures(
            r["name"],
            r["max_days"],
            _figures(lambda r=r: plan_routes.route_tour(state, r, state["sites"], lang).tour, lang),
        )
        for r in state.get("routes") or ()
    ]


@dataclass(frozen=True)
class Comparison:
    """Sites and tour figures of two plans side by side."""

    a: store.Plan
    b: store.Plan
    sites: dict[str, list[dict[str, str]]]
    tours: dict[str, TourFigures]
    routes: dict[str, list[RouteFigures]]

    def to_dict(self) -> dict[str, Any]:
        """What the compare page reads and the compare API answers (without the plans)."""
        return {
            "sites": self.sites,
            "tours": {k: v.to_dict() for k, v in self.tours.items()},
            "routes": {k: [r.to_dict() for r in v] for k, v in self.routes.items()},
            "counts": {"a": len(self.a.sites), "b": len(self.b.sites)},
        }


def comparison(a_id: int, b_id: int, lang: str) -> Comparison:
    a, b = store.get_plan(a_id), store.get_plan(b_id)
    stops = stop_props(stop_features())
    named = {
        k: [{"id": s, "name": name(stops.get(s, {"id": s}), lang)} for s in v]
        for k, v in store.compare_sites(a, b).items()
    }
    pair = (("a", a), ("b", b))
    tours_ = {k: figures(p.state(), p.sites, lang) for k, p in pair}
    routes = {k: route_figures(p.state(), lang) for k, p in pair}
    return Comparison(a, b, named, tours_, routes)
