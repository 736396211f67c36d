"""The one check on a ``next`` target: only same-origin relative paths are followed.

Browsers drop tabs and newlines inside URLs and read a backslash as a slash, so ``/\t/evil`` and
``/\\evil`` both mean ``//evil``, another host; and a CR/LF in a Location header is refused by the
server. Anything that is not a plain path on this site falls back to the home page."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, fallback: str) -> str:
    """``target`` when it is a path on this site (``/plans?x=1``), else ``fallback``."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target
