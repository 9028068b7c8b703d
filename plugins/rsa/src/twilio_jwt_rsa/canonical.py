"""The canonical request of Twilio's Public Key Client Validation (contract section 5).

A validation token does not sign the request itself but the SHA-256 of a canonical
form of it, so that client and server agree however the request was spelled::

    METHOD \\n PATH \\n QUERY \\n HEADER_LINES \\n SIGNED_HEADERS \\n BODY_HASH

Both ways of describing a request end in one builder, so signing and verifying
cannot drift apart: a :class:`WireRequest` (what goes, or went, over the wire; the
``requests``/``httpx`` adapters and :class:`twilio_jwt_rsa.request_verifier.RequestVerifier`
build one from what they hold) and :func:`canonicalize_request` (a request described
like ``requests.Request``, read as an HTTP client would send it). Each part is checked
once, at the door, by the same functions on both sides.

Path and query escaping follow twilio-java, whose tests match Twilio's server: decode
to bytes, re-encode keeping only ``A-Z a-z 0-9 - _ . ~`` with upper-case hex.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import SplitResult, unquote, unquote_to_bytes, urlsplit

import attrs

from twilio_jwt._percent import encode_component, encode_form
from twilio_jwt.checks import check_optional_str, check_required_str, check_text, decimal, type_name
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError

__all__ = ["DEFAULT_SIGNED_HEADERS", "REQUEST_FIELDS", "RequestCanonicalizer", "WireRequest", "canonicalize_request"]

#: Twilio requires these two to be signed; every token signs them.
DEFAULT_SIGNED_HEADERS: tuple[str, ...] = ("authorization", "host")
#: What a request described like ``requests.Request`` may hold; ``url`` and ``method`` are required.
REQUEST_FIELDS = ("url", "method", "headers", "params", "data", "auth")

_DEFAULT_PORT = {"https": ":443", "http": ":80"}
_TRIM = "".join(map(chr, range(0x21)))  # what Java's String.trim() removes: controls and space
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+\Z")  # an HTTP method or header name (RFC 9110 token)
# What HTTP forbids in a field value (RFC 9110 5.5): a CR or LF would start another header line.
_FORBIDDEN_IN_VALUE = re.compile("[\r\n\x00]")
# A repr shows every header but the credentials (basic auth is the API key secret in base64).
_AUTHORIZATION_LINE = re.compile(r"^authorization:.*$", re.MULTILINE)
_CONTROL = re.compile("[\t\r\n\x00]")  # what urlsplit would silently drop or choke on


@attrs.frozen
class RequestCanonicalizer:
    """One request in canonical form: its six parts and the string they make.

    ``canonicalized_request`` is the exact text whose SHA-256 (:meth:`get_signature_hash`)
    goes into the token's ``rqh`` claim; ``hrh`` is the ``hrh`` claim (the signed header
    names). Build one with ``ValidationToken.get_request_canonicalizer`` or
    :meth:`WireRequest.canonicalize`, not by hand. One built by hand is held to the same
    rules (an HTTP method; one ``name:value`` line per signed header, no CR or NUL), so no
    continuation line of a folded header can carry part of a credential past
    :meth:`redacted`.
    """

    method: str = attrs.field(validator=lambda _, __, method: check_method("method", method))
    path: str
    query: str
    header_lines: str = attrs.field(
        repr=lambda lines: repr(_AUTHORIZATION_LINE.sub("authorization:***", lines)),
        validator=lambda self, _, lines: _check_header_lines(lines, self.signed_headers),
    )
    signed_headers: tuple[str, ...]
    body_hash: str
    canonicalized_request: str = attrs.field(init=False, repr=False)

    @canonicalized_request.default
    def _join(self) -> str:
        # header_lines ends with its own newline, hence the blank line before the signed names.
        return "\n".join((self.method, self.path, self.query, self.header_lines, self.hrh, self.body_hash))

    @property
    def hrh(self) -> str:
        """The signed header names, sorted and joined by ``;`` (the ``hrh`` claim)."""
        return ";".join(self.signed_headers)

    def redacted(self) -> str:
        """The canonical request with the ``authorization`` value replaced by ``***``, safe to log."""
        return _AUTHORIZATION_LINE.sub("authorization:***", self.canonicalized_request)

    def get_signature_hash(self) -> str:
        """Lower-case hex SHA-256 of the canonical request (the ``rqh`` claim)."""
        return hashlib.sha256(self.canonicalized_request.encode("utf-8")).hexdigest()


def _check_header_lines(lines: str, signed_headers: tuple[str, ...]) -> None:
    message = "each line must be name:value for a signed header, with no CR or NUL in the value"
    if lines and (lines[-1] != "\n" or "\r" in lines or "\0" in lines):
        raise InvalidParameterError("header_lines", message)
    for line in lines.split("\n")[:-1]:
        if ":" not in line or line.partition(":")[0] not in signed_headers:
            raise InvalidParameterError("header_lines", message)


def check_method(parameter: str, value: object) -> str:
    """An HTTP method: a non-empty RFC 9110 token (ASCII letters, digits and ``!#$%&'*+.^_`|~-``).

    Checked before it is upper-cased: ``"po\\u017ft".upper()`` (a long s) is ``"POST"``, and a method with
    white space or a control character is not one a server would act on as signed.
    """
    method = check_required_str(parameter, value)
    if not _TOKEN.match(method):
        raise InvalidParameterError(parameter, f"{method[:20]!r} is not an HTTP method (RFC 9110 token characters)")
    return method


# A path that is already canonical: no dot segments, no empty ones, only unreserved characters.
_CANONICAL_PATH = re.compile(r"(?:/(?!\.\.?(?:/|\Z))[A-Za-z0-9._~-]+)*/?\Z")
# Characters a path segment may hold unescaped (RFC 3986 sub-delims, ":" and "@"): HTTP clients
# send them as they are, the canonical form escapes them; both spell the same bytes.
_SPELLING = re.compile(r"%[0-9a-f]{2}|[!$&'()*+,;=:@]")
# A query as RFC 3986 writes one: pchars, "/" and "?", and well-formed %-escapes only.
_QUERY = re.compile(r"(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*\Z")


def canonical_path(raw: str) -> str:
    """Dot segments removed, runs of ``/`` collapsed, each segment decoded and re-encoded; ``""`` is ``/``."""
    if raw and _CANONICAL_PATH.match(raw):  # the common case (API paths) is already canonical
        return raw
    segments: list[str] = []
    parts = raw.split("/")
    for part in parts:
        if part == ".." and segments:
            segments.pop()
        elif part not in ("", ".", ".."):
            segments.append(encode_component(unquote_to_bytes(part)))
    trailing = "/" if segments and parts[-1] in ("", ".", "..") else ""
    return "/" + "/".join(segments) + trailing


def target_problem(path: str, query: str | None = None) -> str | None:
    """Why a raw request target is not already in canonical form; ``None`` when it is.

    The receiving side must check what the server will act on, so it refuses a target
    the canonical form would rewrite rather than normalise it into a match: a fragment
    (Tornado and Go's net/http hand it to the application), dot segments and empty
    segments (the application may route ``/api/admin/../send`` to ``/api/admin/``), an
    escaped unreserved character (``%7E``), a malformed escape, or a character that
    must be escaped. Only spellings of the same bytes pass: lower-case hex, and the
    sub-delimiters, ``:`` and ``@`` written unescaped, as HTTP clients send them. The
    query's pairs may come in any order (the canonical form sorts them).
    """
    if query is None:
        path, _, query = path.partition("?")
    shown = repr(path) if len(path) <= 60 else repr(path[:60]) + "..."
    if "#" in path or "#" in query:
        return "the request target has a fragment (#...), which a server may pass to the application unsigned"
    if not path.startswith("/"):
        return f"the request target {shown} is not a path starting with / (origin form)"
    segments = path[1:].split("/")
    if "" in segments[:-1]:
        return f"the request path {shown} has an empty segment (//), which the canonical form removes"
    if any(unquote_to_bytes(segment) in (b".", b"..") for segment in segments):
        return f"the request path {shown} has a dot segment, which the canonical form resolves"
    respelled = _SPELLING.sub(lambda m: m[0].upper() if m[0][0] == "%" else f"%{ord(m[0]):02X}", path)
    if canonical_path(path) != respelled:
        return (
            f"the request path {shown} is not in canonical form: it holds an escaped unreserved "
            "character (such as %7E), a malformed %-escape or a character that must be escaped"
        )
    if not _QUERY.match(query):
        return "the request query holds a malformed %-escape or a character that must be escaped"
    return None


def canonical_query(query: str) -> str:
    """The query's pairs (decoded, ``+`` as space, empty pieces dropped), re-encoded and sorted."""
    pairs = []
    for piece in query.split("&"):
        if piece:
            key, _, value = piece.replace("+", " ").partition("=")
            pairs.append(f"{encode_component(unquote_to_bytes(key))}={encode_component(unquote_to_bytes(value))}")
    return "&".join(sorted(pairs))


def canonical_host(host: str, scheme: str) -> str:
    """Lower case, userinfo dropped, the scheme's default port removed."""
    host = host.strip(_TRIM).rpartition("@")[2].lower()
    port = _DEFAULT_PORT.get(scheme)
    return host[: -len(port)] if port and host.endswith(port) else host


def check_signed_headers(parameter: str, value: object) -> tuple[str, ...]:
    """Header names to sign: lower-cased, with ``authorization`` and ``host`` always added, sorted."""
    if value is None:
        return DEFAULT_SIGNED_HEADERS
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidParameterTypeError(parameter, f"expected a list of header names, got {type_name(value)}")
    names = set(DEFAULT_SIGNED_HEADERS)
    for name in value:
        if not isinstance(name, str):
            raise InvalidParameterTypeError(parameter, f"expected header names as str, got {type_name(name)}")
        names.add(_header_name(parameter, name).lower())
    return tuple(sorted(names))


def _header_name(parameter: str, name: str) -> str:
    if not _TOKEN.match(name):
        raise InvalidParameterError(parameter, f"{name[:40]!r} is not an HTTP header name")
    return name


def header_items(parameter: str, headers: object) -> tuple[tuple[str, str], ...]:
    """``(name, value)`` pairs from a mapping (values str or lists of str), anything with ``items()``
    (``http.client.HTTPMessage`` keeps repeated headers that way) or an iterable of pairs.

    Bytes are decoded as ISO-8859-1, as HTTP servers and ``http.client`` do, so a value
    reads the same on both sides of the wire. A value holding CR, LF or NUL is refused
    (and never shown: it may be a credential): it would hash like two header lines.
    """
    if headers is None:
        return ()
    if isinstance(headers, (str, bytes)):
        raise InvalidParameterTypeError(parameter, f"expected a mapping of headers, got {type_name(headers)}")
    items_method = getattr(headers, "items", None)
    try:
        raw = list(items_method() if callable(items_method) else headers)  # type: ignore[arg-type]
    except TypeError:
        raise InvalidParameterTypeError(parameter, f"expected a mapping of headers, got {type_name(headers)}") from None
    pairs = []
    for item in raw:
        if not isinstance(item, tuple) or len(item) != 2:
            raise InvalidParameterTypeError(parameter, f"expected (name, value) pairs, got {type_name(item)}")
        name = _header_name(parameter, _text(parameter, item[0]))
        for value in item[1] if isinstance(item[1], (list, tuple)) else (item[1],):
            value = _text(parameter, value)
            if _FORBIDDEN_IN_VALUE.search(value):
                raise InvalidParameterError(
                    parameter, f"the value of {name[:40]!r} holds CR, LF or NUL, which HTTP forbids in a header"
                )
            pairs.append((name, value))
    return tuple(pairs)


def _text(parameter: str, value: object) -> str:
    if isinstance(value, str):
        return check_text(parameter, value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    raise InvalidParameterTypeError(
        parameter, f"header names and values must be str (or lists of str), got {type_name(value)}"
    )


def body_bytes(parameter: str, body: object) -> bytes:
    """Bytes as given, a str as UTF-8, ``None`` as empty."""
    if body is None:
        return b""
    if isinstance(body, str):
        return check_text(parameter, body).encode("utf-8")
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    raise InvalidParameterTypeError(parameter, f"expected bytes, a str or None, got {type_name(body)}")


def _check_scheme(_: object, __: object, value: Any) -> None:
    if value not in _DEFAULT_PORT:
        raise InvalidParameterError("scheme", f"expected 'https' or 'http', got {str(value)[:20]!r}")


def _check_host(_: object, __: object, value: Any) -> None:
    if (host := check_optional_str("host", value)) and _FORBIDDEN_IN_VALUE.search(host):
        raise InvalidParameterError("host", "holds CR, LF or NUL, which HTTP forbids in a header")


# The two converters are named functions because mypy's attrs plugin types only those.


def _headers(value: object) -> tuple[tuple[str, str], ...]:
    return header_items("headers", value)


def _body(value: object) -> bytes:
    return body_bytes("body", value)


@attrs.frozen
class WireRequest:
    """A request exactly as it goes (or went) over the wire, its parts checked.

    ``path`` is the raw, still percent-encoded request target; when ``query`` is
    ``None`` a ``?query`` part of ``path`` is split off. ``headers`` are the final
    headers (a mapping, ``items()`` or ``(name, value)`` pairs, bytes read as
    ISO-8859-1); the ``Host`` header wins over ``host``, which stands in for it when a
    client adds Host only while sending (``requests``). ``body`` is the bytes sent (a
    str is UTF-8). ``scheme`` decides which default port (``:443`` or ``:80``) a host
    may omit.

    Kept apart from :class:`RequestCanonicalizer` because the receiving side learns
    which headers were signed only from the token (``hrh``), after reading the request.
    """

    method: str = attrs.field(validator=lambda _, __, value: check_method("method", value))
    path: str = attrs.field(validator=lambda _, __, value: check_required_str("path", value))
    headers: tuple[tuple[str, str], ...] = attrs.field(
        converter=_headers, repr=lambda h: repr(tuple((k, "***" if k.lower() == "authorization" else v) for k, v in h))
    )
    body: bytes = attrs.field(default=b"", converter=_body, repr=False)
    query: str | None = attrs.field(
        default=None, kw_only=True, validator=lambda _, __, value: check_optional_str("query", value)
    )
    scheme: str = attrs.field(default="https", kw_only=True, validator=_check_scheme)
    host: str | None = attrs.field(default=None, kw_only=True, validator=_check_host)

    def header_values(self, name: str) -> list[str]:
        """Every value of one header (the name matched case-insensitively)."""
        lowered = name.lower()
        return [value for key, value in self.headers if key.lower() == lowered]

    def canonical_problem(self) -> str | None:
        """Why this request, as it arrived, is not already in canonical form; ``None`` when it is.

        The method must be upper case (the canonical form upper-cases it) and the target
        must pass :func:`target_problem`. A receiving side refuses such a request instead
        of normalising it into a match with a token signed for another one.
        """
        if self.method != self.method.upper():
            return f"the request method {self.method!r} is not upper case, as the canonical form writes it"
        return target_problem(self.path, self.query)

    def canonicalize(self, signed_headers: Iterable[str] | None = None) -> RequestCanonicalizer:
        """The canonical form, signing ``signed_headers`` (``authorization`` and ``host`` always)."""
        path, query = self.path, self.query
        if query is None:
            path, _, query = path.partition("#")[0].partition("?")
        signed = check_signed_headers("signed_headers", signed_headers)
        return _canonical(self.method, path, query, self.headers, self.body, signed, self.scheme, self.host)


def _canonical(
    method: str,
    path: str,
    query: str,
    headers: Iterable[tuple[str, str]],
    body: bytes,
    signed: tuple[str, ...],
    scheme: str,
    host: str | None,
) -> RequestCanonicalizer:
    """What both routes end in: the canonicalizer for checked parts; ``host`` stands in for a missing Host header."""
    values: dict[str, list[str]] = {}
    for name, value in headers:
        if (lowered := name.lower()) in signed:
            values.setdefault(lowered, []).append(value.strip(_TRIM))
    hosts = values.get("host") or ([] if host is None else [host])
    if hosts:
        values["host"] = [canonical_host(value, scheme) for value in hosts]
    lines = "".join(f"{name}:{','.join(sorted(values[name]))}\n" for name in signed if name in values)
    body_hash = hashlib.sha256(body).hexdigest() if body else ""
    return RequestCanonicalizer(method.upper(), canonical_path(path), canonical_query(query), lines, signed, body_hash)


def canonicalize_request(request: object, signed_headers: tuple[str, ...]) -> RequestCanonicalizer:
    """The canonical form of a request described like ``requests.Request``.

    ``request`` is a mapping (or an object with these attributes) holding
    :data:`REQUEST_FIELDS`. It is read as an HTTP client would put it on the wire:
    ``params`` join the URL's query, an ``auth`` pair (or the
    URL's ``user:pw@``) becomes the ``Authorization: Basic`` header in place of any
    given, and a mapping ``data`` is serialised as JSON or as a form the way
    ``httpx``/``requests`` send it. ``signed_headers`` come checked, from
    :func:`check_signed_headers` (a ValidationToken's).
    """
    fields = _fields(request)
    method = check_method("method", fields["method"])
    url = check_required_str("url", fields["url"])
    if _CONTROL.search(url):  # urlsplit would silently drop a tab or newline: refuse what it would rewrite
        raise InvalidParameterError("url", "holds a control character (tab, CR, LF or NUL)")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise InvalidParameterError("url", "is not a valid URL") from None
    if parts.scheme.lower() not in _DEFAULT_PORT or not parts.hostname:
        raise InvalidParameterError("url", "must be an absolute http:// or https:// URL")
    if fields["headers"] is not None and not isinstance(fields["headers"], Mapping):
        raise InvalidParameterTypeError("headers", f"expected a mapping, got {type_name(fields['headers'])}")
    headers = header_items("headers", fields["headers"])
    auth = _basic_auth(fields["auth"], parts)
    if auth is not None:  # requests and httpx send this header in place of any Authorization given
        headers = (*((n, v) for n, v in headers if n.lower() != "authorization"), ("authorization", auth))
    query = parts.query
    if fields["params"] is not None:  # joined as requests and httpx join them, encoded from the raw values
        pairs = _pairs("params", fields["params"])
        query += "".join(
            f"&{encode_component(key.encode())}={encode_component(value.encode())}" for key, value in pairs
        )
    body = _body_of(fields["data"], headers)
    return _canonical(method, parts.path, query, headers, body, signed_headers, parts.scheme.lower(), parts.netloc)


def _fields(request: object) -> dict[str, Any]:
    if isinstance(request, Mapping):
        if unknown := sorted(str(key) for key in request if key not in REQUEST_FIELDS):
            raise InvalidParameterTypeError(
                "request", f"unexpected keys {', '.join(unknown)}; expected some of {', '.join(REQUEST_FIELDS)}"
            )
        return {name: request.get(name) for name in REQUEST_FIELDS}
    if hasattr(request, "url") or hasattr(request, "method"):
        return {name: getattr(request, name, None) for name in REQUEST_FIELDS}
    raise InvalidParameterTypeError(
        "request", f"expected a mapping or an object with url and method attributes, got {type_name(request)}"
    )


def _basic_auth(auth: object, url: SplitResult) -> str | None:
    """``Authorization: Basic`` for an ``auth`` pair, else (as requests and httpx do) the URL's ``user:pw@``."""
    if auth is None:
        if not url.username and not url.password:
            return None
        auth = (unquote(url.username or ""), unquote(url.password or ""))
    elif not isinstance(auth, (tuple, list)) or len(auth) != 2 or not all(isinstance(part, str) for part in auth):
        raise InvalidParameterTypeError("auth", f"expected a (user, password) pair of str, got {type_name(auth)}")
    credentials = f"{check_text('auth', auth[0])}:{check_text('auth', auth[1])}"
    return "Basic " + base64.b64encode(credentials.encode()).decode("ascii")


def _pairs(parameter: str, mapping: object) -> list[tuple[str, str]]:
    """One pair per value, as text; values are str, int or float (not bool) or lists/tuples of those."""
    if not isinstance(mapping, Mapping):
        raise InvalidParameterTypeError(parameter, f"expected a mapping, got {type_name(mapping)}")
    pairs: list[tuple[str, str]] = []
    for key, value in mapping.items():
        if not isinstance(key, str):
            raise InvalidParameterTypeError(parameter, f"keys must be str, got {type_name(key)}")
        check_text(parameter, key)
        for item in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                raise InvalidParameterTypeError(
                    parameter,
                    f"{key[:40]!r} must be a str, int or float (or a list of those), got {type_name(item)}",
                )
            pairs.append((key, check_text(parameter, item) if isinstance(item, str) else decimal(parameter, item)))
    return pairs


def _body_of(data: object, headers: Iterable[tuple[str, str]]) -> bytes:
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
    pairs = _pairs("data", data)  # what urlencode(pairs) writes, space as "+"
    return "&".join(f"{encode_form(key.encode())}={encode_form(value.encode())}" for key, value in pairs).encode()
