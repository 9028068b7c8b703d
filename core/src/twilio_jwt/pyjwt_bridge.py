"""Our algorithm objects dressed as PyJWT algorithms, on private ``PyJWS`` instances.

Imported by :mod:`twilio_jwt.decoding` only when a token is decoded, so PyJWT (and
the ``cryptography`` it may import) never loads for minting. PyJWT does the parsing
and the signature check, but with the signing backends chosen through the plugin
registry, never with its own global algorithm table: each ``PyJWS`` here knows only
the algorithms a token type allows, so a token's ``alg`` header cannot pick anything
else (``none`` and the HS256-keyed-with-a-public-key trick find nothing to run).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any, NoReturn

from jwt.algorithms import Algorithm
from jwt.api_jws import PyJWS
from jwt.exceptions import DecodeError
from jwt.utils import base64url_decode, base64url_encode

from twilio_jwt.algorithm import SigningAlgorithm

__all__ = ["PluginAlgorithm", "pinned_jws", "READER"]

#: Parses without verifying (``options={"verify_signature": False}``); knows no algorithm at all.
READER = PyJWS(algorithms=[])

_lock = threading.Lock()
_PINNED: dict[tuple[tuple[str, int], ...], tuple[tuple[SigningAlgorithm, ...], PyJWS]] = {}


class PluginAlgorithm(Algorithm):
    """A :class:`~twilio_jwt.algorithm.SigningAlgorithm` in PyJWT's ``Algorithm`` shape.

    PyJWT prepares the verification key with ``prepare_key``; for us that is
    :meth:`SigningAlgorithm.prepare_verify_key` (the public half for RSA), so the
    backend's own key checks (the HMAC key-confusion guard included) run on decode too.
    """

    def __init__(self, algorithm: SigningAlgorithm) -> None:
        self.algorithm = algorithm

    def prepare_key(self, key: Any) -> Any:
        return self.algorithm.prepare_verify_key(key)

    def sign(self, msg: bytes, key: Any) -> bytes:
        return self.algorithm.sign(msg, key)

    def verify(self, msg: bytes, key: Any, sig: bytes) -> bool:
        return bool(self.algorithm.verify(msg, key, sig))

    @staticmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> NoReturn:
        raise NotImplementedError("twilio-jwt algorithms do not export JWKs")

    @staticmethod
    def from_jwk(jwk: Any) -> NoReturn:
        raise NotImplementedError("twilio-jwt algorithms do not import JWKs")

    def __repr__(self) -> str:
        return f"PluginAlgorithm({self.algorithm!r})"


_ALPHABET = re.compile(rb"[A-Za-z0-9_-]*")


class _PinnedJWS(PyJWS):
    """PyJWS with its per-segment base64url check done by one regular expression.

    PyJWT 2.10 and later test every character of every segment in a Python generator
    (about half of its decoding time). This is the same rule (GHSA-hxm8-2xgr-2p9m: at
    most two ``=``, only on a whole quantum, only alphabet characters, canonical
    encoding) run in C. On a PyJWT that has no such method the override is simply unused.
    """

    @staticmethod
    def _decode_base64url_segment(segment: bytes, name: str) -> bytes:
        stripped = segment.rstrip(b"=")
        padding = len(segment) - len(stripped)
        if padding > 2 or (padding and len(segment) % 4) or len(stripped) % 4 == 1 or not _ALPHABET.fullmatch(stripped):
            raise DecodeError(f"Invalid {name} padding")
        decoded = base64url_decode(stripped)
        if base64url_encode(decoded) != stripped:
            raise DecodeError(f"Invalid {name} padding")
        return decoded


def pinned_jws(algorithms: Sequence[SigningAlgorithm]) -> PyJWS:
    """A ``PyJWS`` that knows exactly these backends (cached per set of backend objects).

    The cache holds the objects it is keyed by, so an ``id`` in a key always belongs
    to a live object.
    """
    key = tuple((a.name, id(a)) for a in algorithms)
    found = _PINNED.get(key)
    if found is None:
        jws = _PinnedJWS(algorithms=[])
        for algorithm in algorithms:
            jws.register_algorithm(algorithm.name, PluginAlgorithm(algorithm))
        with _lock:
            if len(_PINNED) > 64:  # bounded: one entry per host and token type in practice
                _PINNED.clear()
            found = _PINNED.setdefault(key, (tuple(algorithms), jws))
    return found[1]
