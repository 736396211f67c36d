"""Jiangle Inspect: the Flask application factory. ``python app.py`` serves it on port 5000."""

from __future__ import annotations

import os

from flask import Flask

import config
import routes
from store import setup


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: configuration, database (initialised on first run), blueprints, errors."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    config.check(app.config)
    setup.init_app(app)
    routes.register(app)
    return app


if __name__ == "__main__":
    host = os.environ.get("JIANGLE_HOST", "127.0.0.1")
    port = int(os.environ.get("JIANGLE_PORT", "5000"))
    create_app().run(host=host, port=port, debug=False)
