"""What the compat tests share: credentials, a frozen clock, and decoding that checks signatures.

Tokens are compared as decoded JSON with every scalar's type attached (``1`` is not
``1.0``, ``True`` is not ``1``), after their signatures are verified: HMAC tokens with
the standard library (:func:`twilio_jwt.testing.decode_hs`), RSA tokens with PyJWT and
the public key. Neither check uses the compat layer's own code.
"""

from __future__ import annotations

import json
import pathlib
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from twilio_jwt.testing import decode_hs

KEYS = pathlib.Path(__file__).parent.parent / "conformance" / "keys"

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
KEY_SID = "SK" + "fedcba9876543210" * 2
CREDENTIAL_SID = "CR" + "13579bdf" * 4
WORKSPACE_SID = "WS" + "2468ace0" * 4
WORKER_SID = "WK" + "1122334455667788" * 2
TASK_QUEUE_SID = "WQ" + "99aabbccddeeff00" * 2
#: Long enough that PyJWT (inside twilio-python) does not warn about short HMAC keys, even for HS512.
SECRET = "api-key-secret-" + "0123456789abcdef" * 4
AUTH_TOKEN = "auth-token-" + "fedcba9876543210" * 4
PRIVATE_KEY = (KEYS / "rsa2048_pkcs8.pem").read_text("utf-8")
PUBLIC_KEY = load_pem_public_key((KEYS / "rsa2048_public.pem").read_bytes())
#: The same public key as PEM text, and one small request to sign (for the validation token tests).
PUBLIC_KEY_PEM = (KEYS / "rsa2048_public.pem").read_text("utf-8")
VALIDATION_REQUEST = ("GET", "/", "", {"Authorization": "x", "Host": "api.twilio.com"}, ["authorization"], "")

NOW = 1_700_000_000


def freeze(monkeypatch: pytest.MonkeyPatch, now: float) -> None:
    """Both libraries read the clock through ``time.time()``: patch it for both."""
    monkeypatch.setattr(time, "time", lambda: now)


def decode(token: str, key: str = SECRET) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and claims of ``token`` after its signature was verified (HMAC with ``key``, RSA with the public key)."""
    header = json.loads(jwt.utils.base64url_decode(token.split(".")[0]))
    if header["alg"].startswith("HS"):
        return decode_hs(token, key)
    verified = jwt.api_jws.PyJWS().decode_complete(token, PUBLIC_KEY, algorithms=[header["alg"]])
    return verified["header"], json.loads(verified["payload"])


def strict(value: Any) -> Any:
    """A JSON value with the type of every scalar attached, so that ``1 != 1.0`` and ``True != 1``."""
    if isinstance(value, dict):
        return {key: strict(item) for key, item in value.items()}
    if isinstance(value, list):
        return [strict(item) for item in value]
    return (type(value).__name__, value)


def assert_same_token(ours: str, theirs: str, key: str = SECRET) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both tokens verify, and their headers and claims are the same JSON; returns ours, decoded."""
    header, claims = decode(ours, key)
    their_header, their_claims = decode(theirs, key)
    assert strict(header) == strict(their_header)
    assert strict(claims) == strict(their_claims)
    return header, claims
