"""Finding a feature on the map by what a planner types: Chinese name (or a historical alias),
pinyin in full or by initials ("wanan", "wa", "waz" for 万安镇), English name or id.

The pinyin spellings are worked out once per layer content (``index_layer``; the service caches
it by layer revision), so a query only compares short strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pypinyin import lazy_pinyin
from shapely.geometry import shape

from geo.errors import ValidationError
from geo.i18n import name, text
from geo.maps.display import polylabel_point

MAX_QUERY = 40  # characters: longer than any name, short enough to compare cheaply
MAX_HITS = 10
# Layers a planner looks for, in the order hits of equal rank are listed.
SEARCH_LAYERS = ("townships", "places", "sewage_plants", "stops")
_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN_NOISE = re.compile(r"[\s'’\-_·.]+")


@dataclass(frozen=True)
class Entry:
    """One findable feature with the spellings it is found by (all lower case)."""

    layer: str
    id: str
    name_zh: str
    name_en: str
    township_code: str | None
    lat: float
    lon: float
    bbox: tuple[float, float, float, float] | None  # polygons: west, south, east, north
    chinese: tuple[str, ...]  # the name and its aliases
    syllables: tuple[tuple[str, ...], ...]  # the pinyin of each Chinese name, syllable by syllable
    latin: str  # the English name, without spaces and punctuation

    def name(self, lang: str) -> str:
        return name({"name_zh": self.name_zh, "name_en": self.name_en, "id": self.id}, lang)


def _latin(value: str) -> str:
    return _LATIN_NOISE.sub("", unicodedata.normalize("NFKC", value).lower())


def _pinyin(name_zh: str) -> tuple[str, ...]:
    return tuple(s.lower() for s in lazy_pinyin(name_zh, errors="ignore"))


def index_layer(layer: str, features: Iterable[dict]) -> list[Entry]:
    """The search entries of one layer's features (points, or polygons found at their label
    point and shown whole by their bounding box)."""
    entries = []
    for f in features:
        p = f["properties"]
        geometry = shape(f["geometry"])
        if geometry.geom_type == "Point":
            spot, bbox = geometry, None
        else:
            spot, bbox = polylabel_point(geometry), tuple(geometry.bounds)
        chinese = tuple(n for n in (p.get("name_zh"), *p.get("aliases", ())) if n)
        entries.append(
            Entry(
                layer=layer,
                id=str(p["id"]),
                name_zh=p.get("name_zh") or "",
                name_en=p.get("name_en") or "",
                township_code=p.get("township_code"),
                lat=spot.y,
                lon=spot.x,
                bbox=bbox,
                chinese=chinese,
                syllables=tuple(_pinyin(n) for n in chinese),
                latin=_latin(p.get("name_en") or ""),
            )
        )
    return entries


def check_query(query: str, lang: str) -> str:
    """The query trimmed, or a ValidationError if it is too long to be any name."""
    query = unicodedata.normalize("NFKC", query).strip()
    if len(query) > MAX_QUERY:
        raise ValidationError(text("map_search_too_long", lang, n=MAX_QUERY))
    return query


def _pinyin_rank(syllables: Sequence[str], typed: str) -> int | None:
    """0: the full pinyin or its initials start with ``typed``; 2: it starts a later syllable."""
    for start in range(len(syllables)):
        rest = syllables[start:]
        if "".join(rest).startswith(typed) or "".join(s[0] for s in rest).startswith(typed):
            return 0 if start == 0 else 2
    return None


def _rank(entry: Entry, query: str, typed: str) -> int | None:
    """How well ``entry`` matches (lower is better), or None if it does not."""
    ranks = []
    if query.lower() == entry.id.lower():
        ranks.append(0)
    elif typed and typed in entry.id.lower():
        ranks.append(3)
    for chinese in entry.chinese:
        if chinese.startswith(query):
            ranks.append(0 if chinese == query else 1)
        elif query in chinese:
            ranks.append(3)
    if typed and not _HAN.search(query):
        ranks += [r + 1 for s in entry.syllables if (r := _pinyin_rank(s, typed)) is not None]
        if entry.latin.startswith(typed):
            ranks.append(1)
        elif any(w.startswith(query.lower()) for w in entry.name_en.lower().split()):
            ranks.append(2)
        elif typed in entry.latin:
            ranks.append(3)
    return min(ranks, default=None)


def search(entries: Sequence[Entry], query: str, limit: int = MAX_HITS) -> list[Entry]:
    """The entries that match ``query`` (already checked), best first: exact names and ids,
    then name and pinyin prefixes, then words and syllables inside; ties in layer order
    (``SEARCH_LAYERS``), then shorter names first."""
    if not query:
        return []
    typed = _latin(query)
    ranked = []
    for position, entry in enumerate(entries):
        rank = _rank(entry, query, typed)
        if rank is not None:
            order = SEARCH_LAYERS.index(entry.layer) if entry.layer in SEARCH_LAYERS else 99
            ranked.append((rank, order, len(entry.name_zh), position, entry))
    ranked.sort(key=lambda r: r[:4])
    return [r[4] for r in ranked[:limit]]
