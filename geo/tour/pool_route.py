"""A route over part of the pool: which prepared sites the panel sees in the days it has.

The county prepares two or three sites per township, the panel may have one or two days. This is
a prize-collecting routing problem, solved greedily in order of what matters to the review:

0. the sites the planner included by hand (``required``), while they fit;
1. every review theme covered (the best-ranked site of the rarest theme first);
2. then as many townships as fit (the best-ranked site of each township not yet visited);
3. then the remaining sites while they fit;

"best-ranked" is higher ``priority`` first, then ready sites, then the id. A site joins where it
adds the least driving and every day still keeps its rules; after each step the days are
re-optimised (``geo.tour.day_search``), which often makes room for more. Each left-out site is
listed with why, in the planner's language.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from geo.i18n import text
from geo.tour.day_routes import Routes
from geo.tour.day_search import Effort, search
from geo.tour.days import render_days
from geo.tour.multiday import DayPlan, DayProblem, day_model, day_specs_of


@dataclass(frozen=True)
class PoolSite:
    """A prepared site as the choice needs it."""

    id: str
    label: str
    township: str
    theme: str
    ready: bool = True
    priority: int = 0


@dataclass(frozen=True)
class PoolRoute:
    """The chosen sites' days and, for each site left out, the reason."""

    plan: DayPlan
    left_out: Mapping[str, str]


def route_over_pool(
    problem: DayProblem,
    sites: Sequence[PoolSite],
    ids: Sequence[str],
    minutes: np.ndarray,
    km: np.ndarray,
    lang: str = "zh",
    effort: Effort = Effort(rounds=40, patience=20),  # noqa: B008 - frozen dataclass
    required: Collection[str] = (),
) -> PoolRoute:
    """Choose and route sites within ``problem.max_days`` days (the day budget); the sites of
    ``required`` go in first."""
    days = problem.max_days or 1
    model = day_model(replace(problem, pins={}, locked={}), ids, minutes, km)
    index = {k: i for i, k in enumerate(model.ids)}
    routes = Routes(model, day_specs_of(problem, days), [[] for _ in range(days)])
    ranked = sorted(sites, key=lambda s: (-s.priority, not s.ready, s.id))
    chosen: list[PoolSite] = []

    def take(site: PoolSite) -> bool:
        if routes.insert_cheapest(index[site.id]):
            chosen.append(site)
            return True
        return False

    for site in ranked:
        if site.id in required:
            take(site)
    _cover_themes(ranked, chosen, take)
    routes = search(routes, effort.rounds, effort.work, effort.patience)
    for site in ranked:
        if site not in chosen and site.township not in {s.township for s in chosen}:
            take(site)
    routes = search(routes, effort.rounds, effort.work, effort.patience)
    for site in ranked:
        if site not in chosen:
            take(site)
    routes = search(routes, effort.rounds, effort.work, effort.patience)
    used = [r for r in routes.days if r] or [[]]
    shorter = Routes(model, day_specs_of(problem, len(used)), used)
    if shorter.feasible():
        routes = shorter
    visits = [[model.visits[k] for k in r] for r in routes.days]
    schedule = render_days(visits, routes.specs, model.travel, problem.depart.tzinfo)
    plan = DayPlan(tuple(tuple(model.ids[k] for k in r) for r in routes.days), schedule)
    return PoolRoute(plan, _reasons(sites, chosen, days, lang, required))


def _cover_themes(
    ranked: Sequence[PoolSite], chosen: list[PoolSite], take: Callable[[PoolSite], bool]
) -> None:
    """One site of each theme not yet covered, the rarest theme first, preferring a township not
    yet visited. Themes of equal rarity go by name: a set's order depends on the process's hash
    seed, and the same plan must get the same proposal in every worker."""
    themes = sorted({s.theme for s in ranked}, key=lambda t: (sum(s.theme == t for s in ranked), t))
    for theme in themes:
        if any(s.theme == theme for s in chosen):
            continue
        towns = {s.township for s in chosen}
        options = [s for s in ranked if s.theme == theme]
        for site in sorted(options, key=lambda s: s.township in towns):
            if take(site):
                break


def _reasons(
    sites: Sequence[PoolSite],
    chosen: list[PoolSite],
    days: int,
    lang: str,
    required: Collection[str],
) -> dict[str, str]:
    """Why each site stayed out: included by hand but no room; its theme or township is already
    covered and no room is left."""
    themes = {s.theme for s in chosen}
    towns: dict[str, PoolSite] = {}
    for site in chosen:
        towns.setdefault(site.township, site)
    out = {}
    for site in sites:
        if site in chosen:
            continue
        if site.id in required:
            out[site.id] = text("route_required_no_room", lang, n=days)
        elif site.theme not in themes:
            out[site.id] = text("pool_theme_no_room", lang, n=days)
        elif site.township in towns:
            out[site.id] = text("pool_town_seen", lang, n=days, other=towns[site.township].label)
        else:
            out[site.id] = text("pool_no_room", lang, n=days)
    return out
