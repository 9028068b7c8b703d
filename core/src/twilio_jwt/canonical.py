"""The canonical request of Twilio's Public Key Client Validation (contract section 5).

A validation token does not sign the request itself but the SHA-256 of a canonical
form of it, so that client and server agree however the request was spelled::

    METHOD \\n PATH \\n QUERY \\n HEADER_LINES \\n SIGNED_HEADERS \\n BODY_HASH

This module holds that form and the one builder every caller shares: the token side
(:func:`twilio_jwt.request_input.canonicalize_request` for a request described as a
mapping, the ``requests``/``httpx`` adapters for a request about to be sent) and the
receiving side (:class:`twilio_jwt.request_verifier.RequestVerifier`, for what arrived)
all end in :func:`build`, so they cannot drift apart.

Path and query escaping follow twilio-java, whose tests match Twilio's server: decode
to bytes, re-encode keeping only ``A-Z a-z 0-9 - _ . ~`` with upper-case hex.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import partial
from typing import Any
from urllib.parse import unquote_to_bytes

import attrs

from twilio_jwt.checks import check_optional_str, check_required_str, check_text, type_name
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError
from twilio_jwt.percent import encode_component

__all__ = [
    "DEFAULT_SIGNED_HEADERS",
    "RequestCanonicalizer",
    "WireRequest",
    "build",
    "canonical_host",
    "canonical_path",
    "canonical_query",
    "canonicalize_wire",
    "check_method",
    "check_signed_headers",
    "target_problem",
    "body_bytes",
    "encode_component",
    "header_items",
]

#: Twilio requires these two to be signed; every token signs them.
DEFAULT_SIGNED_HEADERS: tuple[str, ...] = ("authorization", "host")

_DEFAULT_PORT = {"https": ":443", "http": ":80"}
_TRIM = "".join(map(chr, range(0x21)))  # what Java's String.trim() removes: controls and space
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+\Z")  # an HTTP method or header name (RFC 9110 token)
# What HTTP forbids in a field value (RFC 9110 5.5): a CR or LF would start another header line.
_FORBIDDEN_IN_VALUE = re.compile("[\r\n\x00]")
# A repr shows every header but the credentials (basic auth is the API key secret in base64).
_AUTHORIZATION_LINE = re.compile(r"^authorization:.*$", re.MULTILINE)


def _hidden(headers: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((name, "***" if name.lower() == "authorization" else value) for name, value in headers)


@attrs.frozen
class RequestCanonicalizer:
    """One request in canonical form: its six parts and the string they make.

    ``canonicalized_request`` is the exact text whose SHA-256 (:meth:`get_signature_hash`)
    goes into the token's ``rqh`` claim; ``hrh`` is the ``hrh`` claim (the signed header
    names). Build one with ``ValidationToken.get_request_canonicalizer`` or
    :meth:`WireRequest.canonicalize`, not by hand.
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


def check_method(parameter: str, value: object) -> str:
    """An HTTP method: a non-empty RFC 9110 token (ASCII letters, digits and ``!#$%&'*+.^_`|~-``).

    Checked before it is upper-cased: ``"po\\u017ft".upper()`` (a long s) is ``"POST"``, and a method with
    white space or a control character is not one a server would act on as signed.
    """
    method = check_required_str(parameter, value)
    if not _TOKEN.match(method):
        raise InvalidParameterError(parameter, f"{method[:20]!r} is not an HTTP method (RFC 9110 token characters)")
    return method


def _check_header_lines(lines: str, signed_headers: tuple[str, ...]) -> None:
    """One ``name:value`` line per signed header: what makes the ``authorization`` line the whole credential.

    The builders refuse CR, LF and NUL in header values; this holds a hand-built
    canonicalizer to the same rule, so no continuation line (a folded header) can carry
    part of a credential past :meth:`RequestCanonicalizer.redacted`.
    """
    if not lines:
        return
    if not lines.endswith("\n"):
        raise InvalidParameterError("header_lines", "must end with a newline (one name:value line per header)")
    for line in lines[:-1].split("\n"):
        name, colon, value = line.partition(":")
        if not colon or name not in signed_headers or _FORBIDDEN_IN_VALUE.search(value):
            raise InvalidParameterError(
                "header_lines", "each line must be name:value for a signed header, with no CR or NUL in the value"
            )


# A path that is already canonical: no dot segments, no empty ones, only unreserved characters.
_CANONICAL_PATH = re.compile(r"(?:/(?!\.\.?(?:/|\Z))[A-Za-z0-9._~-]+)*/?\Z")


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


# Characters a path segment may hold unescaped (RFC 3986 sub-delims, ":" and "@"): HTTP clients
# send them as they are, the canonical form escapes them; both spell the same bytes.
_SPELLING = re.compile(r"%[0-9a-f]{2}|[!$&'()*+,;=:@]")
# A query as RFC 3986 writes one: pchars, "/" and "?", and well-formed %-escapes only.
_QUERY = re.compile(r"(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*\Z")


def _respelled(path: str) -> str:
    return _SPELLING.sub(lambda m: m[0].upper() if m[0][0] == "%" else f"%{ord(m[0]):02X}", path)


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
    if "#" in path or "#" in query:
        return "the request target has a fragment (#...), which a server may pass to the application unsigned"
    if not path.startswith("/"):
        return f"the request target {_shown(path)} is not a path starting with / (origin form)"
    segments = path[1:].split("/")
    for index, segment in enumerate(segments):
        if not segment and index < len(segments) - 1:
            return f"the request path {_shown(path)} has an empty segment (//), which the canonical form removes"
        if unquote_to_bytes(segment) in (b".", b".."):
            return f"the request path {_shown(path)} has a dot segment, which the canonical form resolves"
    if canonical_path(path) != _respelled(path):
        return (
            f"the request path {_shown(path)} is not in canonical form: it holds an escaped unreserved "
            "character (such as %7E), a malformed %-escape or a character that must be escaped"
        )
    if not _QUERY.match(query):
        return "the request query holds a malformed %-escape or a character that must be escaped"
    return None


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 60 else repr(text[:60]) + "..."


def canonical_query(query: str, extra: Iterable[str] = ()) -> str:
    """The query's pairs (decoded, ``+`` as space, empty pieces dropped) plus ``extra`` ones, re-encoded and sorted."""
    pairs = list(extra)
    for piece in query.split("&"):
        if piece:
            key, _, value = piece.replace("+", " ").partition("=")
            pairs.append(f"{encode_component(unquote_to_bytes(key))}={encode_component(unquote_to_bytes(value))}")
    pairs.sort()
    return "&".join(pairs)


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
        if not _TOKEN.match(name):
            raise InvalidParameterError(parameter, f"{name[:40]!r} is not an HTTP header name")
        names.add(name.lower())
    return tuple(sorted(names))


def header_items(parameter: str, headers: object) -> list[tuple[str, str]]:
    """``(name, value)`` pairs from a mapping (values str or lists of str), anything with ``items()``
    (``http.client.HTTPMessage`` keeps repeated headers that way) or an iterable of pairs.

    Bytes are decoded as ISO-8859-1, as HTTP servers and ``http.client`` do, so a value
    reads the same on both sides of the wire.
    """
    if headers is None:
        return []
    if isinstance(headers, (str, bytes)):
        raise InvalidParameterTypeError(parameter, f"expected a mapping of headers, got {type_name(headers)}")
    items_method = getattr(headers, "items", None)
    try:
        raw = list(items_method() if callable(items_method) else headers)  # type: ignore[arg-type]
    except TypeError:
        raise InvalidParameterTypeError(parameter, f"expected a mapping of headers, got {type_name(headers)}") from None
    pairs: list[tuple[str, str]] = []
    for item in raw:
        if not isinstance(item, tuple) or len(item) != 2:
            raise InvalidParameterTypeError(parameter, f"expected (name, value) pairs, got {type_name(item)}")
        name, value = _text(parameter, item[0]), item[1]
        if not _TOKEN.match(name):
            raise InvalidParameterError(parameter, f"{name[:40]!r} is not an HTTP header name")
        for text in map(partial(_text, parameter), value if isinstance(value, (list, tuple)) else (value,)):
            if _FORBIDDEN_IN_VALUE.search(text):
                # The value is never shown: it may be a credential.
                raise InvalidParameterError(
                    parameter, f"the value of {name[:40]!r} holds CR, LF or NUL, which HTTP forbids in a header"
                )
            pairs.append((name, text))
    return pairs


def _text(parameter: str, value: object) -> str:
    if isinstance(value, str):
        return check_text(parameter, value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    raise InvalidParameterTypeError(
        parameter, f"header names and values must be str (or lists of str), got {type_name(value)}"
    )


def build(
    method: str,
    scheme: str,
    path: str,
    query: str,
    headers: Iterable[tuple[str, str]],
    body: bytes,
    signed_headers: tuple[str, ...],
    *,
    host: str | None = None,
    extra_query: Iterable[str] = (),
) -> RequestCanonicalizer:
    """The canonicalizer for checked parts; ``host`` is used when no ``Host`` header is among ``headers``."""
    wanted = set(signed_headers)
    values: dict[str, list[str]] = {}
    for name, value in headers:
        lowered = name.lower()
        if lowered in wanted:
            values.setdefault(lowered, []).append(value.strip(_TRIM))
    hosts = values.get("host") or ([host] if host is not None and "host" in wanted else [])
    if hosts:
        values["host"] = [canonical_host(h, scheme) for h in hosts]
    lines = "".join(f"{name}:{','.join(sorted(values[name]))}\n" for name in signed_headers if name in values)
    return RequestCanonicalizer(
        method=method.upper(),
        path=canonical_path(path),
        query=canonical_query(query, extra_query),
        header_lines=lines,
        signed_headers=signed_headers,
        body_hash=hashlib.sha256(body).hexdigest() if body else "",
    )


# WireRequest's converters are named functions because mypy's attrs plugin types only those.


def _wire_method(value: object) -> str:
    return check_method("method", value)


def _wire_path(value: object) -> str:
    return check_required_str("path", value)


def _wire_headers(value: object) -> tuple[tuple[str, str], ...]:
    return tuple(header_items("headers", value))


def _wire_body(value: object) -> bytes:
    return body_bytes("body", value)


def _wire_query(value: object) -> str | None:
    return check_optional_str("query", value)


def _wire_scheme(value: object) -> str:
    if value not in _DEFAULT_PORT:
        raise InvalidParameterError("scheme", f"expected 'https' or 'http', got {str(value)[:20]!r}")
    return str(value)


def _wire_host(value: object) -> str | None:
    host = check_optional_str("host", value)
    if host and _FORBIDDEN_IN_VALUE.search(host):
        raise InvalidParameterError("host", "holds CR, LF or NUL, which HTTP forbids in a header")
    return host


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

    method: str = attrs.field(converter=_wire_method)
    path: str = attrs.field(converter=_wire_path)
    headers: tuple[tuple[str, str], ...] = attrs.field(converter=_wire_headers, repr=lambda h: repr(_hidden(h)))
    body: bytes = attrs.field(default=b"", converter=_wire_body, repr=False)
    query: str | None = attrs.field(default=None, kw_only=True, converter=_wire_query)
    scheme: str = attrs.field(default="https", kw_only=True, converter=_wire_scheme)
    host: str | None = attrs.field(default=None, kw_only=True, converter=_wire_host)

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
        if self.query is None:
            path, _, query = self.path.partition("#")[0].partition("?")
        else:
            path, query = self.path, self.query
        signed = check_signed_headers("signed_headers", signed_headers)
        return build(self.method, self.scheme, path, query, self.headers, self.body, signed, host=self.host)


def canonicalize_wire(
    method: str,
    path: str,
    headers: Any,
    body: bytes | str | None = b"",
    *,
    query: str | None = None,
    scheme: str = "https",
    host: str | None = None,
    signed_headers: Iterable[str] | None = None,
) -> RequestCanonicalizer:
    """The canonical form of a request exactly as it goes (or went) over the wire (see :class:`WireRequest`)."""
    wire = WireRequest(method, path, headers, body, query=query, scheme=scheme, host=host)
    return wire.canonicalize(signed_headers)


def body_bytes(parameter: str, body: object) -> bytes:
    """Bytes as given, a str as UTF-8, ``None`` as empty."""
    if body is None:
        return b""
    if isinstance(body, str):
        return check_text(parameter, body).encode("utf-8")
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    raise InvalidParameterTypeError(parameter, f"expected bytes, a str or None, got {type_name(body)}")
