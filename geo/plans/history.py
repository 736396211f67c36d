"""A plan's history as sentences people read: field labels instead of keys, stop and place names
instead of ids, local times, "back to the start" instead of None.

Pure: the stored change (``store.plans.PlanChange.to_dict``) comes in with a function that names
an id, the sentences go out; ``services.plan_history`` supplies the names from the layers and
the plans.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from geo.i18n import text
from geo.plans import named_routes

Namer = Callable[[str], str]
"""The name of a stop, place or plan id in the page language (the id itself when unknown)."""

# The label key of each plan field; a field added later without a label shows its own key.
_LABELS = {
    "name": "plan_name",
    "sites": "plan_sites",
    "locked": "history_locked",
    "status": "history_status",
    "start": "history_start",
    "end": "history_end",
    "depart": "plan_depart",
    "day_start": "history_day_start",
    "day_end": "history_day_end",
    "lunch": "plan_lunch",
    "max_days": "plan_max_days",
    "quota_min": "history_quota_min",
    "quota_max": "history_quota_max",
    "day_edits": "history_day_edits",
    "routes": "history_routes",
}


@dataclass(frozen=True)
class HistoryEntry:
    """One save: its headline ("created", "copied from …") and a sentence per changed field."""

    version: int
    at: str | None
    user: str
    headline: str
    sentences: tuple[str, ...]
    copied_from: int | None = None  # the source plan's id, for a link


def describe(change: Mapping[str, Any], named: Namer, lang: str) -> HistoryEntry:
    """The history entry of one stored change."""
    details = change.get("changes") or {}
    source = details.get("copied_from")
    headline = _headline(change["action"], source, named, lang)
    fields = {k: v for k, v in details.items() if k not in ("copied_from", "last_state")}
    said = (_sentence(field, value, named, lang) for field, value in fields.items())
    sentences = [s for s in said if s is not None]
    last = details.get("last_state")
    if last:
        state = ("; " if lang == "en" else "；").join(
            _said(_label(k, lang), _value(k, v, named, lang), lang) for k, v in last.items()
        )
        sentences.append(text("history_last_state", lang, state=state))
    return HistoryEntry(
        change["version"],
        change.get("at"),
        change.get("user") or "",
        headline,
        tuple(sentences),
        source["id"] if isinstance(source, Mapping) else None,
    )


def _headline(action: str, source: Any, named: Namer, lang: str) -> str:
    if action == "copied" and isinstance(source, Mapping):
        plan = named(f"plan:{source['id']}")
        return text("history_copied", lang, plan=plan, v=source.get("version"))
    return text(f"history_{action}", lang)


def _sentence(field: str, change: Any, named: Namer, lang: str) -> str | None:
    """What a save did to ``field``; None when it changed nothing a planner did (the days as
    last shown, which every tour rewrites)."""
    label = _label(field, lang)
    if field == "routes" and isinstance(change, Mapping) and "to" in change:
        routes = _routes(change.get("from"), change["to"], named, lang)
        return _said(label, routes, lang) if routes else None
    day_edits = field == "day_edits" and isinstance(change, Mapping) and "to" in change
    if day_edits and _hand(change.get("from")) == _hand(change["to"]):
        return None
    if isinstance(change, Mapping) and ("added" in change or "reordered" in change):
        parts = []
        if change.get("added"):
            parts.append(text("history_added", lang, names=_names(change["added"], named, lang)))
        if change.get("removed"):
            parts.append(
                text("history_removed", lang, names=_names(change["removed"], named, lang))
            )
        if change.get("moved"):
            parts.append(text("history_moved", lang, names=_names(change["moved"], named, lang)))
        elif change.get("reordered"):  # saved before the history named what moved
            parts.append(text("history_reordered", lang))
        return _said(label, ("; " if lang == "en" else "，").join(parts), lang)
    if isinstance(change, Mapping) and "to" in change:
        before = _value(field, change.get("from"), named, lang)
        after = _value(field, change["to"], named, lang)
        return _said(label, f"{before} → {after}", lang)
    return _said(label, _value(field, change, named, lang), lang)


def _said(label: str, said: str, lang: str) -> str:
    return f"{label}: {said}" if lang == "en" else f"{label}：{said}"


def _label(field: str, lang: str) -> str:
    key = _LABELS.get(field)
    return text(key, lang) if key else field


def _names(ids: list[str], named: Namer, lang: str) -> str:
    return text("tour_list_sep", lang).join(named(i) for i in ids)


def _value(field: str, value: Any, named: Namer, lang: str) -> str:
    """A stored value as a person says it."""
    if value is None:
        return text("plan_back_to_start", lang) if field == "end" else "—"
    if field in ("start", "end") and isinstance(value, str):
        return named(value)
    if field in ("start", "end") and isinstance(value, list | tuple) and len(value) == 2:
        return text("history_point", lang, lon=f"{value[0]:.4f}", lat=f"{value[1]:.4f}")
    if field in ("sites", "locked") and isinstance(value, list | tuple):
        return _names(list(value), named, lang)
    if field == "status":
        return text(f"plan_status_{value}", lang)
    if field == "depart" and isinstance(value, str):
        return value.replace("T", " ")
    if field == "lunch" and isinstance(value, Mapping):
        return text(
            "history_lunch", lang, start=value.get("from"), end=value.get("to"),
            minutes=value.get("minutes"),
        )  # fmt: skip
    if field == "max_days":
        return text("history_days", lang, n=value)
    if field == "routes" and isinstance(value, list):
        routes = (text("route_days_of", lang, name=r["name"], n=r["max_days"]) for r in value)
        return text("tour_list_sep", lang).join(routes) or "—"
    if field == "day_edits" and isinstance(value, Mapping):
        return _day_edits(value, named, lang)
    return str(value)


def _day_edits(value: Mapping[str, Any], named: Namer, lang: str) -> str:
    """Pins and kept days as a person says them ("石门村 → 第2天; 第3天保持顺序")."""
    parts = [
        f"{named(stop)} → {text('day_n', lang, n=day)}"
        for stop, day in (value.get("pins") or {}).items()
    ]
    parts += [text("history_day_kept", lang, n=d) for d in (value.get("locked_days") or {})]
    return text("tour_list_sep", lang).join(parts) if parts else "—"


def _hand(edits: Any) -> tuple[Any, Any]:
    """The planner's own day edits (pins, kept days), without the days as last shown."""
    edits = edits if isinstance(edits, Mapping) else {}
    return edits.get("pins") or {}, edits.get("locked_days") or {}


def _routes(before: Any, after: Any, named: Namer, lang: str) -> str:
    """Routes added, deleted, renamed, changed ("新增路线《路线B 一天》（1 天）") and put in
    another order; empty when only the days as last shown changed."""
    change = named_routes.changes(before or [], after or [])
    parts = [
        text("history_route_added", lang, name=r["name"], n=r["max_days"])
        for r in change.get("added", ())
    ]
    parts += [
        text("history_route_removed", lang, name=r["name"]) for r in change.get("removed", ())
    ]
    parts += [
        text("history_route_renamed", lang, old=r["from"], new=r["to"])
        for r in change.get("renamed", ())
    ]
    for route in change.get("changed", ()):
        days = route.get("max_days")
        if days:
            parts.append(
                text(
                    "history_route_days", lang, name=route["name"], old=days["from"], new=days["to"]
                )
            )
        if route.get("settings"):
            parts.append(text("history_route_settings", lang, name=route["name"]))
        for field in ("include", "exclude"):
            if field in route:
                ids = route[field]
                said = {k: _names(ids[k], named, lang) or "—" for k in ("added", "removed")}
                parts.append(text(f"history_route_{field}", lang, name=route["name"], **said))
        if "day_edits" in route:
            edits = _day_edits(route["day_edits"], named, lang)
            parts.append(text("history_route_day_edits", lang, name=route["name"], edits=edits))
    order = [r["name"] for r in after or ()]
    if not change and order != [r["name"] for r in before or ()]:
        parts.append(
            text("history_route_order", lang, names=text("tour_list_sep", lang).join(order))
        )
    return ("; " if lang == "en" else "；").join(parts)
