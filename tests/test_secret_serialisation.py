"""Serialising a token never reveals its secret and never crashes, before or after it signs (issue 12, item 5).

Once a token had signed, ``attrs.asdict`` walked into its cache of ready signers (a
dict of named tuples holding the prepared key, the HMAC secret's own bytes) and
either crashed rebuilding the named tuple or, with other options, handed the secret
out. Every token type, the compat layer's too, is serialised here the ways a program
or a debugging session does it (``attrs.asdict``, ``attrs.astuple``, ``repr``,
``copy.copy``, ``copy.deepcopy``, ``pickle``) and everything that comes out is searched
for the secret, for its base64 and hex forms and for its first 8 characters.
"""

from __future__ import annotations

import base64
import copy
import pathlib
import pickle
from collections.abc import Callable, Iterator
from typing import Any

import attr
import attrs
import pytest

import twilio_jwt_compat as compat
from twilio_jwt import AccessToken, ClientCapability
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, decode_hs
from twilio_jwt_rsa import ValidationToken
from twilio_jwt_task_router import TaskRouterCapability
from twilio_jwt_voice import IncomingClientScope, VoiceGrant

KEYS = pathlib.Path(__file__).parent / "conformance" / "keys"
PRIVATE_KEY = (KEYS / "rsa2048_pkcs8.pem").read_text("utf-8")
API_SECRET = "Zt4k9Qw2-serialised-api-secret-Hn7Vb3Xc"
AUTH_TOKEN = "Rm8p1Lx6-serialised-auth-token-Gd5Sf0Jy"
CR, WS, WK = "CR" + "6" * 32, "WS" + "7" * 32, "WK" + "8" * 32
REQUEST = {"method": "GET", "url": "https://api.twilio.com/x", "auth": (TEST_KEY_SID, "pw")}


def _fragments() -> list[bytes]:
    found: list[bytes] = []
    for secret in (API_SECRET, AUTH_TOKEN):
        raw = secret.encode()
        found += [raw, raw[:8], base64.b64encode(raw), base64.urlsafe_b64encode(raw).rstrip(b"="), raw.hex().encode()]
    body = [line for line in PRIVATE_KEY.splitlines() if line and not line.startswith("-----")]
    found += [line[:16].encode() for line in body]
    return found


FRAGMENTS = _fragments()


def _texts(value: object, depth: int = 0) -> Iterator[bytes]:
    """Every str/bytes inside a serialised structure, and the repr of every other leaf."""
    assert depth < 20
    if isinstance(value, (str, bytes, bytearray)):
        yield value.encode("utf-8", "surrogatepass") if isinstance(value, str) else bytes(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key, depth + 1)
            yield from _texts(item, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _texts(item, depth + 1)
    else:
        yield repr(value).encode()
        yield str(value).encode()


def assert_clean(value: object, where: str) -> None:
    for text in _texts(value):
        for fragment in FRAGMENTS:
            assert fragment not in text, f"{where} holds {fragment[:4]!r}... (a piece of a secret)"


def _access_token() -> AccessToken:
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, API_SECRET, identity="alice", region="ie1")
    token.add_grant(VoiceGrant(incoming_allow=True))
    return token


def _client_capability() -> ClientCapability:
    capability = ClientCapability(TEST_ACCOUNT_SID, AUTH_TOKEN)
    capability.add_scope(IncomingClientScope("alice"))
    return capability


def _sign(token: Any) -> str:
    jwt: str
    if isinstance(token, ValidationToken):
        jwt = token.generate_token(token.get_request_canonicalizer(REQUEST))
    else:
        jwt = token.to_jwt()
    return jwt


def _compat_validation() -> Any:
    payload = compat.ValidationPayload(
        "GET", "/x", "", {"Host": "h", "Authorization": "a"}, ["authorization", "host"], ""
    )
    return compat.ClientValidationJwt(TEST_ACCOUNT_SID, TEST_KEY_SID, CR, PRIVATE_KEY, payload)


def _compat_access_token() -> Any:
    token = compat.AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, API_SECRET, identity="alice")
    token.add_grant(compat.VoiceGrant(incoming_allow=True))
    return token


def _compat_client_capability() -> Any:
    capability = compat.ClientCapabilityToken(TEST_ACCOUNT_SID, AUTH_TOKEN)
    capability.allow_client_incoming("alice")
    return capability


MAKERS: dict[str, tuple[Callable[[], Any], str | None]] = {
    "AccessToken": (_access_token, API_SECRET),
    "ClientCapability": (_client_capability, AUTH_TOKEN),
    "TaskRouterCapability": (lambda: TaskRouterCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, WS, WK), AUTH_TOKEN),
    "ValidationToken": (lambda: ValidationToken(TEST_ACCOUNT_SID, CR, TEST_KEY_SID, PRIVATE_KEY), None),
    "compat AccessToken": (_compat_access_token, API_SECRET),
    "compat ClientCapabilityToken": (_compat_client_capability, AUTH_TOKEN),
    "compat WorkerCapabilityToken": (
        lambda: compat.WorkerCapabilityToken(TEST_ACCOUNT_SID, AUTH_TOKEN, WS, WK),
        AUTH_TOKEN,
    ),
    "compat ClientValidationJwt": (_compat_validation, None),
}


@pytest.mark.parametrize("signed", [False, True], ids=["before to_jwt", "after to_jwt"])
@pytest.mark.parametrize("name", list(MAKERS))
def test_asdict_and_astuple_neither_reveal_nor_crash(name: str, signed: bool) -> None:
    token = MAKERS[name][0]()
    if signed:
        _sign(token)
        _sign(token)
    for recurse in (True, False):
        assert_clean(attrs.asdict(token, recurse=recurse), f"attrs.asdict(recurse={recurse})")
        assert_clean(attrs.astuple(token, recurse=recurse), f"attrs.astuple(recurse={recurse})")
    assert_clean(attr.asdict(token, retain_collection_types=True), "attr.asdict(retain_collection_types=True)")
    assert_clean(attr.astuple(token, retain_collection_types=True), "attr.astuple(retain_collection_types=True)")
    assert_clean(repr(token), "repr")
    assert_clean(str(token), "str")


def test_asdict_of_a_signed_access_token_keeps_its_public_fields() -> None:
    """Not cleaned by dropping everything: the fields a person looks for are there, the secret is not."""
    token = _access_token()
    token.to_jwt()
    fields = attrs.asdict(token)
    assert fields["account_sid"] == TEST_ACCOUNT_SID
    assert fields["identity"] == "alice"
    assert fields["_grants"]["voice"]["incoming_allow"] is True
    assert repr(fields["_secret"]) == "Secret('***')"
    assert "_signers" not in fields  # its signer is in the shared cache (twilio_jwt._signing), not in the token


@pytest.mark.parametrize("signed", [False, True], ids=["before to_jwt", "after to_jwt"])
@pytest.mark.parametrize("name", list(MAKERS))
def test_a_shallow_copy_signs_like_the_original(name: str, signed: bool) -> None:
    make, secret = MAKERS[name]
    token = make()
    if signed:
        _sign(token)
    twin = copy.copy(token)
    assert_clean(repr(twin), "repr of a copy")
    jwt = _sign(twin)
    if secret is not None:  # the HMAC tokens: the copy's token verifies with the original's secret
        _, claims = decode_hs(jwt, secret)
        assert claims["exp"] > claims.get("iat", 0)


@pytest.mark.parametrize("signed", [False, True], ids=["before to_jwt", "after to_jwt"])
@pytest.mark.parametrize("name", list(MAKERS))
def test_pickle_and_deepcopy_are_refused_without_showing_the_secret(name: str, signed: bool) -> None:
    token = MAKERS[name][0]()
    if signed:
        _sign(token)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        with pytest.raises(TypeError, match="cannot be pickled") as caught:
            pickle.dumps(token, protocol=protocol)
        assert_clean(str(caught.value), f"the refusal to pickle with protocol {protocol}")
    with pytest.raises(TypeError, match="cannot be pickled") as caught:
        copy.deepcopy(token)
    assert_clean(str(caught.value), "the refusal to deepcopy")
