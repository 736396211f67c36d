"""Map furniture drawn on every static map: graticule labels, scale bar and north arrow.

Kept apart from ``geo.maps.static`` (which draws the content) because none of it depends on
what the map shows, only on its extent and the print font.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from matplotlib.patches import Polygon, Rectangle

if TYPE_CHECKING:
    from geo.maps.static import BaseMap


def graticule(ax, base: BaseMap) -> None:
    """Degree labels on the frame, in the print font."""
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


def scale_bar(ax, base: BaseMap, bounds: tuple[float, float, float, float]) -> None:
    """A two-segment bar of a round length in km, bottom left, measured at mid-latitude."""
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


def north_arrow(ax, base: BaseMap) -> None:
    """A two-tone arrow with "N" in the top right corner; the axes are north-up."""
    x, y = 0.955, 0.86
    for side, fill in ((-1, "#212121"), (1, "white")):  # dark left half, light right half
        ax.add_patch(
            Polygon(
                [(x, y + 0.08), (x + side * 0.014, y), (x, y + 0.018)],
                closed=True,
                transform=ax.transAxes,
                fc=fill,
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
