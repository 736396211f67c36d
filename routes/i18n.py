"""Language per request: ``?lang=`` (remembered in a cookie), else the remembered choice, else
the browser's ``Accept-Language`` (an English browser gets English without asking), else Chinese."""

from __future__ import annotations

from flask import Flask, g, request

from geo import i18n


def current_lang() -> str:
    if "lang" not in g:
        g.lang = _chosen_language()
    return g.lang


def _chosen_language() -> str:
    for asked in (request.args.get("lang"), request.cookies.get("lang")):
        if asked in i18n.LANGUAGES:
            return asked
    return request.accept_languages.best_match(i18n.LANGUAGES, default=i18n.DEFAULT_LANGUAGE)


def init_app(app: Flask) -> None:
    @app.context_processor
    def language_helpers():
        lang = current_lang()
        return {
            "lang": lang,
            "t": lambda key, **kw: i18n.text(key, lang, **kw),
            "feature_name": lambda props: i18n.name(props, lang),
        }

    @app.after_request
    def remember_language(response):
        asked = request.args.get("lang")
        if asked in i18n.LANGUAGES and asked != request.cookies.get("lang"):
            response.set_cookie("lang", asked, max_age=365 * 24 * 3600, samesite="Lax")
        return response
