"""The plans blueprint and what its pages and its JSON API share.

``bp`` is one blueprint split across modules: the HTML pages in ``routes.plans`` and the JSON API
in ``routes.plans_api`` both attach their views to it, so endpoint names stay ``plans.<view>``.
Held here: who may edit, the request's user, the compare query, the answer for a deleted plan
(JSON bodies are read by ``routes.json_body``). The rules, tours and comparisons are
``services.plans``.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, request, url_for
from flask_login import current_user

from geo.value_checks import is_digits
from routes.errors import respond
from routes.i18n import current_lang
from store.plans import PlanDeletedError

bp = Blueprint("plans", __name__)
EDITORS = ("planner",)  # admin always passes require_role


@bp.app_errorhandler(PlanDeletedError)
def deleted_plan(exc: PlanDeletedError):
    """404 for a deleted plan, in the user's language, with a link to its history (kept)."""
    history = url_for("plans.history_page", plan_id=exc.plan_id)
    said = exc.say(current_lang(), current_app.config["TIMEZONE"])
    return respond(exc.status, said, {"code": exc.code, "history": history, **exc.details()})


def user_name() -> str:
    return current_user.username


def plan_pair() -> tuple[int, int]:
    """The two plan ids of ``?a=<id>&b=<id>``."""
    a, b = request.args.get("a", ""), request.args.get("b", "")
    if not (is_digits(a) and is_digits(b)):
        abort(400, "compare needs two plan ids: ?a=<id>&b=<id>")
    return int(a), int(b)
