"""Display copies of the layers, as every map (web page, print pack, exports) draws them."""

from __future__ import annotations

from geo.layers.catalogue import LAYERS
from geo.maps.display import display_copy
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
