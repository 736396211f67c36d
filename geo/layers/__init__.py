"""Layers: the catalogue (the property contract every feature keeps), the one loader and
validator, the KML reader, safe upload handling and the replacement preview.
"""

from geo.layers.catalogue import (
    INSIDE_COUNTY,
    LAYERS,
    PLANT_STATUSES,
    READINESS,
    THEMES,
    LayerSpec,
    Prop,
)
from geo.layers.loader import (
    COUNTY_TOLERANCE_M,
    county_geometry,
    load_all,
    load_layer,
    outside_county,
    read_feature_collection,
    validate_features,
)

__all__ = [
    "COUNTY_TOLERANCE_M",
    "INSIDE_COUNTY",
    "LAYERS",
    "LayerSpec",
    "PLANT_STATUSES",
    "Prop",
    "READINESS",
    "THEMES",
    "county_geometry",
    "load_all",
    "load_layer",
    "outside_county",
    "read_feature_collection",
    "validate_features",
]
