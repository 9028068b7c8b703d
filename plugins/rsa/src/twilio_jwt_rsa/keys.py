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

import base64
import re
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
    _refuse_dsa(pem, parameter, "private")
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
    _refuse_dsa(pem, parameter, "public")
    try:
        loaded = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError):
        raise InvalidParameterError(parameter, "could not be read as a PEM public key") from None
    except Exception as exc:  # noqa: BLE001 - cryptography's UnsupportedAlgorithm and friends; never echo them
        raise InvalidParameterError(parameter, f"could not be read as a PEM public key ({_why(exc)})") from None
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
        if password is not None and b"ENCRYPTED" in pem and not isinstance(exc, Warning):
            raise InvalidParameterError("password", "does not decrypt the private key") from None
        what = "" if isinstance(exc, ValueError) else f" ({_why(exc)})"
        raise InvalidParameterError(parameter, f"could not be read as a PEM private key{what}") from None


#: DER of the DSA algorithm identifier (OID 1.2.840.10040.4.1), as PKCS#8 and SubjectPublicKeyInfo start with it.
_DSA_OID = bytes.fromhex("06072a8648ce380401")


def _refuse_dsa(pem: bytes, parameter: str, half: str) -> None:
    """Refuse a DSA PEM before cryptography reads it: reading one warns (DSA is deprecated since
    cryptography 51), so a wrong key would reach a caller as a warning, an error under ``-W error``.

    Told by the PEM label (``DSA PRIVATE KEY``) or by the algorithm identifier near the
    start of the DER. An encrypted PKCS#8 DSA key cannot be told before decryption; if
    cryptography warns while reading it, it is refused by :func:`_why`'s words.
    """
    if b"-----BEGIN DSA " in pem:
        raise InvalidParameterError(parameter, f"is a DSA {half} key; RS and PS algorithms need an RSA key")
    lines = pem.split(b"-----BEGIN ", 1)[-1].split(b"\n")[1:]
    body = b"".join(line.strip() for line in lines if line.strip() and b"-----" not in line and b":" not in line)
    try:
        der = base64.b64decode(body[:64])  # the algorithm identifier is within the first 32 bytes
    except ValueError:
        return  # cryptography says what is wrong with it
    if _DSA_OID in der[:40]:
        raise InvalidParameterError(parameter, f"is a DSA {half} key; RS and PS algorithms need an RSA key")


def _why(exc: BaseException) -> str:
    """A cryptography failure in words that cannot hold key material: the exception's class,
    or for a warning turned into an error (``-W error``) what the warning is about."""
    if isinstance(exc, Warning):
        return f"cryptography refused it with {type(exc).__name__}: a key kind it deprecates"
    return type(exc).__name__


def _kind(key: object) -> str | None:
    """What kind of key this is, in words (never its contents); ``None`` for something that is no key.

    Only RSA is checked by type. Every other kind is told by the name of a class in its
    MRO that cryptography defines (``ECPrivateKey``, ``Ed25519PublicKey``...): naming
    ``dsa.DSAPrivateKey`` and the like would import deprecated names, which warn (DSA
    since cryptography 51), so a wrong key would cost a caller running with ``-W error``
    a warning instead of this message; and a kind cryptography adds later is named too.
    """
    from cryptography.hazmat.primitives.asymmetric import rsa

    if isinstance(key, rsa.RSAPublicKey):
        return "an RSA public key"
    if isinstance(key, rsa.RSAPrivateKey):
        return "an RSA private key"
    for cls in type(key).__mro__:
        found = _KEY_CLASS.fullmatch(cls.__name__)
        if found is not None and cls.__module__.partition(".")[0] == "cryptography":
            family, half = found.groups()
            words = _FAMILY_WORDS.get(family, family)
            return f"{'an' if words[:1] in _VOWEL_SOUNDS else 'a'} {words} {half.lower()} key"
    return None


_KEY_CLASS = re.compile(r"([A-Za-z0-9]+?)(Private|Public)Key")
_FAMILY_WORDS = {"EC": "EC (elliptic curve)", "EllipticCurve": "EC (elliptic curve)"}
#: First letters read with a vowel sound ("an EC", "an Ed25519", "an X25519", "an RSA").
_VOWEL_SOUNDS = frozenset("AEFHILMNORSXaeiou")


def _check_size(key: K, parameter: str) -> K:
    if key.key_size < MIN_KEY_SIZE:
        raise InvalidParameterError(
            parameter,
            f"is a {key.key_size}-bit RSA key; at least {MIN_KEY_SIZE} bits are required "
            "(Twilio accepts only 2048-bit public keys)",
        )
    return key
