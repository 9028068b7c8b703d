"""Public Key Client Validation as this plugin's token type: exported lazily, fixed, known to ``decode``.

ValidationToken moved here from core; these are the checks core ran on it as one of its
own token types (its ``from_jwt``, its fixed algorithm tuple), plus what the move must
keep: importing the plugin stays cheap, core no longer names the type, and
``twilio-jwt decode`` still recognises and verifies a validation token.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from rsa_test_keys import CREDENTIAL_SID, Keys

import twilio_jwt
import twilio_jwt_rsa
from twilio_jwt import PluginHost, use_host
from twilio_jwt._token_type import token_types
from twilio_jwt.cli.main import main
from twilio_jwt.decoding import Decodable
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID
from twilio_jwt_rsa import RequestCanonicalizer, RequestVerifier, ValidationToken, VerificationResult, WireRequest
from twilio_jwt_rsa.canonical import RequestCanonicalizer as CanonicalizerClass
from twilio_jwt_rsa.request_verifier import RequestVerifier as VerifierClass
from twilio_jwt_rsa.validation_token import ValidationToken as TokenClass

MOVED = ("RequestCanonicalizer", "RequestVerifier", "ValidationToken", "VerificationResult", "WireRequest")
REQUEST = {"method": "GET", "url": "https://api.twilio.com/2010-04-01/Accounts.json", "auth": (TEST_KEY_SID, "s")}


def test_the_exports_are_the_modules_classes() -> None:
    assert (ValidationToken, RequestVerifier, RequestCanonicalizer) == (TokenClass, VerifierClass, CanonicalizerClass)
    assert {VerificationResult.__module__, WireRequest.__module__} == {
        "twilio_jwt_rsa.request_verifier",
        "twilio_jwt_rsa.canonical",
    }
    assert set(MOVED) <= set(twilio_jwt_rsa.__all__)


@pytest.mark.parametrize("name", MOVED)
def test_core_no_longer_exports_them(name: str) -> None:
    assert name not in twilio_jwt.__all__
    with pytest.raises(AttributeError, match=f"^module 'twilio_jwt' has no attribute '{name}'$"):
        getattr(twilio_jwt, name)


def test_importing_the_plugin_imports_neither_cryptography_nor_validation() -> None:
    code = (
        "import sys, twilio_jwt_rsa\n"
        "print(sorted(m for m in sys.modules if m == 'cryptography' or m.startswith('twilio_jwt_rsa.')))\n"
        "twilio_jwt_rsa.ValidationToken\n"
        "print('twilio_jwt_rsa.validation_token' in sys.modules, 'cryptography' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split("\n")[:2] == ["['twilio_jwt_rsa.algorithm']", "True False"]


def test_the_claim_views_hook_registers_the_token_type_and_shows_nothing_of_its_own() -> None:
    code = (
        "import twilio_jwt_rsa\n"
        "from twilio_jwt._token_type import token_types\n"
        "names = lambda: sorted(cls.__name__ for cls in token_types())\n"
        "print('ValidationToken' in names())\n"
        "print(twilio_jwt_rsa.twilio_jwt_claim_views(), 'ValidationToken' in names())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "[]", "True"]


def test_its_from_jwt_shows_its_own_docstring_and_key_type() -> None:
    method = ValidationToken.from_jwt
    assert method.__doc__ != Decodable.from_jwt.__doc__
    assert "public key" in str(method.__doc__)
    assert method.__qualname__ == "ValidationToken.from_jwt"
    signature = inspect.signature(method)
    assert list(signature.parameters) == ["token", "key", "leeway", "host"]
    assert str(signature.parameters["key"].annotation) in ("object", "<class 'object'>")
    assert signature.return_annotation == "ValidationToken"


@pytest.mark.parametrize("name", ["ALGORITHMS", "DEFAULT_ALGORITHM", "DECODING"])
def test_its_algorithm_attributes_are_fixed(name: str) -> None:
    with pytest.raises(AttributeError, match=f"^ValidationToken.{name} cannot be changed"):
        setattr(ValidationToken, name, ("RS256", "none"))
    with pytest.raises(AttributeError, match=f"^ValidationToken.{name} cannot be changed"):
        delattr(ValidationToken, name)
    assert ValidationToken.ALGORITHMS == ("RS256", "PS256")
    assert ValidationToken.DECODING.algorithms is ValidationToken.ALGORITHMS
    assert ValidationToken in token_types()


def test_decode_recognises_and_verifies_a_validation_token(
    keys: Keys, rsa_host: PluginHost, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vt = ValidationToken(TEST_ACCOUNT_SID, CREDENTIAL_SID, TEST_KEY_SID, keys.pkcs8, host=rsa_host)
    jwt = vt.generate_token(vt.get_request_canonicalizer(REQUEST))
    public = tmp_path / "public.pem"
    public.write_text(keys.public_pem)
    other = tmp_path / "other.pem"
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    other.write_bytes(
        other_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    with use_host(rsa_host):
        assert main(["decode", "--public-key", str(public), jwt]) == 0
        out, _ = capsys.readouterr()
        assert "type       ValidationToken" in out
        assert f"signature  verified: RS256 signature checked with the public key in {public}; within" in out
        assert main(["decode", "--public-key", str(other), jwt]) == 1
        _, err = capsys.readouterr()
        assert err.startswith("twilio-jwt: INVALID: the ValidationToken's RS256 signature does not match")
