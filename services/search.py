"""Search on the map: the index of each findable layer, built once per layer content and cached
by revision like the display copies, and the hits of a query as records for the page."""

from __future__ import annotations

from dataclasses import dataclass

from geo.i18n import text
from geo.maps.search import SEARCH_LAYERS, Entry, check_query, index_layer, search
from store.layers import cached_by_revision, loaded_layers


@dataclass(frozen=True)
class SearchHit:
    """One feature found: its name in the user's language and a line saying what and where."""

    layer: str
    id: str
    name: str
    detail: str
    lat: float
    lon: float
    bbox: tuple[float, float, float, float] | None


def _entries() -> list[Entry]:
    loaded = loaded_layers()
    return [
        entry
        for layer in SEARCH_LAYERS
        if layer in loaded
        for entry in cached_by_revision(
            f"search:{layer}", layer, lambda feats, n=layer: index_layer(n, feats)
        )
    ]


def find(query: str, lang: str) -> list[SearchHit]:
    """The features matching ``query`` (Chinese, pinyin, English or id), best first; a query
    too long for any name is refused with a ValidationError."""
    query = check_query(query, lang)
    entries = _entries()
    townships = {e.id: e for e in entries if e.layer == "townships"}
    hits = []
    for e in search(entries, query):
        town = townships.get(e.township_code) if e.township_code else None
        parts = [text(f"map_search_kind_{e.layer}", lang)]
        if town is not None:
            parts.append(town.name(lang))
        other = e.name_zh if lang == "en" else e.name_en
        if other and other != e.name(lang):
            parts.append(other)
        hits.append(SearchHit(e.layer, e.id, e.name(lang), " · ".join(parts), e.lat, e.lon, e.bbox))
    return hits
