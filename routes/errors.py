"""Map domain errors to HTTP status codes in one place: JSON for /api, a page elsewhere."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from geo.errors import JiangleError
from routes import expired
from routes.i18n import current_lang


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


def respond(status: int, message: str, extra: dict | None = None, page_message: bool = True):
    if _wants_json():
        return jsonify({"error": message, **(extra or {})}), status
    shown = message if page_message else None  # the page says it in the user's language
    page = render_template("error.html", status=status, message=shown, details=extra or {})
    return page, status


def init_app(app: Flask) -> None:
    @app.errorhandler(JiangleError)
    def domain_error(exc: JiangleError):
        said = exc.say(current_lang(), current_app.config["TIMEZONE"])
        code = {"code": exc.code} if exc.code else {}
        body, status = respond(exc.status, said, {**code, **exc.details()})
        return body, status, exc.headers()

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        # a fetch sends its token in X-CSRFToken (our scripts), a form in its body
        return expired.respond(_wants_json() or "X-CSRFToken" in request.headers)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        stock = exc.description == type(exc).description  # Werkzeug's English default
        return respond(exc.code or 500, exc.description or exc.name, page_message=not stock)
