"""The state of a multi-day search: which stops each day visits, in order, and what that costs.

Stops and places are node indices into one travel-minutes table. A day is "feasible" when
``geo.tour.days.time_day`` can time it inside its hours; the answers are cached by (day spec,
stops), because the search asks about the same days again and again. Pins (a stop that must be on
a given day) and locked days (the planner's own order, never touched) are kept by every change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from geo.tour.days import DaySpec, time_day
from geo.tour.steps import Travel, Visit


@dataclass
class Model:
    """Everything fixed during a search: the table, the visits, the pins and the locked days."""

    ids: list[str]
    minutes: list[list[float]]
    visits: list[Visit]
    travel: Travel
    pins: dict[int, int] = field(default_factory=dict)
    locked: dict[int, tuple[int, ...]] = field(default_factory=dict)
    work: int = 0
    """Days tried so far (``Routes.fits``): what a search's effort is counted in."""
    _cache: dict[tuple[DaySpec, tuple[int, ...]], tuple[float, float] | None] = field(
        default_factory=dict
    )
    _index: dict[str, int] = field(default_factory=dict)

    def node(self, place: str) -> int:
        if not self._index:
            self._index.update((k, i) for i, k in enumerate(self.ids))
        return self._index[place]

    def drive(self, begin: int, route: Sequence[int], home: int) -> float:
        """Driving minutes of ``begin -> route -> home``."""
        m, total, prev = self.minutes, 0.0, begin
        for k in route:
            total += m[prev][k]
            prev = k
        return total + m[prev][home]

    def timing(self, spec: DaySpec, route: tuple[int, ...]) -> tuple[float, float] | None:
        """(start, end) clock of the day, or None when it does not fit."""
        key = (spec, route)
        if key not in self._cache:
            log = time_day([self.visits[k] for k in route], spec, self.travel)
            self._cache[key] = None if log is None else (log.start, log.cursor.t)
        return self._cache[key]

    def allowed(self, stop: int, day: int) -> bool:
        """May ``stop`` go on ``day`` (0-based)? Pins say so; locked days take nobody new."""
        return self.pins.get(stop, day) == day and day not in self.locked


@dataclass
class Routes:
    """One candidate tour: a route per day, the stops not placed yet, and its cost."""

    model: Model
    specs: list[DaySpec]
    days: list[list[int]]
    pool: list[int] = field(default_factory=list)
    balance: bool = False

    def __post_init__(self) -> None:
        node = self.model.node
        self._ends = [(node(spec.begin), node(spec.home)) for spec in self.specs]
        self._drives: dict[int, tuple[list[int], float]] = {}

    def copy(self) -> Routes:
        days = [list(d) for d in self.days]
        return Routes(self.model, self.specs, days, list(self.pool), self.balance)

    def ends(self, d: int) -> tuple[int, int]:
        return self._ends[d]

    def day_drive(self, d: int, route: Sequence[int] | None = None) -> float:
        """Driving minutes of day ``d`` as it is (remembered while its list is unchanged), or
        with ``route`` instead."""
        begin, home = self._ends[d]
        if route is not None:
            return self.model.drive(begin, route, home)
        current = self.days[d]
        hit = self._drives.get(d)
        if hit is None or hit[0] is not current:
            hit = (current, self.model.drive(begin, current, home))
            self._drives[d] = hit
        return hit[1]

    def fits(self, d: int, route: Sequence[int]) -> bool:
        """Does the day fit its hours? A quick bound (driving + visits + lunch) rules out most
        days that are too full before the clock is run."""
        self.model.work += 1
        spec, visits = self.specs[d], self.model.visits
        need = self.day_drive(d, route) + sum(visits[k].minutes for k in route)
        rules = spec.rules
        if spec.leave <= rules.latest < spec.leave + need:
            need += rules.lunch_minutes
        if spec.leave + need > rules.day_end + 1e-9:
            return False
        return self.model.timing(spec, tuple(route)) is not None

    def length(self, d: int, route: Sequence[int] | None = None) -> float:
        """Working minutes of the day (leave to home), inf when it does not fit."""
        times = self.model.timing(self.specs[d], tuple(self.days[d] if route is None else route))
        return float("inf") if times is None else times[1] - times[0]

    def drive(self) -> float:
        return sum(self.day_drive(d) for d in range(len(self.days)))

    def cost(self) -> tuple[float, ...]:
        """What the search minimises: unplaced visit minutes, then (longest day), then driving."""
        unplaced = sum(self.model.visits[k].minutes + 1 for k in self.pool)
        if self.balance:
            longest = max((self.length(d) for d in range(len(self.days))), default=0.0)
            return (unplaced, round(longest, 6), self.drive())
        return (unplaced, self.drive())

    def feasible(self) -> bool:
        return all(self.fits(d, r) for d, r in enumerate(self.days))

    def insert_cheapest(self, stop: int) -> bool:
        """Put ``stop`` where it adds the least driving and its day still fits; False if nowhere."""
        m = self.model.minutes
        options = []
        for d, route in enumerate(self.days):
            if not self.model.allowed(stop, d):
                continue
            begin, home = self.ends(d)
            seq = [begin, *route, home]
            for p in range(len(seq) - 1):
                a, b = seq[p], seq[p + 1]
                options.append((m[a][stop] + m[stop][b] - m[a][b], d, p))
        for _, d, p in sorted(options):
            trial = self.days[d][:p] + [stop] + self.days[d][p:]
            if self.fits(d, trial):
                self.days[d] = trial
                return True
        return False

    def insertion_cost(self, stop: int) -> float:
        """Least extra driving to fit ``stop`` into the tour as it is (inf: it fits nowhere)."""
        trial = self.copy()
        before = trial.drive()
        return trial.drive() - before if trial.insert_cheapest(stop) else float("inf")
