"""What an uploaded layer would change, shown on the preview before anything is applied: ids
added and removed, references from other layers and plans that would break, features the new
county outline would leave outside, and a small sketch of the new layer over the county."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import shapely
from shapely.geometry import shape

from geo.layers.catalogue import INSIDE_COUNTY, LAYERS
from geo.layers.loader import COUNTY_TOLERANCE_M, county_geometry, outside_county

# (layer, property, layer it points to): ids one layer's features take from another's.
FOREIGN_KEYS = (
    ("stops", "plant_id", "sewage_plants"),
    ("stops", "township_code", "townships"),
    ("sewage_plants", "township_code", "townships"),
)


def _ids(features: Iterable[dict[str, Any]], prop: str = "id") -> list[Any]:
    return [f["properties"].get(prop) for f in features]


def _missing(ids: Iterable[Any], present: set[str]) -> list[str]:
    return sorted({i for i in ids if isinstance(i, str) and i not in present})


def id_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> dict[str, Any]:
    """Which ids an upload adds and removes, and how many it keeps."""
    before, after = set(_ids(old)), set(_ids(new))
    return {
        "added": sorted(after - before),
        "removed": sorted(before - after),
        "kept": len(before & after),
    }


def reference_warnings(
    layer: str,
    new: list[dict[str, Any]],
    current: dict[str, list[dict[str, Any]]],
    plans: list[dict[str, Any]],
    history_ids: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """What would point at nothing once ``layer`` is replaced by ``new``.

    ``current``: the stored layers; ``plans``: dicts with id, name, sites, locked, start, end;
    ``history_ids``: plant ids in the facility history. Each warning names its kind, the
    referrer and the dangling ids; nothing is refused (the admin decides)."""
    new_ids = set(_ids(new))
    warnings: list[dict[str, Any]] = []
    if layer in ("stops", "places"):
        warnings += _plan_warnings(layer, new_ids, current, plans)
    if layer == "sewage_plants":
        gone = _missing(history_ids, new_ids)
        if gone:
            warnings.append({"kind": "history", "ids": gone})
    for source, prop, target in FOREIGN_KEYS:
        if target == layer:  # stored features that point into the new layer
            gone = _missing(_ids(current.get(source, []), prop), new_ids)
            if gone:
                warnings.append({"kind": "referrer", "layer": source, "prop": prop, "ids": gone})
        if source == layer:  # new features that point into a stored layer
            present = set(_ids(current.get(target, [])))
            gone = _missing(_ids(new, prop), present)
            if gone:
                warnings.append({"kind": "dangling", "layer": target, "prop": prop, "ids": gone})
    return warnings


def _plan_warnings(
    layer: str, new_ids: set[str], current: dict[str, list], plans: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Plan sites (stops) and start/end (a place or a stop) the new layer would lose."""
    other = set(_ids(current.get("places" if layer == "stops" else "stops", [])))
    names = {
        f["properties"].get("id"): f["properties"].get("name_zh") or f["properties"].get("id")
        for f in current.get(layer, [])
    }
    out = []
    for plan in plans:
        ends = [plan.get("start"), plan.get("end")]
        used = [*plan.get("sites", []), *plan.get("locked", [])] if layer == "stops" else []
        used += [e for e in ends if isinstance(e, str) and e not in other]
        gone = _missing(used, new_ids)
        if gone:
            out.append(
                {
                    "kind": "plan",
                    "plan": plan["id"],
                    "name": plan["name"],
                    "ids": gone,
                    "stops": [names.get(i, i) for i in gone],  # by name_zh, as the admin knows them
                }
            )
    return out


def county_blockers(
    new_county: list[dict[str, Any]], current: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Stored features that a new county outline would leave outside (the loader's own check
    and tolerance), per layer: ``{"kind": "outside", "layer", "ids"}``. Unlike the warnings these
    block applying, as the next load of those layers would refuse them."""
    outline = county_geometry(new_county)
    out = []
    for layer in INSIDE_COUNTY:
        feats = current.get(layer, [])
        gone = [
            feats[i]["properties"].get(LAYERS[layer].id_prop)
            for i in outside_county(feats, outline)
        ]
        if gone:
            out.append({"kind": "outside", "layer": layer, "ids": gone})
    return out


def county_refusal(file_name: str, blockers: list[dict[str, Any]], shown: int = 10) -> str:
    """Why a new county outline is not applied: which features of which layers fall outside."""
    parts = [
        f"{b['layer']}: {', '.join(map(str, b['ids'][:shown]))}"
        + (f" … ({len(b['ids'])} in all)" if len(b["ids"]) > shown else "")
        for b in blockers
    ]
    return (
        f"{file_name}: not applied; these features would lie outside the new county outline "
        f"(tolerance {COUNTY_TOLERANCE_M:.0f} m) and the next load would refuse them: "
        f"{'; '.join(parts)}. First upload {', '.join(b['layer'] for b in blockers)} with those "
        "features moved inside both the current and the new outline, or left out for now "
        "(add them back afterwards), then the county again; nothing changed"
    )


# ------------------------------------------------------------------------- a sketch for the preview


def sketch(
    features: list[dict[str, Any]], outline: list[dict[str, Any]], width: int = 420
) -> dict[str, Any]:
    """SVG path data (numbers only) of a new layer over the county outline: a cheap picture for
    the preview page, no map library or tiles needed."""
    frame = shapely.union_all([shape(f["geometry"]) for f in outline])
    minx, miny, maxx, maxy = frame.bounds
    aspect = math.cos(math.radians((miny + maxy) / 2))
    scale = width / max((maxx - minx) * aspect, 1e-9)
    height = round((maxy - miny) * scale) or 1

    def path(geom: shapely.Geometry) -> str:
        geom = geom.simplify(0.5 / scale)
        rings = []
        for part in getattr(geom, "geoms", [geom]):
            lines = [part.exterior, *part.interiors] if part.geom_type == "Polygon" else [part]
            for line in lines:
                xy = [_xy(x, y, minx, maxy, aspect, scale) for x, y in line.coords]
                rings.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy))
        return " ".join(rings)

    out: dict[str, Any] = {"width": width, "height": height, "outline": path(frame)}
    geoms = [shape(f["geometry"]) for f in features]
    out["points"] = [
        _xy(p.x, p.y, minx, maxy, aspect, scale)
        for g in geoms
        if g.geom_type in ("Point", "MultiPoint")
        for p in getattr(g, "geoms", [g])
    ]
    out["shapes"] = [path(g) for g in geoms if g.geom_type not in ("Point", "MultiPoint")]
    return out


def _xy(
    lon: float, lat: float, minx: float, maxy: float, aspect: float, scale: float
) -> tuple[float, float]:
    return round((lon - minx) * aspect * scale, 1), round((maxy - lat) * scale, 1)
