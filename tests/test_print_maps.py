"""Print maps and the PDF's text layout (geo/maps/static.py, labels.py, geo/printing/maps.py,
pages.py): township names clear of markers, day maps with a margin round every marker, the
overview's number key, English wrapped at word boundaries, day tables with their header on
every page."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from itertools import pairwise

import pytest
from lxml import etree
from reportlab.platypus import SimpleDocTemplate

from geo.maps.display import display_copy
from geo.maps.fonts import register_font
from geo.maps.static import find_cjk_font, render_map
from geo.printing.maps import EDGE_PT, base_map, day_view, overview_view
from geo.printing.pack import PackInput, build_print_pack, pack_content
from geo.printing.pages import Styles, day_section
from tests.test_printing import PLAN, static_maps_layers

W, H = 10.0, 6.5  # inches: the A4 landscape frame's map size


def _overlap(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


@pytest.fixture(scope="module")
def full_plan(loaded_database, tmp_path_factory):
    """The shipped layers and a three-day tour of two stops in every township, in both languages."""
    from app import create_app
    from geo.tour.pipeline import parse_tour_request
    from services.tours import tour
    from store.layers import features
    from tests import databases
    from tests.conftest import _dispose, _test_config

    if databases.SERVER:  # a PostgreSQL copy of the loaded template, dropped afterwards
        name = databases.create_database(template=loaded_database)
        target = databases.database_url(name)
    else:
        target = tmp_path_factory.mktemp("print") / "db.sqlite"
        shutil.copyfile(loaded_database, target)
    app = create_app(_test_config(target))
    try:
        with app.app_context():
            layers = {n: display_copy(n, features(n)) for n in static_maps_layers()}
            towns: dict[str, list[str]] = {}
            for f in features("stops"):
                code, stop = f["properties"]["township_code"], f["properties"]["id"]
                towns.setdefault(code, []).append(stop)
            sites = [s for code in sorted(towns) for s in towns[code][:2]]
            body = {"stops": sites, "day": ["08:30", "17:30"], "max_days": 3}
            tours = {lang: tour(parse_tour_request(body), lang) for lang in ("zh", "en")}
    finally:
        _dispose(app)
        if databases.SERVER:
            databases.drop_database(name)
    return layers, sites, tours


def _content(full_plan, lang: str):
    layers, sites, tours = full_plan
    return pack_content(
        PackInput({**PLAN, "sites": sites}, tours[lang], layers, lang, date(2014, 7, 15))
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_township_names_are_clear_of_every_marker(full_plan, lang):
    c = _content(full_plan, lang)
    view = overview_view(c, W, H)
    layout = render_map(base_map(c, find_cjk_font()), view).layout
    assert len(layout.markers) == len(view.markers) == 26 + 1  # the stops and the start
    assert len(layout.townships) == 13, "every township named on the overview"
    hidden = [(t, m) for t in layout.townships for m in layout.markers if _overlap(t, m) > 0]
    assert hidden == []
    crowded = [(a, b) for i, a in enumerate(layout.townships) for b in layout.townships[i + 1 :]
               if _overlap(a, b) > 0]  # fmt: skip
    assert crowded == []


def test_day_map_names_avoid_markers_and_township_names(full_plan):
    c = _content(full_plan, "en")
    layout = render_map(base_map(c, find_cjk_font()), day_view(c, 1, W, H)).layout
    assert layout.names and layout.townships
    assert [t for t in layout.townships for m in layout.markers if _overlap(t, m) > 0] == []
    assert [n for n in layout.names for t in layout.townships if _overlap(n, t) > 0] == []


@pytest.mark.parametrize("size", [(W, H), (5.0, 6.5), (10.0, 3.0)])
def test_day_maps_keep_a_margin_round_every_marker(full_plan, size):
    c = _content(full_plan, "zh")
    width_in, height_in = size
    width_pt, height_pt = (width_in - 0.48) * 72, (height_in - 0.32) * 72
    for day in c.days:
        view = day_view(c, day.day, width_in, height_in)
        x0, y0, x1, y1 = view.bounds
        shown = [m for m in view.markers if m.kind in ("stop", "place")]
        assert any(m.kind == "place" for m in shown), "the start and the hotel are on every day"
        for m in shown:
            left, right = (m.lon - x0) / (x1 - x0) * width_pt, (x1 - m.lon) / (x1 - x0) * width_pt
            low, high = (m.lat - y0) / (y1 - y0) * height_pt, (y1 - m.lat) / (y1 - y0) * height_pt
            assert min(left, right, low, high) >= EDGE_PT - 0.01, (day.day, m.label)


def test_overview_has_a_number_key(full_plan):
    c = _content(full_plan, "zh")
    pdf = build_print_pack(c.data, find_cjk_font())
    page = _pdftotext(pdf, 2)
    assert "图中编号" in page
    names = {n: c.gazetteer.label(sid, "zh") for sid, n in c.numbers.items()}
    assert len(names) == 26
    for n, name in names.items():
        assert re.search(rf"(^|\s){n}\s+{re.escape(name)}", page), (n, name)


# --------------------------------------------------------------------------- text layout


def _pdftotext(pdf: bytes, page: int | None = None, *extra: str) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(
        ["pdftotext", *pages, *extra, "-", "-"], input=pdf, capture_output=True, check=True
    )
    return out.stdout.decode("utf-8")


def _split_words(pdf: bytes) -> list[str]:
    """Words cut across two lines of one paragraph: the end of a line and the start of the next
    line in the same block that together make a word found whole elsewhere in the document."""
    tree = etree.fromstring(
        _pdftotext(pdf, None, "-bbox-layout").encode("utf-8"), etree.XMLParser(recover=True)
    )
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    words = [w.text or "" for w in tree.iterfind(".//x:word", ns)]
    whole = {w.strip(".,:;()·") for w in words}
    cut = []
    for block in tree.iterfind(".//x:block", ns):
        lines = [
            [w.text or "" for w in line.iterfind("x:word", ns)]
            for line in block.iterfind("x:line", ns)
        ]
        for a, b in pairwise(lines):
            if (
                a
                and b
                and re.fullmatch(r"[A-Za-z'-]+", a[-1])
                and re.fullmatch(r"[a-z'-]+[.,:;)]?", b[0])
            ):
                joined = (a[-1] + b[0]).strip(".,:;()·")
                if joined in whole:
                    cut.append(f"{a[-1]}|{b[0]}")
    return cut


def test_english_pack_breaks_lines_between_words_only(full_plan):
    c = _content(full_plan, "en")
    pdf = build_print_pack(c.data, find_cjk_font())
    text = _pdftotext(pdf)
    assert "Township" in text and "Treatment Plant" in text
    assert _split_words(pdf) == []


def test_chinese_styles_still_break_anywhere():
    assert Styles("x", "zh").para(8).wordWrap == "CJK"
    assert Styles("x", "en").para(8).wordWrap is None


def test_a_day_table_longer_than_a_page_repeats_its_header(full_plan):
    """Day 1 on a page too small for its table: the table runs over several pages, each with
    the header row first."""
    c = _content(full_plan, "en")
    font = find_cjk_font()
    st = Styles(register_font(font), "en")
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=(842, 250), leftMargin=20, rightMargin=20, topMargin=20, bottomMargin=20
    )
    day = c.days[0]
    doc.build(day_section(c, st, day, doc.width, doc.height, font, None))
    pdf = out.getvalue()
    pages = _pdftotext(pdf).split("\f")[:-1]
    with_rows = [p for p in pages if re.search(r"^\d{2}:\d{2}$", p, re.M)]  # a time cell
    assert len(with_rows) >= 2, "the table spans pages"
    for p in with_rows:
        assert "Arrival" in p and "Departure" in p and "Township" in p
