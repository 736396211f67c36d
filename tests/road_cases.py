"""Generated road networks for the graph tests: many chains, one-way links mid-chain, bends."""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree


def random_road_features(n: int, seed: int) -> list[dict]:
    """Random points joined to their 3 nearest neighbours. Most links are cut into 2-4 features
    with their own speed and one-way flag (chains of degree-2 nodes, one-way mid-chain), some
    carry a bend vertex."""
    rng = np.random.default_rng(seed)
    pts = np.column_stack([rng.uniform(117.2, 117.6, n), rng.uniform(26.5, 26.9, n)])
    _, nbrs = cKDTree(pts).query(pts, k=4)
    pairs = {tuple(sorted((i, int(j)))) for i, row in enumerate(nbrs) for j in row[1:]}
    features = []
    for i, j in sorted(pairs):
        a, b = (pts[i], pts[j]) if rng.random() < 0.5 else (pts[j], pts[i])
        cuts = np.sort(rng.uniform(0.1, 0.9, int(rng.integers(0, 4))))
        line = [a, *(a + (b - a) * t + rng.normal(0, 2e-4, 2) for t in cuts), b]
        for p, q in zip(line[:-1], line[1:], strict=True):
            coords = [p.tolist(), q.tolist()]
            if rng.random() < 0.3:
                coords.insert(1, ((p + q) / 2 + rng.normal(0, 5e-4, 2)).tolist())
            props = {
                "id": f"q{len(features)}",
                "speed_kmh": float(rng.choice([20, 30, 40, 60])),
                "oneway": bool(rng.random() < 0.15),
            }
            geometry = {"type": "LineString", "coordinates": coords}
            features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return features
