"""A twilio-jwt plugin: HS256 signed by an external signer, so the secret never enters the minting process.

A small signer process (:mod:`twilio_jwt_external_signer.signer`, a stand-in for a
key-management service) holds the API key secrets and computes HMACs on request. The
minting process passes a *key handle* where twilio-jwt expects the secret; the
backend sends the bytes to sign over a unix or TCP socket and gets the signature back.

It offers ``HS256``, which the stock ``twilio-jwt-hmac`` plugin offers too, so it is
used only when chosen: ``TWILIO_JWT_ALGORITHM_BACKENDS="HS256=external_signer"`` or
``PluginHost(algorithm_backends={"HS256": "external_signer"})``. Everything else (RS256
for validation tokens from ``twilio-jwt-rsa``, all grants) keeps working beside it.
"""

from __future__ import annotations

from twilio_jwt import SigningAlgorithm, hookimpl
from twilio_jwt_external_signer.backend import ExternalSignerHS256, RemoteKey, key_handle
from twilio_jwt_external_signer.protocol import SignerRefusedError, SignerUnavailableError

__all__ = [
    "HS256",
    "ExternalSignerHS256",
    "RemoteKey",
    "SignerRefusedError",
    "SignerUnavailableError",
    "key_handle",
]

HS256 = ExternalSignerHS256()


@hookimpl
def twilio_jwt_signing_algorithms() -> list[SigningAlgorithm]:
    return [HS256]
