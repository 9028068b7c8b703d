"""Every key-handling path of the plugin runs silently with warnings turned into errors (issue 11).

cryptography 51 deprecated DSA: touching ``dsa.DSAPrivateKey`` (as the plugin once did
to name a wrong key) warns, and reading a DSA PEM warns. A user whose test suite runs
with ``-W error`` must get either the key or the plugin's own ``ValueError``, never a
warning, on every path: key objects, PEM text and bytes in every form, encrypted PEM,
wrong kinds, and ``ValidationToken`` / ``RequestVerifier`` / ``from_jwt`` on top.

Each test turns every warning into an error itself, so it holds even when run outside
the project's pytest settings (the ``latest`` nox session, a user's own runner).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa, x25519
from rsa_test_keys import CREDENTIAL_SID, PASSWORD, Keys

from twilio_jwt import InvalidParameterError, PluginHost
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID
from twilio_jwt_rsa import PS256, RS256, ValidationToken, load_private_key, load_public_key
from twilio_jwt_rsa.canonical import WireRequest
from twilio_jwt_rsa.request_verifier import RequestVerifier


@pytest.fixture(autouse=True)
def _warnings_are_errors() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@dataclass(frozen=True)
class Dsa:
    """A DSA key in every form, made with its deprecation warnings silenced (here only, not in the plugin)."""

    private: Any
    public: Any
    pkcs8: bytes
    traditional: bytes
    encrypted: bytes
    public_pem: bytes


@pytest.fixture(scope="module")
def dsa_key() -> Dsa:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from cryptography.hazmat.primitives.asymmetric import dsa

        private = dsa.generate_private_key(2048)
        public = private.public_key()
        pem = serialization.Encoding.PEM
        return Dsa(
            private=private,
            public=public,
            pkcs8=private.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
            traditional=private.private_bytes(
                pem, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
            ),
            encrypted=private.private_bytes(
                pem, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(PASSWORD)
            ),
            public_pem=public.public_bytes(pem, serialization.PublicFormat.SubjectPublicKeyInfo),
        )


def _numbers(key: rsa.RSAPrivateKey | rsa.RSAPublicKey) -> int:
    numbers = key.private_numbers().public_numbers if isinstance(key, rsa.RSAPrivateKey) else key.public_numbers()
    return numbers.n


GOOD_PRIVATE: dict[str, Callable[[Keys], tuple[Any, Any]]] = {
    "object": lambda k: (k.private, None),
    "PKCS#8 str": lambda k: (k.pkcs8, None),
    "PKCS#8 bytes": lambda k: (k.pkcs8.encode(), None),
    "PKCS#1 str": lambda k: (k.pkcs1, None),
    "PKCS#1 bytes": lambda k: (k.pkcs1.encode(), None),
    "encrypted bytes, bytes password": lambda k: (k.encrypted, PASSWORD),
    "encrypted str, str password": lambda k: (k.encrypted.decode(), PASSWORD.decode()),
}


@pytest.mark.parametrize("form", list(GOOD_PRIVATE))
def test_private_keys_load_silently(form: str, keys: Keys) -> None:
    key, password = GOOD_PRIVATE[form](keys)
    assert _numbers(load_private_key(key, password)) == _numbers(keys.private)
    assert _numbers(RS256.prepare_key(key, password)) == _numbers(keys.private)


GOOD_PUBLIC: dict[str, Callable[[Keys], Any]] = {
    "object": lambda k: k.public,
    "SPKI str": lambda k: k.public_pem,
    "SPKI bytes": lambda k: k.public_pem.encode(),
    "PKCS#1 public str": lambda k: k.public_pkcs1,
    "private object": lambda k: k.private,
    "private PKCS#8": lambda k: k.pkcs8,
    "private PKCS#1 bytes": lambda k: k.pkcs1.encode(),
}


@pytest.mark.parametrize("form", list(GOOD_PUBLIC))
def test_public_keys_load_silently(form: str, keys: Keys) -> None:
    key = GOOD_PUBLIC[form](keys)
    assert _numbers(load_public_key(key)) == _numbers(keys.private)
    assert _numbers(PS256.prepare_verify_key(key)) == _numbers(keys.private)


def _ec() -> Any:
    return ec.generate_private_key(ec.SECP256R1())


def _pkcs8(key: Any) -> bytes:
    return key.private_bytes(  # type: ignore[no-any-return]
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _spki(key: Any) -> bytes:
    return key.public_bytes(  # type: ignore[no-any-return]
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


# (what is given, the password, the words of the message after "private_key: ")
WRONG_PRIVATE: dict[str, Callable[[Keys, Dsa], tuple[Any, Any, str]]] = {
    "RSA public object": lambda k, d: (k.public, None, "is an RSA public key; expected "),
    "EC object": lambda k, d: (_ec(), None, "is an EC (elliptic curve) private key; expected "),
    "EC public object": lambda k, d: (_ec().public_key(), None, "is an EC (elliptic curve) public key; expected "),
    "EC PEM": lambda k, d: (k.ec, None, "is an EC (elliptic curve) private key; RS and PS"),
    "Ed25519 object": lambda k, d: (ed25519.Ed25519PrivateKey.generate(), None, "is an Ed25519 private key; "),
    "Ed25519 PEM": lambda k, d: (_pkcs8(ed25519.Ed25519PrivateKey.generate()), None, "is an Ed25519 private key; "),
    "Ed448 object": lambda k, d: (ed448.Ed448PrivateKey.generate(), None, "is an Ed448 private key; "),
    "X25519 public object": lambda k, d: (x25519.X25519PrivateKey.generate().public_key(), None, "is an X25519 public"),
    "DSA object": lambda k, d: (d.private, None, "is a DSA private key; expected "),
    "DSA public object": lambda k, d: (d.public, None, "is a DSA public key; expected "),
    "DSA PKCS#8 PEM": lambda k, d: (d.pkcs8, None, "is a DSA private key; RS and PS algorithms need an RSA key"),
    "DSA PKCS#8 str": lambda k, d: (d.pkcs8.decode(), None, "is a DSA private key; RS and PS algorithms need"),
    "DSA traditional PEM": lambda k, d: (d.traditional, None, "is a DSA private key; RS and PS algorithms need"),
    "DSA public PEM": lambda k, d: (d.public_pem, None, "is a public key or certificate"),
    # cryptography reads the DSA key inside the encrypted PEM only after decrypting it, and warns
    # then; under -W error that warning arrives as an exception, which the plugin turns into its own.
    "DSA encrypted PEM": lambda k, d: (d.encrypted, PASSWORD, "could not be read as a PEM private key (cryptography"),
    "1024-bit RSA PEM": lambda k, d: (k.small, None, "is a 1024-bit RSA key"),
}


@pytest.mark.parametrize("case", list(WRONG_PRIVATE))
def test_wrong_private_keys_are_value_errors_not_warnings(case: str, keys: Keys, dsa_key: Dsa) -> None:
    key, password, words = WRONG_PRIVATE[case](keys, dsa_key)
    with pytest.raises(InvalidParameterError) as caught:
        RS256.prepare_key(key, password)
    assert str(caught.value).startswith("private_key: " + words)


WRONG_PUBLIC: dict[str, Callable[[Keys, Dsa], tuple[Any, str]]] = {
    "EC public object": lambda k, d: (_ec().public_key(), "is an EC (elliptic curve) public key; expected "),
    "EC object": lambda k, d: (_ec(), "is an EC (elliptic curve) private key; expected "),
    "EC public PEM": lambda k, d: (_spki(_ec().public_key()), "is an EC (elliptic curve) public key; RS and PS"),
    "Ed25519 public PEM": lambda k, d: (
        _spki(ed25519.Ed25519PrivateKey.generate().public_key()),
        "is an Ed25519 public key; RS and PS",
    ),
    "DSA object": lambda k, d: (d.private, "is a DSA private key; expected "),
    "DSA public object": lambda k, d: (d.public, "is a DSA public key; expected "),
    "DSA public PEM": lambda k, d: (d.public_pem, "is a DSA public key; RS and PS algorithms need an RSA key"),
    "DSA public PEM str": lambda k, d: (d.public_pem.decode(), "is a DSA public key; RS and PS algorithms need"),
    "DSA private PEM": lambda k, d: (d.pkcs8, "is a DSA private key; RS and PS algorithms need an RSA key"),
}


@pytest.mark.parametrize("case", list(WRONG_PUBLIC))
def test_wrong_public_keys_are_value_errors_not_warnings(case: str, keys: Keys, dsa_key: Dsa) -> None:
    key, words = WRONG_PUBLIC[case](keys, dsa_key)
    with pytest.raises(InvalidParameterError) as caught:
        RS256.prepare_verify_key(key)
    assert str(caught.value).startswith("public_key: " + words)


REQUEST = {"method": "POST", "url": "https://api.twilio.com/2010-04-01/Accounts", "auth": (TEST_KEY_SID, "pw")}


def _signed(keys: Keys, host: PluginHost, key: Any, password: Any = None) -> tuple[ValidationToken, str]:
    if password is not None:
        key = load_private_key(key, password)
    token = ValidationToken(TEST_ACCOUNT_SID, CREDENTIAL_SID, TEST_KEY_SID, key, algorithm="PS256", host=host)
    return token, token.generate_token(token.get_request_canonicalizer(REQUEST))


@pytest.mark.parametrize("form", list(GOOD_PRIVATE))
def test_validation_token_signs_silently_with_every_private_form(form: str, keys: Keys, rsa_host: PluginHost) -> None:
    key, password = GOOD_PRIVATE[form](keys)
    original, jwt = _signed(keys, rsa_host, key, password)
    rebuilt = ValidationToken.from_jwt(jwt, keys.public_pem, host=rsa_host)
    assert (rebuilt.account_sid, rebuilt.credential_sid, rebuilt.algorithm) == (
        TEST_ACCOUNT_SID,
        CREDENTIAL_SID,
        "PS256",
    )
    assert original.can_sign


@pytest.mark.parametrize("form", list(GOOD_PUBLIC))
def test_from_jwt_verifies_silently_with_every_key_form(form: str, keys: Keys, rsa_host: PluginHost) -> None:
    """The public key object is what issue 11 reported: it went through the deprecated DSA name."""
    _, jwt = _signed(keys, rsa_host, keys.pkcs8)
    key = GOOD_PUBLIC[form](keys)
    rebuilt = ValidationToken.from_jwt(jwt, key, host=rsa_host)
    assert rebuilt.signing_key == TEST_KEY_SID
    # Given only the public half it is verify-only; given the private key it signs again.
    assert rebuilt.can_sign is form.startswith("private")


def test_request_verifier_reads_every_key_form_silently(keys: Keys, rsa_host: PluginHost) -> None:
    token = ValidationToken(TEST_ACCOUNT_SID, CREDENTIAL_SID, TEST_KEY_SID, keys.private, host=rsa_host)
    wire = WireRequest("GET", "/v1/x?a=1", {"Host": "api.example.com", "Authorization": "Basic eDp5"})
    jwt = token.generate_token(token.get_wire_canonicalizer(wire))
    for form in GOOD_PUBLIC:
        result = RequestVerifier(GOOD_PUBLIC[form](keys), host=rsa_host).verify(wire, token=jwt)
        assert result.ok, (form, result.reason)


@pytest.mark.parametrize("case", ["EC object", "DSA object", "DSA PKCS#8 PEM", "DSA public object"])
def test_validation_token_refuses_wrong_kinds_silently(
    case: str, keys: Keys, dsa_key: Dsa, rsa_host: PluginHost
) -> None:
    key, _, words = WRONG_PRIVATE[case](keys, dsa_key)
    with pytest.raises(InvalidParameterError) as caught:
        ValidationToken(TEST_ACCOUNT_SID, CREDENTIAL_SID, TEST_KEY_SID, key, host=rsa_host)
    assert str(caught.value).startswith("private_key: " + words)


@pytest.mark.parametrize("case", ["EC public object", "DSA public object", "DSA public PEM"])
def test_from_jwt_refuses_wrong_kinds_silently(case: str, keys: Keys, dsa_key: Dsa, rsa_host: PluginHost) -> None:
    _, jwt = _signed(keys, rsa_host, keys.pkcs8)
    key, words = WRONG_PUBLIC[case](keys, dsa_key)
    with pytest.raises(InvalidParameterError) as caught:
        ValidationToken.from_jwt(jwt, key, host=rsa_host)
    assert str(caught.value).startswith("public_key: " + words)
