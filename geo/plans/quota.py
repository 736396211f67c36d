"""The showcase rules of a plan: 2-3 sites per township, the six review themes, site readiness.

Pure functions over plain stop and township properties, so the plan page, the API and the
proposal optimiser judge a selection the same way. A plan may be saved while it breaks the quota
(work in progress); only marking it final requires every township within its quota. The quota
bounds are a county setting (``QuotaBounds``) that only an admin changes: a plan carries none of
its own, so a planner cannot loosen the rule in the save that marks the plan final.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from geo.errors import Both, ValidationError
from geo.i18n import text
from geo.layers.catalogue import LAYERS, READINESS, THEMES

MAX_QUOTA = 10  # more showcase sites per township than this is not a review tour any more

FEW, OK, MANY = "few", "ok", "many"


@dataclass(frozen=True)
class QuotaBounds:
    """The county's sites per township: at least ``low``, at most ``high`` (2-3 in the county's
    work plan: 筹备2~3个迎检现场)."""

    low: int = 2
    high: int = 3


def check_bounds(body: Mapping[str, object]) -> QuotaBounds:
    """An admin's new bounds ``{"quota_min", "quota_max"}``, each checked by ``check_quota``."""
    low, high = check_quota(body.get("quota_min"), body.get("quota_max"))
    return QuotaBounds(low, high)


@dataclass(frozen=True)
class TownshipCount:
    """How many sites a township has in the selection, against its quota and its candidates."""

    code: str
    name_zh: str
    name_en: str
    count: int
    candidates: int
    quota_min: int
    quota_max: int

    @property
    def state(self) -> str:
        if self.count < self.quota_min:
            return FEW
        return MANY if self.count > self.quota_max else OK

    def to_dict(self) -> dict:
        return {**asdict(self), "state": self.state}


@dataclass(frozen=True)
class Violation:
    """One broken rule: the township (code and name) and the rule, in words a planner reads."""

    township: str
    township_name: str
    rule: str
    message: str

    def to_dict(self) -> dict:
        return asdict(self)


class QuotaError(ValidationError):
    """Marking a plan final while some township is outside its quota; lists every violation,
    each township by its name in the user's language."""

    def __init__(self, violations: Sequence[Violation], counts: Sequence[TownshipCount]):
        self.violations = list(violations)
        outside = [c for c in counts if c.state != OK]
        towns = Both(
            "；".join(_said(c, "zh") for c in outside), "; ".join(_said(c, "en") for c in outside)
        )
        super().__init__(code="err_not_final", towns=towns)

    def details(self) -> dict:
        return {"violations": [v.to_dict() for v in self.violations]}


def _said(count: TownshipCount, lang: str) -> str:
    """One township outside its quota, for people: "万安镇 0 个（至少 2 个）"."""
    town = count.name_en if lang == "en" else count.name_zh
    if count.state == FEW:
        said = text("quota_few_said", lang, town=town, n=count.count, low=count.quota_min)
        if count.candidates < count.quota_min:
            said += text("quota_few_candidates", lang, n=count.candidates)
        return said
    return text("quota_many_said", lang, town=town, n=count.count, high=count.quota_max)


def check_quota(quota_min: object, quota_max: object) -> tuple[int, int]:
    """Validate a per-plan quota: whole numbers with 0 <= min <= max <= MAX_QUOTA."""
    for field, value in (("quota_min", quota_min), ("quota_max", quota_max)):
        whole = not isinstance(value, bool) and isinstance(value, int)
        if not whole or not 0 <= value <= MAX_QUOTA:
            label = Both.label(f"settings_{field}")
            shown = "" if value is None else str(value)[:20]
            raise ValidationError(code="err_quota_value", field=label, high=MAX_QUOTA, value=shown)
    if quota_min > quota_max:  # type: ignore[operator]
        raise ValidationError(code="err_quota_order", low=quota_min, high=quota_max)
    return int(quota_min), int(quota_max)  # type: ignore[arg-type]


def check_sites(
    sites: object,
    stops: Mapping[str, dict],
    other_layers: Mapping[str, Iterable[str]] | None = None,
) -> list[str]:
    """Validate a list of stop ids; a stop listed twice is named, stops gone from the layer are
    counted (they have no name left), and a feature of another layer is said as such.

    ``other_layers`` maps a layer name to its feature ids, so a sewage plant or a start place
    sent as a site gets a message saying so rather than a bare "unknown"."""
    sites_label = Both.label("tour_stops")
    if not isinstance(sites, list) or not all(isinstance(s, str) for s in sites):
        raise ValidationError(code="err_stop_list", field=sites_label)
    unknown = {s for s in sites if s not in stops}
    for layer, ids in (other_layers or {}).items() if unknown else ():
        if not unknown.isdisjoint(ids):
            title = Both(LAYERS[layer].title_zh, LAYERS[layer].title_en)
            raise ValidationError(code="err_site_other_layer", layer=title)
    if unknown:
        raise ValidationError(code="err_unknown_stops", n=len(unknown))
    seen: set[str] = set()
    for sid in sites:
        if sid in seen:
            stop = stop_name(stops[sid])
            raise ValidationError(code="err_stop_twice", field=sites_label, stop=stop)
        seen.add(sid)
    return list(sites)


def stop_name(stop: Mapping[str, Any]) -> Both:
    """A candidate stop's name in both languages (from its feature or its properties)."""
    props = stop.get("properties", stop)
    zh = props.get("name_zh") or props.get("name_en") or ""
    return Both(zh, props.get("name_en") or zh)


def township_counts(
    stops: Mapping[str, dict],
    townships: Sequence[dict],
    sites: Iterable[str],
    quota_min: int,
    quota_max: int,
) -> list[TownshipCount]:
    """Sites per township (every township, in layer order), with its candidate count."""
    chosen = Counter(stops[s]["township_code"] for s in sites if s in stops)
    offered = Counter(p["township_code"] for p in stops.values())
    return [
        TownshipCount(
            t["id"],
            t.get("name_zh", t["id"]),
            t.get("name_en", t["id"]),
            chosen.get(t["id"], 0),
            offered.get(t["id"], 0),
            quota_min,
            quota_max,
        )
        for t in townships
    ]


def theme_coverage(stops: Mapping[str, dict], sites: Iterable[str]) -> dict[str, int]:
    """Selected sites per review theme, every theme listed (0 = not covered)."""
    counts = Counter(stops[s]["theme"] for s in sites if s in stops)
    return {theme: counts.get(theme, 0) for theme in THEMES}


def coverable_themes(stops: Mapping[str, dict], excluded: Iterable[str] = ()) -> set[str]:
    """Themes some candidate (not excluded) offers: the most any selection can cover."""
    out = set(excluded)
    return {p["theme"] for sid, p in stops.items() if sid not in out}


def readiness_counts(stops: Mapping[str, dict], sites: Iterable[str]) -> dict[str, int]:
    counts = Counter(stops[s]["readiness"] for s in sites if s in stops)
    return {level: counts.get(level, 0) for level in READINESS}


def final_violations(counts: Sequence[TownshipCount]) -> list[Violation]:
    """Every township outside its quota: what blocks marking the plan final."""
    out = []
    for c in counts:
        if c.state == FEW:
            rule = "quota_min"
            message = (
                f"township {c.name_zh} ({c.code}) has {c.count} site(s); "
                f"at least {c.quota_min} are required"
            )
            if c.candidates < c.quota_min:
                message += f" (it offers only {c.candidates} candidate(s))"
        elif c.state == MANY:
            rule = "quota_max"
            message = (
                f"township {c.name_zh} ({c.code}) has {c.count} sites; "
                f"at most {c.quota_max} are allowed"
            )
        else:
            continue
        out.append(Violation(c.code, c.name_zh, rule, message))
    return out


def raise_if_not_final(counts: Sequence[TownshipCount]) -> None:
    """Refuse the final status while any township is outside its quota."""
    violations = final_violations(counts)
    if violations:
        raise QuotaError(violations, counts)


def summary(
    stops: Mapping[str, dict],
    townships: Sequence[dict],
    sites: Sequence[str],
    quota_min: int,
    quota_max: int,
) -> dict:
    """Everything the status bar shows: per-township counts, themes, readiness, readiness to
    finalise and the violations that block it."""
    counts = township_counts(stops, townships, sites, quota_min, quota_max)
    themes = theme_coverage(stops, sites)
    violations = final_violations(counts)
    return {
        "townships": [c.to_dict() for c in counts],
        "themes": themes,
        "themes_missing": [t for t in THEMES if not themes[t]],
        "themes_possible": sorted(coverable_themes(stops), key=THEMES.index),
        "readiness": readiness_counts(stops, sites),
        "complete": not violations,
        "violations": [v.to_dict() for v in violations],
    }
