"""Read-only layer API: the catalogue with feature counts, each layer as GeoJSON, and the roads
of one map view (what web maps of a large roads layer load as they move)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, jsonify, request

from geo.errors import ValidationError
from geo.layers.catalogue import LAYERS, unknown_layer
from services.display import roads_in_view
from store.layers import cached_by_revision, layer_infos, layer_stamp

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/layers")
def list_layers():
    infos = {info.name: info for info in layer_infos()}
    return jsonify(
        [
            {
                "name": name,
                "title_zh": spec.title_zh,
                "title_en": spec.title_en,
                "geometry_types": list(spec.geometry_types),
                "feature_count": infos[name].feature_count if name in infos else 0,
                "revision": infos[name].revision if name in infos else None,
                "url": f"/api/layers/{name}",
            }
            for name, spec in LAYERS.items()
        ]
    )


@bp.get("/layers/<name>")
def get_layer(name: str):
    """The layer as GeoJSON, encoded once per content (the roads are megabytes, and every map
    asks for them) and tagged with its content stamp: a browser that has this content gets 304.
    A compressed answer is tagged and checked again by routes.compression (``stamp:zstd``)."""
    if name not in LAYERS:
        raise unknown_layer(name)
    stamp = layer_stamp(name)  # before the body: a replace between gives a newer body, not tag
    response = Response(layer_geojson(name), mimetype="application/json")
    response.set_etag(stamp)
    response.cache_control.no_cache = True  # kept, but asked again before each use
    return response.make_conditional(request)


def layer_geojson(name: str) -> bytes:
    """The layer's GeoJSON as sent, once per content of the layer."""
    return cached_by_revision("geojson", name, _encoded)


def _encoded(features: list[dict]) -> bytes:
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()


@bp.get("/layers/roads/view")
def roads_view():
    """``?bbox=west,south,east,north&zoom=z``: the roads a map shows there, by zoom band."""
    try:
        bbox = tuple(float(v) for v in request.args.get("bbox", "").split(","))
        zoom = float(request.args.get("zoom", ""))
    except ValueError:
        bbox, zoom = (), float("nan")
    west, south, east, north = bbox if len(bbox) == 4 else (float("nan"),) * 4
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90 and 0 <= zoom <= 22):
        raise ValidationError(code="err_roads_view_query")
    return jsonify(roads_in_view((west, south, east, north), zoom))
