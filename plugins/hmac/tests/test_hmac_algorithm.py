"""The HMAC plugin: HS256/384/512 against the standard library and PyJWT, and the key-confusion guard."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import jwt
import pytest

import twilio_jwt_hmac
from twilio_jwt import AccessToken, InvalidParameterError, InvalidParameterTypeError, PluginHost
from twilio_jwt.testing import (
    TEST_ACCOUNT_SID,
    TEST_KEY_SID,
    TEST_SECRET,
    assert_discovered_exactly,
    decode_hs,
    expected_plugins,
)
from twilio_jwt_hmac import HS256, HS384, HS512, HMACAlgorithm

ALGORITHMS = [(HS256, hashlib.sha256), (HS384, hashlib.sha384), (HS512, hashlib.sha512)]
IDS = ["HS256", "HS384", "HS512"]
KEY = b"an-api-key-secret-long-enough-for-hs512-0123456789abcdef0123456789"
MESSAGE = b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJBQyJ9"


@pytest.mark.parametrize(("algorithm", "digest"), ALGORITHMS, ids=IDS)
# Keys of each digest's block size (64, 128) and longer (hashed first, as RFC 2104 says) too.
@pytest.mark.parametrize(
    "key", [KEY, KEY.decode(), "ключ-секрет", b"\x00\xff binary", b"k" * 64, b"k" * 128, b"k" * 129]
)
def test_sign_matches_the_standard_library_and_verifies(algorithm: HMACAlgorithm, digest: Any, key: Any) -> None:
    prepared = algorithm.prepare_key(key)
    raw = key.encode() if isinstance(key, str) else key
    assert prepared == raw
    signature = algorithm.sign(MESSAGE, prepared)
    assert signature == hmac.new(raw, MESSAGE, digest).digest()
    assert algorithm.verify(MESSAGE, prepared, signature)


@pytest.mark.parametrize(("algorithm", "digest"), ALGORITHMS, ids=IDS)
def test_verify_fails_for_a_wrong_key_message_or_signature(algorithm: HMACAlgorithm, digest: Any) -> None:
    key = algorithm.prepare_key(KEY)
    signature = algorithm.sign(MESSAGE, key)
    assert not algorithm.verify(MESSAGE, algorithm.prepare_key(KEY + b"!"), signature)
    assert not algorithm.verify(MESSAGE + b".", key, signature)
    assert not algorithm.verify(MESSAGE, key, signature[:-1])
    assert not algorithm.verify(MESSAGE, key, bytes([signature[0] ^ 1]) + signature[1:])
    assert not algorithm.verify(MESSAGE, key, b"")


@pytest.mark.parametrize(("algorithm", "digest"), ALGORITHMS, ids=IDS)
def test_pyjwt_agrees(algorithm: HMACAlgorithm, digest: Any) -> None:
    theirs = jwt.algorithms.HMACAlgorithm(digest)
    ours = algorithm.sign(MESSAGE, algorithm.prepare_key(KEY))
    assert theirs.verify(MESSAGE, theirs.prepare_key(KEY), ours)
    assert algorithm.verify(MESSAGE, algorithm.prepare_key(KEY), theirs.sign(MESSAGE, theirs.prepare_key(KEY)))


PEM_PUBLIC = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"
REFUSED: list[tuple[Any, type[Exception], str]] = [
    ("", InvalidParameterError, "is required"),
    (b"", InvalidParameterError, "is required"),
    (None, InvalidParameterError, "is required"),
    (PEM_PUBLIC, InvalidParameterError, "PEM or SSH key"),
    (PEM_PUBLIC.encode(), InvalidParameterError, "PEM or SSH key"),
    ("-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEA\n-----END RSA PUBLIC KEY-----", InvalidParameterError, "PEM"),
    ("-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----", InvalidParameterError, "PEM"),
    (b"-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----", InvalidParameterError, "PEM"),
    ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", InvalidParameterError, "PEM"),
    ("\n\n   " + PEM_PUBLIC, InvalidParameterError, "PEM"),
    (b" \t\r\n" + PEM_PUBLIC.encode(), InvalidParameterError, "PEM"),
    ("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ user@host", InvalidParameterError, "SSH"),
    (b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI user@host", InvalidParameterError, "SSH"),
    ("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY user@host", InvalidParameterError, "SSH"),
    ("  ssh-dss AAAAB3NzaC1kc3MAAACBAP", InvalidParameterError, "SSH"),
    (12345, InvalidParameterTypeError, "expected a str or bytes, got int"),
    (["secret"], InvalidParameterTypeError, "got list"),
]


@pytest.mark.parametrize(("algorithm", "digest"), ALGORITHMS, ids=IDS)
@pytest.mark.parametrize(("key", "error", "words"), REFUSED)
def test_unusable_keys_are_refused(algorithm: HMACAlgorithm, digest: Any, key: Any, error: type, words: str) -> None:
    with pytest.raises(error, match=r"^key: ") as excinfo:
        algorithm.prepare_key(key)
    assert words in str(excinfo.value)
    assert isinstance(excinfo.value, ValueError if error is InvalidParameterError else TypeError)
    if isinstance(key, (str, bytes)) and len(key) > 10:
        assert str(key).strip()[11:30] not in str(excinfo.value)  # the key itself is never echoed


def test_a_key_that_merely_mentions_ssh_later_is_fine() -> None:
    assert HS256.prepare_key("my secret is not ssh-rsa ") == b"my secret is not ssh-rsa "


def test_plugin_offers_the_three_algorithms_through_its_hook() -> None:
    host = PluginHost(plugins=[twilio_jwt_hmac])
    assert host.records[0].algorithm_names == ("HS256", "HS384", "HS512")
    assert [host.algorithm(name) for name in IDS] == [HS256, HS384, HS512]
    assert repr(HS384) == "<HMACAlgorithm HS384>"


@pytest.mark.parametrize("name", IDS)
def test_mints_a_token_pyjwt_and_the_stdlib_verify(name: str) -> None:
    token = AccessToken(
        TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="alice", host=PluginHost(plugins=[twilio_jwt_hmac])
    )
    minted = token.to_jwt(name)
    assert decode_hs(minted, TEST_SECRET)[0]["alg"] == name
    assert jwt.decode(minted, TEST_SECRET, algorithms=[name])["grants"] == {"identity": "alice"}
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(minted, TEST_SECRET + "x", algorithms=[name])


@pytest.mark.skipif(expected_plugins() is None, reason="needs TWILIO_JWT_EXPECT_PLUGINS (nox plugin session)")
def test_the_session_discovers_exactly_this_plugin() -> None:
    assert expected_plugins() == ["hmac"]
    assert_discovered_exactly(["hmac"])
