"""Shared helpers for pages that draw the county: the display layers (``services.display``), the
configured basemap, where a large roads layer is loaded from, today's date."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, url_for

from geo.maps.tile_sources import server_url
from geo.maps.web_map import Basemap, build_map, render_parts
from services.display import cached_web_map, roads_by_view, web_map_layers

__all__ = ["basemap", "county_map", "map_layers", "roads_url", "today"]


def map_layers() -> dict[str, list[dict]]:
    """The display layers of a web page (without the roads when they are loaded by view)."""
    return web_map_layers()


def roads_url() -> str | None:
    """Where the page's map loads the roads of its view, when the layer is too large to draw
    inline; None for a layer drawn in the page."""
    return url_for("api.roads_view") if roads_by_view() else None


def basemap() -> Basemap:
    """The configured tile basemap, or none (the default: draw the county from its own layers)."""
    choice = current_app.config["BASEMAP"]
    if choice == "mbtiles":
        return Basemap(
            url_for("map_page.tile", z=0, x=0, y=0).replace("/0/0/0.png", "/{z}/{x}/{y}.png"),
            "local MBTiles",
        )
    server = server_url(choice, current_app.config["TIANDITU_KEY"])
    return Basemap(*server) if server else Basemap()


def today() -> date:
    """The county's date (``JIANGLE_TIMEZONE``), not the server's: a server on UTC would still
    be on yesterday until 08:00 in Jiangle; ``JIANGLE_TODAY`` fixes it for a review as of then."""
    fixed = current_app.config["TODAY"]
    if fixed:
        return date.fromisoformat(fixed)
    return datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()


def county_map(lang: str, stops: bool = True, plants: list[dict] | None = None) -> dict[str, Any]:
    """The rendered county map (without nonces: the template puts the response's in) and the
    places it draws, rendered once per layer content and per what else it shows. ``stops``
    False: the map of the plan and township pages, which draw their own clickable stops (the same
    for every plan, so a plan page no longer renders it: 0.089 -> 0.009 CPU s per page). ``plants``:
    the plants a page shows instead of the layer's (the facility dashboard's filtered ones), kept
    by their content."""
    static_url = url_for("static", filename="").rstrip("/")
    day, base, roads = today(), basemap(), roads_url()
    shown = None if plants is None else _digest(plants)

    def render(layers: dict[str, list[dict]]) -> dict[str, Any]:
        drawn = layers if stops else {**layers, "stops": []}
        if plants is not None:
            drawn = {**drawn, "sewage_plants": plants}
        fmap = build_map(drawn, lang, static_url, day, base, roads_url=roads)
        return {"map": render_parts(fmap), "places": layers.get("places", [])}

    return cached_web_map((lang, static_url, day, base, roads, stops, shown), render)


def _digest(features: list[dict]) -> str:
    return hashlib.sha256(json.dumps(features, sort_keys=True, default=str).encode()).hexdigest()
