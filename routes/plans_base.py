"""The plans blueprint and what its pages and its JSON API share.

``bp`` is one blueprint split across modules: the HTML pages in ``routes.plans`` and the JSON API
in ``routes.plans_api`` both attach their views to it, so endpoint names stay ``plans.<view>``.
Held here: the layer lookups a plan is checked against, request-body parsing, the rules a save
must pass, the tour of a selection and the side-by-side comparison of two plans.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, request
from flask_login import current_user

from geo.errors import JiangleError, ValidationError
from geo.i18n import name
from geo.plans import fields as plan_fields
from geo.plans import quota
from geo.value_checks import is_digits
from routes.i18n import current_lang
from routes.tours import tour_response
from store import plans as store
from store.layers import features

bp = Blueprint("plans", __name__)
EDITORS = ("planner",)  # admin always passes require_role


# ------------------------------------------------------------------------- layer helpers


def stop_features() -> dict[str, dict]:
    return {f["properties"]["id"]: f for f in features("stops")}


def stop_props(stops: dict[str, dict]) -> dict[str, dict]:
    return {sid: f["properties"] for sid, f in stops.items()}


def township_props() -> list[dict]:
    return [f["properties"] for f in features("townships")]


def other_layer_ids() -> dict[str, list[str]]:
    """Ids of layers whose features are not candidate stops, to name a wrong-layer site."""
    return {
        layer: [f["properties"]["id"] for f in features(layer)]
        for layer in ("sewage_plants", "places", "townships", "roads")
    }


def quota_summary(state: dict[str, Any], stops: dict[str, dict]) -> dict[str, Any]:
    return quota.summary(
        stop_props(stops), township_props(), state["sites"], state["quota_min"], state["quota_max"]
    )


def user_name() -> str:
    return current_user.username


# ------------------------------------------------------------------------- rule checks


def checked_changes(plan: store.Plan, body: dict[str, Any]) -> dict[str, Any]:
    """Every rule a save must pass: field types, layer membership, quota when final."""
    changes, state = _checked(plan, {k: v for k, v in body.items() if k != "version"})
    if state["status"] == "final":
        counts = quota.township_counts(
            stop_props(stop_features()),
            township_props(),
            state["sites"],
            state["quota_min"],
            state["quota_max"],
        )
        quota.raise_if_not_final(counts)
    return changes


class SettingsError(ValidationError):
    """Unsaved tour settings sent to compute a tour break a rule of a save (422)."""

    def details(self) -> dict:
        return {"settings": True}


def live_state(plan: store.Plan, body: dict[str, Any]) -> dict[str, Any]:
    """The plan's state with the unsaved tour settings of ``body`` (``plan_fields.SETTINGS``)
    applied, checked by the same rules as a save; SettingsError names the field at fault."""
    settings = {k: body[k] for k in plan_fields.SETTINGS if k in body}
    if not settings:
        return plan.state()
    try:
        return _checked(plan, settings)[1]
    except ValidationError as exc:
        raise SettingsError(str(exc)) from exc


def _checked(plan: store.Plan, fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The checked changes and the plan's state after them (field and layer rules)."""
    changes = plan_fields.check_fields(fields)
    stops = stop_features()
    others = other_layer_ids()
    for field in ("sites", "locked"):
        if field in changes:
            quota.check_sites(changes[field], stops, others)
    places = set(others["places"]) | set(stops)
    for field in ("start", "end"):
        value = changes.get(field)
        if isinstance(value, str) and value not in places:
            raise ValidationError(f"{field}: unknown place or stop '{value}'")
    state = store.merged(plan, changes)
    for field in ("start", "end"):
        if isinstance(state[field], str) and state[field] in state["sites"]:
            raise ValidationError(
                f"{field}: '{state[field]}' is also a selected site; start and end are where the "
                "panel sets out and stays, choose a place or drop the site"
            )
    return changes, state


# ------------------------------------------------------------------------- tours


def plan_tour(
    state: dict[str, Any], sites: list[str], closed: frozenset[str] = frozenset(), quick=False
) -> dict:
    """The tour of ``sites`` with the settings of a plan state (``Plan.state()`` or
    ``live_state``); sites in a canonical order, so the tour does not depend on the order they
    were clicked in. ``quick``: a shorter search, to rank many site sets."""
    if not sites:
        return _empty_tour()
    body = {**store.tour_request(state), "stops": sorted(sites), "quick": quick}
    return tour_response(body, closed)


def _empty_tour() -> dict:
    totals = {"km": 0.0, "driving_minutes": 0, "visiting_minutes": 0, "days": 0}
    geometry = {"type": "FeatureCollection", "features": []}
    return {"order": [], "stops": [], "legs": [], "days": [], "totals": totals,
            "geometry": geometry}  # fmt: skip


def plan_pair() -> tuple[store.Plan, store.Plan]:
    a, b = request.args.get("a", ""), request.args.get("b", "")
    if not (is_digits(a) and is_digits(b)):
        abort(400, "compare needs two plan ids: ?a=<id>&b=<id>")
    return store.get_plan(int(a)), store.get_plan(int(b))


def comparison(a: store.Plan, b: store.Plan) -> dict[str, Any]:
    """Sites and tour figures of two plans side by side; a tour that fails shows its error."""
    tours = {}
    for key, plan in (("a", a), ("b", b)):
        try:
            totals = plan_tour(plan.state(), plan.sites)["totals"]
            tours[key] = {"totals": totals, "error": None}
        except JiangleError as exc:
            tours[key] = {"totals": None, "error": str(exc)}
    stops = stop_props(stop_features())
    lang = current_lang()
    sites = store.compare_sites(a, b)
    named = {
        k: [{"id": s, "name": name(stops.get(s, {"id": s}), lang)} for s in v]
        for k, v in sites.items()
    }
    return {"sites": named, "tours": tours, "counts": {"a": len(a.sites), "b": len(b.sites)}}
