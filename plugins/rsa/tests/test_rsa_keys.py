"""Reading keys: every accepted form, and a clear error naming the parameter for every unusable one."""

from __future__ import annotations

import re
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from rsa_test_keys import PASSWORD, Keys

from twilio_jwt import InvalidParameterError, InvalidParameterTypeError
from twilio_jwt_rsa import MIN_KEY_SIZE, PS256, RS256, load_private_key, load_public_key


def _key_lines(pem: str | bytes) -> list[str]:
    """The base64 body lines of a PEM: none of them may appear in any message."""
    text = pem.decode() if isinstance(pem, bytes) else pem
    return [line for line in text.splitlines() if line and not line.startswith("-----")]


def _assert_no_key_material(message: str, *pems: str | bytes) -> None:
    for pem in pems:
        for line in _key_lines(pem):
            assert line[:16] not in message


def _numbers(key: rsa.RSAPrivateKey | rsa.RSAPublicKey) -> int:
    numbers = key.private_numbers().public_numbers if isinstance(key, rsa.RSAPrivateKey) else key.public_numbers()
    return numbers.n


@pytest.mark.parametrize("form", ["pkcs8", "pkcs1", "pkcs8-bytes", "pkcs1-bytes", "object", "padded"])
def test_private_keys_load_from_every_form(form: str, keys: Keys) -> None:
    given: Any = {
        "pkcs8": keys.pkcs8,
        "pkcs1": keys.pkcs1,
        "pkcs8-bytes": keys.pkcs8.encode(),
        "pkcs1-bytes": keys.pkcs1.encode(),
        "object": keys.private,
        "padded": "\n  " + keys.pkcs8 + "\n\n",
    }[form]
    loaded = RS256.prepare_key(given)
    assert isinstance(loaded, rsa.RSAPrivateKey)
    assert _numbers(loaded) == _numbers(keys.private)


@pytest.mark.parametrize("password", [PASSWORD, PASSWORD.decode()])
def test_encrypted_keys_load_with_their_password(password: str | bytes, keys: Keys) -> None:
    assert _numbers(load_private_key(keys.encrypted, password)) == _numbers(keys.private)
    assert _numbers(PS256.prepare_key(keys.encrypted, password=password)) == _numbers(keys.private)


@pytest.mark.parametrize("form", ["spki", "pkcs1", "object", "private-pem", "private-object"])
def test_verify_keys_load_from_public_forms_or_derive_from_private(form: str, keys: Keys) -> None:
    given: Any = {
        "spki": keys.public_pem,
        "pkcs1": keys.public_pkcs1.encode(),
        "object": keys.public,
        "private-pem": keys.pkcs1,
        "private-object": keys.private,
    }[form]
    loaded = RS256.prepare_verify_key(given)
    assert isinstance(loaded, rsa.RSAPublicKey)
    assert _numbers(loaded) == _numbers(keys.private)


BAD_PRIVATE = {
    "public PEM": (lambda k: k.public_pem, "is a public key or certificate"),
    "public PKCS#1 PEM": (lambda k: k.public_pkcs1, "is a public key or certificate"),
    "public key object": (lambda k: k.public, "is an RSA public key"),
    "1024-bit key": (lambda k: k.small, f"is a 1024-bit RSA key; at least {MIN_KEY_SIZE} bits"),
    "EC PEM": (lambda k: k.ec, "is an EC (elliptic curve) private key"),
    "EC object": (lambda k: ec.generate_private_key(ec.SECP256R1()), "is an EC (elliptic curve) private key"),
    "Ed25519 object": (lambda k: ed25519.Ed25519PrivateKey.generate(), "is an Ed25519 private key"),
    "garbage": (lambda k: "not a key at all", "is not a PEM key"),
    "garbage bytes": (lambda k: b"\x00\x01\x02", "is not a PEM key"),
    "broken PEM": (lambda k: k.pkcs8.replace("M", "A", 40), "could not be read as a PEM private key"),
    "truncated PEM": (lambda k: k.pkcs8[: len(k.pkcs8) // 2], "could not be read as a PEM private key"),
    "empty str": (lambda k: "", "is required"),
    "empty bytes": (lambda k: b"", "is required"),
    "None": (lambda k: None, "is required"),
    "encrypted, no password": (lambda k: k.encrypted, "is encrypted: pass its password"),
}


@pytest.mark.parametrize("case", list(BAD_PRIVATE), ids=list(BAD_PRIVATE))
def test_unusable_private_keys_are_value_errors_naming_the_parameter(case: str, keys: Keys) -> None:
    make, words = BAD_PRIVATE[case]
    with pytest.raises(InvalidParameterError, match=re.escape(words)) as caught:
        RS256.prepare_key(make(keys))
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).startswith("private_key: ")
    # cryptography's own exception (whose text could quote the input) is never chained for display.
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None or caught.value.__suppress_context__
    _assert_no_key_material(str(caught.value), keys.pkcs8, keys.pkcs1, keys.public_pem, keys.small, keys.ec)


@pytest.mark.parametrize(
    "value", [12, 1.5, ["-----BEGIN PRIVATE KEY-----"], object()], ids=["int", "float", "list", "object"]
)
def test_values_that_are_no_key_at_all_are_type_errors(value: object) -> None:
    with pytest.raises(
        InvalidParameterTypeError,
        match=r"^private_key: expected a PEM str or bytes, or an RSA private key object, got ",
    ):
        RS256.prepare_key(value)
    with pytest.raises(InvalidParameterTypeError, match=r"^public_key: expected "):
        RS256.prepare_verify_key(value)


def test_password_errors_name_the_password(keys: Keys) -> None:
    with pytest.raises(InvalidParameterError, match=r"^password: does not decrypt the private key$"):
        load_private_key(keys.encrypted, b"wrong password")
    with pytest.raises(InvalidParameterError, match=r"^password: was given but the private key is not encrypted$"):
        load_private_key(keys.pkcs8, PASSWORD)
    with pytest.raises(InvalidParameterTypeError, match=r"^password: expected a str, bytes or None, got int$"):
        load_private_key(keys.encrypted, 1234)


BAD_PUBLIC = {
    "1024-bit private PEM": (lambda k: k.small, "is a 1024-bit RSA key"),
    "EC PEM": (lambda k: k.ec, "is an EC (elliptic curve) private key"),
    "EC public object": (
        lambda k: ec.generate_private_key(ec.SECP256R1()).public_key(),
        "is an EC (elliptic curve) public key",
    ),
    "garbage": (lambda k: "ssh-rsa AAAA", "is not a PEM key"),
    "broken PEM": (lambda k: k.public_pem.replace("A", "B", 30), "could not be read as a PEM public key"),
    "empty": (lambda k: "", "is required"),
}


@pytest.mark.parametrize("case", list(BAD_PUBLIC), ids=list(BAD_PUBLIC))
def test_unusable_public_keys_are_value_errors(case: str, keys: Keys) -> None:
    make, words = BAD_PUBLIC[case]
    with pytest.raises(InvalidParameterError, match=re.escape(words)) as caught:
        load_public_key(make(keys))
    assert str(caught.value).startswith("public_key: ")
    _assert_no_key_material(str(caught.value), keys.public_pem, keys.small, keys.ec)


def test_the_parameter_name_can_be_chosen(keys: Keys) -> None:
    with pytest.raises(InvalidParameterError, match=r"^signing_key_pem: is required"):
        load_private_key("", parameter="signing_key_pem")
