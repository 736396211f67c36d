"""Bending straight shapes into natural ones: a smooth displacement field, corner cutting, meanders.

Shared by the township edges, the reserve outline, the rivers and the roads.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import shapely
from shapely.geometry import LineString


def wave_field(rng: np.random.Generator, amplitude: float, wavelengths: tuple[float, float]):
    """A smooth 2-D displacement field (sum of plane waves); small slope keeps it one-to-one."""
    waves = []
    for _ in range(4):
        angle = rng.uniform(0, 2 * math.pi)
        k = 2 * math.pi / rng.uniform(*wavelengths)
        waves.append((k * math.cos(angle), k * math.sin(angle), rng.uniform(0, 2 * math.pi)))
    weights = rng.uniform(0.5, 1.0, size=(4, 2))
    weights *= amplitude / weights.sum(axis=0)

    def field(xy: np.ndarray) -> np.ndarray:
        out = np.zeros_like(xy)
        for (kx, ky, phase), (ax, ay) in zip(waves, weights, strict=True):
            s = np.sin(kx * xy[:, 0] + ky * xy[:, 1] + phase)
            out[:, 0] += ax * s
            out[:, 1] += ay * np.cos(ky * xy[:, 0] - kx * xy[:, 1] + phase)
        return out

    return field


def warp(geom, field, scale: Callable[[np.ndarray], np.ndarray] | None = None):
    """Move every vertex by the field (times an optional per-vertex scale in [0, 1])."""

    def move(xy: np.ndarray) -> np.ndarray:
        # Evaluate once per distinct vertex: vectorised sin() may differ in the last bit with
        # the position in the array, and shared vertices must stay bit-identical.
        uniq, inverse = np.unique(xy, axis=0, return_inverse=True)
        d = field(uniq)
        if scale is not None:
            d = d * scale(uniq)[:, None]
        return (uniq + d)[inverse.ravel()]

    return shapely.transform(geom, move)


def chaikin(xy: np.ndarray, rounds: int = 4) -> np.ndarray:
    """Corner-cutting smoothing that keeps both end points (rivers and roads have no kinks)."""
    for _ in range(rounds):
        q = 0.75 * xy[:-1] + 0.25 * xy[1:]
        r = 0.25 * xy[:-1] + 0.75 * xy[1:]
        mid = np.empty((2 * len(q), 2))
        mid[0::2], mid[1::2] = q, r
        xy = np.vstack([xy[:1], mid, xy[-1:]])
    return xy


def meander(
    xy: np.ndarray, rng: np.random.Generator, amplitude: float, step: float, bend_m: float = 2500.0
) -> np.ndarray:
    """Resample every ``step`` metres and bend sideways by smooth sines that vanish at both ends.

    ``bend_m`` is the shortest half-wave: the line gets between length/(2.4 bend_m) and
    length/bend_m bends.
    """
    line = LineString(xy)
    n = max(2, int(math.ceil(line.length / step)) + 1)
    s = np.linspace(0.0, line.length, n)
    pts = shapely.get_coordinates(shapely.line_interpolate_point(line, s))
    pts[0], pts[-1] = xy[0], xy[-1]
    if n < 4 or amplitude <= 0:
        return pts
    tangent = np.gradient(pts, axis=0)
    tangent /= np.linalg.norm(tangent, axis=1)[:, None]
    normal = np.column_stack([-tangent[:, 1], tangent[:, 0]])
    t = s / line.length
    bends = (max(1, int(line.length / (2.4 * bend_m))), max(2, int(line.length / bend_m) + 1))
    waves = sum(
        rng.uniform(0.4, 1.0) * np.sin(math.pi * rng.integers(*bends) * t + rng.uniform(0, math.pi))
        for _ in range(2)
    )
    offset = amplitude / 2.0 * waves * np.sin(math.pi * t)
    out = pts + normal * offset[:, None]
    out[0], out[-1] = xy[0], xy[-1]
    return out
