"""Showcase plans: the list, the selection page, history, comparison, and the JSON API.

Thin: rules live in ``geo.quota`` and ``geo.proposal``, persistence in ``store.plans``, tours in
``routes.tours``. Reading (pages, GET, computing a tour) follows the anonymous-read setting;
every write needs a planner (or admin) session and a CSRF token.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from geo import quota
from geo.catalogue import THEMES
from geo.errors import JiangleError, ValidationError
from geo.i18n import name, text
from geo.maps import THEME_COLOURS, build_map, render_parts
from geo.proposal import Candidate, Rules, propose
from routes.auth import require_role
from routes.i18n import current_lang
from routes.layers_view import basemap, map_layers, today
from routes.tours import road_graph, tour_response
from store import plans as store
from store.layers import features

bp = Blueprint("plans", __name__)
EDITORS = ("planner",)  # admin always passes require_role
SUGGEST_SECONDS = 3.0


class PlanForm(FlaskForm):
    name = StringField("name", validators=[DataRequired(), Length(max=store.MAX_NAME)])


# ------------------------------------------------------------------------- layer helpers


def _stops() -> dict[str, dict]:
    return {f["properties"]["id"]: f for f in features("stops")}


def _props(stops: dict[str, dict]) -> dict[str, dict]:
    return {sid: f["properties"] for sid, f in stops.items()}


def _townships() -> list[dict]:
    return [f["properties"] for f in features("townships")]


def _other_layers() -> dict[str, list[str]]:
    """Ids of layers whose features are not candidate stops, to name a wrong-layer site."""
    return {
        layer: [f["properties"]["id"] for f in features(layer)]
        for layer in ("sewage_plants", "places", "townships", "roads")
    }


def _summary(state: dict[str, Any], stops: dict[str, dict]) -> dict[str, Any]:
    return quota.summary(
        _props(stops), _townships(), state["sites"], state["quota_min"], state["quota_max"]
    )


def _user() -> str:
    return current_user.username


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise ValidationError("the request body must be a JSON object")
    return body


# ------------------------------------------------------------------------- rule checks


def _checked_changes(plan: store.Plan, body: dict[str, Any]) -> dict[str, Any]:
    """Every rule a save must pass: field types, layer membership, quota when final."""
    changes = store.check_fields({k: v for k, v in body.items() if k != "version"})
    stops = _stops()
    others = _other_layers()
    for field in ("sites", "locked"):
        if field in changes:
            quota.check_sites(changes[field], stops, others)
    places = set(others["places"]) | set(stops)
    for field in ("start", "end"):
        value = changes.get(field)
        if isinstance(value, str) and value not in places:
            raise ValidationError(f"{field}: unknown place or stop '{value}'")
    state = store.merged(plan, changes)
    if state["status"] == "final":
        counts = quota.township_counts(
            _props(stops), _townships(), state["sites"], state["quota_min"], state["quota_max"]
        )
        quota.raise_if_not_final(counts)
    return changes


@bp.errorhandler(quota.QuotaError)
def _quota_error(exc: quota.QuotaError):
    return jsonify({"error": str(exc), "violations": [v.to_dict() for v in exc.violations]}), 422


# ------------------------------------------------------------------------- tours


def _tour(plan: store.Plan, sites: list[str], closed: frozenset[str] = frozenset()) -> dict:
    """The tour of ``sites`` with the plan's settings (sites in a canonical order, so the tour
    does not depend on the order they were clicked in)."""
    if not sites:
        return _empty_tour()
    body = {**plan.tour_request(), "stops": sorted(sites)}
    return tour_response(body, closed)


def _empty_tour() -> dict:
    totals = {"km": 0.0, "driving_minutes": 0, "visiting_minutes": 0, "days": 0}
    geometry = {"type": "FeatureCollection", "features": []}
    return {"order": [], "stops": [], "legs": [], "days": [], "totals": totals,
            "geometry": geometry}  # fmt: skip


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
    roads = set(_other_layers()["roads"])
    closed = _id_list(body, "closed_roads", roads, "road")
    points = body.get("close_at", [])
    if not isinstance(points, list):
        raise ValidationError("close_at must be a list of [longitude, latitude] points")
    if points:
        snaps = road_graph().snap({f"p{i}": tuple(p) for i, p in enumerate(points)})
        closed += [s.road_id for s in snaps.values() if s.road_id not in closed]
    return closed


def _selection(plan: store.Plan, body: dict, stops: dict) -> list[str]:
    """The sites to route: the unsaved selection from the page if sent, else the saved one."""
    if "sites" not in body:
        return list(plan.sites)
    return quota.check_sites(body["sites"], stops, _other_layers())


def _road_features(ids: list[str]) -> list[dict]:
    wanted = set(ids)
    return [f for f in features("roads") if f["properties"]["id"] in wanted]


# ------------------------------------------------------------------------- pages


@bp.get("/plans")
def index():
    form = PlanForm()
    return render_template("plans/index.html", plans=store.list_plans(), form=form)


@bp.post("/plans")
@require_role(*EDITORS)
def create_page():
    form = PlanForm()
    if not form.validate_on_submit():
        errors = "; ".join(f"{k}: {', '.join(v)}" for k, v in form.errors.items())
        raise ValidationError(errors or "a plan needs a name")
    plan = store.create_plan(form.name.data, _user())
    return redirect(url_for("plans.plan_page", plan_id=plan.id))


@bp.get("/plans/<int:plan_id>")
def plan_page(plan_id: int):
    plan = store.get_plan(plan_id)
    lang = current_lang()
    layers = {**map_layers(), "stops": []}  # the page draws its own clickable stops
    static_url = url_for("static", filename="").rstrip("/")
    fmap = build_map(layers, lang, static_url, basemap(), today())
    places = [{"id": f["properties"]["id"], "name": name(f["properties"], lang)}
              for f in features("places")]  # fmt: skip
    return render_template(
        "plans/plan.html",
        plan=plan,
        places=places,
        map=render_parts(fmap),
        data=_page_data(plan, lang),
    )


def _page_data(plan: store.Plan, lang: str) -> dict[str, Any]:
    """Everything plan.js needs, embedded as JSON (Jinja's tojson escapes it for <script>)."""
    stops = _stops()
    can_edit = current_user.is_authenticated and current_user.has_role(*EDITORS)
    return {
        "plan": plan.to_dict(),
        "can_edit": can_edit,
        "lang": lang,
        "stops": [
            {
                "id": sid,
                "name": name(f["properties"], lang),
                "township": f["properties"]["township_code"],
                "theme": f["properties"]["theme"],
                "readiness": f["properties"]["readiness"],
                "visit_minutes": f["properties"]["visit_minutes"],
                "lon": f["geometry"]["coordinates"][0],
                "lat": f["geometry"]["coordinates"][1],
            }
            for sid, f in stops.items()
        ],
        "townships": [{"code": t["id"], "name": name(t, lang)} for t in _townships()],
        "themes": [{"key": k, "label": text(k, lang), "colour": THEME_COLOURS[k]} for k in THEMES],
        "labels": {k: text(k, lang) for k in _JS_LABELS},
        "status_labels": {k: text(f"plan_status_{k}", lang) for k in store.STATUSES},
        "urls": {
            "plan": url_for("plans.api_get", plan_id=plan.id),
            "route": url_for("plans.api_route", plan_id=plan.id),
            "suggest": url_for("plans.api_suggest", plan_id=plan.id),
        },
    }


_JS_LABELS = (
    "ready", "in_progress", "not_ready", "km", "minutes", "arrival", "departure", "plan_saved",
    "plan_conflict", "plan_reload", "plan_complete", "plan_incomplete", "plan_few", "plan_many",
    "plan_ok", "plan_themes_missing", "plan_all_themes", "plan_driving", "plan_days",
    "plan_visiting", "plan_unsaved", "plan_computing", "plan_apply", "plan_dismiss",
    "plan_proposal", "plan_current", "plan_difference", "plan_whatif_drop", "plan_whatif_closed",
    "plan_whatif_clear", "plan_lock", "plan_unlock", "plan_not_final", "plan_final", "day_n",
    "plan_sites", "plan_hours", "plan_close_mode", "plan_themes",
)  # fmt: skip


@bp.get("/plans/<int:plan_id>/history")
def history_page(plan_id: int):
    plan = store.get_plan(plan_id)
    return render_template(
        "plans/history.html", plan=plan, changes=[c.to_dict() for c in store.plan_history(plan_id)]
    )


@bp.get("/plans/compare")
def compare_page():
    a, b = _pair()
    return render_template("plans/compare.html", comparison=_comparison(a, b), a=a, b=b)


def _pair() -> tuple[store.Plan, store.Plan]:
    try:
        a, b = int(request.args["a"]), int(request.args["b"])
    except (KeyError, ValueError):
        abort(400, "compare needs two plan ids: ?a=<id>&b=<id>")
    return store.get_plan(a), store.get_plan(b)


def _comparison(a: store.Plan, b: store.Plan) -> dict[str, Any]:
    """Sites and tour figures of two plans side by side; a tour that fails shows its error."""
    tours = {}
    for key, plan in (("a", a), ("b", b)):
        try:
            tours[key] = {"totals": _tour(plan, plan.sites)["totals"], "error": None}
        except JiangleError as exc:
            tours[key] = {"totals": None, "error": str(exc)}
    stops = _props(_stops())
    lang = current_lang()
    sites = store.compare_sites(a, b)
    named = {
        k: [{"id": s, "name": name(stops.get(s, {"id": s}), lang)} for s in v]
        for k, v in sites.items()
    }
    return {"sites": named, "tours": tours, "counts": {"a": len(a.sites), "b": len(b.sites)}}


# ------------------------------------------------------------------------- JSON API


@bp.get("/api/plans")
def api_list():
    return jsonify([p.to_dict() for p in store.list_plans()])


@bp.post("/api/plans")
@require_role(*EDITORS)
def api_create():
    body = _body()
    plan = store.create_plan(body.get("name"), _user())
    if len(body) > 1:  # settings given at creation are saved as version 2, checked like a PUT
        fields = {k: v for k, v in body.items() if k != "name"}
        plan = store.save_plan(plan.id, 1, _checked_changes(plan, fields), _user())
    return jsonify({"id": plan.id, "version": plan.version, "plan": plan.to_dict()}), 201


@bp.get("/api/plans/<int:plan_id>")
def api_get(plan_id: int):
    plan = store.get_plan(plan_id)
    state = plan.to_dict()
    return jsonify({**state, "quota": _summary(state, _stops())})


@bp.put("/api/plans/<int:plan_id>")
@require_role(*EDITORS)
def api_save(plan_id: int):
    body = _body()
    if "version" not in body:
        raise ValidationError("version is required: send the version you loaded")
    plan = store.get_plan(plan_id)
    store.check_version(plan, body["version"])  # a stale copy gets 409 before any rule check
    plan = store.save_plan(plan_id, body["version"], _checked_changes(plan, body), _user())
    state = plan.to_dict()
    return jsonify({**state, "quota": _summary(state, _stops())})


@bp.post("/api/plans/<int:plan_id>/copy")
@require_role(*EDITORS)
def api_copy(plan_id: int):
    body = _body()
    plan = store.copy_plan(plan_id, _user(), body.get("name"))
    return jsonify({"id": plan.id, "version": plan.version, "plan": plan.to_dict()}), 201


@bp.get("/api/plans/<int:plan_id>/history")
def api_history(plan_id: int):
    return jsonify([c.to_dict() for c in store.plan_history(plan_id)])


@bp.get("/api/plans/compare")
def api_compare():
    a, b = _pair()
    return jsonify({"a": a.to_dict(), "b": b.to_dict(), **_comparison(a, b)})


@bp.post("/api/plans/<int:plan_id>/route")
def api_route(plan_id: int):
    """The tour of the plan (or of the unsaved selection sent as ``sites``); with what-ifs
    (``closed_roads``, ``close_at``, ``drop_sites``) also the tour without them and the
    difference. Computes only: stores nothing."""
    plan = store.get_plan(plan_id)
    body = _body()
    stops = _stops()
    sites = _selection(plan, body, stops)
    dropped = _id_list(body, "drop_sites", set(sites), "selected site")
    closed = _closures(body)
    kept = [s for s in sites if s not in dropped]
    tour = _tour(plan, kept, frozenset(closed))
    if dropped or closed:
        reference = _tour(plan, sites)
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
    plan = store.get_plan(plan_id)
    body = _body()
    stops = _stops()
    current = _selection(plan, body, stops)
    locked = _id_list(body, "locked", stops, "stop") if "locked" in body else list(plan.locked)
    dropped = _id_list(body, "drop_sites", stops, "stop")
    closed = frozenset(_closures(body))
    rules = Rules(
        quota_min=plan.quota_min,
        quota_max=plan.quota_max,
        locked=frozenset(locked),
        excluded=frozenset(dropped),
        time_budget=SUGGEST_SECONDS,
    )
    proposal, tour = _propose(plan, stops, rules, current, closed)
    return jsonify(_suggestion(plan, stops, proposal, tour, current, closed))


def _propose(plan, stops, rules: Rules, current: list[str], closed: frozenset[str]):
    """Run the optimiser on one travel matrix over every candidate and the plan's ends; the
    finalists are judged by the real tour (the same one the plan page shows)."""
    ends = _ends(plan, stops)
    points = {**ends, **{sid: tuple(f["geometry"]["coordinates"][:2]) for sid, f in stops.items()}}
    matrix = road_graph().cost_matrix(points, closed)
    tours: dict[tuple[str, ...], dict] = {}

    def judge(sites: tuple[str, ...]):
        key = tuple(sorted(sites))
        try:
            tours[key] = _tour(plan, list(key), closed)
        except JiangleError:
            return None
        return float(tours[key]["totals"]["driving_minutes"]), tours[key]["order"]

    candidates = [Candidate.from_properties(f["properties"]) for f in stops.values()]
    start, end = list(ends)[0], list(ends)[-1]
    proposal = propose(
        candidates, matrix.ids, matrix.minutes, start, end, rules, seeds=[current], judge=judge
    )
    tour = tours.get(tuple(sorted(proposal.sites))) or _tour(plan, list(proposal.sites), closed)
    return proposal, tour


def _ends(plan: store.Plan, stops: dict) -> dict[str, tuple[float, float]]:
    """Start and end of the plan as points for the matrix (a stop, a place or [lon, lat])."""
    places = {f["properties"]["id"]: f for f in features("places")}
    out = {}
    for key, value in (("start", plan.start), ("end", plan.end)):
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


def _suggestion(plan, stops, proposal, tour, current, closed) -> dict[str, Any]:
    props = _props(stops)
    state = {"sites": list(proposal.sites), "quota_min": plan.quota_min,
             "quota_max": plan.quota_max}  # fmt: skip
    out: dict[str, Any] = {
        "sites": tour["order"],
        "tour": tour,
        "figures": proposal.to_dict(),
        "quota": _summary(state, stops),
        "readiness": quota.readiness_counts(props, proposal.sites),
        "added": [s for s in proposal.sites if s not in current],
        "removed": [s for s in current if s not in proposal.sites],
        "current": None,
    }
    if current:
        try:
            now = _tour(plan, current, closed)
            out["current"] = {"totals": now["totals"], "delta": _delta(tour, now), "error": None}
        except JiangleError as exc:
            out["current"] = {"totals": None, "delta": None, "error": str(exc)}
    return out
