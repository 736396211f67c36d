"""Chinese-first labels for the domain vocabulary and the interface, with English second.

The words live in the gettext catalogs ``translations/{zh,en}/LC_MESSAGES/messages.po`` (msgid: a
key such as ``operating``, msgstr: the text), compiled to ``messages.mo`` beside them; the map
legend, the pages, the print pack and the exports all read them here, so a theme or a status reads
the same everywhere. ``geo/`` is pure (no Flask), so it loads the catalogs with Babel itself; the
web layer picks the language with Flask-Babel and calls the same ``text``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.support import Translations

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
CATALOG_DIR = Path(__file__).resolve().parent.parent / "translations"


@cache
def catalog(lang: str) -> Translations:
    """The compiled catalog of ``lang`` (Chinese for any other value), read once per process."""
    chosen = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    with (CATALOG_DIR / chosen / "LC_MESSAGES" / "messages.mo").open("rb") as mo:
        return Translations(mo)


def text(key: str, lang: str = DEFAULT_LANGUAGE, **fields: object) -> str:
    """The label for ``key`` in ``lang``; unknown keys come back as themselves."""
    label = catalog(lang).gettext(key)
    if fields.get("n") == 1:
        label = _ONE.sub(r"{n} \1", label)
    return label.format(**fields) if fields else label


_ONE = re.compile(r"\{n\} (day|stop|site|road|task|photo|route)s\b")
"""An English count noun after ``{n}``: singular when n is 1 ("1 day", not "1 days")."""


def duration(minutes: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A length of time as people say it, the one format of pages, PDF and history: "8 小时 05 分"
    / "8 h 05 min", "45 分" / "45 min" under an hour; rounded to the minute, signed when negative
    (a what-if that saves time)."""
    whole = round(minutes)
    hours, rest = divmod(abs(whole), 60)
    if hours:
        said = text("duration_hours", lang, hours=hours, minutes=f"{rest:02d}")
    else:
        said = text("duration_minutes", lang, minutes=rest)
    return f"−{said}" if whole < 0 else said


def name(properties: dict, lang: str = DEFAULT_LANGUAGE) -> str:
    """A feature's name in the chosen language, falling back to the other one."""
    first, second = ("name_en", "name_zh") if lang == "en" else ("name_zh", "name_en")
    return str(properties.get(first) or properties.get(second) or properties.get("id", ""))
