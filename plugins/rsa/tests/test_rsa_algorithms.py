"""The six RSA algorithms: signatures checked with cryptography and PyJWT, the PSS salt length, cheap loading."""

from __future__ import annotations

import subprocess
import sys

import jwt
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from rsa_test_keys import Keys

import twilio_jwt_rsa
from twilio_jwt import PluginHost
from twilio_jwt._jws import b64url
from twilio_jwt.testing import assert_discovered_exactly, expected_plugins
from twilio_jwt_rsa import PS256, PS384, PS512, RS256, RS384, RS512, RSAAlgorithm, RSAPSSAlgorithm

HASHES = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}
ALL = [RS256, RS384, RS512, PS256, PS384, PS512]
NAMES = [a.name for a in ALL]
MESSAGE = b"eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJTSyJ9"


def _padding(algorithm: RSAAlgorithm) -> padding.AsymmetricPadding:
    digest = HASHES[algorithm.name[2:]]()
    if isinstance(algorithm, RSAPSSAlgorithm):
        return padding.PSS(mgf=padding.MGF1(digest), salt_length=digest.digest_size)
    return padding.PKCS1v15()


@pytest.mark.parametrize("algorithm", ALL, ids=NAMES)
def test_signatures_verify_with_cryptography_and_with_the_plugin(algorithm: RSAAlgorithm, keys: Keys) -> None:
    signature = algorithm.sign(MESSAGE, algorithm.prepare_key(keys.pkcs8))
    assert len(signature) == 256
    keys.public.verify(signature, MESSAGE, _padding(algorithm), HASHES[algorithm.name[2:]]())
    public = algorithm.prepare_verify_key(keys.public_pem)
    assert algorithm.verify(MESSAGE, public, signature)
    assert not algorithm.verify(MESSAGE + b"x", public, signature)
    assert not algorithm.verify(MESSAGE, public, signature[:-1] + bytes([signature[-1] ^ 1]))
    assert not algorithm.verify(MESSAGE, public, b"")


@pytest.mark.parametrize("algorithm", ALL, ids=NAMES)
def test_pyjwt_verifies_what_the_plugin_signs_and_the_reverse(algorithm: RSAAlgorithm, keys: Keys) -> None:
    header = b64url(f'{{"alg":"{algorithm.name}","typ":"JWT"}}'.encode())
    signing_input = header + b"." + b64url(b'{"sub":"AC1"}')
    ours = (signing_input + b"." + b64url(algorithm.sign(signing_input, algorithm.prepare_key(keys.pkcs1)))).decode()
    assert jwt.decode(ours, keys.public, algorithms=[algorithm.name]) == {"sub": "AC1"}
    theirs = jwt.encode({"sub": "AC2"}, keys.private, algorithm=algorithm.name)
    head, claims, signature = theirs.encode().split(b".")
    assert algorithm.verify(
        head + b"." + claims, algorithm.prepare_verify_key(keys.public), jwt.utils.base64url_decode(signature)
    )


def test_pkcs1_v15_is_deterministic_and_pss_is_randomised(keys: Keys) -> None:
    key = RS256.prepare_key(keys.pkcs8)
    assert RS256.sign(MESSAGE, key) == RS256.sign(MESSAGE, key)
    assert PS256.sign(MESSAGE, key) != PS256.sign(MESSAGE, key)


@pytest.mark.parametrize("algorithm", [PS256, PS384, PS512], ids=["PS256", "PS384", "PS512"])
def test_pss_salt_is_exactly_the_digest_size(algorithm: RSAPSSAlgorithm, keys: Keys) -> None:
    digest = HASHES[algorithm.name[2:]]()
    signature = algorithm.sign(MESSAGE, keys.private)
    strict = padding.PSS(mgf=padding.MGF1(digest), salt_length=digest.digest_size)
    keys.public.verify(signature, MESSAGE, strict, digest)
    shorter = padding.PSS(mgf=padding.MGF1(digest), salt_length=digest.digest_size - 1)
    with pytest.raises(InvalidSignature):
        keys.public.verify(signature, MESSAGE, shorter, digest)
    # A signature with another salt length is refused, as RFC 7518 verifiers must.
    longest = keys.private.sign(
        MESSAGE, padding.PSS(mgf=padding.MGF1(digest), salt_length=padding.PSS.MAX_LENGTH), digest
    )
    assert not algorithm.verify(MESSAGE, keys.public, longest)


def test_rs_and_ps_signatures_are_not_interchangeable(keys: Keys) -> None:
    assert not PS256.verify(MESSAGE, keys.public, RS256.sign(MESSAGE, keys.private))
    assert not RS256.verify(MESSAGE, keys.public, PS256.sign(MESSAGE, keys.private))
    assert not RS384.verify(MESSAGE, keys.public, RS256.sign(MESSAGE, keys.private))


def test_the_hook_offers_the_six_algorithms_to_the_host() -> None:
    host = PluginHost(plugins=[twilio_jwt_rsa])
    assert [host.algorithm(name) for name in NAMES] == ALL
    assert host.records[0].algorithm_names == tuple(NAMES)
    assert repr(PS384) == "<RSAPSSAlgorithm PS384>"


def test_loading_the_plugin_does_not_import_cryptography() -> None:
    code = (
        "import sys, twilio_jwt_rsa\n"
        "from twilio_jwt import PluginHost\n"
        "PluginHost(plugins=[twilio_jwt_rsa]).algorithm('RS256')\n"
        "print(sorted(m for m in ('cryptography', 'requests', 'httpx') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.skipif(expected_plugins() is None, reason="TWILIO_JWT_EXPECT_PLUGINS is set by the nox plugin session")
def test_the_session_discovers_exactly_this_plugin() -> None:
    assert expected_plugins() == ["rsa"]
    assert_discovered_exactly(["rsa"])
