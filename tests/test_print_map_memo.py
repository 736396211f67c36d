"""Print maps drawn once per what they show (geo/printing/map_memo.py, services.printing's
StoredMaps): a rebuilt pack whose maps did not change draws none, anything a map shows (the tour,
the base layers, the language) draws it again, a tile basemap is never kept."""

from __future__ import annotations

from datetime import date

import pytest

from geo.maps.static import find_cjk_font
from geo.printing import maps as print_maps
from geo.printing.pack import PackInput, build_print_pack
from services import printing
from services.printing import PrintOptions
from store import plans as store
from tests.conftest import TWO_DAY_STOPS
from tests.test_printing import PLAN, layers  # noqa: F401  (the fixture)

OPTIONS = PrintOptions("zh", date(2014, 7, 15), "Asia/Shanghai")


class DictMemo(dict):
    def put(self, key: str, image: bytes) -> None:
        self[key] = image


@pytest.fixture
def drawn(monkeypatch) -> list[int]:
    """One entry per map really drawn (``render_map`` called)."""
    calls: list[int] = []
    real = print_maps.render_map
    monkeypatch.setattr(print_maps, "render_map", lambda *a: calls.append(1) or real(*a))
    return calls


def _build(layers, tour, memo, stamp="layers-1", lang="zh", tiles=None) -> bytes:  # noqa: F811
    data = PackInput({**PLAN, "sites": TWO_DAY_STOPS}, tour, layers, lang, date(2014, 7, 15),
                     map_memo=memo, layers_stamp=stamp)  # fmt: skip
    return build_print_pack(data, find_cjk_font(), "A4", tiles)


def test_a_pack_built_again_draws_no_map_and_embeds_the_same_pictures(layers, tour, drawn):  # noqa: F811
    memo = DictMemo()
    first = _build(layers, tour, memo)
    assert len(drawn) == 1 + tour.totals.days == len(memo)  # the overview and one per day
    again = _build(layers, tour, memo)
    assert len(drawn) == len(memo) == 3, "every map came from the memo"
    pictures = [image for image in memo.values()]
    assert all(p in first and p in again for p in pictures), "the same JPEGs in both PDFs"


def test_what_a_map_shows_draws_it_again(layers, tour, drawn):  # noqa: F811
    memo = DictMemo()
    _build(layers, tour, memo)
    _build(layers, tour, memo, stamp="layers-2")  # a base layer re-imported
    assert len(drawn) == 6
    _build(layers, tour, memo, lang="en")  # names in English
    assert len(drawn) == 9
    one_day = tour.__class__(**{**tour.__dict__})
    _build(layers, one_day, memo)  # the same tour, as another object: nothing to draw
    assert len(drawn) == 9 and len(memo) == 9


def test_maps_over_a_tile_basemap_or_without_a_stamp_are_not_kept(layers, tour, drawn):  # noqa: F811
    memo = DictMemo()
    _build(layers, tour, memo, stamp="")
    assert memo == {} and len(drawn) == 3

    def no_tiles(z, x, y):  # a configured basemap whose tiles do not arrive
        return None

    _build(layers, tour, memo, tiles=no_tiles)
    assert memo == {} and len(drawn) == 6


def test_a_facility_edit_rebuilds_the_pack_without_drawing_its_maps(app, drawn):
    from store import db
    from store.layers import bump_revision, feature

    with app.app_context():
        printing.clear_pdf_cache()
        plan = store.create_plan("图缓存", "planner", sites=TWO_DAY_STOPS, day_end="15:00")
        font = find_cjk_font()
        first = printing.print_pdf(plan.id, "A4", OPTIONS, font).body
        assert len(drawn) == 3
        row = feature("sewage_plants", "wwtp-gaotang")  # a fact card of this plan shows it
        row.properties = {**row.properties, "load_rate": 12.5}
        bump_revision("sewage_plants")
        db.session.commit()
        rebuilt = printing.print_pdf(plan.id, "A4", OPTIONS, font).body
        assert rebuilt != first, "the fact card shows the new load rate"
        assert len(drawn) == 3, "no map shows a load rate: none drawn again"
        store.save_plan(plan.id, 1, {"day_end": "16:00"}, "planner")
        printing.print_pdf(plan.id, "A4", OPTIONS, font)
        assert len(drawn) > 3, "another day end: another tour, drawn"
        again = len(drawn)
        printing.clear_pdf_cache()
        printing.print_pdf(plan.id, "A4", OPTIONS, font)
        assert len(drawn) == again + 3, "a cleared cache draws every map"
