"""twilio-jwt plugin: HMAC signing (HS256, HS384, HS512).

Uses only the standard library (``hmac.digest`` runs in OpenSSL without building an
HMAC object), so minting an HS256 token never imports ``cryptography``.
"""

from __future__ import annotations

from twilio_jwt import hookimpl
from twilio_jwt_hmac.algorithm import HMACAlgorithm

__all__ = ["HMACAlgorithm", "HS256", "HS384", "HS512"]

HS256 = HMACAlgorithm("HS256", "sha256")
HS384 = HMACAlgorithm("HS384", "sha384")
HS512 = HMACAlgorithm("HS512", "sha512")


@hookimpl
def twilio_jwt_signing_algorithms() -> list[HMACAlgorithm]:
    return [HS256, HS384, HS512]
