"""The HS256 backend whose key is a handle: the signer holds the secret, this process never does.

twilio-jwt hands a token's "secret" to the backend's ``prepare_key``. With this backend
that value is a *key handle*, ``KEY_ID@ADDRESS`` (``twilio@unix:/run/signer.sock``), so
``AccessToken(account_sid, api_key_sid, "twilio@unix:/run/signer.sock", identity=...)``
mints tokens whose HMAC is computed in the signer process. Decoding works the same way:
``AccessToken.from_jwt(token, handle)`` has PyJWT call :meth:`verify`, which asks the signer.
"""

from __future__ import annotations

import base64
from typing import Any

import attrs

from twilio_jwt import InvalidParameterError, InvalidParameterTypeError, SigningAlgorithm
from twilio_jwt_external_signer.protocol import Address, call, format_address, parse_address

__all__ = ["RemoteKey", "ExternalSignerHS256", "key_handle"]


def key_handle(key_id: str, address: str) -> str:
    """The handle to pass where twilio-jwt expects a secret: ``KEY_ID@ADDRESS``."""
    return f"{key_id}@{address}"


@attrs.frozen
class RemoteKey:
    """What :meth:`ExternalSignerHS256.prepare_key` returns: where the key lives, and its id. No secret."""

    key_id: str
    address: Address

    def __str__(self) -> str:
        return key_handle(self.key_id, format_address(self.address))


class ExternalSignerHS256(SigningAlgorithm):
    """HS256 computed by the external signer.

    Choose it over the stock ``hmac`` plugin explicitly, with the environment variable
    ``TWILIO_JWT_ALGORITHM_BACKENDS="HS256=external_signer"`` or in code with
    ``PluginHost(algorithm_backends={"HS256": "external_signer"})``.
    """

    name = "HS256"

    def prepare_key(self, key: Any) -> RemoteKey:
        """Read a handle (``str``/``bytes`` ``KEY_ID@ADDRESS``, or a :class:`RemoteKey`) and check the signer has it."""
        remote = key if isinstance(key, RemoteKey) else _parse_handle(key)
        if not call(remote.address, {"op": "has", "key_id": remote.key_id})["has"]:
            raise InvalidParameterError(
                "key", f"the external signer at {format_address(remote.address)} holds no key {remote.key_id!r}"
            )
        return remote

    def sign(self, msg: bytes, key: RemoteKey) -> bytes:
        answer = call(key.address, {**self._request("sign", key), "message": _b64(msg)})
        return base64.b64decode(answer["signature"])

    def verify(self, msg: bytes, key: RemoteKey, sig: bytes) -> bool:
        answer = call(key.address, {**self._request("verify", key), "message": _b64(msg), "signature": _b64(sig)})
        return answer["valid"] is True

    def _request(self, op: str, key: RemoteKey) -> dict[str, Any]:
        return {"op": op, "key_id": key.key_id, "alg": self.name}


def _parse_handle(value: object) -> RemoteKey:
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("utf-8", "replace")
    if not isinstance(value, str):
        raise InvalidParameterTypeError("key", f"expected a key handle KEY_ID@ADDRESS, got {type(value).__name__}")
    key_id, sep, address = value.partition("@")
    if not sep or not key_id:
        # Never echo the value: whoever passes a real secret here by mistake must not see it in a log.
        raise InvalidParameterError("key", "expected a key handle KEY_ID@ADDRESS (the signer holds the secret itself)")
    try:
        return RemoteKey(key_id, parse_address(address))
    except ValueError as exc:
        raise InvalidParameterError("key", f"the handle's address is unusable: {exc}") from None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
