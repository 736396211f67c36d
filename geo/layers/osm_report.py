"""What an OSM import read and left out: counts and km by class, dropped ways by reason, and
the parts of the road network that do not connect to the main one (stops there cannot be
reached, so the county should see them before a tour fails)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import shapely
from scipy.sparse.csgraph import connected_components

from geo.crs import to_metric
from geo.layers.osm_tags import DROP_REASONS
from geo.roads.pieces import build_pieces

_ISLANDS_LISTED = 10


@dataclass(frozen=True)
class Total:
    count: int
    km: float


@dataclass(frozen=True)
class Island:
    """A connected group of roads apart from the main network."""

    pieces: int
    km: float
    lon: float
    lat: float
    road_ids: tuple[str, ...]
    names: tuple[str, ...]


@dataclass(frozen=True)
class OsmReport:
    file_name: str
    buffer_km: float
    roads: dict[str, Total]
    rivers: dict[str, Total]
    rail: dict[str, Total]
    stations: int
    dropped: dict[str, int]  # DROP_REASONS key -> ways
    clipped: int  # ways cut at the edge of the buffer
    outside: int  # ways in the bounding box but not in the buffered county
    islands: tuple[Island, ...]  # the largest ones, at most _ISLANDS_LISTED
    island_count: int = 0

    def lines(self) -> list[str]:
        """The report as text, for the command line and the log."""
        out = [f"{self.file_name}: county + {self.buffer_km:g} km"]
        for title, group in (("roads", self.roads), ("rivers", self.rivers), ("rail", self.rail)):
            n, km = sum(t.count for t in group.values()), sum(t.km for t in group.values())
            out.append(f"{title}: {n} ways, {km:.1f} km")
            out += [f"  {cls}: {t.count} ways, {t.km:.1f} km" for cls, t in group.items()]
        out.append(f"stations in the county: {self.stations}")
        out.append(f"ways cut at the buffer edge: {self.clipped}")
        out.append(f"ways outside the buffer (skipped): {self.outside}")
        for key, count in self.dropped.items():
            out.append(f"dropped {count}: {DROP_REASONS[key]}")
        out.append(f"road parts not connected to the main network: {self.island_count}")
        out += [
            f"  {i.pieces} pieces, {i.km:.2f} km near {i.lon:.5f},{i.lat:.5f}"
            f" ({', '.join(i.names) or 'unnamed'}; {', '.join(i.road_ids[:3])})"
            for i in self.islands
        ]
        return out


def totals(features: list[dict], order: tuple[str, ...]) -> dict[str, Total]:
    """Ways and km per ``class`` (in catalogue order), measured in the metric CRS."""
    if not features:
        return {}
    classes = np.array([f["properties"]["class"] for f in features])
    km = shapely.length(to_metric(_geoms(features))) / 1000.0
    return {
        c: Total(int((classes == c).sum()), round(float(km[classes == c].sum()), 2))
        for c in order
        if (classes == c).any()
    }


def unconnected(
    roads: list[dict], progress: Callable[[str, float], None]
) -> tuple[tuple[Island, ...], int]:
    """Road groups apart from the largest one (undirected), biggest first: the ways are split
    at shared nodes as the road graph splits them, then joined into a graph."""
    progress("split", 0.6)
    pieces, _ = build_pieces(roads)
    progress("graph", 0.8)
    n = int(max(pieces.u.max(initial=-1), pieces.v.max(initial=-1)) + 1)
    if n == 0:
        return (), 0
    adjacency = sp.coo_matrix((np.ones(len(pieces)), (pieces.u, pieces.v)), shape=(n, n))
    _, labels = connected_components(adjacency, directed=False)
    piece_label = labels[pieces.u]
    km = np.bincount(piece_label, weights=pieces.length_m, minlength=labels.max() + 1) / 1000
    main = int(np.argmax(km))
    others = [int(c) for c in np.argsort(-km, kind="stable") if c != main and km[c] > 0]
    names = {f["properties"]["id"]: f["properties"].get("name_zh") for f in roads}
    islands = []
    for c in others[:_ISLANDS_LISTED]:
        ix = np.flatnonzero(piece_label == c)
        ids = tuple(dict.fromkeys(pieces.road_ids[i] for i in ix))
        lon, lat = pieces.coords[ix[0]][0]
        islands.append(
            Island(
                len(ix),
                round(float(km[c]), 3),
                float(lon),
                float(lat),
                ids,
                tuple(dict.fromkeys(n for i in ids if (n := names.get(i)))),
            )
        )
    return tuple(islands), len(others)


def _geoms(features: list[dict]) -> np.ndarray:
    return np.array([shapely.geometry.shape(f["geometry"]) for f in features])
