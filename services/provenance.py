"""The print cover's data sources in plain words: a layer that still holds the shipped features'
sources is described by the "In plain words" table of the layer folder's SOURCES.md; a layer
replaced since (an upload, an OSM import) keeps its own ``source`` text."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from geo.errors import Both
from geo.layers.provenance import plain_words, still_shipped


def plain_sources(live: Mapping[str, Sequence[tuple[str, str]]], layer_dir: str) -> dict[str, Both]:
    """layer -> its plain words, for the layers of ``live`` (source, accuracy pairs) that are
    still the shipped ones."""
    words, shipped = _shipped(layer_dir)
    return {name: words[name] for name in still_shipped(live, shipped)}


@cache
def _shipped(layer_dir: str) -> tuple[dict[str, Both], dict[str, frozenset[str]]]:
    """The table and each described layer's shipped sources (read once: shipped files)."""
    folder = Path(layer_dir)
    notes = folder / "SOURCES.md"
    words = plain_words(notes.read_text(encoding="utf-8")) if notes.is_file() else {}
    shipped = {}
    for name in words:
        path = folder / f"{name}.geojson"
        if path.is_file():
            features = json.loads(path.read_text(encoding="utf-8")).get("features", [])
            found = (f.get("properties", {}).get("source") for f in features)
            shipped[name] = frozenset(str(s) for s in found if s)
    return words, shipped
