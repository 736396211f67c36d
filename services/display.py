"""Display copies of the layers, as every map (web page, print pack, exports) draws them, and
the roads by view for web maps of a large roads layer."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from flask import current_app

from geo.layers.catalogue import LAYERS
from geo.maps import road_view_file
from geo.maps.display import display_copy
from geo.maps.road_view import INLINE_MAX, RoadView, build_road_view
from store.derived_files import read_derived, write_derived
from store.layers import (
    cached_by_revision,
    cached_by_stamp,
    feature_count,
    features,
    layer_stamps,
    stamped_features,
)

# Layers whose display copy is costly to build (simplify, merge) and which rarely change.
_STATIC_LAYERS = ("county", "townships", "reserve", "roads", "rivers")


def _display(name: str) -> list[dict]:
    if name in _STATIC_LAYERS:
        return cached_by_revision(f"display:{name}", name, lambda f: display_copy(name, f))
    return features(name)


def map_layers() -> dict[str, list[dict]]:
    """Display copies of every layer; the static ones cached per layer revision, the live ones
    (plants, stops) read fresh so edits show at once."""
    return {name: _display(name) for name in LAYERS}


def roads_by_view() -> bool:
    """True when the roads layer is too large to draw inline: web maps then load the roads of
    what they show (``roads_in_view``), and the page itself carries none."""
    return feature_count("roads") > INLINE_MAX


def web_map_layers() -> dict[str, list[dict]]:
    """``map_layers`` for a web page: without the roads when they are served by view (their
    display copy is then neither built nor read for the page)."""
    by_view = roads_by_view()
    return {name: [] if by_view and name == "roads" else _display(name) for name in LAYERS}


def road_view() -> RoadView:
    """The roads by zoom band, kept in memory per content of the roads layer."""
    return cached_by_stamp("road-view", "roads", _stored_road_view)


def _stored_road_view(stamp: str) -> tuple[str, RoadView]:
    """The copy of a large roads layer stored under its stamp (the import built it, or the
    first process that needed it), so other processes read it instead of building it again;
    a small layer is built in memory only. A copy is built and stored under the stamp read with
    its features, in one statement: the layer may have been replaced since ``stamp``."""
    folder = Path(current_app.config["CACHE_DIR"])
    stored = read_derived(folder, "road-view", _file_key(stamp))
    if stored is not None:
        return stamp, road_view_file.from_bytes(stored)
    stamp, roads = stamped_features("roads")
    view = build_road_view(roads)
    if len(view.labels) > INLINE_MAX:
        write_derived(folder, "road-view", _file_key(stamp), road_view_file.to_bytes(view))
    return stamp, view


def _file_key(stamp: str) -> str:
    return f"{stamp}-{road_view_file.FORMAT}"


def roads_in_view(bbox: tuple[float, float, float, float], zoom: float) -> dict[str, Any]:
    """The roads a web map shows at ``zoom`` within ``bbox`` (west, south, east, north)."""
    return road_view().query(bbox, zoom)


def warm_after_import(layer: str) -> None:
    """Build a new roads layer's display copies right after its import, while the importer
    waits anyway (and at a server's start, ``services.warm_up``), so that no page or map view
    waits for them."""
    if layer == "roads" and roads_by_view():
        road_view()


T = TypeVar("T")
_PAGES: OrderedDict[tuple, Any] = OrderedDict()
_PAGES_SIZE = 16  # a rendered county map is ~350 KB: languages x basemaps x a few dates
_PAGES_LOCK = threading.Lock()
_RENDERING: dict[tuple, threading.Lock] = {}  # the maps being rendered, each by one thread


def cached_web_map(variant: Hashable, build: Callable[[dict[str, list[dict]]], T]) -> T:
    """What ``build`` makes of ``web_map_layers()`` (a rendered map), once per content of every
    layer and per ``variant`` (language, date, basemap, URLs: whatever else the map shows).

    Keyed on the layers' stamps in the database, so a facility edit, a stop added by a township
    or an import in any process renders it again, and no process serves a stale map. Rendering
    the county map costs ~0.15 s of CPU; a repeat request then reads one row per layer. The
    requests that miss together wait for one render: after a facility edit, eight threads each
    rendering the same map under one GIL took 1.0-1.2 s each (bench_load)."""
    key = (tuple(sorted(layer_stamps().items())), variant)
    with _PAGES_LOCK:
        if key in _PAGES:
            _PAGES.move_to_end(key)
            return _PAGES[key]
        rendering = _RENDERING.setdefault(key, threading.Lock())
    with rendering:
        with _PAGES_LOCK:
            if key in _PAGES:
                return _PAGES[key]
        try:
            value = build(web_map_layers())
            with _PAGES_LOCK:
                _PAGES[key] = value
                while len(_PAGES) > _PAGES_SIZE:
                    _PAGES.popitem(last=False)
        finally:
            with _PAGES_LOCK:
                _RENDERING.pop(key, None)
    return value
