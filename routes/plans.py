"""Showcase plans: the list, the selection page, history and comparison pages.

Thin: the use cases are ``services.plans`` (rules, tours, comparison) and ``services.proposals``;
persistence is ``store.plans``. Reading (pages, GET, computing a tour) follows the anonymous-read
setting; every write needs a planner (or admin) session and a CSRF token. The blueprint and the
helpers the pages share with the JSON API are in ``routes.plans_base``; the API itself is
``routes.plans_api``, imported here so that its views are on ``bp`` wherever ``bp`` is used.
"""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from flask_login import current_user

import routes.plans_api  # noqa: F401 - attaches the JSON API views to bp
from geo.i18n import name, text
from geo.layers.catalogue import THEMES
from geo.maps.styles import THEME_COLOURS
from geo.maps.web_map import legend_entries
from geo.plans import fields as plan_fields
from geo.tour.settings import LUNCH_MINUTES, MAX_DAYS
from routes.auth import require_role
from routes.formatting import local_time
from routes.i18n import current_lang
from routes.layers_view import county_map
from routes.plans_base import EDITORS, bp, plan_pair, user_name
from services import county_settings, plan_history, plans, township_sites
from store import plans as store
from store.layers import features


@bp.get("/plans")
def index():
    return render_template("plans/index.html", plans=store.list_plans())


@bp.post("/plans")
@require_role(*EDITORS)
def create_page():
    """The new-plan form (CSRF checked app-wide); the name is checked like the API's, so an empty
    or long one is refused in the user's language."""
    plan = plans.create_plan(request.form.get("name", ""), {}, user_name())
    return redirect(url_for("plans.plan_page", plan_id=plan.id))


@bp.get("/plans/<int:plan_id>")
def plan_page(plan_id: int):
    plan = store.get_plan(plan_id)
    lang = current_lang()
    drawn = county_map(lang, stops=False)  # the page draws its own clickable stops
    places = [{"id": f["properties"]["id"], "name": name(f["properties"], lang)}
              for f in features("places")]  # fmt: skip
    return render_template(
        "plans/plan.html",
        plan=plan,
        places=places,
        map=drawn["map"],
        legend=legend_entries(lang, stops=True, tour=True, places=drawn["places"]),
        data=_page_data(plan, lang),
        bounds=_BOUNDS,
        quota=county_settings.quota_bounds(),
        removed=plans.removed_from_layer(plan.sites, lang),
        revisions=plans.revisions_text(lang),
    )


# The form's number ranges, from the same constants the saves are checked against.
_BOUNDS = {"lunch_minutes": LUNCH_MINUTES, "max_days": MAX_DAYS}


def _page_data(plan: store.Plan, lang: str) -> dict[str, Any]:
    """Everything plan.js needs, embedded as JSON (Jinja's tojson escapes it for <script>)."""
    stops = plans.stop_features()
    flags = township_sites.flags_since(plan.updated_at)
    can_edit = current_user.is_authenticated and current_user.has_role(*EDITORS)
    quota = county_settings.quota_bounds()
    return {
        "plan": plan.to_dict(),
        "quota": {"min": quota.low, "max": quota.high},  # the county's, never the plan's own
        "can_edit": can_edit,
        "removed": [r.to_dict() for r in plans.removed_from_layer(plan.sites, lang)],
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
                "township_flag": _flag(flags.get(sid), lang),
            }
            for sid, f in stops.items()
        ],
        "townships": [{"code": t["id"], "name": name(t, lang)} for t in plans.township_props()],
        "places": [
            {"id": f["properties"]["id"], "name": name(f["properties"], lang)}
            for f in features("places")
        ],
        "themes": [{"key": k, "label": text(k, lang), "colour": THEME_COLOURS[k]} for k in THEMES],
        "labels": {k: text(k, lang) for k in _JS_LABELS},
        "status_labels": {k: text(f"plan_status_{k}", lang) for k in plan_fields.STATUSES},
        "urls": {
            "plan": url_for("plans.api_get", plan_id=plan.id),
            "route": url_for("plans.api_route", plan_id=plan.id),
            "suggest": url_for("plans.api_suggest", plan_id=plan.id),
            "list": url_for("plans.index"),
        },
    }


def _flag(flag, lang: str) -> dict[str, str] | None:
    """A stop the township added or changed since the plan was last saved: the badge's words."""
    if flag is None:
        return None
    title = text("site_flag_title", lang, user=flag.user, at=local_time(flag.at))
    return {"kind": flag.kind, "label": text(f"site_flag_{flag.kind}", lang), "title": title}


_JS_LABELS = (
    "ready", "in_progress", "not_ready", "km", "minutes", "arrival", "departure", "plan_saved",
    "plan_conflict", "plan_reload", "plan_complete", "plan_incomplete", "plan_few", "plan_many",
    "plan_ok", "plan_themes_missing", "plan_all_themes", "plan_driving", "plan_days",
    "plan_visiting", "plan_unsaved", "plan_computing", "plan_apply", "plan_dismiss",
    "plan_proposal", "plan_current", "plan_difference", "plan_whatif_drop", "plan_whatif_closed",
    "plan_whatif_clear", "plan_lock", "plan_unlock", "plan_not_final", "plan_final", "day_n",
    "plan_sites", "plan_hours", "plan_close_mode", "plan_themes", "plan_delete_confirm",
    "plan_delete_yes", "plan_cancel",
    "tt_lunch", "tt_lunch_at", "tt_lunch_on_way", "tt_leave", "tt_back", "tt_leg", "tt_wait",
    "tt_day_totals", "tt_move", "tt_move_label", "tt_pin", "tt_pinned", "tt_keep_order",
    "tt_undo", "tt_redo", "tt_drag_hint",
    "route_full", "route_add", "route_rename", "route_delete", "route_name_label",
    "route_days_label", "route_end_label", "route_end_plan", "route_new_name", "route_left_out",
    "route_none_left_out",
    "route_chosen", "route_include", "route_exclude", "route_undo_choice", "route_included",
    "route_tab",
)  # fmt: skip


@bp.get("/plans/<int:plan_id>/history")
def history_page(plan_id: int):
    plan = store.get_plan_record(plan_id)  # a deleted plan keeps its history
    changes = plan_history.plan_history(plan_id, current_lang())
    return render_template("plans/history.html", plan=plan, changes=changes)


@bp.get("/plans/compare")
def compare_page():
    found = plans.comparison(*plan_pair(), current_lang())
    return render_template("plans/compare.html", comparison=found.to_dict(), a=found.a, b=found.b)
