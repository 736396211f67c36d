"""The one reader of JSON request bodies: every JSON endpoint parses its body here.

Python's ``json`` recurses once per nesting level, so 50,000 nested brackets end in a
``RecursionError``; the depth is therefore measured before parsing. Malformed JSON is a clear 400
(not an empty body), numbers must be finite (``1e999`` is not a version), and text with lone
UTF-16 surrogates (``"\\ud800"``), which no database or file can store, is refused up front."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider

from geo.errors import JiangleError, ValidationError
from geo.value_checks import has_lone_surrogate

MAX_DEPTH = 32
MAX_INT = 2**31 - 1  # what an INTEGER column holds on every backend (PostgreSQL: 32 bits)
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class BadJSON(JiangleError):
    """The body is not JSON we can read: malformed, too deep, non-finite or not UTF-8."""

    status = 400


class DepthLimitedJSONProvider(DefaultJSONProvider):
    """Flask's JSON with this module's depth limit, so that a body read by a library (Flask-WTF
    reads a JSON body as form data) cannot recurse either: 50,000 brackets are a 400, not a 500.
    (The other rules are for request bodies only; this reader also parses the app's answers.)"""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        text = s.decode("utf-8", "replace") if isinstance(s, bytes) else s
        _check_depth(text)
        return super().loads(s, **kwargs)


def init_app(app: Flask) -> None:
    app.json = DepthLimitedJSONProvider(app)


def json_object() -> dict[str, Any]:
    """The request's JSON object; an empty body is ``{}``. Raises BadJSON or ValidationError."""
    data = request.get_data(cache=True)
    if not data.strip():
        return {}
    if not request.is_json:
        raise ValidationError(code="err_json_content_type")
    body = parse_json(data)
    if not isinstance(body, dict):
        raise ValidationError(code="err_json_object")
    return body


def parse_json(data: bytes | str) -> Any:
    """JSON text (UTF-8 bytes or str) to Python values, with every rule of this module."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise BadJSON(code="err_json_utf8") from None
    _check_depth(text)
    try:
        value = json.loads(
            text, parse_float=_finite, parse_int=_bounded, parse_constant=_no_constant
        )
    except json.JSONDecodeError as exc:
        raise BadJSON(code="err_json_syntax", line=exc.lineno, column=exc.colno) from None
    if any(has_lone_surrogate(s) for s in _strings(value)):
        raise BadJSON(code="err_json_surrogate")
    return value


def _check_depth(text: str) -> None:
    if depth(text) > MAX_DEPTH:
        raise BadJSON(code="err_json_depth", n=MAX_DEPTH)


def depth(text: str) -> int:
    """How deeply arrays and objects nest in JSON ``text`` (brackets inside strings ignored);
    counting stops once past MAX_DEPTH."""
    level = deepest = 0
    for bracket in _BRACKET.finditer(_STRING.sub('""', text)):
        level += 1 if bracket.group() in "[{" else -1
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
    return deepest


def _finite(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise BadJSON(code="err_json_number", value=literal[:30])
    return value


def _bounded(literal: str) -> int:
    if len(literal) > len(str(MAX_INT)) + 1 or abs(value := int(literal)) > MAX_INT:
        raise BadJSON(code="err_json_number", value=literal[:30])
    return value


def _no_constant(literal: str) -> float:
    raise BadJSON(code="err_json_constant", value=literal)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
