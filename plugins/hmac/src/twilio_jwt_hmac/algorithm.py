"""The HMAC algorithm object (PyJWT's ``HMACAlgorithm`` shape)."""

from __future__ import annotations

import hmac

from twilio_jwt import SigningAlgorithm
from twilio_jwt.secret import check_hmac_secret

__all__ = ["HMACAlgorithm"]


class HMACAlgorithm(SigningAlgorithm):
    """HMAC with one SHA-2 digest.

    ``prepare_key`` refuses empty keys and PEM or SSH keys: an HMAC "secret" that is
    a public key is the algorithm-confusion attack, whoever hands it to us.
    """

    __slots__ = ("digest", "name")

    def __init__(self, name: str, digest: str) -> None:
        self.name = name
        self.digest = digest

    def prepare_key(self, key: object) -> bytes:
        return check_hmac_secret("key", key)

    def sign(self, msg: bytes, key: bytes) -> bytes:
        return hmac.digest(key, msg, self.digest)

    def verify(self, msg: bytes, key: bytes, sig: bytes) -> bool:
        return hmac.compare_digest(sig, hmac.digest(key, msg, self.digest))
