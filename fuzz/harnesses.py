"""Fuzz targets: one input in, only documented errors out.

Each target takes the fuzzer's bytes and must either succeed or raise one of the
errors the library documents for that call; anything else (a ``KeyError``, a
``UnicodeEncodeError``, a ``RecursionError``, an ``InvalidParameterError`` escaping
from deep inside decoding) is a bug, and the fuzzer reports the input.

- :func:`decode_one` feeds every token type's ``from_jwt``. The first byte picks how the
  rest is used: as the whole token, as the claims or the header of a token that is
  otherwise valid and properly signed (so the fuzzer reaches the claim checks and the
  grant, scope and policy rebuilding behind the signature), or spliced into a valid
  token. Only :class:`~twilio_jwt.errors.TokenError` may come out.
- :func:`canonicalize_one` builds a request (URL, method, headers, params, body, auth,
  each of a type the input chooses) for ``ValidationToken.get_request_canonicalizer``.
  Only ``InvalidParameterError``/``InvalidParameterTypeError`` may come out, and the
  same request must canonicalise to the same string twice.

No fuzzing engine is imported here: ``fuzz/run.py`` drives these with atheris, or with
hypothesis where atheris does not install, and ``tests/test_fuzz_regressions.py``
replays the inputs kept in ``fuzz/regressions/``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import pathlib
import time
from collections.abc import Callable, Iterator
from typing import Any

from twilio_jwt import AccessToken, ClientCapability, default_host
from twilio_jwt._jws import b64url
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError, TokenError
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET
from twilio_jwt_rsa import ValidationToken
from twilio_jwt_task_router import Policy, TaskRouterCapability
from twilio_jwt_voice import IncomingClientScope, OutgoingClientScope, VoiceGrant

__all__ = ["TARGETS", "canonicalize_one", "decode_one", "seeds"]

KEYS = pathlib.Path(__file__).parent.parent / "tests" / "conformance" / "keys"
PRIVATE_KEY = (KEYS / "rsa2048_pkcs8.pem").read_text("utf-8")
AUTH_TOKEN = "fuzz-auth-token-" + "0" * 24
NOW = 1_700_000_000


@functools.cache
def _validation_token() -> ValidationToken:
    return ValidationToken(TEST_ACCOUNT_SID, "CR" + "1" * 32, TEST_KEY_SID, PRIVATE_KEY)


def _access() -> str:
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="fuzz")
    token.add_grant(
        VoiceGrant(incoming_allow=True, outgoing_application_sid="AP1", outgoing_application_params={"a": 1})
    )
    return token.to_jwt()


def _client() -> str:
    capability = ClientCapability(TEST_ACCOUNT_SID, AUTH_TOKEN)
    capability.add_scope(IncomingClientScope("fuzz"))
    capability.add_scope(OutgoingClientScope("AP1", client_name="fuzz", params={"a": "b c"}))
    return capability.to_jwt()


def _taskrouter() -> str:
    capability = TaskRouterCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, "WS" + "2" * 32, "WK" + "3" * 32)
    capability.add_policy(Policy("https://example.com/x", "POST", post_filter={"A": {"required": True}}))
    return capability.to_jwt()


def _validation() -> str:
    token = _validation_token()
    return token.generate_token(token.get_request_canonicalizer({"method": "GET", "url": "https://api.twilio.com/"}))


#: Token type -> (a good token of it, the key its from_jwt gets, the key that signs it).
KINDS: dict[type, tuple[Callable[[], str], Any, Any]] = {
    AccessToken: (_access, TEST_SECRET, TEST_SECRET),
    ClientCapability: (_client, AUTH_TOKEN, AUTH_TOKEN),
    TaskRouterCapability: (_taskrouter, AUTH_TOKEN, AUTH_TOKEN),
    ValidationToken: (_validation, PRIVATE_KEY, PRIVATE_KEY),
}


@functools.cache
def _good(cls: type) -> tuple[str, bytes, bytes]:
    """A good token of ``cls`` minted at ``NOW``, and its raw header and claims JSON."""
    real = time.time
    time.time = lambda: NOW  # tokens valid for the fuzzing clock, below
    try:
        token = KINDS[cls][0]()
    finally:
        time.time = real
    from twilio_jwt._jws import b64url_decode

    header, claims, _ = token.split(".")
    return token, b64url_decode(header), b64url_decode(claims)


@functools.cache
def _signer(cls: type) -> tuple[Any, Any]:
    """The backend and prepared key that sign ``cls`` tokens (an RSA key takes milliseconds to load)."""
    algorithm = default_host().algorithm(json.loads(_good(cls)[1])["alg"])
    return algorithm, algorithm.prepare_key(KINDS[cls][2])


def _signed(cls: type, header: bytes, claims: bytes) -> str:
    algorithm, key = _signer(cls)
    signing_input = b64url(header) + b"." + b64url(claims)
    return (signing_input + b"." + b64url(algorithm.sign(signing_input, key))).decode()


def _tokens(cls: type, data: bytes) -> Iterator[str | bytes]:
    mode, body = (data[0] % 4, data[1:]) if data else (0, b"")
    good, header, claims = _good(cls)
    if mode == 0:
        yield body
        yield body.decode("latin-1")
    elif mode == 1:
        yield _signed(cls, header, body)
    elif mode == 2:
        yield _signed(cls, body, claims)
    else:
        cut = body[0] % (len(good) + 1) if body else 0
        yield good[:cut] + body[1:].decode("latin-1") + good[cut + len(body[1:]) :]


def decode_one(data: bytes) -> None:
    """Every token type's ``from_jwt`` on the tokens ``data`` makes; only ``TokenError`` may come out."""
    real = time.time
    time.time = lambda: NOW + 1
    try:
        for cls, (_, key, _) in KINDS.items():
            key = _signer(cls)[1] if cls is ValidationToken else key  # a loaded key: a PEM takes ms to read
            for token in _tokens(cls, data):
                with contextlib.suppress(TokenError):
                    cls.from_jwt(token, key)
    finally:
        time.time = real


class _Reader:
    """Takes values of several types from fuzz bytes, the way atheris' FuzzedDataProvider does."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def byte(self) -> int:
        value, self.data = (self.data[0], self.data[1:]) if self.data else (0, b"")
        return value

    def text(self) -> str:
        size = self.byte()
        raw, self.data = self.data[:size], self.data[size:]
        return raw.decode("utf-8", "surrogateescape") if self.byte() % 2 else raw.decode("latin-1")

    def value(self, depth: int = 0) -> Any:
        kind = self.byte() % (9 if depth < 2 else 6)
        if kind == 0:
            return None
        if kind == 1:
            return self.text().encode("utf-8", "surrogatepass")
        if kind == 2:
            return int.from_bytes(self.text().encode("latin-1", "replace"), "big", signed=True) * (
                10**4400 if self.byte() == 255 else 1
            )
        if kind == 3:
            return self.byte() % 2 == 1
        if kind == 4:
            return float(self.byte()) / (self.byte() or 0.5)
        if kind == 5:
            return self.text()
        if kind == 6:
            return [self.value(depth + 1) for _ in range(self.byte() % 4)]
        if kind == 7:
            return tuple(self.value(depth + 1) for _ in range(self.byte() % 3))
        return {self.text(): self.value(depth + 1) for _ in range(self.byte() % 4)}


_FIELDS = ("url", "method", "headers", "params", "data", "auth")
_URLS = ("https://api.twilio.com", "http://user:pw@h:80", "https://[::1]:443", "", "//h", "https://h/a/../b")


def _request(data: bytes) -> dict[str, Any]:
    reader = _Reader(data)
    request: dict[str, Any] = {}
    for field in _FIELDS:
        choice = reader.byte() % 4
        if choice == 0 and field not in ("url", "method"):
            continue
        if field == "url" and choice:
            request[field] = _URLS[reader.byte() % len(_URLS)] + reader.text()
        elif field == "method" and choice:
            request[field] = reader.text() or "GET"
        elif field == "headers" and choice == 1:
            request[field] = {reader.text(): reader.value() for _ in range(reader.byte() % 4)}
        else:
            request[field] = reader.value()
    return request


def canonicalize_one(data: bytes) -> None:
    """Canonicalise the request ``data`` describes; only the documented errors, and the same result twice."""
    request = _request(data)
    token = _validation_token()
    results = []
    for _ in range(2):
        try:
            canonicalizer = token.get_request_canonicalizer(request)
            results.append((canonicalizer.canonicalized_request, canonicalizer.get_signature_hash()))
        except (InvalidParameterError, InvalidParameterTypeError) as exc:
            results.append((type(exc).__name__, str(exc)))
    if results[0] != results[1]:
        raise AssertionError(f"canonicalisation is not stable: {results[0]!r} then {results[1]!r}")


#: Harness name -> the function one input goes to.
TARGETS: dict[str, Callable[[bytes], None]] = {"decoding": decode_one, "canonical": canonicalize_one}


def seeds(name: str) -> list[bytes]:
    """Starting inputs: valid tokens and their parts for decoding; a few requests for canonicalisation."""
    if name == "decoding":
        found: list[bytes] = []
        for cls in KINDS:
            token, header, claims = _good(cls)
            found += [b"\x00" + token.encode(), b"\x01" + claims, b"\x02" + header, b"\x03\x10" + b"A" * 8]
        return found
    return [
        bytes([1, 0, 5]) + b"/path" + bytes([1, 1, 3]) + b"GET" + bytes([1, 1, 5, 3]) + b"Host" + bytes([0]),
        bytes([1, 1, 20]) + b"/a%20b?x=1&y=%FF&z+2" + bytes([0, 1, 4]) + b"POST" + bytes([0, 2, 8, 5]) + b"\xed\xa0",
    ]
