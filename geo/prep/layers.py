"""The layers the clean-up reads, with geometries in metres and a spatial index: built once per
layer revision by the caller (``store.layers.cached_by_revision``), shared by every request."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely

from geo.prep.corridor import metric_shapes


@dataclass(frozen=True)
class MetricLayer:
    """Features (GeoJSON-like dicts), their geometries in UTM 50N, an STRtree over them."""

    features: tuple[dict, ...]
    geoms: np.ndarray
    tree: shapely.STRtree = field(repr=False)

    @classmethod
    def of(cls, features: Sequence[dict]) -> MetricLayer:
        geoms = metric_shapes(features)
        return cls(tuple(features), geoms, shapely.STRtree(geoms))

    def props(self, index: int) -> dict:
        return self.features[index]["properties"]

    def indices(self, ids: set[str]) -> list[int]:
        """Positions of the features with these ids."""
        return [i for i, f in enumerate(self.features) if f["properties"]["id"] in ids]


@dataclass(frozen=True)
class CleanupLayers:
    """Roads, rivers and townships, each a MetricLayer."""

    roads: MetricLayer
    rivers: MetricLayer
    townships: MetricLayer

    @classmethod
    def of(cls, roads: Sequence[dict], rivers: Sequence[dict], townships: Sequence[dict]):
        return cls(MetricLayer.of(roads), MetricLayer.of(rivers), MetricLayer.of(townships))
