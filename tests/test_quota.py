"""Quota, theme coverage and the final-status rule, on small hand-made stops."""

from __future__ import annotations

import pytest

from geo.errors import ValidationError
from geo.plans.quota import (
    QuotaError,
    check_quota,
    check_sites,
    raise_if_not_final,
    summary,
    theme_coverage,
    township_counts,
)

TOWNS = [
    {"id": "t1", "name_zh": "古镛镇", "name_en": "Guyong"},
    {"id": "t2", "name_zh": "万全乡", "name_en": "Wanquan"},
]
STOPS = {
    f"s{i}": {"id": f"s{i}", "township_code": town, "theme": theme, "readiness": ready}
    for i, (town, theme, ready) in enumerate(
        [
            ("t1", "natural_landscape", "ready"),
            ("t1", "eco_industry", "ready"),
            ("t1", "pollution_source", "in_progress"),
            ("t1", "new_countryside", "not_ready"),
            ("t2", "urban_infrastructure", "ready"),
            ("t2", "ecological_project", "ready"),
        ]
    )
}


def test_counts_and_states():
    counts = township_counts(STOPS, TOWNS, ["s0", "s1", "s2", "s3", "s4"], 2, 3)
    assert [(c.code, c.count, c.candidates, c.state) for c in counts] == [
        ("t1", 4, 4, "many"),
        ("t2", 1, 2, "few"),
    ]


def test_final_violations_name_township_and_rule():
    counts = township_counts(STOPS, TOWNS, ["s0", "s1", "s2", "s3", "s4"], 2, 3)
    with pytest.raises(QuotaError) as info:
        raise_if_not_final(counts)
    rules = [(v.township, v.rule) for v in info.value.violations]
    assert rules == [("t1", "quota_max"), ("t2", "quota_min")]
    said = info.value.say("zh")
    assert "古镛镇 4 个（至多 3 个）" in said and "万全乡 1 个（至少 2 个）" in said
    assert "Guyong has 4 (at most 3)" in str(info.value)
    raise_if_not_final(township_counts(STOPS, TOWNS, ["s0", "s1", "s4", "s5"], 2, 3))


def test_few_candidates_are_mentioned():
    counts = township_counts(STOPS, TOWNS, ["s4", "s5"], 3, 3)
    with pytest.raises(QuotaError, match="offers only 2 candidate"):
        raise_if_not_final(counts)


def test_theme_coverage_and_summary():
    assert theme_coverage(STOPS, ["s0", "s4"])["natural_landscape"] == 1
    full = summary(STOPS, TOWNS, ["s0", "s1", "s2", "s3", "s4", "s5"], 2, 4)
    assert full["themes_missing"] == [] and full["complete"] is True
    part = summary(STOPS, TOWNS, ["s0", "s4"], 2, 3)
    assert part["complete"] is False and len(part["violations"]) == 2
    assert "eco_industry" in part["themes_missing"]
    assert part["readiness"] == {"ready": 2, "in_progress": 0, "not_ready": 0}


@pytest.mark.parametrize(
    ("qmin", "qmax", "message"),
    [(3, 2, "at least 3 cannot be more than at most 2"), (-1, 2, "from 0 to 10"), (1, 11, "from 0 to 10"), ("2", 3, "whole number"),
     (True, 3, "whole number")],
)  # fmt: skip
def test_bad_quota(qmin, qmax, message):
    with pytest.raises(ValidationError, match=message):
        check_quota(qmin, qmax)


def test_check_sites_names_the_problem():
    assert check_sites(["s0"], STOPS) == ["s0"]
    with pytest.raises(ValidationError, match="stops layer .*: 2 stops") as gone:
        check_sites(["x", "s0", "y"], STOPS)
    assert "'x'" not in str(gone.value)  # a stop gone from the layer has no name to give
    with pytest.raises(ValidationError, match="Sewage treatment plants layer") as plant:
        check_sites(["wwtp-urban"], STOPS, {"sewage_plants": ["wwtp-urban"]})
    assert plant.value.say("zh").startswith("污水处理厂图层的要素不能作为展示点")
    named = {"s0": {**STOPS["s0"], "name_zh": "金溪湿地", "name_en": "Jinxi wetland"}}
    with pytest.raises(ValidationError, match="Jinxi wetland is listed twice") as twice:
        check_sites(["s0", "s0"], named)
    assert "金溪湿地出现了两次" in twice.value.say("zh")
