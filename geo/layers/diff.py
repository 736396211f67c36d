"""What differs between two contents of a layer (a revision and the live layer): features added,
removed and changed, matched by id and named by ``name_zh`` so the admin sees which stop or
plant, not only its code."""

from __future__ import annotations

from typing import Any

NAME_PROPS = ("name_zh", "name", "name_en")


def _name(feature: dict[str, Any], id_prop: str) -> str:
    props = feature["properties"]
    return next((str(props[k]) for k in NAME_PROPS if props.get(k)), str(props.get(id_prop)))


def _entry(feature: dict[str, Any], id_prop: str) -> dict[str, Any]:
    return {"id": feature["properties"].get(id_prop), "name": _name(feature, id_prop)}


def compare(
    old: list[dict[str, Any]], new: list[dict[str, Any]], id_prop: str = "id"
) -> dict[str, list[dict[str, Any]]]:
    """``added`` (in new only), ``removed`` (in old only) and ``changed`` (same id, other
    properties or geometry; ``fields`` lists the changed properties and ``geometry``), each a
    list of ``{"id", "name"}`` in file order."""
    before = {f["properties"].get(id_prop): f for f in old}
    after = {f["properties"].get(id_prop): f for f in new}
    changed = []
    for fid, feature in after.items():
        was = before.get(fid)
        if was is None:
            continue
        keys = set(was["properties"]) | set(feature["properties"])
        fields = sorted(k for k in keys if was["properties"].get(k) != feature["properties"].get(k))
        if was["geometry"] != feature["geometry"]:
            fields.append("geometry")
        if fields:
            changed.append({**_entry(feature, id_prop), "fields": fields})
    return {
        "added": [_entry(f, id_prop) for fid, f in after.items() if fid not in before],
        "removed": [_entry(f, id_prop) for fid, f in before.items() if fid not in after],
        "changed": changed,
    }
