"""The county settings under /admin: the quota of sites per township, its form and history. Only
admins read the page or change a setting; the form carries a CSRF token and the
version it was drawn with."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from geo.errors import JiangleError
from geo.i18n import text
from routes.auth import require_role
from routes.i18n import current_lang
from services import county_settings as service

bp = Blueprint("county_settings", __name__, url_prefix="/admin")


@bp.get("/settings")
@require_role("admin")
def page(error: str | None = None, status: int = 200):
    return render_template(
        "admin/settings.html",
        quota=service.county_quota(),
        history=service.quota_history(),
        error=error,
    ), status


@bp.post("/settings/quota")
@require_role("admin")
def save_quota():
    body = {"version": _whole("version"), "quota_min": _whole("quota_min"),
            "quota_max": _whole("quota_max")}  # fmt: skip
    try:
        saved = service.save_quota(body, current_user.username)
    except JiangleError as exc:
        return page(exc.say(current_lang()), exc.status)
    flash(
        text("settings_saved", current_lang(), low=saved.bounds.low, high=saved.bounds.high), "ok"
    )
    return redirect(url_for("county_settings.page"))


def _whole(field: str) -> int | str:
    """A form number as an int, or the text sent (the rules name the field it is wrong in)."""
    raw = request.form.get(field, "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 10 else raw
