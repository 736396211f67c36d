"""A form or fetch whose CSRF token (or the session holding it) has expired: said as "log in
again, then submit", never a bare 400. A form gets a page with a login link that comes back to
the form's page, where ``static/js/page.js`` puts back what the user typed (kept in the tab's
``sessionStorage`` on submit, passwords never); a fetch gets the same words as JSON."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import jsonify, render_template, request, url_for

from geo.i18n import text
from routes.i18n import current_lang
from routes.safe_next import safe_next

CODE = "err_session_expired"


def form_page() -> str:
    """The page the form was on (``Referer`` when it is this site's), where the user goes back."""
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.netloc and referer.netloc != request.host:
        return url_for("map_page.index")
    path = referer.path + (f"?{referer.query}" if referer.query else "")
    return safe_next(path, url_for("map_page.index"))


def respond(as_json: bool):
    """The answer: JSON for a fetch (``as_json``), else the page with the login link."""
    back = form_page()
    login = url_for("auth.login", next=back)
    message = text(CODE, current_lang())
    if as_json:
        return jsonify({"error": message, "code": CODE, "login": login}), 400
    page = render_template("auth/expired.html", message=message, login=login, back=back)
    return page, 400
