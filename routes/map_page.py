"""The county map page, and local MBTiles tiles when that basemap is configured."""

from __future__ import annotations

import sqlite3

from flask import Blueprint, Response, abort, current_app, render_template, url_for

from geo.maps import build_map, legend_entries, render_parts
from routes.i18n import current_lang
from routes.layers_view import basemap, map_layers, today

bp = Blueprint("map_page", __name__)


@bp.get("/")
def index():
    lang = current_lang()
    static_url = url_for("static", filename="").rstrip("/")
    fmap = build_map(map_layers(), lang, static_url, basemap(), today())
    return render_template("map/index.html", map=render_parts(fmap), legend=legend_entries(lang))


@bp.get("/tiles/<int:z>/<int:x>/<int:y>.png")
def tile(z: int, x: int, y: int):
    """Serve a tile from the configured MBTiles file (TMS rows flipped to XYZ)."""
    path = current_app.config["MBTILES_PATH"]
    if not path:
        abort(404)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        row = conn.execute(
            "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
            (z, x, (1 << z) - 1 - y),
        ).fetchone()
    if row is None:
        abort(404)
    return Response(row[0], mimetype="image/png", headers={"Cache-Control": "max-age=86400"})
