"""Shared helpers for pages that draw the county: the display layers (``services.display``), the
configured basemap, today's date."""

from __future__ import annotations

from datetime import date

from flask import current_app, url_for

from geo.maps.tile_sources import server_url
from geo.maps.web_map import Basemap
from services.display import map_layers

__all__ = ["basemap", "map_layers", "today"]


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
    fixed = current_app.config.get("TODAY")
    return date.fromisoformat(fixed) if fixed else date.today()
