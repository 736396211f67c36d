"""The caches a server process builds from the layers, built before it serves.

Why: the first tour request of a process builds the road graph (about a second of a core), the
first map views the display copies and the roads by view; and while one request builds them,
the requests behind it in the same process wait for the cores too (``bench/bench_load.py``: the
five slowest pages and APIs of a 30 s run, 1.2-1.4 s, were all in its first second). Every cache
is still keyed by its layer's content, so a later edit or import rebuilds what it changes.
"""

from __future__ import annotations

import logging

from geo.errors import JiangleError
from geo.i18n import LANGUAGES
from services import display, tours

log = logging.getLogger(__name__)


def warm_layer_caches() -> bool:
    """Display copies of every layer, the roads by view of a large roads layer, the road graph
    and the tour sites in every language. False (logged) when a layer is not loaded yet: its
    first request builds what it needs, as without a warm-up."""
    try:
        display.map_layers()
        display.warm_after_import("roads")
        tours.road_graph()
        for lang in LANGUAGES:
            tours.sites("stops", lang)
            tours.sites("places", lang)
    except JiangleError as exc:
        log.warning("caches not warmed: %s", exc.say("en"))
        return False
    return True
