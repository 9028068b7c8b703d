"""A plugin offering HS256, which twilio-jwt-hmac offers too: a working backend nobody chose.

Two backends for one algorithm are a conflict until the user picks one with
``TWILIO_JWT_ALGORITHM_BACKENDS=HS256=<plugin>``; this one signs correctly so that
choosing it can be shown to work.
"""

from __future__ import annotations

import hashlib
import hmac

from twilio_jwt import SigningAlgorithm, hookimpl
from twilio_jwt.secret import check_hmac_secret


class OtherHS256(SigningAlgorithm):
    """HS256 on ``hmac.new``."""

    name = "HS256"

    def prepare_key(self, key: object) -> bytes:
        return check_hmac_secret("key", key)

    def sign(self, msg: bytes, key: bytes) -> bytes:
        return hmac.new(key, msg, hashlib.sha256).digest()

    def verify(self, msg: bytes, key: bytes, sig: bytes) -> bool:
        return hmac.compare_digest(self.sign(msg, key), sig)


@hookimpl
def twilio_jwt_signing_algorithms() -> list[SigningAlgorithm]:
    return [OtherHS256()]
