"""ValidationToken (Public Key Client Validation, RS256) per request.

The token object is built once with the PEM key, as an HTTP client adapter holds it,
and each request costs a canonicalisation plus one signature. The baselines:

- raw RSA: ``cryptography``'s ``private_key.sign`` of the very signing input our token
  carries, with a key loaded once (the bytes are checked equal first: RS256 is
  deterministic), so the ratio is everything we add around the signature;
- twilio-python: ``ClientValidationJwt(...).to_jwt()`` for the same request, which is
  how its ``ValidationClient`` signs each request, handing PyJWT the PEM text every time.
  Its request fields are given ready-made (no ``requests`` preparation is timed), which
  only flatters it.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from benchmarks.fixtures import ACCOUNT_SID, API_KEY_SID, API_SECRET, CREDENTIAL_SID, private_key_pem
from benchmarks.report import Row, against, at_most, faster, unavailable
from benchmarks.timing import Settings, sampler

__all__ = ["request", "run", "signer", "validation_token"]

PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
FORM = {"To": "+15558675310", "From": "+15017122661", "Body": "Hello from twilio-jwt"}
CONTENT_TYPE = "application/x-www-form-urlencoded"


def request(body: str | dict[str, str] = FORM) -> dict[str, Any]:
    """A message-sending request as ``requests`` would be given it."""
    return {
        "method": "POST",
        "url": f"https://api.twilio.com{PATH}",
        "headers": {"Content-Type": CONTENT_TYPE},
        "auth": (API_KEY_SID, API_SECRET),
        "data": body,
    }


def validation_token() -> Any:
    """The one ValidationToken an HTTP client adapter holds (the PEM key parsed once, here)."""
    from twilio_jwt_rsa import ValidationToken

    return ValidationToken(ACCOUNT_SID, CREDENTIAL_SID, API_KEY_SID, private_key_pem())


def signer() -> Callable[[dict[str, Any]], str]:
    """Our per-request work: one ValidationToken reused, canonicalise + sign."""
    token = validation_token()
    return lambda req: token.generate_token(token.get_request_canonicalizer(req))


def raw_rsa(token: str) -> Callable[[], bytes]:
    """cryptography signing our token's signing input; checked to give our signature."""
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.hashes import SHA256
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    key: Any = load_pem_private_key(private_key_pem().encode(), None)
    signing_input, _, signature = token.rpartition(".")
    message = signing_input.encode()
    if base64.urlsafe_b64encode(key.sign(message, PKCS1v15(), SHA256())).rstrip(b"=").decode() != signature:
        raise AssertionError("raw RSA signature differs from twilio-jwt's: not the same work")
    return lambda: key.sign(message, PKCS1v15(), SHA256())


def twilio_signer() -> Callable[[], str]:
    from twilio.http.validation_client import ValidationPayload  # type: ignore[import-untyped]
    from twilio.jwt.validation import ClientValidationJwt  # type: ignore[import-untyped]

    pem = private_key_pem()
    basic = "Basic " + base64.b64encode(f"{API_KEY_SID}:{API_SECRET}".encode()).decode()
    headers = {"Authorization": basic, "Host": "api.twilio.com", "Content-Type": CONTENT_TYPE}

    def sign() -> str:
        payload = ValidationPayload("POST", PATH, "", headers, ["authorization", "host"], urlencode(FORM))
        return str(ClientValidationJwt(ACCOUNT_SID, API_KEY_SID, CREDENTIAL_SID, pem, payload).to_jwt())

    return sign


def run(settings: Settings) -> list[Row]:
    """Two rows, each the comparison its issue names.

    Against raw RSA: *token generation* with a reused key (``generate_token`` of a
    canonicalised request), which is what issue 4 asks to be within 15 % of a bare
    ``private_key.sign``: the claims, JSON, base64 and signature, nothing the raw
    signature does not need. Against twilio-python: the whole per-request work on both
    sides, our canonicalisation included, since its ``ClientValidationJwt`` does its own.
    """
    generation, per_request = (
        "ValidationToken RS256 token generation, one key reused",
        ("ValidationToken RS256 per request (canonicalise + sign), one key reused"),
    )
    raw_target, twilio_target = at_most(1.15, "raw RSA sign"), faster(50, "twilio-python")
    try:
        sign = signer()
        vt = validation_token()
    except (ImportError, AttributeError) as exc:
        return [unavailable(generation, raw_target, str(exc)), unavailable(per_request, twilio_target, str(exc))]
    req = request()
    canonical = vt.get_request_canonicalizer(req)
    token = vt.generate_token(canonical)
    # twilio-python parses the key per request (~30 ms each): fewer rounds keep the run short.
    slow_rounds = max(5, settings.rounds // 2)
    return [
        against(
            generation,
            "raw RSA",
            sampler(lambda: vt.generate_token(canonical), settings.budget),
            lambda: raw_rsa(token),
            raw_target,
            settings,
        ),
        against(
            per_request,
            "twilio-python",
            sampler(lambda: sign(req), settings.budget),
            twilio_signer,
            twilio_target,
            settings,
            slow_rounds,
        ),
    ]
