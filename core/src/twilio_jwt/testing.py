"""Helpers for testing twilio-jwt and its plugins.

Core's own tests and every grant plugin's tests run with core alone (plus that one
plugin): no ``twilio-jwt-hmac`` is installed there, yet they must mint and check real
tokens. This module gives them a stdlib HMAC backend that counts its calls, a decoder
that verifies signatures without PyJWT or the library under test, the whole contract
of a :class:`~twilio_jwt.grant.FieldGrant` as one check (so each grant plugin states
its key and fields instead of copying the same tests), and the check that a test
session discovered exactly the plugins it installed. It needs no test framework.

For plugin authors, :func:`check_grant_class` and :func:`check_algorithm` check a
grant class or a signing backend against the whole contract in one call (they raise
``AssertionError`` saying what is wrong), so a third-party plugin's tests can be two lines.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import time
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from twilio_jwt._jws import b64url_decode, encode, header_segment
from twilio_jwt.access_token import AccessToken
from twilio_jwt.algorithm import SigningAlgorithm
from twilio_jwt.decoding import TokenSpec, verify
from twilio_jwt.errors import InvalidParameterTypeError, InvalidSignatureError, TokenError
from twilio_jwt.grant import FieldGrant, Grant
from twilio_jwt.hookspecs import hookimpl
from twilio_jwt.host import PluginHost, default_host
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
    "check_grant_class",
    "check_algorithm",
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
        provided = host.grant_for_key(type(grant).key)
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
    ``from_payload`` keeps fields it does not declare (and writes them back) but
    refuses non-mappings, the constructor refuses undeclared names, and ``plugin`` (the
    plugin module) provides ``cls`` to a host that mints it into a signed token.
    """
    fields = tuple(fields)
    names = tuple(field.name for field in attrs.fields(cls) if field.init)
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
    newer = {**full, "unexpected": {"from": "a newer Twilio"}}
    _require(cls.from_payload(newer).to_payload() == newer, f"{cls.__name__} drops fields it does not declare")
    try:
        cls(unexpected="x")  # type: ignore[call-arg]
    except TypeError:
        pass
    else:
        raise AssertionError(f"{cls.__name__}(unexpected='x') is accepted: minting takes only declared fields")
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


# -- the plugin author's kit -----------------------------------------------------------------


class _Offers:
    """A plugin object offering the grant classes and algorithms under test, and nothing else."""

    def __init__(self, grants: Iterable[type[Grant]] = (), algorithms: Iterable[SigningAlgorithm] = ()) -> None:
        self.grants = list(grants)
        self.algorithms = list(algorithms)

    @hookimpl
    def twilio_jwt_grant_types(self) -> list[type[Grant]]:
        return self.grants

    @hookimpl
    def twilio_jwt_signing_algorithms(self) -> list[SigningAlgorithm]:
        return self.algorithms


#: For an example value of each type, values of other types the grant must refuse with a TypeError.
_WRONG_TYPES: tuple[tuple[type, tuple[object, ...]], ...] = (
    (bool, ("true", 1, 0.0, object())),
    (str, NOT_STR),
    (Mapping, ("text", 1, ["list"], object())),
    (list, ("text", 1, {"a": 1}, object())),
    (int, ("1", object())),
    (float, ("1.5", object())),
)


def check_grant_class(cls: type[Grant], examples: Iterable[Mapping[str, Any]]) -> None:
    """Check a grant class against the grant contract, given keyword sets it must accept.

    Raises ``AssertionError`` unless ``cls`` is a :class:`~twilio_jwt.grant.Grant` with a
    non-empty str ``key`` (not ``identity``, which access tokens reserve), and for every
    example: ``cls(**example)`` has a payload that is a JSON object and survives JSON;
    ``from_payload`` rebuilds a ``cls`` with the same payload; the grant travels through
    a minted and decoded AccessToken unchanged; and each keyword given a value of another
    type (a str where a bool was, an int where a str was, ...) raises ``TypeError``
    naming that keyword when the grant is built.
    """
    _require(isinstance(cls, type) and issubclass(cls, Grant), f"{cls!r} is not a twilio_jwt Grant subclass")
    key = getattr(cls, "key", None)
    _require(isinstance(key, str) and bool(key), f"{cls.__name__}.key must be a non-empty str, got {key!r}")
    _require(key != "identity", f"{cls.__name__}.key is 'identity', which access tokens reserve for the identity")
    cases = [dict(example) for example in examples]
    _require(bool(cases), "check_grant_class needs at least one example")
    host = PluginHost(plugins={"kit": _Offers(grants=[cls]), "hmac": ReferenceHMACPlugin()})
    for example in cases:
        where = f"{cls.__name__}(**{example!r})"
        payload = cls(**example).to_payload()
        _require(isinstance(payload, dict), f"{where}.to_payload() must be a dict, got {type(payload).__name__}")
        try:
            wire = json.loads(json.dumps(payload, allow_nan=False))
        except (TypeError, ValueError) as exc:
            raise AssertionError(f"{where}.to_payload() is not JSON: {exc}") from None
        _require(wire == payload, f"{where}.to_payload() changes through JSON: {payload!r} -> {wire!r}")
        again = cls.from_payload(wire)
        _require(type(again) is cls, f"{cls.__name__}.from_payload() returned {type(again).__name__}")
        _require(again.to_payload() == payload, f"{cls.__name__}.from_payload({wire!r}) gives {again.to_payload()!r}")
        token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="kit", host=host)
        token.add_grant(cls(**example))
        decoded = AccessToken.from_jwt(token.to_jwt(), TEST_SECRET, host=host).grants
        _require(
            [(type(g), g.to_payload()) for g in decoded] == [(cls, payload)],
            f"{where} does not come back from a decoded AccessToken: {decoded!r}",
        )
        for keyword, value in example.items():
            for wrong in next((values for kind, values in _WRONG_TYPES if isinstance(value, kind)), ()):
                _expect_type_error_naming(keyword, lambda k=keyword, w=wrong, e=example: cls(**{**e, k: w}))


def _expect_type_error_naming(keyword: str, build: Any) -> None:
    try:
        build()
    except TypeError as exc:
        _require(keyword in str(exc), f"the TypeError for a wrong {keyword} does not name it: {exc}")
    else:
        raise AssertionError(f"a wrong type for {keyword!r} was accepted; expected a TypeError naming it")


def check_algorithm(algorithm: SigningAlgorithm, key: Any, wrong_key: Any) -> None:
    """Check a signing backend against the algorithm contract, given a key and another key.

    Raises ``AssertionError`` unless the backend has a non-empty str ``name`` and
    ``prepare_key``/``sign``/``verify``; signs to non-empty bytes; verifies its own
    signature under ``prepare_verify_key(key)`` but not under ``wrong_key``, nor a
    changed message, a changed or an empty signature; shows no str/bytes key in its
    ``repr``; and signs a token that :func:`twilio_jwt.decoding.verify` (PyJWT, with this
    backend from a plugin host) accepts with ``key`` and refuses with ``wrong_key``.
    """
    name = getattr(algorithm, "name", None)
    if not isinstance(name, str) or not name:
        raise AssertionError(f"{algorithm!r} has no str name")
    for method in ("prepare_key", "sign", "verify", "prepare_verify_key"):
        _require(callable(getattr(algorithm, method, None)), f"algorithm {name} has no {method}() method")
    prepared = algorithm.prepare_key(key)
    message = b"eyJhbGciOiJraXQifQ.eyJraXQiOnRydWV9"
    signature = algorithm.sign(message, prepared)
    _require(isinstance(signature, bytes) and bool(signature), f"{name}.sign() must return non-empty bytes")
    public = algorithm.prepare_verify_key(key)
    other = algorithm.prepare_verify_key(wrong_key)
    changed = bytes([signature[0] ^ 1]) + signature[1:]
    for label, ok, expected in (
        ("its own signature", algorithm.verify(message, public, signature), True),
        ("a signature under the wrong key", algorithm.verify(message, other, signature), False),
        ("a changed message", algorithm.verify(message + b"x", public, signature), False),
        ("a changed signature", algorithm.verify(message, public, changed), False),
        ("an empty signature", algorithm.verify(message, public, b""), False),
    ):
        _require(ok is expected, f"{name}.verify() returned {ok!r} for {label}")
    shown = repr(algorithm) + str(algorithm)
    for given in (key, wrong_key):
        if isinstance(given, (str, bytes)):
            text = given if isinstance(given, str) else given.decode("latin-1")
            _require(text not in shown, f"repr of {name} shows the key")
    host = PluginHost(plugins={"kit": _Offers(algorithms=[algorithm])})
    spec = TokenSpec(f"{name} test token", (name,), None, marker="kit")
    claims = {"kit": True, "exp": math.floor(time.time()) + 600}
    token = encode(header_segment(("alg", name), ("typ", "JWT")), claims, algorithm, prepared)
    try:
        verify(token, key, spec, host=host)
    except TokenError as exc:
        raise AssertionError(f"decoding refused a token {name} signed: {exc}") from None
    try:
        verify(token, wrong_key, spec, host=host)
    except InvalidSignatureError:
        return
    raise AssertionError(f"decoding accepted a {name} token under the wrong key")
