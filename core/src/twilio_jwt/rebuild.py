"""Rebuilding a token type from its verified claims: what every ``from_jwt`` does after ``verify``.

A token type turns checked claims back into constructor arguments with
:func:`typed_claim` and :func:`ttl_of`, builds itself inside :func:`rebuilding` (so a
constructor's parameter error names the claim it came from), and rebuilds its items
with :func:`rebuild_grant` and :func:`rebuild_scope`, which hand them to the plugin
that provides them, or keep them raw when none does. Plugin token types use the same
functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from twilio_jwt.checks import type_name
from twilio_jwt.errors import (
    InvalidClaimError,
    InvalidParameterError,
    InvalidParameterTypeError,
    MissingPluginError,
    TwilioJWTError,
)
from twilio_jwt.grant import Grant, RawGrant
from twilio_jwt.host import PluginHost, default_host
from twilio_jwt.scope import RawScope, Scope

__all__ = ["typed_claim", "ttl_of", "rebuilding", "rebuild_grant", "rebuild_scope", "json_type", "shown"]

T = TypeVar("T")


def typed_claim(claims: Mapping[str, Any], name: str, kind: type[T]) -> T:
    """A claim that must hold one JSON type: ``dict`` (object), ``list`` (array) or ``str``."""
    value = claims.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InvalidClaimError(name, f"expected {_JSON_TYPES[kind]}, got {json_type(value)}")
    return value


def ttl_of(claims: Mapping[str, Any]) -> Any:
    """The ttl a token was minted with: ``exp - iat``, from claims :func:`~twilio_jwt.decoding.verify` checked.

    ``None`` (the type's default ttl) for a token without ``iat``, such as the example
    in Twilio's Public Key Client Validation documentation.
    """
    iat = claims.get("iat")
    return None if iat is None else claims["exp"] - iat


class rebuilding:
    """Turn a constructor's parameter errors into claim errors while a type rebuilds itself.

    Use as ``with rebuilding("AccessToken", {"key_sid": "iss"}): ...``. ``claim_for`` maps
    constructor parameter names to the claims they came from, so the message names what
    is wrong in the token; errors about other parameters (the key, say) are the caller's
    and pass through unchanged. A str instead names the one claim every
    ``ValueError``/``TypeError`` is about (``"policies[2]"``), for items a plugin rebuilds
    with code core has not seen. (A class, not ``contextlib``: it runs on every decode.)
    """

    __slots__ = ("claim_for", "type_name")

    def __init__(self, type_name_: str, claim_for: Mapping[str, str] | str) -> None:
        self.type_name, self.claim_for = type_name_, claim_for

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if exc is None:
            return
        claim, reason = self.claim_for, str(exc)
        if not isinstance(claim, str):  # only errors about the mapped parameters are the token's
            if not isinstance(exc, (InvalidParameterError, InvalidParameterTypeError)) or exc.parameter not in claim:
                return
            claim, reason = claim[exc.parameter], reason.removeprefix(f"{exc.parameter}: ")
        if isinstance(exc, (ValueError, TypeError)):
            raise InvalidClaimError(claim, f"{reason} (so this is not a valid {self.type_name})") from None


def rebuild_grant(key: str, payload: Any, host: PluginHost | None = None) -> Grant:
    """The grant stored under ``grants[key]``, rebuilt by the plugin that provides ``key``.

    With no such plugin installed it comes back as a :class:`RawGrant`, which keeps
    the payload and re-encodes it unchanged.
    """
    try:
        cls = (host or default_host()).grant_for_key(key)
    except MissingPluginError:
        with rebuilding("AccessToken", f"grants.{key}" if key else "grants"):
            return RawGrant(key, payload)
    if payload.__class__ is not dict and not isinstance(payload, Mapping):  # JSON objects are dicts: checked first
        raise InvalidClaimError(f"grants.{key}", f"expected an object, got {json_type(payload)}")
    try:
        return cls.from_payload(payload)
    except (TwilioJWTError, ValueError, TypeError) as exc:
        raise InvalidClaimError(f"grants.{key}", f"{cls.__name__} cannot be rebuilt from it: {exc}") from None


def rebuild_scope(scope_string: str, host: PluginHost | None = None) -> Scope:
    """One scope of a client capability token, rebuilt by the plugin whose scope class has its prefix.

    The class is found by its :attr:`Scope.PREFIX <twilio_jwt.scope.Scope.PREFIX>`
    (``"scope:client:incoming"``) and rebuilds itself with ``from_scope_string``. With no
    such class installed the scope comes back as a :class:`RawScope`, which keeps the
    string and writes it back unchanged.
    """
    if not scope_string:
        raise InvalidClaimError("scope", "holds an empty scope (two spaces in a row, or a leading or trailing space)")
    prefix = scope_string.partition("?")[0]
    for cls in (host or default_host()).registry.scope_classes.values():
        if prefix == cls.PREFIX:
            try:
                scope: Scope = cls.from_scope_string(scope_string)
            except (TwilioJWTError, ValueError, TypeError) as exc:
                raise InvalidClaimError(
                    "scope", f"{cls.__name__} cannot be rebuilt from {shown(prefix)}: {exc}"
                ) from None
            return scope
    return RawScope(scope_string)


_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "a number",
    float: "a number",
}


def json_type(value: object) -> str:
    """What a decoded JSON value is, as a message says it: ``an object``, ``a string``, ``null``."""
    return "null" if value is None else _JSON_TYPES.get(type(value), type_name(value))


def shown(value: object, longest: int = 40) -> str:
    """An untrusted header value: quoted when it is a short printable str, else only what it is."""
    if not isinstance(value, str):
        return json_type(value)
    if len(value) > longest or not value.isprintable():
        return f"an unexpected {len(value)}-character value"
    return repr(value)
