"""Offers a signing algorithm named ``none`` that signs nothing."""

from __future__ import annotations

from twilio_jwt import SigningAlgorithm, hookimpl


class NoneAlgorithm(SigningAlgorithm):
    """The unsigned JWS: an empty signature that always verifies."""

    name = "none"

    def prepare_key(self, key: object) -> object:
        return key

    def sign(self, msg: bytes, key: object) -> bytes:
        return b""

    def verify(self, msg: bytes, key: object, sig: bytes) -> bool:
        return True


@hookimpl
def twilio_jwt_signing_algorithms() -> list[SigningAlgorithm]:
    return [NoneAlgorithm()]
