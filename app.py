"""Jiangle Inspect: the Flask application factory.

``python app.py`` serves it with waitress (a production WSGI server that also runs on the Windows
machines county offices often have) on JIANGLE_HOST:JIANGLE_PORT, 127.0.0.1:5000 by default; on
Linux servers gunicorn uses every core (gunicorn.conf.py, README "Serving many users")."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from routes import cli_priority

# Before the heavy imports below: loading the app is most of a CLI import's CPU.
cli_priority.lower_before_loading(sys.argv)

from flask import Flask  # noqa: E402

import config  # noqa: E402
from routes import cli, db_cli, osm_cli, web  # noqa: E402
from services import layers  # noqa: E402
from store import setup  # noqa: E402


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: configuration, database (initialised on first run), blueprints, errors."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    config.check(app.config)
    setup.init_app(app)
    if app.config.get("AUTO_INIT_DB", True):
        with app.app_context():
            layers.ensure_loaded(Path(app.config["LAYER_DIR"]))
    cli.init_app(app)
    app.cli.add_command(osm_cli.import_osm_command)
    app.cli.add_command(db_cli.copy_db_command)
    web.register(app)
    return app


if __name__ == "__main__":
    import logging

    from waitress import serve

    from routes import warm_up

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        application = create_app()
    except config.ConfigError as exc:
        raise SystemExit(str(exc)) from None
    warm_up.warm(application)
    host, port = application.config["HOST"], application.config["PORT"]
    print(f"Jiangle Inspect: http://{host}:{port}/")
    # 16 threads: a print request may sleep up to JIANGLE_PRINT_WAIT s on its job meanwhile.
    serve(application, host=host, port=port, threads=16, channel_timeout=120)
