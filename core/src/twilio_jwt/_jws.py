"""Compact JWS encoding: the one place where tokens become bytes.

Written by hand rather than through ``jwt.encode`` because minting is the hot path:
the header segment is computed once per distinct header and cached, claims are
serialised with one compact ``json.dumps``, and the only other work is base64 and
the signature. PyJWT is imported only for decoding; its
``jwt.decode`` reads what this writes.
"""

from __future__ import annotations

import functools
import json
from binascii import a2b_base64, b2a_base64
from collections.abc import Callable, Mapping
from json import encoder as _json_encoder
from typing import Any

from twilio_jwt.algorithm import SigningAlgorithm


def _compact_chunks() -> Callable[[Any, int], Any]:
    """The chunks of ``json.dumps(value, separators=(",", ":"), allow_nan=False)``, with its set-up done once.

    ``JSONEncoder.encode`` builds a new C encoder on every call; this builds it once
    (about a microsecond saved per token). It skips the circular-reference check, which
    needs fresh state per call: a cycle ends in ``RecursionError`` instead of
    ``ValueError``, and payloads are checked with :func:`compact_json` when grants and
    scopes are built, so a cycle is refused there, before any token is signed.
    """
    python = json.JSONEncoder(separators=(",", ":"), allow_nan=False)
    make: Callable[..., Callable[[Any, int], Any]] | None = getattr(_json_encoder, "c_make_encoder", None)  # C, untyped
    if make is None:  # pragma: no cover - CPython always has the C accelerator
        return lambda value, _: python.iterencode(value)
    return make(None, python.default, _json_encoder.encode_basestring_ascii, None, ":", ",", False, False, False)


_CHUNKS = _compact_chunks()


def compact_json(value: Any) -> str:
    """Compact JSON exactly as tokens are written (no spaces, ASCII only, NaN refused)."""
    return "".join(_CHUNKS(value, 0))


def b64url(data: bytes) -> bytes:
    """Unpadded URL-safe base64 (``base64.urlsafe_b64encode`` minus its two Python-level calls)."""
    return b2a_base64(data, newline=False).translate(_URLSAFE).rstrip(b"=")


_URLSAFE = bytes.maketrans(b"+/", b"-_")


def b64url_decode(data: str | bytes) -> bytes:
    """Inverse of :func:`b64url`, padding restored first (``base64.urlsafe_b64decode`` minus its Python calls)."""
    if isinstance(data, str):
        data = data.encode("ascii")
    return a2b_base64(data.translate(_STANDARD) + b"=" * (-len(data) % 4))


_STANDARD = bytes.maketrans(b"-_", b"+/")


@functools.lru_cache(maxsize=1024)  # bounded: a header varies only by alg, kid and region
def header_segment(*items: tuple[str, str]) -> bytes:
    """The encoded header for these (name, value) pairs, in this order; cached."""
    return b64url(compact_json(dict(items)).encode())


def encode(
    header: bytes, claims: dict[str, Any], algorithm: SigningAlgorithm, key: Any, encoded: Mapping[str, str] = {}
) -> str:
    """``header.claims.signature`` with an already encoded header segment and a prepared key.

    ``encoded`` holds claims whose JSON text is already known (a TaskRouter token's
    policies, serialised once per policy): they are appended to ``claims`` as they are.
    """
    body = "".join(_CHUNKS(claims, 0))  # compact_json and b64url written out: a call saved is measurable here
    if encoded:
        extra = ",".join(f"{compact_json(name)}:{text}" for name, text in encoded.items())
        body = f"{body[:-1]},{extra}}}" if claims else f"{{{extra}}}"
    signing_input = header + b"." + b2a_base64(body.encode(), newline=False).translate(_URLSAFE).rstrip(b"=")
    signature = b2a_base64(algorithm.sign(signing_input, key), newline=False).translate(_URLSAFE).rstrip(b"=")
    return (signing_input + b"." + signature).decode("ascii")
