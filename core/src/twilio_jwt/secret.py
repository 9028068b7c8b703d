"""A holder for secrets that refuses to show or pickle what it holds.

Tokens keep their HMAC secret or auth token in a :class:`Secret`, so ``repr``,
``str``, logging, tracebacks with locals and pickling of a token never carry the
secret anywhere. The HMAC key-confusion guard lives here too, because both core
(checking input early) and the HMAC plugin (checking any key it is handed) need it.
"""

from __future__ import annotations

import hmac
from typing import NoReturn

from twilio_jwt.checks import type_name
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError

__all__ = ["HiddenKey", "Secret", "looks_like_asymmetric_key", "check_hmac_secret"]

_ASYMMETRIC_MARKERS = (
    b"-----BEGIN ",
    b"ssh-rsa ",
    b"ssh-ed25519 ",
    b"ssh-dss ",
    b"ecdsa-sha2-",
    b"sk-ssh-ed25519@openssh.com ",
    b"sk-ecdsa-sha2-",
)


def looks_like_asymmetric_key(key: bytes) -> bool:
    """True for PEM blocks and OpenSSH public keys: never a sensible HMAC secret.

    Signing HS256 with a server's RSA public key is the classic algorithm-confusion
    attack (PyJWT's ``HMACAlgorithm.prepare_key`` refuses the same shapes).
    """
    stripped = key.lstrip()
    return stripped.startswith(_ASYMMETRIC_MARKERS) or b"-----BEGIN " in stripped[:200]


def check_hmac_secret(parameter: str, value: object) -> bytes:
    """A non-empty str (UTF-8) or bytes that is not a PEM or SSH key."""
    if value is None or value == "" or value == b"":
        raise InvalidParameterError(parameter, "is required and must not be empty")
    if isinstance(value, str):
        key = value.encode("utf-8", "surrogatepass")
    elif isinstance(value, (bytes, bytearray, memoryview)):
        key = bytes(value)
    else:
        raise InvalidParameterTypeError(parameter, f"expected a str or bytes, got {type_name(value)}")
    if looks_like_asymmetric_key(key):
        raise InvalidParameterError(
            parameter, "looks like a PEM or SSH key; an HMAC secret must be the API key secret or auth token"
        )
    return key


class Secret:
    """Bytes that are used but never shown: ``repr`` hides them and pickling is refused."""

    __slots__ = ("_value",)

    def __init__(self, value: bytes) -> None:
        self._value = value

    def reveal(self) -> bytes:
        """The secret bytes, for the one place that signs with them."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value, other._value)

    def __hash__(self) -> int:
        return hash(("Secret", len(self._value)))

    def __reduce__(self) -> NoReturn:
        raise TypeError("a twilio-jwt Secret cannot be pickled: it would write the secret out")


class HiddenKey:
    """A key object (a loaded private key, or PEM text) kept out of ``repr``, ``attrs.asdict`` and pickles."""

    __slots__ = ("_value",)

    def __init__(self, value: object) -> None:
        self._value = value

    def reveal(self) -> object:
        """The key, for the one place that prepares it for signing."""
        return self._value

    def __repr__(self) -> str:
        return "HiddenKey('***')"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("a twilio-jwt HiddenKey cannot be pickled: it would write the key out")
