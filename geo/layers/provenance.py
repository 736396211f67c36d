"""The shipped layers' provenance in plain words, for people (the print cover's data sources):
the "In plain words" table of ``data/shapefiles/SOURCES.md``, one row per layer in Chinese and
English, beside the developers' ``source`` property of each feature."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from geo.errors import Both

HEADING = "## In plain words"


def plain_words(markdown: str) -> dict[str, Both]:
    """layer -> what the table under ``HEADING`` says of it (up to the next heading)."""
    _, found, rest = markdown.partition(HEADING + "\n")
    if not found:
        return {}
    table: dict[str, Both] = {}
    for line in rest.split("\n## ", 1)[0].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not line.lstrip().startswith("|"):
            continue
        layer, zh, en = cells
        if layer in ("layer", "") or set(layer) <= set("-: "):
            continue  # the header and the separator row
        table[layer] = Both(zh, en)
    return table


def still_shipped(
    live: Mapping[str, Sequence[tuple[str, str]]], shipped: Mapping[str, frozenset[str]]
) -> set[str]:
    """The layers whose live (source, accuracy) pairs all name sources of the shipped file."""
    return {
        name
        for name, pairs in live.items()
        if name in shipped and pairs and {s for s, _ in pairs} <= shipped[name]
    }
