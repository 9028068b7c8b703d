"""Compact JWS encoding: the one place where tokens become bytes.

Written by hand rather than through ``jwt.encode`` because minting is the hot path:
the header segment is computed once per distinct header and cached, claims are
serialised with one compact ``json.dumps``, and the only other work is base64 and
the signature. PyJWT is imported only for decoding; its
``jwt.decode`` reads what this writes.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from twilio_jwt.algorithm import SigningAlgorithm

__all__ = ["b64url", "b64url_decode", "header_segment", "encode"]

_dumps = json.JSONEncoder(separators=(",", ":"), allow_nan=False).encode
_HEADERS: dict[tuple[tuple[str, str], ...], bytes] = {}


def b64url(data: bytes) -> bytes:
    """Unpadded URL-safe base64."""
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def b64url_decode(data: str | bytes) -> bytes:
    """Inverse of :func:`b64url`; padding is restored first."""
    if isinstance(data, str):
        data = data.encode("ascii")
    return base64.urlsafe_b64decode(data + b"=" * (-len(data) % 4))


def header_segment(*items: tuple[str, str]) -> bytes:
    """The encoded header for these (name, value) pairs, in this order; cached."""
    segment = _HEADERS.get(items)
    if segment is None:
        if len(_HEADERS) > 1024:  # bounded: a header varies only by alg, kid and region
            _HEADERS.clear()
        segment = _HEADERS[items] = b64url(_dumps(dict(items)).encode())
    return segment


def encode(header: bytes, claims: dict[str, Any], algorithm: SigningAlgorithm, key: Any) -> str:
    """``header.claims.signature`` with an already encoded header segment and a prepared key."""
    signing_input = header + b"." + b64url(_dumps(claims).encode())
    return (signing_input + b"." + b64url(algorithm.sign(signing_input, key))).decode("ascii")
