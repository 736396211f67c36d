"""The PDF print pack (geo/printing/pack.py, geo/maps/static.py): pages, extractable text, an embedded
CJK font, maps that are not blank, an empty plan, fact cards with live plant status."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from geo.errors import ValidationError
from geo.maps import fonts
from geo.maps import static as static_maps
from geo.maps.display import display_copy
from geo.maps.static import PrintSetupError, find_cjk_font
from geo.printing.pack import PackInput, build_print_pack, day_view, pack_content
from tests.conftest import TWO_DAY_STOPS

PLAN = {
    "id": 7, "name": "县生态考察 <b>方案</b> & 一", "status": "final", "version": 4,
    "depart": "2014-10-20T08:30", "updated_by": "planner", "updated_at": "2014-07-15T09:00",
    "start": "place-gov",
}  # fmt: skip


@pytest.fixture
def layers(app):
    from store.layers import features

    with app.app_context():
        return {n: display_copy(n, features(n)) for n in static_maps_layers()}


def static_maps_layers() -> tuple[str, ...]:
    return ("county", "townships", "reserve", "rivers", "roads", "stops", "places", "sewage_plants")


def _pack(layers, tour, sites=TWO_DAY_STOPS, lang="zh", paper="A4", **kw) -> bytes:
    data = PackInput({**PLAN, "sites": list(sites)}, tour, layers, lang, date(2014, 7, 15), **kw)
    return build_print_pack(data, find_cjk_font(), paper)


def _texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _heading(page_text: str) -> str:
    """The first line after the footer (drawn first, so extracted first)."""
    lines = page_text.splitlines()
    return lines[2] if len(lines) > 2 else ""


def _fonts(pdf: bytes) -> list[dict]:
    found = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            found[font["/BaseFont"]] = font
    return list(found.values())


def test_two_day_pack_has_cover_overview_day_pages_and_cards(layers, tour):
    pdf = _pack(layers, tour)
    texts = _texts(pdf)
    assert "审图号" in texts[0] and "数据来源" in texts[0] and "图例" in texts[0]
    assert PLAN["name"] in texts[0]  # markup in the name printed as text, not interpreted
    assert "2014-10-20 – 2014-10-21" in texts[0]
    assert "考察路线总图" in texts[1]
    day_pages = [i for i, t in enumerate(texts) if _heading(t).startswith("路线")]
    assert [_heading(texts[i])[:8] for i in day_pages] == ["路线A（第1天）", "路线B（第2天）"]
    assert day_pages[0] == 2
    assert any("考察点简介" in t for t in texts[day_pages[1] :])
    assert len(texts) >= 5


def test_stop_names_and_times_are_extractable_text(layers, tour, tour_json):
    texts = "\n".join(_texts(_pack(layers, tour)))
    names = {f["properties"]["id"]: f["properties"]["name_zh"] for f in layers["stops"]}
    for stop in tour_json["stops"]:
        assert names[stop["id"]] in texts
        assert stop["arrival"][11:16] in texts and stop["departure"][11:16] in texts
    lunch = next(d["lunch"] for d in tour_json["days"] if d["lunch"])
    assert f"午餐 {lunch['start'][11:16]}–{lunch['end'][11:16]}" in texts


def test_cjk_font_is_embedded_as_a_truetype_subset(layers, tour):
    fonts = _fonts(_pack(layers, tour))
    cjk = [f for f in fonts if "WenQuanYi" in f["/BaseFont"] or "Noto" in f["/BaseFont"]]
    assert cjk, [f["/BaseFont"] for f in fonts]
    for font in cjk:
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # the glyphs travel with the file
        assert "/ToUnicode" in font  # so text extraction and search work
        assert font["/BaseFont"][7] == "+"  # subset prefix like AAAAAA+


def test_first_pages_render_to_png_that_are_not_blank(layers, tour, tmp_path):
    assert shutil.which("pdftoppm"), "pdftoppm missing: run scripts/setup.sh --dev (poppler-utils)"
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(_pack(layers, tour))
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "3", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 3
    for page in pages:
        pixels = np.asarray(Image.open(page).convert("L"), dtype=float)
        assert (pixels < 200).mean() > 0.005, f"{page.name} is blank"
    overview = np.asarray(Image.open(pages[1]).convert("RGB"), dtype=int)
    colourful = np.abs(overview[..., 0] - overview[..., 2]) > 60  # route and stop colours
    assert colourful.mean() > 0.002


def test_plan_with_no_sites_prints_cover_and_overview_without_route(layers):
    pdf = _pack(layers, None, sites=[])
    texts = _texts(pdf)
    assert len(texts) == 2
    assert "尚未生成路线" in texts[0]
    assert "考察路线总图" in texts[1]


def test_unroutable_plan_still_prints_with_the_reason(layers):
    pdf = _pack(layers, None, tour_error="the tour needs 5 days but max_days is 3")
    texts = _texts(pdf)
    assert "路线无法计算: the tour needs 5 days" in texts[0]
    assert any("考察点简介" in t for t in texts)  # fact cards for the chosen sites


def test_a3_and_bad_paper(layers):
    pdf = _pack(layers, None, sites=[], paper="A3")
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (1191, 842)
    with pytest.raises(ValidationError, match="paper must be one of A4, A3"):
        _pack(layers, None, sites=[], paper="letter")


def test_english_pack(layers, tour):
    texts = _texts(_pack(layers, tour, lang="en"))
    assert "Map approval No." in texts[0] and "Overview map" in texts[1]
    assert _heading(texts[2]).startswith("Route A (day 1) · 2014-10-20")


def test_plant_fact_card_carries_live_facility_status(layers, tour):
    plants = [
        {**f, "properties": {**f["properties"], "status": "under_construction",
                             "deadline": "2014-06-30", "load_rate": None}}
        if f["properties"]["id"] == "wwtp-urban" else f
        for f in layers["sewage_plants"]
    ]  # fmt: skip
    data = PackInput({**PLAN, "sites": TWO_DAY_STOPS}, tour, {**layers, "sewage_plants": plants},
                     "zh", date(2014, 7, 15))  # fmt: skip
    content = pack_content(data)
    card = next(c for c in content.cards if c.id == "stop-350428100-01")  # plant_id wwtp-urban
    facts = dict(card.facility)
    assert facts["状态"] == "在建 (逾期)" and card.late
    assert facts["负荷率"].startswith("—")
    plain = next(c for c in content.cards if c.id == "stop-350428100-02")
    assert plain.facility is None
    assert [c.number for c in content.cards] == list(range(1, 9))
    text = "\n".join(_texts(build_print_pack(data, find_cjk_font())))
    assert "在建 (逾期)" in text


def test_day_map_is_fitted_to_that_days_stops(layers, tour, tour_json):
    content = pack_content(PackInput({**PLAN, "sites": TWO_DAY_STOPS}, tour, layers, "zh",
                                     date(2014, 7, 15)))  # fmt: skip
    view = day_view(content, 2, 10.0, 5.0)
    x0, y0, x1, y1 = view.bounds
    day2 = [m for m in view.markers if m.kind == "stop"]
    assert len(day2) == sum(1 for s in tour_json["stops"] if s["day"] == 2)
    assert all(x0 < m.lon < x1 and y0 < m.lat < y1 for m in day2)
    county = content.base or static_maps.BaseMap.from_layers(layers, find_cjk_font(), "zh")
    assert (x1 - x0) < (county.bounds[2] - county.bounds[0])  # zoomed in, not the whole county


def test_missing_font_gives_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "KNOWN_CJK_FONTS", ((str(tmp_path / "none.ttc"), 0),))
    with pytest.raises(PrintSetupError, match="apt-get install fonts-wqy-microhei"):
        find_cjk_font()
    with pytest.raises(PrintSetupError, match="JIANGLE_CJK_FONT: no font file at /nowhere.ttf"):
        find_cjk_font("/nowhere.ttf")


def test_configured_font_with_face_index():
    font = find_cjk_font("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc#1")
    assert font.index == 1
