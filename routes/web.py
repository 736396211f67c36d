"""Every blueprint, the CSRF protection, security headers, language helpers and error handlers,
attached to the app in the order they depend on each other."""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from routes import (
    account,
    admin,
    admin_osm,
    api,
    archive,
    auth,
    cleanup,
    compression,
    converters,
    county_settings,
    errors,
    facilities,
    formatting,
    i18n,
    jobs,
    json_body,
    limits,
    map_page,
    plans,
    prep_tasks,
    printing,
    privacy,
    progress,
    review,
    search,
    security,
    tours,
    township,
    township_tasks,
)

csrf = CSRFProtect()
BLUEPRINTS = (
    map_page.bp,
    api.bp,
    auth.bp,
    account.bp,
    tours.bp,
    facilities.bp,
    plans.bp,
    printing.bp,
    admin.bp,
    admin_osm.bp,
    cleanup.bp,
    search.bp,
    review.bp,
    prep_tasks.bp,
    archive.bp,
    progress.bp,
    township.bp,
    jobs.bp,
    county_settings.bp,
    township_tasks.bp,
)


def register(app: Flask) -> None:
    """Attach compression, converters, CSRF protection, security headers, language helpers,
    error handlers and every blueprint."""
    compression.init_app(app)  # first: it runs last, on the body as finally sent
    converters.init_app(app)
    json_body.init_app(app)
    security.init_app(app)  # before CSRF: a cross-origin write is refused as such
    csrf.init_app(app)
    csrf.exempt(tours.tour)
    i18n.init_app(app)
    formatting.init_app(app)
    errors.init_app(app)
    limits.init_app(app)  # after errors: its 429 handler is the more specific
    auth.init_app(app)
    privacy.init_app(app)
    jobs.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
