"""Helpers for testing twilio-jwt and its plugins.

Core's own tests and every grant plugin's tests run with core alone (plus that one
plugin): no ``twilio-jwt-hmac`` is installed there, yet they must mint and check real
tokens. This module gives them a stdlib HMAC backend that counts its calls, a decoder
that verifies signatures without PyJWT or the library under test, the whole contract
of a :class:`~twilio_jwt.grant.FieldGrant` as one check (so each grant plugin states
its key and fields instead of copying the same tests), and the check that a test
session discovered exactly the plugins it installed. It needs no test framework.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Iterable
from typing import Any

import attrs

from twilio_jwt.access_token import AccessToken
from twilio_jwt.active import default_host
from twilio_jwt.algorithm import SigningAlgorithm
from twilio_jwt.errors import InvalidParameterTypeError
from twilio_jwt.grant import FieldGrant, Grant
from twilio_jwt.hookspecs import hookimpl
from twilio_jwt.host import PluginHost
from twilio_jwt.jws import b64url_decode
from twilio_jwt.secret import check_hmac_secret

__all__ = [
    "ENV_EXPECT",
    "ReferenceHMAC",
    "ReferenceHMACPlugin",
    "decode_hs",
    "mint_claims",
    "check_field_grant",
    "NOT_STR",
    "TEST_ACCOUNT_SID",
    "TEST_KEY_SID",
    "TEST_SECRET",
    "expected_plugins",
    "assert_discovered_exactly",
]

#: Credentials for test tokens (the secret is long enough that PyJWT does not warn about it, even for HS512).
TEST_ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
TEST_KEY_SID = "SK" + "fedcba9876543210" * 2
TEST_SECRET = "test-api-key-secret-" + "0123456789abcdef" * 3

#: Set by each nox plugin session to the plugins it installed (comma-separated).
ENV_EXPECT = "TWILIO_JWT_EXPECT_PLUGINS"

_DIGESTS = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


class ReferenceHMAC(SigningAlgorithm):
    """HS256/384/512 on ``hmac.new`` that counts ``prepare_key`` and ``sign`` calls.

    The counts let tests prove that a token prepares its key once and that minting
    reaches the backend the host chose.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.prepared = 0
        self.signed = 0

    def prepare_key(self, key: Any) -> bytes:
        self.prepared += 1
        return check_hmac_secret("key", key)

    def sign(self, msg: bytes, key: bytes) -> bytes:
        self.signed += 1
        return hmac.new(key, msg, _DIGESTS[self.name]).digest()

    def verify(self, msg: bytes, key: bytes, sig: bytes) -> bool:
        return hmac.compare_digest(hmac.new(key, msg, _DIGESTS[self.name]).digest(), sig)


class ReferenceHMACPlugin:
    """A plugin object offering :class:`ReferenceHMAC` for HS256/384/512; counts its hook calls."""

    def __init__(self) -> None:
        self.algorithms = [ReferenceHMAC(name) for name in _DIGESTS]
        self.hook_calls = 0

    @hookimpl
    def twilio_jwt_signing_algorithms(self) -> list[SigningAlgorithm]:
        self.hook_calls += 1
        return list(self.algorithms)


def decode_hs(token: str, key: str | bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and claims of an HS256/384/512 token, after checking its signature.

    Uses only the standard library, so a test that decodes with it checks the library's
    output rather than the library's own reading of it. Raises ``AssertionError`` on a
    bad signature or an algorithm that is not HMAC.
    """
    header_b64, claims_b64, signature_b64 = token.split(".")
    header = json.loads(b64url_decode(header_b64))
    digest = _DIGESTS.get(header.get("alg"))
    if digest is None:
        raise AssertionError(f"not an HMAC token: alg={header.get('alg')!r}")
    raw_key = key.encode() if isinstance(key, str) else key
    expected = hmac.new(raw_key, f"{header_b64}.{claims_b64}".encode(), digest).digest()
    _require(hmac.compare_digest(expected, b64url_decode(signature_b64)), "signature does not verify")
    return header, json.loads(b64url_decode(claims_b64))


def mint_claims(plugins: Iterable[object], *grants: Grant) -> dict[str, Any]:
    """Mint an access token with ``grants`` through a host of ``plugins`` plus the reference HMAC.

    Returns the verified claims. Grant plugins' tests use it to prove a grant travels
    through an explicit host into a signed token, with nothing else installed.
    """
    host = PluginHost(plugins=[*plugins, ReferenceHMACPlugin()])
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="alice", host=host)
    for grant in grants:
        provided = host.grant_type(type(grant).key)
        _require(provided is type(grant), f"the host provides {provided!r} for {type(grant).key!r}")
        token.add_grant(grant)
    return decode_hs(token.to_jwt(), TEST_SECRET)[1]


#: Values that no str field of a grant may accept (each must raise TypeError when the grant is built).
NOT_STR: tuple[object, ...] = (1, 1.5, True, b"bytes", ["list"], {"a": "b"}, object())


def check_field_grant(cls: type[FieldGrant], key: str, fields: Iterable[str], plugin: object) -> None:
    """Everything a :class:`~twilio_jwt.grant.FieldGrant` promises (contract section 2), for ``cls``.

    Its key and fields are exactly ``key`` and ``fields``; each field set alone appears
    under its own name, ``None`` and ``""`` are omitted, every non-str value is a
    ``TypeError`` naming the field, payloads round-trip through ``from_payload``,
    ``from_payload`` refuses unknown fields and non-mappings, and ``plugin`` (the
    plugin module) provides ``cls`` to a host that mints it into a signed token.
    """
    fields = tuple(fields)
    names = tuple(field.name for field in attrs.fields(cls))
    _require((cls.key, names) == (key, fields), f"{cls.__name__} has key {cls.key!r} and fields {names}")
    _require(cls().to_payload() == {}, f"an empty {cls.__name__} has payload {cls().to_payload()}")
    full = {name: f"{name}-value" for name in fields}
    for payload in [*({name: value} for name, value in full.items()), full]:
        grant = cls(**payload)
        _require(grant.to_payload() == payload, f"{cls.__name__}(**{payload}).to_payload() == {grant.to_payload()}")
        _require(cls.from_payload(payload) == grant, f"{cls.__name__}.from_payload({payload}) does not round-trip")
        _require(json.loads(json.dumps(grant.to_payload())) == payload, "payload is not JSON")
    for name in fields:
        for empty in (None, ""):
            _require(cls(**{name: empty}).to_payload() == {}, f"{name}={empty!r} is not omitted")
        for value in NOT_STR:
            _expect_type_error(name, lambda name=name, value=value: cls(**{name: value}))
    _expect_type_error("payload", lambda: cls.from_payload({"unexpected": "x"}), "unexpected")
    for not_a_mapping in (None, 5, "room", ["room"]):
        _expect_type_error("payload", lambda value=not_a_mapping: cls.from_payload(value), "expected a mapping")
    claims = mint_claims([plugin], cls(**full))
    _require(claims["grants"] == {"identity": "alice", key: full}, f"minted grants: {claims['grants']}")


def _expect_type_error(parameter: str, build: Any, words: str = "") -> None:
    try:
        build()
    except InvalidParameterTypeError as exc:
        _require(
            isinstance(exc, TypeError) and str(exc).startswith(f"{parameter}: ") and words in str(exc),
            f"unexpected message: {exc}",
        )
    else:
        raise AssertionError(f"no TypeError naming {parameter!r}")


def _require(condition: bool, message: str) -> None:
    """``assert`` that survives ``python -O``: these checks are the point of the helpers."""
    if not condition:
        raise AssertionError(message)


def expected_plugins() -> list[str] | None:
    """The plugin names in ``TWILIO_JWT_EXPECT_PLUGINS``, or ``None`` when it is unset."""
    text = os.environ.get(ENV_EXPECT)
    return None if text is None else sorted(filter(None, (part.strip() for part in text.split(","))))


def assert_discovered_exactly(expected: Iterable[str], host: PluginHost | None = None) -> None:
    """Entry-point discovery found exactly ``expected``, each from its own distribution, and nothing failed.

    Used by every plugin's tests in its nox session (core plus that plugin alone), so
    a plugin that secretly needs another one, or an entry point that does not load,
    fails there rather than in a user's install.
    """
    host = host or default_host()
    found = sorted(record.name for record in host.records)
    problems = [f.describe() for f in host.failures] + [c.describe() for c in host.registry.conflicts.values()]
    _require(found == sorted(expected), f"discovered plugins {found}, expected {sorted(expected)}")
    _require(not problems, f"plugin problems: {problems}")
    missing = [record.name for record in host.records if not record.distribution or not record.version]
    _require(not missing, f"plugins without a distribution and version: {missing}")
