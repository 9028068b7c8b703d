"""Reading RSA keys: PEM text or bytes (PKCS#1 or PKCS#8, optionally encrypted) or loaded key objects.

Every way a key can be unusable is a ``ValueError`` (or a ``TypeError`` for a value
that is no key at all) whose message names the parameter and says what was found
("an EC private key", "a 1024-bit RSA key", "a public key"), never the key itself:
cryptography's own messages are dropped (``from None``) so nothing of the PEM can leak
into a log. Keys under 2048 bits are refused because Twilio accepts only 2048-bit
public keys for Public Key Client Validation, so a shorter key can never be used there.

``cryptography`` is imported inside the functions, not at module level: loading the
plugin (which every process minting any token does) must stay cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from twilio_jwt.checks import type_name
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

__all__ = ["MIN_KEY_SIZE", "load_private_key", "load_public_key"]

K = TypeVar("K", "RSAPrivateKey", "RSAPublicKey")

#: The smallest RSA modulus accepted, in bits.
MIN_KEY_SIZE = 2048

_PUBLIC_MARKERS = (b"-----BEGIN PUBLIC KEY-----", b"-----BEGIN RSA PUBLIC KEY-----", b"-----BEGIN CERTIFICATE-----")


def load_private_key(
    key: object, password: str | bytes | None = None, *, parameter: str = "private_key"
) -> RSAPrivateKey:
    """An RSA private key of at least 2048 bits from PEM ``str``/``bytes`` or a loaded key object.

    ``password`` decrypts an encrypted PEM (``-----BEGIN ENCRYPTED PRIVATE KEY-----`` or a
    legacy ``Proc-Type: 4,ENCRYPTED`` block).
    """
    from cryptography.hazmat.primitives.asymmetric import rsa

    if isinstance(key, rsa.RSAPrivateKey):
        return _check_size(key, parameter)
    pem = _pem_bytes(key, parameter, "a PEM str or bytes, or an RSA private key object")
    if any(marker in pem for marker in _PUBLIC_MARKERS):
        raise InvalidParameterError(parameter, "is a public key or certificate; signing needs the RSA private key")
    loaded = _load_pem_private(pem, _password_bytes(password), parameter)
    if not isinstance(loaded, rsa.RSAPrivateKey):
        raise InvalidParameterError(
            parameter, f"is {_kind(loaded) or 'not an RSA key'}; RS and PS algorithms need an RSA key"
        )
    return _check_size(loaded, parameter)


def load_public_key(key: object, *, parameter: str = "public_key") -> RSAPublicKey:
    """An RSA public key of at least 2048 bits: PEM (``PUBLIC KEY`` or ``RSA PUBLIC KEY``), a key object,
    or a private key (PEM or object) whose public half is taken."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    if isinstance(key, rsa.RSAPublicKey):
        return _check_size(key, parameter)
    if isinstance(key, rsa.RSAPrivateKey):
        return _check_size(key, parameter).public_key()
    pem = _pem_bytes(key, parameter, "a PEM str or bytes, or an RSA public key object")
    if b"PRIVATE KEY-----" in pem:
        return load_private_key(pem, parameter=parameter).public_key()
    try:
        loaded = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError):
        raise InvalidParameterError(parameter, "could not be read as a PEM public key") from None
    except Exception as exc:  # noqa: BLE001 - cryptography's UnsupportedAlgorithm and friends; never echo them
        raise InvalidParameterError(
            parameter, f"could not be read as a PEM public key ({type(exc).__name__})"
        ) from None
    if not isinstance(loaded, rsa.RSAPublicKey):
        raise InvalidParameterError(
            parameter, f"is {_kind(loaded) or 'not an RSA key'}; RS and PS algorithms need an RSA public key"
        )
    return _check_size(loaded, parameter)


def _pem_bytes(key: object, parameter: str, expected: str) -> bytes:
    """The PEM as bytes, refusing empty values, non-PEM text and values of other types."""
    if key is None or (isinstance(key, (str, bytes, bytearray)) and not key):
        raise InvalidParameterError(parameter, f"is required: expected {expected}")
    if isinstance(key, str):
        pem = key.encode("utf-8", "replace")
    elif isinstance(key, (bytes, bytearray, memoryview)):
        pem = bytes(key)
    else:
        raise _wrong_object(key, parameter, expected)
    pem = pem.strip()
    if not pem.startswith(b"-----BEGIN ") and b"\n-----BEGIN " not in pem:
        raise InvalidParameterError(parameter, "is not a PEM key (no '-----BEGIN ...-----' line)")
    return pem


def _wrong_object(key: object, parameter: str, expected: str) -> Exception:
    """A key object of the wrong kind is a ``ValueError`` (a key, but unusable); anything else a ``TypeError``."""
    kind = _kind(key)
    if kind is not None:
        return InvalidParameterError(parameter, f"is {kind}; expected {expected}")
    return InvalidParameterTypeError(parameter, f"expected {expected}, got {type_name(key)}")


def _password_bytes(password: object) -> bytes | None:
    if password is None:
        return None
    if isinstance(password, str):
        return password.encode("utf-8")
    if isinstance(password, (bytes, bytearray, memoryview)):
        return bytes(password)
    raise InvalidParameterTypeError("password", f"expected a str, bytes or None, got {type_name(password)}")


def _load_pem_private(pem: bytes, password: bytes | None, parameter: str) -> object:
    from cryptography.hazmat.primitives import serialization

    try:
        return serialization.load_pem_private_key(pem, password)
    except TypeError:
        # cryptography raises TypeError both for "encrypted but no password" and "password but not encrypted".
        if password is None:
            raise InvalidParameterError(parameter, "is encrypted: pass its password") from None
        raise InvalidParameterError("password", "was given but the private key is not encrypted") from None
    except Exception as exc:  # noqa: BLE001 - ValueError, UnsupportedAlgorithm...: never echo their text
        if password is not None and b"ENCRYPTED" in pem:
            raise InvalidParameterError("password", "does not decrypt the private key") from None
        what = "" if isinstance(exc, ValueError) else f" ({type(exc).__name__})"
        raise InvalidParameterError(parameter, f"could not be read as a PEM private key{what}") from None


def _kind(key: object) -> str | None:
    """What kind of key this is, in words (never its contents); ``None`` for something that is no key."""
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa, x448, x25519

    kinds: tuple[tuple[tuple[type, ...], str], ...] = (
        ((ec.EllipticCurvePrivateKey,), "an EC (elliptic curve) private key"),
        ((ec.EllipticCurvePublicKey,), "an EC (elliptic curve) public key"),
        ((rsa.RSAPublicKey,), "an RSA public key"),
        ((dsa.DSAPrivateKey, dsa.DSAPublicKey), "a DSA key"),
        ((ed25519.Ed25519PrivateKey, ed25519.Ed25519PublicKey), "an Ed25519 key"),
        ((ed448.Ed448PrivateKey, ed448.Ed448PublicKey), "an Ed448 key"),
        (
            (x25519.X25519PrivateKey, x25519.X25519PublicKey, x448.X448PrivateKey, x448.X448PublicKey),
            "an X25519/X448 key",
        ),
    )
    for types, words in kinds:
        if isinstance(key, types):
            return words
    return None


def _check_size(key: K, parameter: str) -> K:
    if key.key_size < MIN_KEY_SIZE:
        raise InvalidParameterError(
            parameter,
            f"is a {key.key_size}-bit RSA key; at least {MIN_KEY_SIZE} bits are required "
            "(Twilio accepts only 2048-bit public keys)",
        )
    return key
