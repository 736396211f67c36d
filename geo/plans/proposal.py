"""'Suggest a set': choose the showcase sites and their visiting order together.

The panel visits every township, so the choice of sites and the tour through them are one
problem: a site that looks cheap alone may sit on the way to nothing. The search therefore works
on a (site set, visiting order) pair and scores every move by what it does to the tour:

* objective = driving minutes of the tour (start -> sites -> end, over the road matrix)
  + a penalty per site that is not ready + a large penalty per review theme left uncovered
  (only themes some allowed candidate offers count), so ready sites and full theme coverage
  win whenever they cost no more than the penalty in driving;
* quota per township is a hard rule: never below ``quota_min`` (or all candidates, if fewer),
  never above ``quota_max``; locked sites always stay, excluded sites never come in;
* moves are swap (one site for another of the same township), add, drop and move (drop in one
  township, add in another), each priced exactly by removal and cheapest insertion on the
  current order, then the order is re-solved with ``geo.tour.solver.solve_tour``;
* iterated local search: random swaps kick the best set, the search repairs it, the better set
  is kept, until ``time_budget`` seconds pass or ``max_idle`` kicks in a row bring nothing.

Seeds include the "nearest ready sites per township" set, so the result is never worse than it
by the objective. Pure: numpy and ``geo.tour.solver`` only, no road graph, no Flask.

This module is the entry and the iterated-search loop; the request and answer types live in
``geo.plans.proposal_model`` (re-exported here) and the states and moves in
``geo.plans.proposal_search``.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from geo.plans.proposal_model import (
    EPS,
    MISSING_THEME_PENALTY,
    READINESS_PENALTY,
    Candidate,
    Judge,
    Proposal,
    Rules,
)
from geo.plans.proposal_search import Problem, State
from geo.time_limit import check_time_limit

__all__ = [
    "MISSING_THEME_PENALTY",
    "READINESS_PENALTY",
    "Candidate",
    "Judge",
    "Proposal",
    "Rules",
    "nearest_ready_selection",
    "propose",
]


def propose(
    candidates: Sequence[Candidate],
    ids: Sequence[str],
    minutes: np.ndarray,
    start: str,
    end: str | None = None,
    rules: Rules = Rules(),  # noqa: B008 - frozen dataclass
    seeds: Iterable[Sequence[str]] = (),
    judge: Judge | None = None,
) -> Proposal:
    """Choose sites per township and their order, minimising driving under the rules.

    Parameters
    ----------
    candidates : every candidate stop (excluded ones are dropped here).
    ids, minutes : the travel-time matrix over ``ids``, which must hold ``start``, ``end`` (if
        any) and every allowed candidate. ``inf`` marks an impossible arc.
    start, end : where the tour begins and ends (``end`` None or equal to ``start``: round trip).
    seeds : extra starting selections (e.g. the planner's current one); made feasible first.
    judge : ranks the best few sets found by the real tour (default: ``solve_tour`` on the
        matrix). The "nearest ready sites" set is always among them.

    Raises
    ------
    ValidationError
        Locked sites that are unknown, excluded, or more than ``quota_max`` in one township.
    """
    began = time.perf_counter()
    problem = Problem.build(candidates, ids, minutes, start, end, rules)
    rng = random.Random(rules.seed)
    elite = _Elite()
    baseline = problem.repair(problem.nearest_ready())
    elite.add(baseline)
    for seed in [baseline, problem.greedy(), *(problem.repair(list(s)) for s in seeds)]:
        elite.add(problem.optimise(seed))
    kicks = idle = 0
    deadline = began + rules.time_budget * 0.8  # the rest is for judging the finalists
    while idle < rules.max_idle and time.perf_counter() < deadline:
        check_time_limit()
        state = problem.optimise(problem.kick(elite.best, rng))
        kicks += 1
        idle = 0 if elite.add(state) else idle + 1
    best = problem.judged(elite.finalists(baseline), judge or problem.tsp_judge)
    return problem.result(best, kicks, time.perf_counter() - began)


class _Elite:
    """The best distinct site sets found so far (by the search objective)."""

    size = 6

    def __init__(self) -> None:
        self.states: dict[frozenset[int], State] = {}

    @property
    def best(self) -> State:
        return min(self.states.values(), key=lambda s: s.objective)

    def add(self, state: State) -> bool:
        """Keep ``state`` if it is among the best; True if it beats the best so far."""
        improved = not self.states or state.objective < self.best.objective - EPS
        key = frozenset(state.sites)
        old = self.states.get(key)
        if old is None or state.objective < old.objective:
            self.states[key] = state
        ranked = sorted(self.states.items(), key=lambda kv: kv[1].objective)
        self.states = dict(ranked[: self.size])
        return improved

    def finalists(self, baseline: State) -> list[State]:
        return [*self.states.values(), baseline]


def nearest_ready_selection(
    candidates: Sequence[Candidate],
    ids: Sequence[str],
    minutes: np.ndarray,
    start: str,
    per_township: int = 2,
) -> list[str]:
    """The simple rule a planner would use: per township, the ready sites nearest to the start
    (by driving time), topped up with the nearest others when too few are ready."""
    index = {sid: i for i, sid in enumerate(ids)}
    s = index[start]
    by_town: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_town[c.township].append(c)
    out: list[str] = []
    for town in sorted(by_town):
        ranked = sorted(
            by_town[town], key=lambda c: (c.readiness != "ready", minutes[s, index[c.id]], c.id)
        )
        out += [c.id for c in ranked[:per_township]]
    return out
