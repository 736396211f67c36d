"""Security headers on every answer, and refusal of cross-origin writes.

One after-request hook sets the Content-Security-Policy and its companions. Scripts run only
from the app itself or, inline, with this response's nonce: the Folium map script and the few
inline scripts in Folium's head get it through the ``with_nonce`` filter and ``csp_nonce()``, so
an injected ``<script>`` or ``onerror=`` never runs. Styles allow inline ``style`` attributes:
Folium's popups and Leaflet's markup are built with them (they cannot run code).

A state-changing request (POST, PUT, PATCH, DELETE) that names another origin (``Origin``, or
``Referer`` without it) is refused with 403 before any view runs; a request naming neither
(scripts, the test client) still needs its CSRF token.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, g, request
from markupsafe import Markup

from geo.maps.tile_sources import server_url

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HSTS_SECONDS = 365 * 24 * 3600
_SCRIPT_TAG = re.compile(r"<script(?=[\s>])(?![^>]*\bnonce=)", re.IGNORECASE)


def init_app(app: Flask) -> None:
    app.before_request(_refuse_cross_origin_writes)
    app.after_request(_set_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.jinja_env.filters["with_nonce"] = with_nonce


def csp_nonce() -> str:
    """This response's script nonce (made on first use)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def with_nonce(html: str) -> Markup:
    """Trusted HTML (Folium's) with this response's nonce on each of its ``<script>`` tags."""
    return Markup(_SCRIPT_TAG.sub(f'<script nonce="{csp_nonce()}"', str(html)))


def _tile_hosts() -> str:
    """Where map tiles come from besides the app: the configured tile server, if any."""
    server = server_url(current_app.config["BASEMAP"], current_app.config["TIANDITU_KEY"])
    if server is None:
        return ""
    parts = urlsplit(server[0])
    return f" {parts.scheme}://{parts.netloc}"


def policy() -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{csp_nonce()}'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob:{_tile_hosts()}",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _set_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", policy())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")  # frame-ancestors for older browsers
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config["SESSION_COOKIE_SECURE"]:
        headers.setdefault("Strict-Transport-Security", f"max-age={HSTS_SECONDS}")
    return response


def _refuse_cross_origin_writes() -> None:
    if request.method not in UNSAFE_METHODS:
        return
    claimed = request.headers.get("Origin") or request.headers.get("Referer")
    if not claimed:
        return
    if claimed == "null" or urlsplit(claimed).netloc != request.host:
        abort(403, description=_CROSS_ORIGIN)


_CROSS_ORIGIN = (
    "拒绝跨站请求：此操作只能从本站页面提交 / cross-origin request refused: this change can "
    "only be made from a page of this site"
)
