"""The search behind a site proposal: a (site set, visiting order) state and the moves on it.

``Problem`` holds one request's matrix indices, quotas and prices; it builds seed states, repairs
any selection into a feasible one, improves the set by swap/add/drop/move and the order by 2-opt
and Or-opt, kicks a state for the iterated search and judges the finalists by the real tour.
The loop that drives it lives in ``geo.plans.proposal``.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from geo.errors import ValidationError
from geo.plans.proposal_model import EPS, MISSING_THEME_PENALTY, Candidate, Judge, Proposal, Rules
from geo.tour.solver import solve_tour


@dataclass
class State:
    """A selection as a path of matrix indices: start, sites..., end (start again if round)."""

    path: list[int]
    travel: float
    penalty: float
    missing: int

    @property
    def objective(self) -> float:
        return self.travel + self.penalty + self.missing * MISSING_THEME_PENALTY

    @property
    def sites(self) -> list[int]:
        return self.path[1:-1]


class Problem:
    """Indices, quotas and prices of one proposal request; builds and improves ``State``s."""

    def __init__(self, cost, cands, head, tail, rules, required, open_end):
        self.c = cost
        self.cands = cands  # matrix index -> Candidate
        self.head, self.tail, self.open_end = head, tail, open_end
        self.rules = rules
        self.required = required  # township -> minimum count (quota_min, locked, or all)
        self.by_town: dict[str, list[int]] = defaultdict(list)
        for k, cand in cands.items():
            self.by_town[cand.township].append(k)
        self.locked = {k for k, cand in cands.items() if cand.id in rules.locked}
        self.want = {cand.theme for cand in cands.values()} & set(rules.themes)
        self.price = {k: float(rules.penalty.get(c.readiness, 0.0)) for k, c in cands.items()}

    @classmethod
    def build(cls, candidates, ids, minutes, start, end, rules: Rules) -> Problem:
        index = {sid: i for i, sid in enumerate(ids)}
        for name, sid in (("start", start), ("end", end)):
            if sid is not None and sid not in index:
                raise ValidationError(f"{name} '{sid}' is not in the travel matrix")
        known = {c.id for c in candidates}
        for sid in sorted(rules.locked):
            if sid not in known:
                raise ValidationError(f"locked site '{sid}' is not a candidate stop")
            if sid in rules.excluded:
                raise ValidationError(f"locked site '{sid}' is also dropped; unlock it first")
        allowed = [c for c in candidates if c.id not in rules.excluded]
        missing = [c.id for c in allowed if c.id not in index]
        if missing:
            raise ValidationError(f"candidates missing from the travel matrix: {missing[:5]}")
        cost = np.asarray(minutes, dtype=float)
        cands = {index[c.id]: c for c in allowed}
        open_end = end is not None and end != start
        tail = index[end] if open_end else index[start]
        return cls(
            cost, cands, index[start], tail, rules, _required(allowed, rules), open_end
        )  # fmt: skip

    # -- scoring --------------------------------------------------------------------------

    def state(self, path: list[int]) -> State:
        p = np.asarray(path)
        travel = float(self.c[p[:-1], p[1:]].sum())
        sites = path[1:-1]
        covered = {self.cands[k].theme for k in sites}
        return State(
            path, travel, sum(self.price[k] for k in sites), len(self.want - covered)
        )  # fmt: skip

    def _insert(self, path: list[int], k: int) -> tuple[float, int]:
        """Cheapest insertion of ``k`` into ``path``: (added minutes, position)."""
        p = np.asarray(path)
        add = self.c[p[:-1], k] + self.c[k, p[1:]] - self.c[p[:-1], p[1:]]
        at = int(np.argmin(add))
        return float(add[at]), at + 1

    def _with(self, path: list[int], k: int) -> list[int]:
        _, at = self._insert(path, k)
        return path[:at] + [k] + path[at:]

    # -- seeds ----------------------------------------------------------------------------

    def nearest_ready(self) -> list[int]:
        """Per township the required number of ready sites nearest to the start."""
        h = self.head
        chosen: list[int] = []
        for town, ks in self.by_town.items():
            keep = [k for k in ks if k in self.locked]
            rest = sorted(
                (k for k in ks if k not in self.locked),
                key=lambda k: (self.cands[k].readiness != "ready", self.c[h, k], k),
            )
            chosen += keep + rest[: max(0, self.required[town] - len(keep))]
        return chosen

    def greedy(self) -> State:
        """Cheapest insertion, township by township, of the site with the lowest total price."""
        path = [self.head, *sorted(self.locked), self.tail]
        for town in sorted(self.by_town, key=lambda t: -self.c[self.head, self.by_town[t]].min()):
            have = sum(1 for k in path[1:-1] if self.cands[k].township == town)
            for _ in range(self.required[town] - have):
                free = [k for k in self.by_town[town] if k not in path]
                k = min(free, key=lambda k: self._insert(path, k)[0] + self.price[k])
                path = self._with(path, k)
        return self.state(self.resolve(path))

    def repair(self, sites: list) -> State:
        """Make any selection feasible: drop unknown, excluded and surplus, add locked and
        missing sites, each time choosing the cheapest by insertion price."""
        index = {c.id: k for k, c in self.cands.items()}
        keep = [index.get(s) if isinstance(s, str) else s for s in sites]  # dropped: None
        keep = [k for k in dict.fromkeys(keep) if k in self.cands] + sorted(self.locked)
        path = [self.head, self.tail]
        for k in dict.fromkeys(keep):
            path = self._with(path, k)
        for town, ks in self.by_town.items():
            mine = [k for k in path[1:-1] if k in ks]
            surplus = len(mine) - self.rules.quota_max
            for k in sorted((k for k in mine if k not in self.locked), key=self.price.get)[::-1]:
                if surplus <= 0:
                    break
                path.remove(k)
                surplus -= 1
            while sum(1 for k in path[1:-1] if k in ks) < self.required[town]:
                free = [k for k in ks if k not in path]
                path = self._with(path, min(free, key=lambda k: self._insert(path, k)[0]))
        return self.state(self.resolve(path))

    # -- local search ---------------------------------------------------------------------

    def resolve(self, path: list[int]) -> list[int]:
        """Improve the visiting order by 2-opt and Or-opt until neither pays (milliseconds:
        the full ``solve_tour`` is kept for judging the finalists)."""
        p = list(path)
        while self._two_opt(p) or self._or_opt(p):
            pass
        return p

    def _two_opt(self, p: list[int]) -> bool:
        """Apply the best segment reversal, priced exactly for an asymmetric matrix."""
        m = len(p)
        if m < 4:
            return False
        a, c = np.asarray(p), self.c
        fwd, bwd = c[a[:-1], a[1:]], c[a[1:], a[:-1]]
        f, r = np.r_[0.0, np.cumsum(fwd)], np.r_[0.0, np.cumsum(bwd)]
        i, j = np.triu_indices(m - 1, 1)
        keep = i >= 1
        i, j = i[keep], j[keep]
        ends = c[a[i - 1], a[j]] + c[a[i], a[j + 1]] - fwd[i - 1] - fwd[j]
        delta = ends + (r[j] - r[i]) - (f[j] - f[i])
        k = int(np.argmin(delta))
        if not delta[k] < -EPS:
            return False
        lo, hi = int(i[k]), int(j[k])
        p[lo : hi + 1] = p[lo : hi + 1][::-1]
        return True

    def _or_opt(self, p: list[int]) -> bool:
        """Move the segment of one to three sites whose relocation saves the most."""
        c, best = self.c, (-EPS, None)
        for length in (1, 2, 3):
            for i in range(1, len(p) - length):
                seg = p[i : i + length]
                prev, nxt = p[i - 1], p[i + length]
                gain = c[prev, seg[0]] + c[seg[-1], nxt] - c[prev, nxt]
                q = np.asarray(p[:i] + p[i + length :])
                add = c[q[:-1], seg[0]] + c[seg[-1], q[1:]] - c[q[:-1], q[1:]]
                at = int(np.argmin(add))
                if add[at] - gain < best[0]:
                    best = (add[at] - gain, (i, length, at + 1))
        if best[1] is None:
            return False
        i, length, at = best[1]
        seg = p[i : i + length]
        rest = p[:i] + p[i + length :]
        p[:] = rest[:at] + seg + rest[at:]
        return True

    def tsp_judge(self, sites: tuple[str, ...]) -> tuple[float, list[str]]:
        """Default judge: the travel minutes of the order ``solve_tour`` finds."""
        index = {c.id: k for k, c in self.cands.items()}
        nodes = [self.head, *(index[s] for s in sites)] + ([self.tail] if self.open_end else [])
        if len(nodes) < 2:
            return 0.0, list(sites)
        order = solve_tour(
            self.c[np.ix_(nodes, nodes)], 0, len(nodes) - 1 if self.open_end else None
        )
        path = [nodes[i] for i in order] + ([] if self.open_end else [self.tail])
        return self.state(path).travel, [self.cands[k].id for k in path[1:-1]]

    def judged(self, finalists: list[State], judge: Judge) -> State:
        """The finalist with the best objective when driving is measured by ``judge``."""
        index = {c.id: k for k, c in self.cands.items()}
        best: State | None = None
        for state in finalists:
            verdict = judge(tuple(self.cands[k].id for k in state.sites))
            if verdict is None:
                continue
            travel, order = verdict
            path = [self.head, *(index[s] for s in order), self.tail]
            final = State(path, float(travel), state.penalty, state.missing)
            if best is None or final.objective < best.objective - EPS:
                best = final
        return best if best is not None else min(finalists, key=lambda s: s.objective)

    def optimise(self, state: State) -> State:
        """Best-improvement moves on the set until none pays, re-ordering after each."""
        while True:
            move = self._best_move(state)
            if move is None:
                return state
            state = self.state(self.resolve(move.path))

    def _best_move(self, state: State) -> State | None:
        best: State | None = None
        for path in self._neighbours(state):
            cand = self.state(path)
            if cand.objective < state.objective - EPS and (
                best is None or cand.objective < best.objective
            ):
                best = cand
        return best

    def _neighbours(self, state: State) -> Iterable[list[int]]:
        """Every swap, drop, add and move the quota and the locks allow, as new paths."""
        path = state.path
        count = Counter(self.cands[k].township for k in state.sites)
        chosen = set(state.sites)
        droppable = [k for k in state.sites if k not in self.locked]
        addable = [k for k in self.cands if k not in chosen]
        for x in droppable:
            town = self.cands[x].township
            without = [k for k in path if k != x]
            for y in self.by_town[town]:
                if y not in chosen:
                    yield self._with(without, y)  # swap within the township
            if count[town] > self.required[town]:
                yield without  # drop
                for y in addable:
                    other = self.cands[y].township
                    if other != town and count[other] < self.rules.quota_max:
                        yield self._with(without, y)  # move a site to another township
        for y in addable:
            if count[self.cands[y].township] < self.rules.quota_max:
                yield self._with(path, y)  # add (pays only when it covers a theme)

    def kick(self, state: State, rng: random.Random) -> State:
        """Swap two or three random unlocked sites for others of their townships."""
        path = list(state.path)
        for _ in range(rng.randint(2, 3)):
            sites = [k for k in path[1:-1] if k not in self.locked]
            if not sites:
                break
            x = rng.choice(sites)
            free = [k for k in self.by_town[self.cands[x].township] if k not in path]
            if free:
                at = path.index(x)
                path[at] = rng.choice(free)
        return self.state(self.resolve(path))

    def result(self, state: State, kicks: int, seconds: float) -> Proposal:
        covered = {self.cands[k].theme for k in state.sites}
        shortfall = {
            town: self.rules.quota_min - len(ks)
            for town, ks in self.by_town.items()
            if len(ks) < self.rules.quota_min
        }
        return Proposal(
            tuple(self.cands[k].id for k in state.sites),
            state.travel,
            state.penalty,
            tuple(t for t in self.rules.themes if t in self.want and t not in covered),
            shortfall,
            kicks,
            seconds,
        )


def _required(allowed: Sequence[Candidate], rules: Rules) -> dict[str, int]:
    """Minimum sites per township: the quota, raised by locks, capped by what is offered."""
    offered = Counter(c.township for c in allowed)
    locked = Counter(c.township for c in allowed if c.id in rules.locked)
    for town, n in locked.items():
        if n > rules.quota_max:
            raise ValidationError(
                f"township {town}: {n} locked sites exceed the quota of at most {rules.quota_max}"
            )
    return {town: max(locked[town], min(rules.quota_min, n)) for town, n in offered.items()}
