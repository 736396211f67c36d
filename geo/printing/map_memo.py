"""Print maps remembered by exactly what they show.

Why: a print map takes 0.15-0.2 s of a core to draw and a pack draws one per day and an overview,
yet most rebuilds of a pack change no map at all: a facility edit changes a fact card, a task's
status a clean-up page, and a planner trying two day ends back and forth draws the same two tours
again. The key is the base layers' content (the caller's stamp of them), the language, the font,
the view (size, extent, routes, markers, names) and the drawing code with matplotlib's version, so
a map is drawn again whenever anything on it changes. Maps over a tile basemap are never kept
(tiles change). The memo itself (``MapMemo``) is the caller's: a store of image files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from geo.maps.static import CjkFont, MapView

_DRAWING_CODE = (Path(__file__).parent.parent / "maps", Path(__file__).with_name("maps.py"))


class MapMemo(Protocol):
    """Where drawn maps are kept: ``get`` a key's image (None if unknown), ``put`` one."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, image: bytes) -> None: ...


def map_key(layers_stamp: str, lang: str, font: CjkFont, view: MapView, fmt: str) -> str:
    """A digest of everything one map's picture depends on."""
    described = json.dumps(
        {
            "layers": layers_stamp,
            "lang": lang,
            "font": [font.path, font.index],
            "view": asdict(view),
            "fmt": fmt,
        },
        sort_keys=True,
        default=_plain_value,
    )
    return hashlib.sha256((_drawing_version() + described).encode()).hexdigest()


def _plain_value(value: Any) -> Any:
    if isinstance(value, np.ndarray | np.generic):
        return value.tolist()
    raise TypeError(f"not part of a map's key: {type(value).__name__}")


@cache
def _drawing_version() -> str:
    """The map-drawing source and matplotlib's version: how a view becomes a picture."""
    digest = hashlib.sha256(version("matplotlib").encode())
    folder, module = _DRAWING_CODE
    for path in [*sorted(folder.glob("*.py")), module]:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()
