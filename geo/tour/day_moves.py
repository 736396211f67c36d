"""Local search over the days of a tour: move, swap and exchange stops between and within days.

Candidate moves come from neighbour lists (a stop next to one of its nearest stops). Each move is
first judged by its driving change, which is cheap; only a move that would lower the cost is timed
by the day rules, so most candidates never touch the clock. In "balance the days" mode a move that
touches the longest day is also timed, because it may shorten that day at some driving cost.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from geo.tour.day_routes import Routes

NEIGHBOURS = 6
"""Nearest stops per stop tried as move partners."""

_EPS = 1e-6

Change = dict[int, list[int]]
"""New routes for the days a move changes, by day index."""


def neighbour_lists(routes: Routes, stops: list[int]) -> dict[int, list[int]]:
    """The nearest stops of each stop by the cheaper direction of travel."""
    m = routes.model.minutes
    return {
        u: sorted((v for v in stops if v != u), key=lambda v: min(m[u][v], m[v][u]))[:NEIGHBOURS]
        for u in stops
    }


def improve(
    routes: Routes, near: dict[int, list[int]], queue: Iterable[int] | None = None
) -> Routes:
    """Apply improving moves until none is left; returns ``routes`` itself, changed in place.

    Only stops in ``queue`` (default: all) are tried; after a move, the stops of the days it
    changed near it are tried again ("don't look bits"), so a polish after a small change stays
    small.
    """
    todo = deque(near if queue is None else (k for k in queue if k in near))
    waiting = set(todo)
    while todo:
        u = todo.popleft()
        waiting.discard(u)
        for change in _moves(routes, u, near[u]):
            if _better(routes, change):
                _apply(routes, change)
                moved = {k for r in change.values() for k in r}
                for k in (u, *(k for k in near[u] if k in moved)):
                    if k not in waiting and k in near:
                        todo.append(k)
                        waiting.add(k)
                break
    return routes


def _apply(routes: Routes, change: Change) -> None:
    for d, route in change.items():
        routes.days[d] = route


def _better(routes: Routes, change: Change) -> bool:
    delta = sum(routes.day_drive(d, r) - routes.day_drive(d) for d, r in change.items())
    if routes.balance:
        longest = max(range(len(routes.days)), key=routes.length)
        if delta >= -_EPS and longest not in change:
            return False
    elif delta >= -_EPS:
        return False
    if not all(routes.fits(d, r) for d, r in change.items()):
        return False
    if not routes.balance:
        return True
    old = routes.cost()
    saved = {d: routes.days[d] for d in change}
    _apply(routes, change)
    new = routes.cost()
    _apply(routes, saved)
    return new < old


def _where(routes: Routes) -> dict[int, tuple[int, int]]:
    return {k: (d, p) for d, route in enumerate(routes.days) for p, k in enumerate(route)}


def _moves(routes: Routes, u: int, partners: list[int]) -> Iterator[Change]:
    """Every candidate move of ``u`` next to a partner stop, or to the front of a day."""
    where = _where(routes)
    if u not in where or where[u][0] in routes.model.locked:
        return
    du, pu = where[u]
    allowed = routes.model.allowed
    for d in range(len(routes.days)):
        if d != du and allowed(u, d):
            rest = [k for k in routes.days[du] if k != u]
            yield {du: rest, d: [u, *routes.days[d]]}
    for v in partners:
        if v not in where or where[v][0] in routes.model.locked:
            continue
        dv, pv = where[v]
        yield from _relocations(routes, u, du, pu, v, dv, pv)
        if allowed(u, dv) and allowed(v, du):
            yield _swap(routes, du, pu, dv, pv)
        if du != dv:
            yield from _tail_exchange(routes, du, pu, dv, pv)
        else:
            lo, hi = sorted((pu, pv))
            route = routes.days[du]
            yield {du: route[: lo + 1] + route[lo + 1 : hi + 1][::-1] + route[hi + 1 :]}


def _relocations(
    routes: Routes, u: int, du: int, pu: int, v: int, dv: int, pv: int
) -> Iterator[Change]:
    """Move ``u`` (alone or with the next one or two stops) right after or before ``v``.

    Between days the driving change is worked out from the few arcs that change, and a move
    that saves nothing is not even built (unless balancing, where a dearer move may still help).
    """
    source, m = routes.days[du], routes.model.minutes
    seq_u = [routes.ends(du)[0], *source, routes.ends(du)[1]]
    seq_v = [routes.ends(dv)[0], *routes.days[dv], routes.ends(dv)[1]]
    for length in (1, 2, 3):
        segment = source[pu : pu + length]
        if len(segment) < length or v in segment:
            return
        if not all(routes.model.allowed(k, dv) or dv == du for k in segment):
            return
        rest = source[:pu] + source[pu + length :]
        target = rest if dv == du else routes.days[dv]
        a, b = seq_u[pu], seq_u[pu + length + 1]
        gain = m[a][segment[0]] + m[segment[-1]][b] - m[a][b]
        inner = sum(m[x][y] for x, y in zip(segment, segment[1:], strict=False))
        at = target.index(v)
        for pos in (at + 1, at):
            for seg in (segment, segment[::-1]) if length > 1 else (segment,):
                if dv != du and not routes.balance:
                    c, d = seq_v[pos], seq_v[pos + 1]
                    turned = sum(m[x][y] for x, y in zip(seg, seg[1:], strict=False)) - inner
                    if m[c][seg[0]] + m[seg[-1]][d] - m[c][d] + turned - gain >= -_EPS:
                        continue
                new = target[:pos] + seg + target[pos:]
                yield {du: new} if dv == du else {du: rest, dv: new}


def _swap(routes: Routes, du: int, pu: int, dv: int, pv: int) -> Change:
    if du == dv:
        route = list(routes.days[du])
        route[pu], route[pv] = route[pv], route[pu]
        return {du: route}
    a, b = list(routes.days[du]), list(routes.days[dv])
    a[pu], b[pv] = b[pv], a[pu]
    return {du: a, dv: b}


def _tail_exchange(routes: Routes, du: int, pu: int, dv: int, pv: int) -> Iterator[Change]:
    """2-opt*: the two days swap what comes after ``u`` and after ``v`` (or from them on)."""
    a, b = routes.days[du], routes.days[dv]
    allowed = routes.model.allowed
    for cut_a, cut_b in ((pu + 1, pv + 1), (pu, pv)):
        new_a, new_b = a[:cut_a] + b[cut_b:], b[:cut_b] + a[cut_a:]
        if all(allowed(k, du) for k in b[cut_b:]) and all(allowed(k, dv) for k in a[cut_a:]):
            yield {du: new_a, dv: new_b}
