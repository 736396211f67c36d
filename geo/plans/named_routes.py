"""A plan's named routes: tours over part of its prepared sites, e.g. "路线A 两天", "路线B 一天".

A plan holds its prepared sites and, beside the full tour of all of them (the default, key
``all``), named routes. A route has a key (for ``?route=<key>``), a name, a day budget
(``max_days``), optionally its own tour settings where they differ from the plan's (e.g. it ends
at the station), and the planner's hand choices: sites ``include``-d and ``exclude``-d, which
the proposal keeps on every recompute (``geo.tour.pool_route`` fills the rest), and its own hand
edits of the days (``day_edits``: pins, kept days, the days as last shown; the same shape as the
full tour's, ``geo.plans.day_edits``).

Pure: shape rules of the stored list, the route a key names, the plan state a route is toured
with, and what a save changed in them (for the history).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from geo.errors import Both, JiangleError, NotFoundError, ValidationError
from geo.plans import day_edits
from geo.tour.settings import MAX_DAYS
from geo.value_checks import clean_text, is_whole

FULL = "all"
"""The key of the full tour of every site: the default route, never stored."""
MAX_ROUTES = 12
MAX_ROUTE_NAME = 60
OVERRIDES = ("start", "end", "depart", "day_start", "day_end", "lunch")
"""The tour settings a route may set for itself; the rest are the plan's."""
_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,23}")
_FIELDS = {"key", "name", "max_days", "settings", "include", "exclude", "day_edits"}

Route = dict[str, Any]
SettingsCheck = Callable[[dict[str, Any]], dict[str, Any]]
Namer = Callable[[list[str]], Both]


class RouteKeyError(JiangleError):
    """A ``route`` parameter that cannot be a route key (400)."""

    status = 400


def check(value: Any, check_settings: SettingsCheck, named: Namer) -> list[Route]:
    """The routes of a save, in canonical form, or a ValidationError naming the route at fault.

    ``check_settings`` checks a route's own settings as a save of the plan's would be checked
    (``geo.plans.fields.check_fields``), so the same rules apply to both; ``named`` names stops
    for messages."""
    if not isinstance(value, list):
        raise ValidationError(code="err_routes_list")
    if len(value) > MAX_ROUTES:
        raise ValidationError(code="err_routes_many", n=MAX_ROUTES)
    out: list[Route] = []
    for item in value:
        route = _route(item, check_settings, named)
        for other in out:
            if other["key"] == route["key"]:
                raise ValidationError(code="err_route_key_twice", value=route["key"])
            if other["name"] == route["name"]:
                raise ValidationError(code="err_route_name_twice", route=route["name"])
        out.append(route)
    return out


def _route(item: Any, check_settings: SettingsCheck, named: Namer) -> Route:
    if not isinstance(item, dict) or set(item) - _FIELDS:
        raise ValidationError(code="err_route_shape", fields=", ".join(sorted(_FIELDS)))
    name = _name(item.get("name"))
    key = item.get("key")
    if not isinstance(key, str) or not _KEY.fullmatch(key) or key == FULL:
        raise ValidationError(code="err_route_key", route=name, value=str(key)[:30])
    days = item.get("max_days")
    if not is_whole(days, *MAX_DAYS):
        low, high = MAX_DAYS
        raise ValidationError(code="err_route_days", route=name, low=low, high=high)
    settings = item.get("settings") or {}
    if not isinstance(settings, dict) or set(settings) - set(OVERRIDES):
        raise ValidationError(code="err_route_settings", route=name, fields=", ".join(OVERRIDES))
    try:
        settings = check_settings(dict(settings))
    except ValidationError as exc:
        raise ValidationError(
            code="err_route_bad", route=name, why=Both(exc.say("zh"), exc.say("en"))
        ) from exc
    try:
        edits = day_edits.check(item.get("day_edits"))
    except ValidationError as exc:
        raise ValidationError(
            code="err_route_bad", route=name, why=Both(exc.say("zh"), exc.say("en"))
        ) from exc
    include, exclude = (_ids(item.get(f, []), name) for f in ("include", "exclude"))
    both = [s for s in include if s in exclude]
    if both:
        raise ValidationError(code="err_route_in_and_out", route=name, stops=named(both))
    return {
        "key": key,
        "name": name,
        "max_days": days,
        "settings": settings,
        "include": include,
        "exclude": exclude,
        "day_edits": edits,
    }


def _name(value: Any) -> str:
    if isinstance(value, str):
        value = clean_text(value, "name", name=True).strip()
    if not isinstance(value, str) or not value:
        raise ValidationError(code="err_route_name_empty")
    if len(value) > MAX_ROUTE_NAME:
        raise ValidationError(code="err_route_name_long", n=MAX_ROUTE_NAME)
    return value


def _ids(value: Any, route: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValidationError(code="err_route_ids", route=route)
    return list(dict.fromkeys(value))


def kept(routes: Sequence[Route], sites: Iterable[str]) -> list[Route]:
    """The routes with hand choices and day edits of sites no longer among the plan's sites
    dropped."""
    chosen = set(sites)
    return [
        {
            **r,
            "include": [s for s in r["include"] if s in chosen],
            "exclude": [s for s in r["exclude"] if s in chosen],
            "day_edits": day_edits.kept(r.get("day_edits") or {}, chosen),
        }
        for r in routes
    ]


def parse_key(value: str | None) -> str:
    """The ``route`` query parameter: the full tour when absent; a malformed key is a 400."""
    if value is None or value == "":
        return FULL
    if not (value == FULL or _KEY.fullmatch(value)):
        raise RouteKeyError(code="err_route_param", value=value[:30])
    return value


def find(routes: Sequence[Route] | None, key: str) -> Route | None:
    """The route of ``key`` (None for the full tour); a key the plan lacks is a 404 naming the
    routes it has."""
    if key == FULL:
        return None
    for route in routes or ():
        if route["key"] == key:
            return route
    names = "、".join(f"{r['key']}（{r['name']}）" for r in routes or ()) or "—"
    raise NotFoundError(code="err_route_missing", value=key, routes=names)


def route_state(state: Mapping[str, Any], route: Route) -> dict[str, Any]:
    """The plan state a route is toured with: its own settings, day budget and hand edits of the
    days over the plan's (the full tour's edits are not the route's)."""
    own = route.get("day_edits") or {}  # a route saved before routes had day edits has none
    return {**state, **route["settings"], "max_days": route["max_days"], "day_edits": own}


def hand_edits(route: Route) -> dict[str, Any]:
    """The pins and kept days of a route, what the history names (the days as last shown
    change with every tour and are not a planner's edit)."""
    edits = route.get("day_edits") or {}
    return {"pins": edits.get("pins") or {}, "locked_days": edits.get("locked_days") or {}}


def changes(before: Sequence[Route] | None, after: Sequence[Route]) -> dict[str, list]:
    """What a save changed in the routes, by name, for the history: added (with the day budget),
    removed, renamed, and changed (day budget, settings, sites chosen by hand, pins and kept
    days)."""
    old = {r["key"]: r for r in before or ()}
    new = {r["key"]: r for r in after}
    out: dict[str, list] = {"added": [], "removed": [], "renamed": [], "changed": []}
    for key, route in new.items():
        was = old.get(key)
        if was is None:
            out["added"].append({"name": route["name"], "max_days": route["max_days"]})
            continue
        if was["name"] != route["name"]:
            out["renamed"].append({"from": was["name"], "to": route["name"]})
        entry: dict[str, Any] = {"name": route["name"]}
        if was["max_days"] != route["max_days"]:
            entry["max_days"] = {"from": was["max_days"], "to": route["max_days"]}
        if was["settings"] != route["settings"]:
            entry["settings"] = True
        for field in ("include", "exclude"):
            added = [s for s in route[field] if s not in was[field]]
            dropped = [s for s in was[field] if s not in route[field]]
            if added or dropped:
                entry[field] = {"added": added, "removed": dropped}
        if hand_edits(was) != hand_edits(route):
            entry["day_edits"] = hand_edits(route)
        if len(entry) > 1:
            out["changed"].append(entry)
    out["removed"] = [{"name": r["name"]} for k, r in old.items() if k not in new]
    return {k: v for k, v in out.items() if v}
