"""Search on the map and plan pages: ``GET /api/search?q=…`` answers the matching features as
JSON (the page's search box flies to the one picked)."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, jsonify, request

from routes.i18n import current_lang
from routes.limits import interactive
from services.search import find

bp = Blueprint("search", __name__, url_prefix="/api")


@bp.get("/search")
@interactive
def search():
    query = request.args.get("q", "")
    return jsonify({"query": query, "hits": [asdict(h) for h in find(query, current_lang())]})
