"""Shared helpers for pages that draw the county: cached display layers, basemap, today."""

from __future__ import annotations

from datetime import date

from flask import current_app, url_for

from geo.layers.catalogue import LAYERS
from geo.maps.tile_sources import server_url
from geo.maps.web_map import Basemap, display_copy
from store.layers import cached_by_revision, features

# Layers whose display copy is costly to build (simplify, merge) and which rarely change.
_STATIC_LAYERS = ("county", "townships", "reserve", "roads", "rivers")


def map_layers() -> dict[str, list[dict]]:
    """Display copies of every layer; the static ones cached per layer revision, the live ones
    (plants, stops) read fresh so edits show at once."""
    layers = {}
    for name in LAYERS:
        if name in _STATIC_LAYERS:
            layers[name] = cached_by_revision(
                f"display:{name}", name, lambda feats, n=name: display_copy(n, feats)
            )
        else:
            layers[name] = features(name)
    return layers


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
