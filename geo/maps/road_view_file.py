"""The roads by view as bytes, so it is built once per roads layer content and every server
process reads the same copy (``services.display``) instead of simplifying 10^5 roads again.

Plain numpy arrays (no pickle): per band the lines as WKB with their lengths, their layer rows
and classes; the labels as JSON. The spatial indexes are rebuilt on reading (a fraction of a
second at 200k pieces).
"""

from __future__ import annotations

import io
import json

import numpy as np
import shapely

from geo.maps.road_view import BANDS, RoadView, _BandIndex

FORMAT = "1"  # part of the stored key: a changed layout or BANDS is never read as the old one


def to_bytes(view: RoadView) -> bytes:
    arrays: dict[str, np.ndarray] = {}
    for i, index in enumerate(view.bands):
        wkb = shapely.to_wkb(index.geometries)
        arrays[f"wkb{i}"] = np.frombuffer(b"".join(wkb), dtype=np.uint8)
        arrays[f"len{i}"] = np.fromiter(map(len, wkb), dtype=np.int64, count=len(wkb))
        arrays[f"rows{i}"] = index.rows.astype(np.int64)
        arrays[f"classes{i}"] = index.classes.astype(str)
    labels = json.dumps(view.labels, ensure_ascii=False).encode()
    arrays["labels"] = np.frombuffer(labels, dtype=np.uint8)
    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


def from_bytes(data: bytes) -> RoadView:
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        bands = []
        for i, band in enumerate(BANDS):
            blob, ends = arrays[f"wkb{i}"].tobytes(), np.cumsum(arrays[f"len{i}"])
            starts = ends - arrays[f"len{i}"]
            wkb = np.array([blob[s:e] for s, e in zip(starts, ends, strict=True)], dtype=object)
            geometries = shapely.from_wkb(wkb) if len(wkb) else np.empty(0, dtype=object)
            index = _BandIndex(
                band, geometries, arrays[f"rows{i}"], arrays[f"classes{i}"],
                shapely.STRtree(geometries),
            )  # fmt: skip
            bands.append(index)
        labels = json.loads(arrays["labels"].tobytes())
    return RoadView(tuple(bands), labels)
