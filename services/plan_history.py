"""A plan's history for people: each stored change as sentences with stop, place and plan names
in the page language (``geo.plans.history``), newest first; a deleted plan keeps its history."""

from __future__ import annotations

from geo.errors import NotFoundError
from geo.i18n import name
from geo.plans.history import HistoryEntry, describe
from store import plans as store
from store.layers import features


def plan_history(plan_id: int, lang: str) -> list[HistoryEntry]:
    changes = [c.to_dict() for c in store.plan_history(plan_id)]
    names = {
        f["properties"]["id"]: name(f["properties"], lang)
        for layer in ("stops", "places")
        for f in features(layer)
    }
    sources = {
        c["changes"]["copied_from"]["id"]
        for c in changes
        if isinstance((c.get("changes") or {}).get("copied_from"), dict)
    }
    for source in sources:
        try:
            names[f"plan:{source}"] = store.get_plan_record(source).name
        except NotFoundError:
            names[f"plan:{source}"] = f"#{source}"
    return [describe(c, lambda i: names.get(i, i), lang) for c in changes]
