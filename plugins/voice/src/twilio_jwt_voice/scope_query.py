"""The query part of a scope string: ``esc()``, ``pairs()`` and their inverses (contract section 3).

Scope strings follow twilio-node, the form Twilio documents: every value is escaped
like JavaScript's ``encodeURIComponent``, and a parameter mapping is written as
``k=v&k=v`` (each side escaped) and then escaped once more as the value of
``appParams``, so it is encoded twice. Mapping order is kept, never sorted.

Decoding accepts that form and also twilio-python's (sorted, ``+`` for a space, the
event path escaped, event filters under ``params``): ``esc()`` never writes ``+``, so
reading ``+`` as a space is safe for both.
"""

from __future__ import annotations

import re
import types
from collections.abc import Mapping

from twilio_jwt._percent import encode_uri_component
from twilio_jwt.checks import check_mapping, decimal, type_name
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError

#: What ``encodeURIComponent`` keeps as it is (``_percent.encode_uri_component``'s safe bytes), as text.
_NOTHING_TO_ESCAPE = re.compile(r"[A-Za-z0-9\-_.~!*'()]*")

__all__ = ["esc", "pairs", "check_params", "parse_query", "parse_pairs"]


def esc(parameter: str, text: str) -> str:
    """Percent-encode the UTF-8 bytes of ``text`` as ``encodeURIComponent`` does (upper-case hex)."""
    if text.__class__ is str and _NOTHING_TO_ESCAPE.fullmatch(text):  # SIDs, names: the text is its own escape
        return text
    try:
        return encode_uri_component(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise InvalidParameterError(parameter, "contains a lone surrogate, which has no UTF-8 form") from None


def pairs(parameter: str, mapping: Mapping[str, str]) -> str:
    """``k=v&k=v`` with each key and value escaped, in the mapping's order."""
    return "&".join(f"{esc(parameter, key)}={esc(parameter, value)}" for key, value in mapping.items())


def check_params(parameter: str, value: object) -> Mapping[str, str] | None:
    """A mapping of str keys to str, int or float values (written with ``str()``), read-only.

    ``None`` and an empty mapping both give ``None``: neither writes ``appParams``.
    bool, ``None``, lists and mappings as values are a ``TypeError``, since the
    scope string has no way to write them that Twilio would read back.
    """
    mapping = check_mapping(parameter, value)
    if not mapping:
        return None
    checked: dict[str, str] = {}
    for key, item in mapping.items():
        if not isinstance(key, str):
            raise InvalidParameterTypeError(parameter, f"keys must be str, got {type_name(key)}")
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            where = f"{parameter}[{key[:40]!r}]"
            raise InvalidParameterTypeError(where, f"expected a str, int or float, got {type_name(item)}")
        checked[key] = item if isinstance(item, str) else decimal(parameter, item)
    return types.MappingProxyType(checked)


def _unescape(text: str) -> str:
    try:
        from urllib.parse import unquote_plus  # decoding only: minting never imports urllib.parse

        return unquote_plus(text, errors="strict")
    except UnicodeDecodeError:
        raise InvalidParameterError("scope_string", "holds percent-escapes that are not UTF-8") from None


def parse_query(text: object, prefix: str, names: tuple[str, ...]) -> dict[str, str]:
    """Split ``prefix?name=value&...`` into unescaped values, refusing other prefixes and names.

    Names may come in any order (twilio-python sorts them) but each at most once.
    """
    if not isinstance(text, str):
        raise InvalidParameterTypeError("scope_string", f"expected a str, got {type_name(text)}")
    head, _, query = text.partition("?")
    if head != prefix:
        raise InvalidParameterError("scope_string", f"expected a scope string starting with {prefix!r}")
    values: dict[str, str] = {}
    for piece in query.split("&") if query else ():
        name, sep, raw = piece.partition("=")
        if not sep or name not in names or name in values:
            problem = "repeats" if name in values else "is not one of " + ", ".join(names)
            raise InvalidParameterError("scope_string", f"parameter {name[:40]!r} of {prefix} {problem}")
        values[name] = _unescape(raw)
    return values


def parse_pairs(text: str) -> dict[str, str]:
    """The inverse of :func:`pairs`: ``k=v&k=v`` (each side escaped) back to a mapping."""
    result: dict[str, str] = {}
    for piece in text.split("&"):
        key, sep, value = piece.partition("=")
        key = _unescape(key)
        if not sep or key in result:
            raise InvalidParameterError("scope_string", f"appParams item {key[:40]!r} is not a single key=value")
        result[key] = _unescape(value)
    return result
