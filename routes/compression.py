"""Compressed JSON answers (Flask-Compress): a county's roads layer is ~1.9 MB and a zoom-10
roads view at 200k pieces ~800 KiB, about a seventh of that compressed. Offices serve from
``python app.py`` with no proxy in front, and phones on a mobile network wait for every byte.

HTML pages are left as they are: they carry the CSRF token beside text a visitor can put there,
which is what BREACH needs to read the token back through the compressed size. Static files are
streamed and left as they are too (720 KB in all, kept by the browser after the first visit). A
proxy in front (nginx, IIS) can compress either where that is judged safe.
"""

from __future__ import annotations

from flask import Flask
from flask_compress import Compress

compress = Compress()


def init_app(app: Flask) -> None:
    """Register first, so that it runs after every other after-request hook (the hooks run in
    reverse order) and compresses the body as finally sent."""
    app.config.setdefault("COMPRESS_MIMETYPES", ["application/json"])
    app.config.setdefault("COMPRESS_ALGORITHM", ["zstd", "br", "gzip"])
    app.config.setdefault("COMPRESS_LEVEL", 1)  # gzip: 7 ms for the 1.9 MB roads, not 23 at 6
    app.config.setdefault("COMPRESS_STREAMS", False)
    app.config.setdefault("COMPRESS_MIN_SIZE", 1024)
    compress.init_app(app)
