"""A web server's caches built before it takes its first request (``python app.py`` before
waitress serves; gunicorn's master before it forks the workers, which then share them).

Why: a process's first county page renders the map (0.4 s of a core), its first layer request
encodes the layer, its first tour builds the road graph, and requests arriving meanwhile wait
behind them (``services.warm_up``).
"""

from __future__ import annotations

import logging
import time

from flask import Flask

from geo.i18n import LANGUAGES
from geo.layers.catalogue import LAYERS
from routes.api import layer_geojson
from routes.layers_view import county_map
from services.warm_up import warm_layer_caches

log = logging.getLogger(__name__)


def warm(app: Flask) -> None:
    """The layer caches, every layer's GeoJSON and the county map in every language (with its
    stops for the county page, without for the plan and township pages)."""
    started = time.perf_counter()
    with app.test_request_context("/"):
        if not warm_layer_caches():
            return
        for name in LAYERS:
            layer_geojson(name)
        for lang in LANGUAGES:
            county_map(lang)
            county_map(lang, stops=False)
    log.info("caches warmed in %.1f s", time.perf_counter() - started)
