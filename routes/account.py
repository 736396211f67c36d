"""A logged-in user's own account page: who they are (role in words) and the interface language
that follows them from browser to browser (``user.language``)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from geo import i18n
from geo.errors import ValidationError
from routes.auth import require_role
from store.users import ROLES, set_language

bp = Blueprint("account", __name__)


@bp.get("/account")
@require_role(*ROLES)
def page():
    return render_template("auth/account.html", languages=i18n.LANGUAGES)


@bp.post("/account")
@require_role(*ROLES)
def save():
    language = request.form.get("language", "")
    if language not in i18n.LANGUAGES:
        raise ValidationError(code="err_account_language", given=language[:20])
    set_language(current_user._get_current_object(), language)
    said = i18n.text(f"account_language_{language}", language)
    flash(i18n.text("account_saved", language, language=said), "ok")
    return redirect(url_for("account.page"))
