"""Static maps for print: the county drawn from its own layers with matplotlib (Agg), as PNG.

No tile server is needed; a tile basemap is drawn underneath only when a fetcher is given and
every tile arrives. The axes are in longitude/latitude with the x axis stretched by
1/cos(latitude), so distances read true enough at county scale for the scale bar. Labels use
the same CJK font as the PDF, so Chinese names are real glyphs.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import PathPatch, Polygon, Rectangle
from matplotlib.path import Path
from shapely.geometry import shape

from geo.errors import JiangleError
from geo.i18n import name
from geo.maps import ROAD_STYLES

# Fonts with CJK glyphs in the usual Debian/Ubuntu/Fedora places: (path, face index in a .ttc).
KNOWN_CJK_FONTS = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
)
DAY_COLOURS = ("#d81b60", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f")
RIVER_COLOUR = "#4a90d9"
RESERVE_COLOUR = "#2e7d32"
TileFetcher = Callable[[int, int, int], bytes | None]
MAX_TILES = 48


class PrintSetupError(JiangleError):
    """The server cannot print: a missing font or similar; says what to install or set."""

    status = 500


@dataclass(frozen=True)
class CjkFont:
    path: str
    index: int = 0


def find_cjk_font(configured: str = "") -> CjkFont:
    """The CJK font to embed: ``configured`` ("path" or "path#index", from JIANGLE_CJK_FONT),
    else the first installed of ``KNOWN_CJK_FONTS``."""
    if configured:
        path, _, index = configured.partition("#")
        if not os.path.isfile(path):
            raise PrintSetupError(f"CJK_FONT / JIANGLE_CJK_FONT: no font file at {path}")
        return CjkFont(path, int(index or 0))
    for path, index in KNOWN_CJK_FONTS:
        if os.path.isfile(path):
            return CjkFont(path, index)
    raise PrintSetupError(
        "no Chinese (CJK) font found for the print pack: install one "
        "(Debian/Ubuntu: apt-get install fonts-wqy-microhei) or set JIANGLE_CJK_FONT "
        "to a .ttf/.ttc file"
    )


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


@dataclass
class BaseMap:
    """The county's own layers, prepared once per print pack and drawn under every map."""

    county: list[np.ndarray]
    townships: list[tuple[list[np.ndarray], str, tuple[float, float]]]
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
            seat = shape(f["geometry"]).representative_point()
            towns.append((_rings(f["geometry"]), name(f["properties"], lang), (seat.x, seat.y)))
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
    points: Iterable[tuple[float, float]], aspect: float, pad: float = 0.1, min_km: float = 6.0
) -> tuple[float, float, float, float]:
    """An extent around ``points`` with a margin, at least ``min_km`` tall, whose ground
    width/height equals ``aspect`` (the picture's width/height)."""
    xy = np.asarray(list(points), dtype=float)
    (x0, y0), (x1, y1) = xy.min(axis=0), xy.max(axis=0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    k = math.cos(math.radians(cy))
    h = max((y1 - y0) * (1 + 2 * pad), min_km / 111.32)
    w = max((x1 - x0) * k * (1 + 2 * pad), 1e-9)
    h = max(h, w / aspect)
    w = h * aspect
    return cx - w / (2 * k), cy - h / 2, cx + w / (2 * k), cy + h / 2


@dataclass(frozen=True)
class RenderedMap:
    image: bytes  # PNG or JPEG, as asked
    basemap: bool  # the tile basemap was drawn


def render_map(
    base: BaseMap, view: MapView, tiles: TileFetcher | None = None, fmt: str = "png"
) -> RenderedMap:
    """One map as PNG or JPEG: layers, optional basemap, route, markers, scale bar, north arrow.

    JPEG (quality 92, no chroma subsampling) is for the PDF: reportlab embeds it as it is,
    where a PNG would be decoded and compressed again (about half a second per page)."""
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
    basemap = tiles is not None and _draw_tiles(ax, (x0, y0, x1, y1), tiles, view)
    _draw_layers(ax, base, alpha=0.45 if basemap else 1.0)
    for coords, colour in view.paths:
        _draw_path(ax, coords, colour, 2.6)
    for coords in view.faint_paths:
        _draw_path(ax, coords, "#9e9e9e", 1.2, faint=True)
    _draw_markers(ax, fig, base, view)
    _graticule(ax, base)
    _scale_bar(ax, base, (x0, y0, x1, y1))
    _north_arrow(ax, base)
    out = io.BytesIO()
    if fmt == "jpeg":
        fig.savefig(out, format="jpeg", dpi=view.dpi, pil_kwargs={"quality": 92, "subsampling": 0})
    else:
        fig.savefig(out, format="png", dpi=view.dpi)
    return RenderedMap(out.getvalue(), bool(basemap))


def _corners(bounds: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    return [(bounds[0], bounds[1]), (bounds[2], bounds[3])]


def _draw_layers(ax, base: BaseMap, alpha: float) -> None:
    ax.set_facecolor("#f4f6f2")
    ax.add_patch(PathPatch(_compound(base.county), fc="#fffef8", ec="none", alpha=alpha, zorder=1))
    for rings, _, _ in base.townships:
        ax.add_patch(
            PathPatch(_compound(rings), fc="none", ec="#9e9e9e", lw=0.6, ls=(0, (4, 2)), zorder=2)
        )
    if base.reserve:
        patch = PathPatch(
            _compound(base.reserve), fc=RESERVE_COLOUR, alpha=0.12, ec="none", zorder=2
        )
        ax.add_patch(patch)
        ax.add_patch(
            PathPatch(
                _compound(base.reserve),
                fc="none",
                ec=RESERVE_COLOUR,
                lw=0.9,
                hatch="///",
                alpha=0.5,
                zorder=2,
            )
        )
    ax.add_collection(
        LineCollection(
            [r for r, _ in base.rivers],
            colors=RIVER_COLOUR,
            linewidths=[w for _, w in base.rivers],
            zorder=3,
        )
    )
    for cls in ("village", "township", "county", "provincial"):
        colour, width = ROAD_STYLES[cls]
        lines = base.roads.get(cls, [])
        if lines:
            ax.add_collection(
                LineCollection(lines, colors=colour, linewidths=width * 0.32, alpha=0.9, zorder=4)
            )
    ax.add_patch(PathPatch(_compound(base.county), fc="none", ec="#37474f", lw=1.6, zorder=5))
    halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    for _, label, (x, y) in base.townships:
        if x0 < x < x1 and y0 < y < y1:
            ax.text(
                x,
                y,
                label,
                fontproperties=base.fp(8.5),
                color="#616161",
                ha="center",
                va="center",
                zorder=6,
                path_effects=halo,
            )


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


def _draw_markers(ax, fig, base: BaseMap, view: MapView) -> None:
    for m in view.markers:
        if m.kind == "faint":
            ax.plot(m.lon, m.lat, "o", ms=4, mfc="#bdbdbd", mec="#757575", mew=0.5, zorder=9)
        elif m.kind == "place":
            ax.plot(m.lon, m.lat, "*", ms=15, mfc="#212121", mec="white", mew=1.0, zorder=11)
    numbered = [m for m in view.markers if m.kind == "stop"]
    size = 13 if len(numbered) < 30 or view.name_labels else 11
    for m in numbered:
        ax.plot(m.lon, m.lat, "o", ms=size, mfc=m.colour, mec="white", mew=1.1, zorder=10)
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
    if view.name_labels:
        _place_labels(ax, fig, base, [m for m in view.markers if m.kind in ("stop", "place")], size)


# Label offsets (points) and alignments tried in turn: right, left, above, below, diagonals.
_SPOTS = (
    (9, 0, "left", "center"),
    (-9, 0, "right", "center"),
    (0, 9, "center", "bottom"),
    (0, -9, "center", "top"),
    (8, 7, "left", "bottom"),
    (-8, 7, "right", "bottom"),
    (8, -7, "left", "top"),
    (-8, -7, "right", "top"),
)


def _text_width(label: str, size: float) -> float:
    return sum(size if ord(c) > 0x2E80 else size * 0.56 for c in label)


def _box(x: float, y: float, spot: tuple, w: float, h: float) -> tuple[float, float, float, float]:
    dx, dy, ha, va = spot
    left = x + dx - (w if ha == "right" else w / 2 if ha == "center" else 0)
    bottom = y + dy - (h if va == "top" else h / 2 if va == "center" else 0)
    return left, bottom, left + w, bottom + h


def _overlap(a: tuple, b: tuple) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _place_labels(ax, fig, base: BaseMap, markers: Sequence[Marker], marker_pt: float) -> None:
    """Name labels beside the markers, each at the first spot that overlaps no earlier label,
    no marker and stays inside the map (else the least crowded spot)."""
    to_pt = 72.0 / fig.dpi
    frame = ax.get_window_extent()
    area = (frame.x0 * to_pt, frame.y0 * to_pt, frame.x1 * to_pt, frame.y1 * to_pt)
    pts = [tuple(ax.transData.transform((m.lon, m.lat)) * to_pt) for m in markers]
    r = marker_pt / 2
    taken = [(x - r, y - r, x + r, y + r) for x, y in pts]
    size, halo = 7.0, [patheffects.withStroke(linewidth=2.4, foreground="white")]
    for m, (x, y) in zip(markers, pts, strict=True):
        w, h = _text_width(m.label, size), size * 1.25
        best, best_cost = _SPOTS[0], math.inf
        for spot in _SPOTS:
            box = _box(x, y, spot, w, h)
            inside = (
                area[0] <= box[0] and box[2] <= area[2] and area[1] <= box[1] and box[3] <= area[3]
            )
            cost = sum(_overlap(box, t) for t in taken) + (0 if inside else 1e6)
            if cost < best_cost:
                best, best_cost = spot, cost
            if cost == 0:
                break
        taken.append(_box(x, y, best, w, h))
        dx, dy, ha, va = best
        ax.annotate(
            m.label,
            (m.lon, m.lat),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontproperties=base.fp(size),
            color="#212121",
            zorder=13,
            path_effects=halo,
        )


def _graticule(ax, base: BaseMap) -> None:
    ax.tick_params(labelsize=6, length=2, direction="in", pad=2)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.2f}°E")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.2f}°N")
    ax.locator_params(nbins=5)
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontproperties(base.fp(6))


def _nice_km(span_km: float) -> float:
    """The longest round length no more than a fifth of the map's width."""
    steps = (0.2, 0.5, 1, 2, 5, 10, 20, 50, 100)
    return next((step for step in reversed(steps) if step <= span_km / 5), steps[0])


def _scale_bar(ax, base: BaseMap, bounds: tuple[float, float, float, float]) -> None:
    x0, y0, x1, y1 = bounds
    k = math.cos(math.radians((y0 + y1) / 2))
    span_km = (x1 - x0) * k * 111.32
    length = _nice_km(span_km)
    frac = length / span_km
    left, bottom, height = 0.03, 0.035, 0.012
    ax.add_patch(
        Rectangle(
            (left - 0.012, bottom - 0.02),
            frac + 0.06,
            0.075,
            transform=ax.transAxes,
            fc="white",
            ec="#9e9e9e",
            lw=0.5,
            alpha=0.9,
            zorder=14,
        )
    )
    for i in range(2):
        ax.add_patch(
            Rectangle(
                (left + i * frac / 2, bottom),
                frac / 2,
                height,
                transform=ax.transAxes,
                fc="#212121" if i == 0 else "white",
                ec="#212121",
                lw=0.6,
                zorder=15,
            )
        )
    for pos, value in ((0, "0"), (frac / 2, f"{length / 2:g}"), (frac, f"{length:g} km")):
        ax.text(
            left + pos,
            bottom + height + 0.006,
            value,
            transform=ax.transAxes,
            ha="center",
            va="bottom",
            fontproperties=base.fp(6.5),
            zorder=15,
        )


def _north_arrow(ax, base: BaseMap) -> None:
    x, y = 0.955, 0.86
    ax.add_patch(
        Polygon(
            [(x, y + 0.08), (x - 0.014, y), (x, y + 0.018)],
            closed=True,
            transform=ax.transAxes,
            fc="#212121",
            ec="#212121",
            lw=0.6,
            zorder=15,
        )
    )
    ax.add_patch(
        Polygon(
            [(x, y + 0.08), (x + 0.014, y), (x, y + 0.018)],
            closed=True,
            transform=ax.transAxes,
            fc="white",
            ec="#212121",
            lw=0.6,
            zorder=15,
        )
    )
    ax.text(
        x,
        y + 0.09,
        "N",
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontproperties=base.fp(9),
        zorder=15,
    )


# ------------------------------------------------------------------ optional tile basemap


def _tile_xy(lon: float, lat: float, z: int) -> tuple[float, float]:
    n = 2**z
    lat_r = math.radians(lat)
    return (lon + 180) / 360 * n, (1 - math.asinh(math.tan(lat_r)) / math.pi) / 2 * n


def _tile_lonlat(x: float, y: float, z: int) -> tuple[float, float]:
    n = 2**z
    return x / n * 360 - 180, math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))


def _draw_tiles(ax, bounds, tiles: TileFetcher, view: MapView) -> bool:
    """Draw web-mercator tiles under the layers; all or nothing (a half basemap misleads)."""
    from PIL import Image

    x0, y0, x1, y1 = bounds
    px = view.width_in * view.dpi
    z = max(0, min(17, int(math.log2(360 * px / (256 * (x1 - x0))))))
    while True:
        (tx0, ty0), (tx1, ty1) = _tile_xy(x0, y1, z), _tile_xy(x1, y0, z)
        cells = [
            (x, y) for x in range(int(tx0), int(tx1) + 1) for y in range(int(ty0), int(ty1) + 1)
        ]
        if len(cells) <= MAX_TILES or z == 0:
            break
        z -= 1
    images = []
    for x, y in cells:
        try:
            data = tiles(z, x, y)
            image = np.asarray(Image.open(io.BytesIO(data)).convert("RGB")) if data else None
        except (OSError, ValueError):
            image = None
        if image is None:
            return False
        images.append((x, y, image))
    for x, y, image in images:
        (w, n), (e, s) = _tile_lonlat(x, y, z), _tile_lonlat(x + 1, y + 1, z)
        ax.imshow(image, extent=(w, e, s, n), zorder=0, interpolation="bilinear", aspect="auto")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return True
