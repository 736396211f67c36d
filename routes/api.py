"""Read-only layer API: the catalogue with feature counts, and each layer as GeoJSON."""

from __future__ import annotations

from flask import Blueprint, jsonify

from geo.errors import NotFoundError
from geo.layers.catalogue import LAYERS
from store.layers import feature_collection, layer_infos

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
    if name not in LAYERS:
        raise NotFoundError(f"unknown layer '{name}' (known: {', '.join(LAYERS)})")
    return jsonify(feature_collection(name))
