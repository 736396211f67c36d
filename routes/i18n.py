"""Language per request, Flask-Babel's locale: ``?lang=`` (remembered in a cookie, and on the
account of a logged-in user), else the account's language, else the remembered choice, else the
browser's ``Accept-Language`` (an English browser gets English without asking), else Chinese.

Templates say their words with ``_`` (or ``gettext``): ``geo.i18n.text`` in that language,
so a page, the PDF and an error read the one catalog, with the same ``{param}`` placeholders."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel, get_locale
from flask_login import current_user

from geo import i18n
from store.users import set_language


def current_lang() -> str:
    return get_locale().language


def say(key: str, **params: object) -> str:
    """The catalog's text for ``key`` in the request's language (Jinja's ``_`` and ``gettext``)."""
    return i18n.text(key, current_lang(), **params)


def _chosen_language() -> str:
    account = current_user.language if current_user.is_authenticated else None
    for asked in (request.args.get("lang"), account, request.cookies.get("lang")):
        if asked in i18n.LANGUAGES:
            return asked
    return request.accept_languages.best_match(i18n.LANGUAGES, default=i18n.DEFAULT_LANGUAGE)


def init_app(app: Flask) -> None:
    Babel(
        app,
        locale_selector=_chosen_language,
        default_locale=i18n.DEFAULT_LANGUAGE,
        default_translation_directories=str(i18n.CATALOG_DIR),
    )
    # Flask-Babel's own gettext formats "%(name)s"; the catalogs use "{name}" (shared with geo/).
    app.jinja_env.globals.update(_=say, gettext=say)

    @app.context_processor
    def language_helpers():
        lang = current_lang()
        return {"lang": lang, "feature_name": lambda props: i18n.name(props, lang)}

    @app.before_request
    def remember_on_account():
        """The nav's language switch (``?lang=``) also becomes the account's choice."""
        asked = request.args.get("lang")
        if asked in i18n.LANGUAGES and current_user.is_authenticated:
            set_language(current_user._get_current_object(), asked)

    @app.after_request
    def remember_language(response):
        asked = request.args.get("lang")
        if asked in i18n.LANGUAGES and asked != request.cookies.get("lang"):
            response.set_cookie("lang", asked, max_age=365 * 24 * 3600, samesite="Lax")
        return response
