"""Sites of a plan that are no longer in the stops layer (the layer was replaced or rolled back):
named by their last known name, with a stop that may take their place.

Such a plan still opens and its tour is computed from the remaining sites
(``services.tours.plan_tour`` leaves unknown stops out); this module says which are gone so the
page can offer "drop it" or "use the new stop instead". The last known name comes from the
layer's revisions (``store.layers``), newest first; a stop never seen in any revision keeps its id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from geo.crs import metric_xy
from geo.i18n import name, text
from store import layers as store

NEAR_M = 500.0
"""A current stop this close to where a removed one was is offered in its place."""


@dataclass(frozen=True)
class Replacement:
    id: str
    name: str
    reason: str  # "same_name" or "near"
    metres: int


@dataclass(frozen=True)
class RemovedStop:
    """A plan's site missing from the stops layer, as planners know it."""

    id: str
    name: str
    replacement: Replacement | None
    notice: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def removed_sites(
    sites: Iterable[str], current: Mapping[str, dict], lang: str
) -> list[RemovedStop]:
    """The sites not among ``current`` (the stops layer's features by id), in plan order."""
    missing = [s for s in sites if s not in current]
    if not missing:
        return []
    last = _last_known(set(missing))
    chosen = set(sites)
    out = []
    for sid in missing:
        feature = last.get(sid)
        label = name(feature["properties"], lang) if feature else sid
        swap = _replacement(feature, current, chosen, lang) if feature else None
        notice = text("removed_stop_notice", lang, name=label)
        out.append(RemovedStop(sid, label, swap, notice))
    return out


def _last_known(ids: set[str]) -> dict[str, dict]:
    """The newest revision's feature of each id (the layer history, newest first)."""
    found: dict[str, dict] = {}
    for row in store.revisions("stops"):
        if len(found) == len(ids):
            break
        content = store.revision("stops", row.number).content
        for f in content.get("features", ()):
            sid = f.get("properties", {}).get("id")
            if sid in ids and sid not in found:
                found[sid] = f
    return found


def _replacement(
    old: dict, current: Mapping[str, dict], chosen: set[str], lang: str
) -> Replacement | None:
    """A current stop not yet chosen with the same name (Chinese or English), else the nearest
    within ``NEAR_M``."""
    props = old["properties"]
    free = [sid for sid in current if sid not in chosen]
    if not free:
        return None
    points = [old["geometry"]["coordinates"][:2]]
    points += [current[sid]["geometry"]["coordinates"][:2] for sid in free]
    x, y = metric_xy(np.array([p[0] for p in points]), np.array([p[1] for p in points]))
    metres = np.hypot(x[1:] - x[0], y[1:] - y[0])
    for k, sid in enumerate(free):
        p = current[sid]["properties"]
        if any(props.get(f) and props.get(f) == p.get(f) for f in ("name_zh", "name_en")):
            return Replacement(sid, name(p, lang), "same_name", round(float(metres[k])))
    k = int(np.argmin(metres))
    if metres[k] > NEAR_M:
        return None
    sid = free[k]
    return Replacement(sid, name(current[sid]["properties"], lang), "near", round(float(metres[k])))
