"""The CJK font the print pack embeds: found once on disk, shared by matplotlib and reportlab.

Maps (``geo.maps.static``) and the PDF (``geo.printing.pack``) must draw Chinese with the same face,
so both take the ``CjkFont`` that ``find_cjk_font`` returns; ``register_font`` makes it known to
reportlab. A missing font is a server setup problem and says what to install.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from geo.errors import JiangleError

# Fonts with CJK glyphs in the usual Debian/Ubuntu/Fedora places: (path, face index in a .ttc).
KNOWN_CJK_FONTS = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
)
FONT_NAME = "JiangleCJK"


class PrintSetupError(JiangleError):
    """The server cannot print: a missing font or similar; says what to install or set."""

    status = 500


@dataclass(frozen=True)
class CjkFont:
    path: str
    index: int = 0


def find_cjk_font(configured: str = "") -> CjkFont:
    """The CJK font to embed: ``configured`` ("path" or "path#index", from JIANGLE_CJK_FONT),
    else the first installed of ``KNOWN_CJK_FONTS``."""
    if configured:
        path, _, index = configured.partition("#")
        if not os.path.isfile(path):
            raise PrintSetupError(f"CJK_FONT / JIANGLE_CJK_FONT: no font file at {path}")
        return CjkFont(path, int(index or 0))
    for path, index in KNOWN_CJK_FONTS:
        if os.path.isfile(path):
            return CjkFont(path, index)
    raise PrintSetupError(
        "no Chinese (CJK) font found for the print pack: install one "
        "(Debian/Ubuntu: apt-get install fonts-wqy-microhei) or set JIANGLE_CJK_FONT "
        "to a .ttf/.ttc file"
    )


_FONTS: dict[tuple[str, int], str] = {}


def register_font(font: CjkFont) -> str:
    """Register the CJK font with reportlab once per file/face; returns its name."""
    key = (font.path, font.index)
    if key not in _FONTS:
        alias = f"{FONT_NAME}{len(_FONTS)}"
        pdfmetrics.registerFont(TTFont(alias, font.path, subfontIndex=font.index))
        pdfmetrics.registerFontFamily(
            alias, normal=alias, bold=alias, italic=alias, boldItalic=alias
        )
        _FONTS[key] = alias
    return _FONTS[key]
