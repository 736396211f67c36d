"""Local search over the days of a tour: move, swap and exchange stops between and within days.

Candidate moves come from neighbour lists (a stop next to one of its nearest stops). Each move is
first judged by its driving change, worked out from the few arcs it changes (O(1), with prefix
sums for a reversed stretch, since the table is not symmetric); only a move that would lower the
cost is built and timed by the day rules, so most candidates never touch the clock. In "balance
the days" mode a move that touches the longest day is also timed, because it may shorten that
day at some driving cost.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator

from geo.tour.day_routes import Routes

NEIGHBOURS = 6
"""Nearest stops per stop tried as move partners."""

_EPS = 1e-6

Change = dict[int, list[int]]
"""New routes for the days a move changes, by day index."""

Move = tuple[float, tuple[int, ...], Callable[[], Change]]
"""A candidate: its driving change, the days it touches, and how to build it."""


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
    where = {k: (d, p) for d, route in enumerate(routes.days) for p, k in enumerate(route)}
    while todo:
        u = todo.popleft()
        waiting.discard(u)
        for delta, days, build in moves(routes, u, near[u], where):
            if delta >= -_EPS and not (routes.balance and _touches_longest(routes, days)):
                continue
            change = build()
            if _better(routes, change, delta):
                _apply(routes, change, where)
                moved = {k for r in change.values() for k in r}
                for k in (u, *(k for k in near[u] if k in moved)):
                    if k not in waiting and k in near:
                        todo.append(k)
                        waiting.add(k)
                break
    return routes


def _touches_longest(routes: Routes, days: tuple[int, ...]) -> bool:
    return max(range(len(routes.days)), key=routes.length) in days


def _apply(routes: Routes, change: Change, where: dict[int, tuple[int, int]]) -> None:
    for d, route in change.items():
        routes.days[d] = route
        where.update((k, (d, p)) for p, k in enumerate(route))


def _better(routes: Routes, change: Change, delta: float) -> bool:
    if not all(routes.fits(d, r) for d, r in change.items()):
        return False
    if not routes.balance:
        return delta < -_EPS
    old = routes.cost()
    saved = {d: routes.days[d] for d in change}
    for d, route in change.items():
        routes.days[d] = route
    new = routes.cost()
    for d, route in saved.items():
        routes.days[d] = route
    return new < old


def moves(
    routes: Routes,
    u: int,
    partners: list[int],
    where: dict[int, tuple[int, int]],
    every: bool = False,
) -> Iterator[Move]:
    """The candidate moves of ``u`` next to a partner stop, or to the front of a day, with their
    driving change: only those that drive less, unless ``every`` (or balancing, where a dearer
    move may still shorten the longest day). ``where`` gives each stop's (day, position)."""
    if u not in where or where[u][0] in routes.model.locked:
        return
    every = every or routes.balance
    for move in _candidates(routes, u, partners, where, every):
        if every or move[0] < -_EPS:
            yield move


def _candidates(
    routes: Routes, u: int, partners: list[int], where: dict[int, tuple[int, int]], every: bool
) -> Iterator[Move]:
    du, pu = where[u]
    m, allowed = routes.model.minutes, routes.model.allowed
    seq_u = _seq(routes, du)
    removal = m[seq_u[pu]][u] + m[u][seq_u[pu + 2]] - m[seq_u[pu]][seq_u[pu + 2]]
    for d in range(len(routes.days)):
        if d != du and allowed(u, d):
            b, home = routes.ends(d)
            first = routes.days[d][0] if routes.days[d] else home
            yield m[b][u] + m[u][first] - m[b][first] - removal, (du, d), _front(routes, u, du, d)
    forward, backward = _prefix(m, routes.days[du])
    for v in partners:
        if v not in where or where[v][0] in routes.model.locked:
            continue
        dv, pv = where[v]
        yield from _relocations(routes, u, du, pu, dv, pv, seq_u, every)
        if allowed(u, dv) and allowed(v, du):
            yield _swap(routes, du, pu, dv, pv, seq_u)
        if du != dv:
            yield from _tail_exchange(routes, du, pu, dv, pv, seq_u)
        elif abs(pu - pv) > 1:
            yield _reverse(routes, du, min(pu, pv), max(pu, pv), seq_u, forward, backward)


def _seq(routes: Routes, d: int) -> list[int]:
    """The day's route between its two ends."""
    begin, home = routes.ends(d)
    return [begin, *routes.days[d], home]


def _prefix(m: list[list[float]], route: list[int]) -> tuple[list[float], list[float]]:
    """Driving minutes from the route's first stop to each stop, forwards and backwards."""
    forward, backward = [0.0], [0.0]
    for a, b in zip(route, route[1:], strict=False):
        forward.append(forward[-1] + m[a][b])
        backward.append(backward[-1] + m[b][a])
    return forward, backward


def _front(routes: Routes, u: int, du: int, d: int) -> Callable[[], Change]:
    return lambda: {du: [k for k in routes.days[du] if k != u], d: [u, *routes.days[d]]}


def _relocations(
    routes: Routes, u: int, du: int, pu: int, dv: int, pv: int, seq_u: list[int], every: bool
) -> list[Move]:
    """Move ``u`` (alone or with the next one or two stops) right after or before the stop at
    ``(dv, pv)``, possibly reversed: the ones that drive less (all of them with ``every``).
    They are the most numerous candidates, so the others are not even listed."""
    source, m, allowed = routes.days[du], routes.model.minutes, routes.model.allowed
    begin_v, home_v = routes.ends(dv)
    target = routes.days[dv]
    out: list[Move] = []
    for length in (1, 2, 3):
        if pu + length > len(source) or du == dv and pu <= pv < pu + length:
            break
        last = source[pu + length - 1]
        if dv != du and not allowed(last, dv):
            break
        first = source[pu]
        a, b = seq_u[pu], seq_u[pu + length + 1]
        gain = m[a][first] + m[last][b] - m[a][b]
        if length == 1:
            turns = ((0.0, False),)
        elif length == 2:
            turns = ((0.0, False), (m[last][first] - m[first][last], True))
        else:
            mid = source[pu + 1]
            inner = m[first][mid] + m[mid][last]
            turns = ((0.0, False), (m[last][mid] + m[mid][first] - inner, True))
        at = pv if dv != du or pv < pu else pv - length  # v's place once the segment is out
        size = len(target) if dv != du else len(source) - length
        for pos in (at + 1, at):
            if dv != du:
                c = target[pos - 1] if pos > 0 else begin_v
                e = target[pos] if pos < size else home_v
            else:
                c = _rest_at(source, pu, length, pos - 1, begin_v)
                e = _rest_at(source, pu, length, pos, home_v) if pos < size else home_v
            for turned, back in turns:
                x, y = (last, first) if back else (first, last)
                delta = m[c][x] + m[y][e] - m[c][e] + turned - gain
                if every or delta < -_EPS:
                    out.append((delta, (du, dv), _insert(routes, du, pu, length, dv, pos, back)))
    return out


def _rest_at(source: list[int], pu: int, length: int, i: int, end: int) -> int:
    """Stop ``i`` of ``source`` once ``length`` stops from ``pu`` are taken out (``end`` at -1)."""
    if i < 0:
        return end
    return source[i] if i < pu else source[i + length]


def _insert(
    routes: Routes, du: int, pu: int, length: int, dv: int, pos: int, back: bool
) -> Callable[[], Change]:
    def build() -> Change:
        source = routes.days[du]
        seg = source[pu : pu + length]
        seg = seg[::-1] if back else seg
        rest = source[:pu] + source[pu + length :]
        target = rest if dv == du else routes.days[dv]
        new = target[:pos] + seg + target[pos:]
        return {du: new} if dv == du else {du: rest, dv: new}

    return build


def _swap(routes: Routes, du: int, pu: int, dv: int, pv: int, seq_u: list[int]) -> Move:
    m = routes.model.minutes
    seq_v = seq_u if dv == du else _seq(routes, dv)
    u, v = seq_u[pu + 1], seq_v[pv + 1]
    if du == dv and abs(pu - pv) == 1:  # neighbours: a u v c -> a v u c
        lo = min(pu, pv)
        a, x, y, c = seq_u[lo], seq_u[lo + 1], seq_u[lo + 2], seq_u[lo + 3]
        delta = m[a][y] + m[y][x] + m[x][c] - m[a][x] - m[x][y] - m[y][c]
    else:
        au, cu, av, cv = seq_u[pu], seq_u[pu + 2], seq_v[pv], seq_v[pv + 2]
        delta = (
            m[au][v] + m[v][cu] - m[au][u] - m[u][cu] + m[av][u] + m[u][cv] - m[av][v] - m[v][cv]
        )

    def build() -> Change:
        if du == dv:
            route = list(routes.days[du])
            route[pu], route[pv] = route[pv], route[pu]
            return {du: route}
        a, b = list(routes.days[du]), list(routes.days[dv])
        a[pu], b[pv] = b[pv], a[pu]
        return {du: a, dv: b}

    return delta, (du, dv), build


def _tail_exchange(
    routes: Routes, du: int, pu: int, dv: int, pv: int, seq_u: list[int]
) -> Iterator[Move]:
    """2-opt*: the two days swap what comes after ``u`` and after ``v`` (or from them on)."""
    a, b = routes.days[du], routes.days[dv]
    m, allowed = routes.model.minutes, routes.model.allowed
    seq_v = _seq(routes, dv)
    home_a, home_b = seq_u[-1], seq_v[-1]

    def piece(x: int, tail: list[int], home: int) -> float:
        return m[x][tail[0]] + m[tail[-1]][home] if tail else m[x][home]

    for cut_a, cut_b in ((pu + 1, pv + 1), (pu, pv)):
        tail_a, tail_b = a[cut_a:], b[cut_b:]
        if not (all(allowed(k, du) for k in tail_b) and all(allowed(k, dv) for k in tail_a)):
            continue
        x_a, x_b = seq_u[cut_a], seq_v[cut_b]
        delta = (
            piece(x_a, tail_b, home_a)
            + piece(x_b, tail_a, home_b)
            - piece(x_a, tail_a, home_a)
            - piece(x_b, tail_b, home_b)
        )
        yield delta, (du, dv), _exchange(du, dv, a, b, cut_a, cut_b)


def _exchange(du: int, dv: int, a, b, cut_a: int, cut_b: int) -> Callable[[], Change]:
    return lambda: {du: a[:cut_a] + b[cut_b:], dv: b[:cut_b] + a[cut_a:]}


def _reverse(
    routes: Routes,
    d: int,
    lo: int,
    hi: int,
    seq: list[int],
    forward: list[float],
    backward: list[float],
) -> Move:
    """2-opt within a day: the stops after position ``lo`` up to ``hi`` driven the other way."""
    m, route = routes.model.minutes, routes.days[d]
    p, n = seq[lo + 1], seq[hi + 2]
    first, last = route[lo + 1], route[hi]
    turned = (backward[hi] - backward[lo + 1]) - (forward[hi] - forward[lo + 1])
    delta = m[p][last] + m[first][n] - m[p][first] - m[last][n] + turned
    return delta, (d,), lambda: {d: [*route[: lo + 1], *route[hi:lo:-1], *route[hi + 1 :]]}
