"""The bridge hands the plugins' backends to PyJWT through PyJWT's public API only."""

from __future__ import annotations

import pathlib
import re

import pytest
from jwt.algorithms import Algorithm
from jwt.exceptions import InvalidAlgorithmError, InvalidSignatureError

from twilio_jwt._jws import encode, header_segment
from twilio_jwt._pyjwt import PluginAlgorithm, pinned_jws
from twilio_jwt.algorithm import SigningAlgorithm
from twilio_jwt.testing import ReferenceHMAC

SECRET = b"bridge-secret"
SRC = pathlib.Path(__file__).resolve().parents[1] / "src" / "twilio_jwt"


def token(alg: str, key: bytes = SECRET) -> str:
    backend = ReferenceHMAC(alg)
    return encode(header_segment(("alg", alg), ("typ", "JWT")), {"exp": 1}, backend, backend.prepare_key(key))


def test_a_pinned_jws_verifies_with_the_plugin_backend() -> None:
    backend = ReferenceHMAC("HS256")
    decoded = pinned_jws(backend).decode_complete(token("HS256"), SECRET, algorithms=["HS256"])
    assert decoded["payload"] == b'{"exp":1}'
    assert decoded["header"] == {"alg": "HS256", "typ": "JWT"}
    assert backend.prepared == 1  # PyJWT prepared the key through the backend, not with its own HMAC


def test_a_pinned_jws_knows_only_its_one_backend() -> None:
    jws = pinned_jws(ReferenceHMAC("HS256"))
    assert jws.get_algorithms() == ["HS256"]
    for alg in ("HS384", "none", "RS256"):
        with pytest.raises(InvalidAlgorithmError):
            jws.decode_complete(token("HS384"), SECRET, algorithms=[alg, "HS256"])


def test_a_wrong_key_is_pyjwts_invalid_signature() -> None:
    with pytest.raises(InvalidSignatureError):
        pinned_jws(ReferenceHMAC("HS256")).decode_complete(token("HS256"), b"other", algorithms=["HS256"])


def test_pinned_jws_is_cached_per_backend_object() -> None:
    first, second = ReferenceHMAC("HS256"), ReferenceHMAC("HS256")
    assert pinned_jws(first) is pinned_jws(first)
    assert pinned_jws(first) is not pinned_jws(second)


class Unhashable(ReferenceHMAC):
    def __eq__(self, other: object) -> bool:
        return other is self

    __hash__ = None  # type: ignore[assignment]


def test_an_unhashable_backend_still_verifies() -> None:
    jws = pinned_jws(Unhashable("HS256"))
    assert jws.decode_complete(token("HS256"), SECRET, algorithms=["HS256"])["payload"] == b'{"exp":1}'


def test_plugin_algorithm_is_a_pyjwt_algorithm_that_refuses_jwks() -> None:
    algorithm = PluginAlgorithm(ReferenceHMAC("HS256"))
    assert isinstance(algorithm, Algorithm)
    assert isinstance(algorithm.algorithm, SigningAlgorithm)
    with pytest.raises(NotImplementedError):
        PluginAlgorithm.to_jwk(b"k")
    with pytest.raises(NotImplementedError):
        PluginAlgorithm.from_jwk("{}")


def test_no_private_pyjwt_name_is_called_or_overridden() -> None:
    """Core uses PyJWT as a library: where it imports PyJWT, it touches no ``_name`` of it."""
    users = [path for path in SRC.rglob("*.py") if re.search(r"^\s*(from|import) jwt\b", path.read_text(), re.M)]
    assert {path.name for path in users} == {"_pyjwt.py"}  # the one module that talks to PyJWT
    private = re.compile(r"\b(jwt|exceptions|PyJWS|Algorithm|jws|super\(\))\._[a-z]|def _[a-z]\w*_segment|_load\(")
    for path in users:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            assert not private.search(line), f"{path.name}:{number}: {line.strip()}"
