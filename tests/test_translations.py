"""The gettext catalogs under ``translations/``: complete and not fuzzy in both languages, the same
keys in both, every key the code names literally present, and the committed ``.mo`` files
compiled from the ``.po`` files as they are now."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from geo.i18n import CATALOG_DIR, LANGUAGES, text

ROOT = Path(__file__).resolve().parent.parent


def _po(lang: str):
    with (CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=lang)


def _keys(lang: str) -> set[str]:
    return {message.id for message in _po(lang) if message.id}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy_or_obsolete(lang):
    catalog = _po(lang)
    messages = [message for message in catalog if message.id]
    assert [m.id for m in messages if not m.string] == []
    assert [m.id for m in messages if m.fuzzy] == []
    assert list(catalog.obsolete) == []


def test_both_catalogs_have_the_same_keys():
    zh, en = _keys("zh"), _keys("en")
    assert sorted(zh - en) == [] and sorted(en - zh) == []


def test_every_key_the_code_names_is_in_the_catalogs():
    """What ``pybabel extract -F babel.cfg -k text`` finds in geo/, routes/, services/ and the
    templates (the catalog's own keys left out)."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    code_only = [
        (pattern, method) for pattern, method in method_map if "translations" not in pattern
    ]
    assert {method for _, method in code_only} == {"python", "jinja2"}
    keywords = {**DEFAULT_KEYWORDS, "text": None}
    found = {
        message for _, _, message, _, _ in extract_from_dir(ROOT, code_only, options_map, keywords)
    }
    assert len(found) > 400  # the extraction did look at the code
    assert sorted(found - _keys("zh")) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_committed_mo_is_compiled_from_the_po(lang):
    compiled = BytesIO()
    write_mo(compiled, _po(lang))
    committed = (CATALOG_DIR / lang / "LC_MESSAGES" / "messages.mo").read_bytes()
    assert compiled.getvalue() == committed, "run: .venv/bin/pybabel compile -d translations"


def test_text_reads_the_compiled_catalogs():
    assert text("operating", "zh") == "已运行" and text("operating", "en") == "Operating"
    assert text("day", "zh", n=2) == "第2天" and text("day", "en", n=2) == "Day 2"
    assert text("no_such_key", "en") == "no_such_key"
