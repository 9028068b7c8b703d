"""Reading a request described the way ``requests.Request`` describes one (contract section 5).

``ValidationToken.get_request_canonicalizer`` takes a mapping (or an object with the
same attributes) holding ``url``, ``method`` and optionally ``headers``, ``params``,
``data`` and ``auth``, and has to predict what an HTTP client will put on the wire:
``params`` join the URL's query, an ``auth`` pair (or the URL's ``user:pw@``) becomes
the ``Authorization: Basic`` header, and a mapping ``data`` is serialised as JSON or
as a form the way ``httpx``/``requests`` send it. The result is handed to the one
shared builder, :func:`twilio_jwt.canonical.build`.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from twilio_jwt.canonical import (
    RequestCanonicalizer,
    body_bytes,
    build,
    check_method,
    encode_component,
    header_items,
)
from twilio_jwt.checks import check_required_str, check_text, decimal, type_name
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError
from twilio_jwt.percent import encode_form

__all__ = ["REQUEST_FIELDS", "canonicalize_request"]

#: What a request may hold; ``url`` and ``method`` are required.
REQUEST_FIELDS = ("url", "method", "headers", "params", "data", "auth")

_SCALARS = (str, int, float)
_CONTROL = re.compile("[\t\r\n\x00]")


def canonicalize_request(request: object, signed_headers: tuple[str, ...]) -> RequestCanonicalizer:
    """The canonical form of ``request`` (a mapping or an object with :data:`REQUEST_FIELDS` attributes)."""
    fields = _fields(request)
    method = check_method("method", fields["method"])
    url = check_required_str("url", fields["url"])
    if _CONTROL.search(url):  # urlsplit would silently drop a tab or newline: refuse what it would rewrite
        raise InvalidParameterError("url", "holds a control character (tab, CR, LF or NUL)")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise InvalidParameterError("url", "is not a valid URL") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise InvalidParameterError("url", "must be an absolute http:// or https:// URL")
    if fields["headers"] is not None and not isinstance(fields["headers"], Mapping):
        raise InvalidParameterTypeError("headers", f"expected a mapping, got {type_name(fields['headers'])}")
    headers = header_items("headers", fields["headers"])
    auth = _auth(fields["auth"]) if fields["auth"] is not None else _url_auth(parts.username, parts.password)
    if auth is not None:
        # requests and httpx send this header in place of any Authorization given.
        headers = [(name, value) for name, value in headers if name.lower() != "authorization"]
        headers.append(("authorization", auth))
    return build(
        method,
        scheme,
        parts.path,
        parts.query,
        headers,
        _body(fields["data"], headers),
        signed_headers,
        host=parts.netloc,
        extra_query=_params(fields["params"]),
    )


def _fields(request: object) -> dict[str, Any]:
    if isinstance(request, Mapping):
        unknown = sorted(str(key) for key in request if key not in REQUEST_FIELDS)
        if unknown:
            raise InvalidParameterTypeError(
                "request", f"unexpected keys {', '.join(unknown)}; expected some of {', '.join(REQUEST_FIELDS)}"
            )
        return {name: request.get(name) for name in REQUEST_FIELDS}
    if hasattr(request, "url") or hasattr(request, "method"):
        return {name: getattr(request, name, None) for name in REQUEST_FIELDS}
    raise InvalidParameterTypeError(
        "request", f"expected a mapping or an object with url and method attributes, got {type_name(request)}"
    )


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def _auth(auth: object) -> str:
    if not isinstance(auth, (tuple, list)) or len(auth) != 2 or not all(isinstance(part, str) for part in auth):
        raise InvalidParameterTypeError("auth", f"expected a (user, password) pair of str, got {type_name(auth)}")
    return _basic(check_text("auth", auth[0]), check_text("auth", auth[1]))


def _url_auth(user: str | None, password: str | None) -> str | None:
    """``https://user:pw@host/`` is basic auth to requests and httpx when no ``auth`` is given."""
    if not user and not password:
        return None
    return _basic(unquote(user or ""), unquote(password or ""))


def _params(params: object) -> list[str]:
    """``k=v`` pairs, encoded, from raw (not percent-decoded) values."""
    if params is None:
        return []
    if not isinstance(params, Mapping):
        raise InvalidParameterTypeError("params", f"expected a mapping, got {type_name(params)}")
    return [
        f"{encode_component(key.encode())}={encode_component(value.encode())}"
        for key, value in _scalar_pairs("params", params)
    ]


def _scalar_pairs(parameter: str, mapping: Mapping[Any, Any]) -> list[tuple[str, str]]:
    """One pair per value, as text; values are str, int or float (not bool) or lists/tuples of those."""
    pairs: list[tuple[str, str]] = []
    for key, value in mapping.items():
        if not isinstance(key, str):
            raise InvalidParameterTypeError(parameter, f"keys must be str, got {type_name(key)}")
        check_text(parameter, key)
        for item in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(item, bool) or not isinstance(item, _SCALARS):
                raise InvalidParameterTypeError(
                    parameter,
                    f"{key[:40]!r} must be a str, int or float (or a list of those), got {type_name(item)}",
                )
            pairs.append((key, check_text(parameter, item) if isinstance(item, str) else decimal(parameter, item)))
    return pairs


def _body(data: object, headers: list[tuple[str, str]]) -> bytes:
    """The body bytes: a str as UTF-8, a mapping as JSON or as a form depending on Content-Type."""
    if not isinstance(data, Mapping):
        return body_bytes("data", data)
    content_type = next((value for name, value in headers if name.lower() == "content-type"), "")
    media = content_type.partition(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        try:
            text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        except (TypeError, ValueError, RecursionError) as exc:
            raise InvalidParameterTypeError("data", f"is not JSON-serialisable ({type(exc).__name__})") from None
        return check_text("data", text).encode("utf-8")
    pairs = _scalar_pairs("data", data)  # what urlencode(pairs) writes, space as "+"
    return "&".join(f"{encode_form(key.encode())}={encode_form(value.encode())}" for key, value in pairs).encode()
