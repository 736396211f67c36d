"""Static maps for print: the county drawn from its own layers with matplotlib (Agg), as PNG.

No tile server is needed; a tile basemap (``geo.maps.tiles``) is drawn underneath only when a
fetcher is given and every tile arrives. The axes are in longitude/latitude with the x axis
stretched by 1/cos(latitude), so distances read true enough at county scale for the scale bar
(``geo.maps.furniture``). Labels use the same CJK font as the PDF (``geo.maps.fonts``), so Chinese
names are real glyphs; name labels are placed by ``geo.maps.labels``.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from geo.i18n import name
from geo.maps.display import polylabel_point

# find_cjk_font, PrintSetupError and TileFetcher are re-exported: callers import them from here.
from geo.maps.fonts import CjkFont, PrintSetupError, find_cjk_font
from geo.maps.furniture import graticule, north_arrow, scale_bar
from geo.maps.labels import Box, place_labels, place_township_names, to_points
from geo.maps.styles import ROAD_STYLES
from geo.maps.tiles import TileFetcher, draw_tiles

__all__ = [
    "DAY_COLOURS",
    "RESERVE_COLOUR",
    "Layout",
    "RIVER_COLOUR",
    "BaseMap",
    "CjkFont",
    "MapView",
    "Marker",
    "PrintSetupError",
    "RenderedMap",
    "TileFetcher",
    "find_cjk_font",
    "fit_bounds",
    "render_map",
]

DAY_COLOURS = ("#d81b60", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f")
RIVER_COLOUR = "#4a90d9"
RESERVE_COLOUR = "#2e7d32"


@dataclass(frozen=True)
class Marker:
    """A point on the map: a numbered stop, the start place (number None) or a faint stop."""

    lon: float
    lat: float
    number: int | None
    label: str
    colour: str
    kind: str = "stop"  # stop | place | faint


@dataclass(frozen=True)
class MapView:
    """What one map shows: size, extent (None: fit the content), route paths and markers."""

    width_in: float
    height_in: float
    paths: Sequence[tuple[Sequence[tuple[float, float]], str]] = ()
    faint_paths: Sequence[Sequence[tuple[float, float]]] = ()
    markers: Sequence[Marker] = ()
    bounds: tuple[float, float, float, float] | None = None
    name_labels: bool = False
    dpi: int = 160


def _rings(geometry: dict) -> list[np.ndarray]:
    geom = shape(geometry)
    polys = getattr(geom, "geoms", [geom])
    rings = []
    for poly in polys:
        rings.append(np.asarray(poly.exterior.coords)[:, :2])
        rings += [np.asarray(r.coords)[:, :2] for r in poly.interiors]
    return rings


def _segments(geometry: dict) -> list[np.ndarray]:
    geom = shape(geometry)
    return [np.asarray(g.coords)[:, :2] for g in getattr(geom, "geoms", [geom])]


def _compound(rings: list[np.ndarray]) -> Path:
    return Path.make_compound_path(*(Path(r, closed=True) for r in rings))


@dataclass(frozen=True)
class Township:
    """A township as the print maps draw it: outline rings, name, its polygon (lon/lat) and the
    point its name starts from (the pole of inaccessibility)."""

    rings: list[np.ndarray]
    label: str
    shape: BaseGeometry
    spot: Point


@dataclass
class BaseMap:
    """The county's own layers, prepared once per print pack and drawn under every map."""

    county: list[np.ndarray]
    townships: list[Township]
    reserve: list[np.ndarray]
    rivers: list[tuple[np.ndarray, float]]
    roads: dict[str, list[np.ndarray]]
    font: CjkFont
    bounds: tuple[float, float, float, float] = field(init=False)

    def __post_init__(self) -> None:
        xy = np.vstack(self.county)
        self.bounds = (*xy.min(axis=0), *xy.max(axis=0))

    @classmethod
    def from_layers(cls, layers: Mapping[str, Sequence[dict]], font: CjkFont, lang: str):
        towns = []
        for f in layers.get("townships", ()):
            polygon = shape(f["geometry"])
            towns.append(
                Township(
                    _rings(f["geometry"]),
                    name(f["properties"], lang),
                    polygon,
                    polylabel_point(polygon),
                )
            )
        roads: dict[str, list[np.ndarray]] = {c: [] for c in ROAD_STYLES}
        for f in layers.get("roads", ()):
            roads.setdefault(f["properties"]["class"], []).extend(_segments(f["geometry"]))
        return cls(
            county=[r for f in layers["county"] for r in _rings(f["geometry"])],
            townships=towns,
            reserve=[r for f in layers.get("reserve", ()) for r in _rings(f["geometry"])],
            rivers=[
                (seg, 1.6 if f["properties"].get("class") == "main" else 0.9)
                for f in layers.get("rivers", ())
                for seg in _segments(f["geometry"])
            ],
            roads=roads,
            font=font,
        )

    def fp(self, size: float) -> FontProperties:
        return FontProperties(fname=self.font.path, size=size)


def fit_bounds(
    points: Iterable[tuple[float, float]],
    aspect: float,
    pad: float = 0.1,
    min_km: float = 6.0,
    margin_pt: float = 0.0,
    height_pt: float = 1.0,
) -> tuple[float, float, float, float]:
    """An extent around ``points`` with a margin, at least ``min_km`` tall, whose ground
    width/height equals ``aspect`` (the picture's width/height). ``pad`` grows the points' own
    extent by that share; ``margin_pt`` then keeps that many points free on every side of a
    picture ``height_pt`` tall, so a marker and its name at the edge of the content stay whole."""
    xy = np.asarray(list(points), dtype=float)
    (x0, y0), (x1, y1) = xy.min(axis=0), xy.max(axis=0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    k = math.cos(math.radians(cy))
    free_h = 1 - 2 * margin_pt / height_pt  # the share of the picture the content may fill
    free_w = 1 - 2 * margin_pt / (height_pt * aspect)
    if min(free_h, free_w) <= 0.2:
        raise ValueError(f"a margin of {margin_pt} pt leaves no room in {height_pt} pt")
    h = max((y1 - y0) * (1 + 2 * pad), min_km / 111.32) / free_h
    w = max((x1 - x0) * k * (1 + 2 * pad), 1e-9) / free_w
    h = max(h, w / aspect)
    w = h * aspect
    return cx - w / (2 * k), cy - h / 2, cx + w / (2 * k), cy + h / 2


@dataclass(frozen=True)
class Layout:
    """Where things landed on a map, as boxes in points: markers, township names, other names."""

    markers: list[Box]
    townships: list[Box]
    names: list[Box]


@dataclass(frozen=True)
class RenderedMap:
    image: bytes  # PNG or JPEG, as asked
    basemap: bool  # the tile basemap was drawn
    layout: Layout


def render_map(
    base: BaseMap, view: MapView, tiles: TileFetcher | None = None, fmt: str = "png"
) -> RenderedMap:
    """One map as PNG or JPEG: layers, optional basemap, route, markers, scale bar, north arrow.

    JPEG (quality 92, no chroma subsampling) is for the PDF: reportlab embeds it as it is,
    where a PNG would be decoded and compressed again (about half a second per page)."""
    # Names are data, never mathtext: a '$' in a stop name must print as a '$'.
    with rc_context({"text.parse_math": False}):
        return _draw(base, view, tiles, fmt)


def _draw(base: BaseMap, view: MapView, tiles: TileFetcher | None, fmt: str) -> RenderedMap:
    fig = Figure(figsize=(view.width_in, view.height_in), dpi=view.dpi)
    FigureCanvasAgg(fig)
    margin_l, margin_b = 0.42 / view.width_in, 0.26 / view.height_in
    ax = fig.add_axes(
        (
            margin_l,
            margin_b,
            1 - margin_l - 0.06 / view.width_in,
            1 - margin_b - 0.06 / view.height_in,
        )
    )
    aspect = (view.width_in * (1 - margin_l) - 0.06) / (view.height_in * (1 - margin_b) - 0.06)
    x0, y0, x1, y1 = view.bounds or fit_bounds(_corners(base.bounds), aspect, pad=0.02)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("auto")
    basemap = tiles is not None and draw_tiles(ax, (x0, y0, x1, y1), tiles, view)
    _draw_layers(ax, base, alpha=0.45 if basemap else 1.0)
    for coords, colour in view.paths:
        _draw_path(ax, coords, colour, 2.6)
    for coords in view.faint_paths:
        _draw_path(ax, coords, "#9e9e9e", 1.2, faint=True)
    layout = _draw_markers(ax, fig, base, view)
    graticule(ax, base)
    scale_bar(ax, base, (x0, y0, x1, y1))
    north_arrow(ax, base)
    out = io.BytesIO()
    if fmt == "jpeg":
        fig.savefig(out, format="jpeg", dpi=view.dpi, pil_kwargs={"quality": 92, "subsampling": 0})
    else:
        fig.savefig(out, format="png", dpi=view.dpi)
    return RenderedMap(out.getvalue(), bool(basemap), layout)


def _corners(bounds: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    return [(bounds[0], bounds[1]), (bounds[2], bounds[3])]


def _add(ax, patch: PathPatch) -> None:
    """A layer's polygon drawn without ``add_patch``'s data-limit update, which walks every
    vertex in Python and is pointless here: the view's limits are set before anything is drawn
    (8-stop pack: about a third of each map's drawing)."""
    ax.add_artist(patch)


def _draw_layers(ax, base: BaseMap, alpha: float) -> None:
    ax.set_facecolor("#f4f6f2")
    _add(ax, PathPatch(_compound(base.county), fc="#fffef8", ec="none", alpha=alpha, zorder=1))
    for town in base.townships:
        _add(
            ax,
            PathPatch(
                _compound(town.rings), fc="none", ec="#9e9e9e", lw=0.6, ls=(0, (4, 2)), zorder=2
            ),
        )
    if base.reserve:
        patch = PathPatch(
            _compound(base.reserve), fc=RESERVE_COLOUR, alpha=0.12, ec="none", zorder=2
        )
        _add(ax, patch)
        _add(
            ax,
            PathPatch(
                _compound(base.reserve),
                fc="none",
                ec=RESERVE_COLOUR,
                lw=0.9,
                hatch="///",
                alpha=0.5,
                zorder=2,
            ),
        )
    ax.add_collection(
        LineCollection(
            [r for r, _ in base.rivers],
            colors=RIVER_COLOUR,
            linewidths=[w for _, w in base.rivers],
            zorder=3,
        )
    )
    for cls in reversed(ROAD_STYLES):  # the highest class drawn last, on top
        colour, width = ROAD_STYLES[cls]
        lines = base.roads.get(cls, [])
        if lines:
            ax.add_collection(
                LineCollection(lines, colors=colour, linewidths=width * 0.32, alpha=0.9, zorder=4)
            )
    _add(ax, PathPatch(_compound(base.county), fc="none", ec="#37474f", lw=1.6, zorder=5))


def _draw_path(
    ax, coords: Sequence[tuple[float, float]], colour: str, width: float, faint: bool = False
) -> None:
    if len(coords) < 2:
        return
    xy = np.asarray(coords)
    if not faint:
        ax.plot(xy[:, 0], xy[:, 1], color="white", lw=width + 2.2, solid_capstyle="round", zorder=7)
    ax.plot(
        xy[:, 0],
        xy[:, 1],
        color=colour,
        lw=width,
        alpha=0.55 if faint else 0.95,
        solid_capstyle="round",
        zorder=7 if faint else 8,
    )


def _text_colour(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#212121" if 0.299 * r + 0.587 * g + 0.114 * b > 160 else "white"


# Marker sizes (matplotlib marker size and edge width, points) by kind.
_FAINT_MS, _PLACE_MS = 4.0, 15.0


def _marker_box(ax, fig, m: Marker, size: float) -> Box:
    x, y = to_points(ax, fig, m.lon, m.lat)
    r = size / 2 + 1.0  # the white edge
    return x - r, y - r, x + r, y + r


def _draw_markers(ax, fig, base: BaseMap, view: MapView) -> Layout:
    """Markers, then township names clear of them, then (day maps) the markers' names clear of
    both; returns where each landed."""
    numbered = [m for m in view.markers if m.kind == "stop"]
    size = 13 if len(numbered) < 30 or view.name_labels else 11
    boxes = []
    for m in view.markers:
        if m.kind == "faint":
            ax.plot(
                m.lon, m.lat, "o", ms=_FAINT_MS, mfc="#bdbdbd", mec="#757575", mew=0.5, zorder=9
            )
            boxes.append(_marker_box(ax, fig, m, _FAINT_MS))
        elif m.kind == "place":
            ax.plot(m.lon, m.lat, "*", ms=_PLACE_MS, mfc="#212121", mec="white", mew=1.0, zorder=11)
            boxes.append(_marker_box(ax, fig, m, _PLACE_MS))
    for m in numbered:
        ax.plot(m.lon, m.lat, "o", ms=size, mfc=m.colour, mec="white", mew=1.1, zorder=10)
        boxes.append(_marker_box(ax, fig, m, size))
        if m.number is not None:
            ax.text(
                m.lon,
                m.lat,
                str(m.number),
                fontproperties=base.fp(6.5 if m.number > 9 else 7),
                color=_text_colour(m.colour),
                ha="center",
                va="center",
                zorder=12,
            )
    routes = [coords for coords, _ in view.paths]
    towns = place_township_names(ax, fig, base, boxes, routes)
    names = []
    if view.name_labels:
        named = [m for m in view.markers if m.kind in ("stop", "place")]
        names = place_labels(ax, fig, base, named, size, taken=[*boxes, *towns])
    return Layout(boxes, towns, names)
