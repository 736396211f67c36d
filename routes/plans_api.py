"""Showcase plans as JSON: list, create, read, save (versioned), delete (versioned), copy,
history, compare, and the two computing endpoints: a plan's route with what-ifs and a suggested
set of sites.

Views attach to the plans blueprint (``routes.plans_base.bp``); the pages are ``routes.plans``.
Route and suggest compute only: nothing is stored. Both take the page's unsaved selection
(``sites``) and tour settings (``plan_fields.SETTINGS``, checked as a save would check them).
"""

from __future__ import annotations

from typing import Any

from flask import jsonify

from geo.errors import JiangleError, ValidationError
from geo.plans import fields as plan_fields
from geo.plans import quota
from geo.plans.proposal import Candidate, Rules, propose
from geo.value_checks import is_lonlat
from routes.auth import require_role
from routes.json_body import json_object as json_body
from routes.plans_base import (
    EDITORS,
    bp,
    checked_changes,
    comparison,
    live_state,
    other_layer_ids,
    plan_pair,
    plan_tour,
    quota_summary,
    stop_features,
    stop_props,
    user_name,
)
from routes.tours import road_graph
from store import plans as store
from store.layers import features

SUGGEST_SECONDS = 3.0


def _delta(new: dict, old: dict) -> dict[str, float]:
    return {
        k: round(new["totals"][k] - old["totals"][k], 2)
        for k in ("km", "driving_minutes", "visiting_minutes", "days")
    }


def _id_list(body: dict, field: str, known: set[str] | dict, what: str) -> list[str]:
    value = body.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(f"{field} must be a list of {what} ids")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise ValidationError(f"{field}: unknown {what} id(s) {', '.join(unknown[:5])}")
    return list(dict.fromkeys(value))


def _closures(body: dict) -> list[str]:
    """Closed road ids: given by id, or by a clicked point snapped to its nearest road."""
    roads = set(other_layer_ids()["roads"])
    closed = _id_list(body, "closed_roads", roads, "road")
    points = body.get("close_at", [])
    if not isinstance(points, list) or not all(is_lonlat(p) for p in points):
        raise ValidationError("close_at must be a list of [longitude, latitude] points")
    if points:
        snaps = road_graph().snap({f"p{i}": tuple(p) for i, p in enumerate(points)})
        closed += [s.road_id for s in snaps.values() if s.road_id not in closed]
    return closed


def _selection(state: dict, body: dict, stops: dict) -> list[str]:
    """The sites to route: the unsaved selection from the page if sent, else the saved one."""
    if "sites" not in body:
        return list(state["sites"])
    return quota.check_sites(body["sites"], stops, other_layer_ids())


def _road_features(ids: list[str]) -> list[dict]:
    wanted = set(ids)
    return [f for f in features("roads") if f["properties"]["id"] in wanted]


# ------------------------------------------------------------------------- JSON API


@bp.get("/api/plans")
def api_list():
    return jsonify([p.to_dict() for p in store.list_plans()])


@bp.post("/api/plans")
@require_role(*EDITORS)
def api_create():
    body = json_body()
    fields = {k: v for k, v in body.items() if k != "name"}
    plan = store.create_plan(body.get("name"), user_name(), commit=not fields)
    if fields:  # settings given at creation are saved as version 2, checked like a PUT; if
        # they break a rule, the uncommitted creation is rolled back with the request
        plan = store.save_plan(plan.id, 1, checked_changes(plan, fields), user_name())
    return jsonify({"id": plan.id, "version": plan.version, "plan": plan.to_dict()}), 201


@bp.get("/api/plans/<int:plan_id>")
def api_get(plan_id: int):
    plan = store.get_plan(plan_id)
    state = plan.to_dict()
    return jsonify({**state, "quota": quota_summary(state, stop_features())})


@bp.put("/api/plans/<int:plan_id>")
@require_role(*EDITORS)
def api_save(plan_id: int):
    body = json_body()
    if "version" not in body:
        raise ValidationError("version is required: send the version you loaded")
    plan = store.get_plan(plan_id)
    store.check_version(plan, body["version"])  # a stale copy gets 409 before any rule check
    plan = store.save_plan(plan_id, body["version"], checked_changes(plan, body), user_name())
    state = plan.to_dict()
    return jsonify({**state, "quota": quota_summary(state, stop_features())})


@bp.delete("/api/plans/<int:plan_id>")
@require_role(*EDITORS)
def api_delete(plan_id: int):
    """Delete the plan if it is still at the ``version`` sent (else 409, nothing deleted)."""
    body = json_body()
    if "version" not in body:
        raise ValidationError("version is required: send the version you loaded")
    plan = store.delete_plan(plan_id, body["version"], user_name())
    return jsonify({"id": plan.id, "deleted": True, "version": plan.version})


@bp.post("/api/plans/<int:plan_id>/copy")
@require_role(*EDITORS)
def api_copy(plan_id: int):
    body = json_body()
    plan = store.copy_plan(plan_id, user_name(), body.get("name"))
    return jsonify({"id": plan.id, "version": plan.version, "plan": plan.to_dict()}), 201


@bp.get("/api/plans/<int:plan_id>/history")
def api_history(plan_id: int):
    return jsonify([c.to_dict() for c in store.plan_history(plan_id)])


@bp.get("/api/plans/compare")
def api_compare():
    a, b = plan_pair()
    return jsonify({"a": a.to_dict(), "b": b.to_dict(), **comparison(a, b)})


@bp.post("/api/plans/<int:plan_id>/route")
def api_route(plan_id: int):
    """The tour of the plan (or of the unsaved selection and settings sent); with what-ifs
    (``closed_roads``, ``close_at``, ``drop_sites``) also the tour without them and the
    difference. Computes only: stores nothing."""
    body = json_body()
    state = live_state(store.get_plan(plan_id), body)
    stops = stop_features()
    sites = _selection(state, body, stops)
    dropped = _id_list(body, "drop_sites", set(sites), "selected site")
    closed = _closures(body)
    kept = [s for s in sites if s not in dropped]
    tour = plan_tour(state, kept, frozenset(closed))
    tour["settings"] = {k: state[k] for k in plan_fields.SETTINGS}
    if dropped or closed:
        reference = plan_tour(state, sites)
        tour["whatif"] = {
            "closed_roads": closed,
            "drop_sites": dropped,
            "closed_geometry": {"type": "FeatureCollection", "features": _road_features(closed)},
            "reference": reference["totals"],
            "delta": _delta(tour, reference),
        }
    return jsonify(tour)


@bp.post("/api/plans/<int:plan_id>/suggest")
@require_role(*EDITORS)
def api_suggest(plan_id: int):
    """A proposed set and its tour; the planner applies it or not (nothing is saved here)."""
    body = json_body()
    state = live_state(store.get_plan(plan_id), body)
    stops = stop_features()
    current = _selection(state, body, stops)
    locked = _id_list(body, "locked", stops, "stop") if "locked" in body else list(state["locked"])
    dropped = _id_list(body, "drop_sites", stops, "stop")
    closed = frozenset(_closures(body))
    rules = Rules(
        quota_min=state["quota_min"],
        quota_max=state["quota_max"],
        locked=frozenset(locked),
        excluded=frozenset(dropped),
        time_budget=SUGGEST_SECONDS,
    )
    proposal, tour = _propose(state, stops, rules, current, closed)
    return jsonify(_suggestion(state, stops, proposal, tour, current, closed))


def _propose(state: dict, stops, rules: Rules, current: list[str], closed: frozenset[str]):
    """Run the optimiser on one travel matrix over every candidate and the plan's ends; the
    finalists are judged by the real tour (the same one the plan page shows)."""
    ends = _ends(state, stops)
    points = {**ends, **{sid: tuple(f["geometry"]["coordinates"][:2]) for sid, f in stops.items()}}
    matrix = road_graph().cost_matrix(points, closed)
    tours: dict[tuple[str, ...], dict] = {}

    def judge(sites: tuple[str, ...]):
        key = tuple(sorted(sites))
        try:
            tours[key] = plan_tour(state, list(key), closed, quick=True)
        except JiangleError:
            return None
        return float(tours[key]["totals"]["driving_minutes"]), tours[key]["order"]

    candidates = [Candidate.from_properties(f["properties"]) for f in stops.values()]
    start, end = list(ends)[0], list(ends)[-1]
    proposal = propose(
        candidates, matrix.ids, matrix.minutes, start, end, rules, seeds=[current], judge=judge
    )
    return proposal, plan_tour(state, list(proposal.sites), closed)


def _ends(state: dict, stops: dict) -> dict[str, tuple[float, float]]:
    """Start and end of the plan as points for the matrix (a stop, a place or [lon, lat])."""
    places = {f["properties"]["id"]: f for f in features("places")}
    out = {}
    for key in ("start", "end"):
        value = state[key]
        if value is None:
            continue
        if isinstance(value, list):
            out[f"@{key}"] = (value[0], value[1])
        else:
            feature = places.get(value) or stops.get(value)
            if feature is None:
                raise ValidationError(f"{key}: unknown place or stop '{value}'")
            out[value] = tuple(feature["geometry"]["coordinates"][:2])
    return out


def _suggestion(state, stops, proposal, tour, current, closed) -> dict[str, Any]:
    props = stop_props(stops)
    proposed = {**state, "sites": list(proposal.sites)}
    out: dict[str, Any] = {
        "sites": tour["order"],
        "tour": tour,
        "figures": proposal.to_dict(),
        "quota": quota_summary(proposed, stops),
        "readiness": quota.readiness_counts(props, proposal.sites),
        "added": [s for s in proposal.sites if s not in current],
        "removed": [s for s in current if s not in proposal.sites],
        "current": None,
    }
    if current:
        try:
            now = plan_tour(state, current, closed)
            out["current"] = {"totals": now["totals"], "delta": _delta(tour, now), "error": None}
        except JiangleError as exc:
            out["current"] = {"totals": None, "delta": None, "error": str(exc)}
    return out
