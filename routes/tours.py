"""POST /api/tour: a tour computed from the request body (``services.tours``), as JSON."""

from __future__ import annotations

from flask import Blueprint, jsonify

from geo.tour.pipeline import parse_tour_request
from routes.i18n import current_lang
from routes.json_body import json_object
from routes.limits import heavy
from services import tours

bp = Blueprint("tours", __name__, url_prefix="/api")


@bp.post("/tour")
@heavy
def tour():
    """Compute a tour. It stores nothing, so it is a read: no CSRF token, no role needed."""
    body = parse_tour_request(json_object())
    return jsonify(tours.tour(body, current_lang()).to_dict())
