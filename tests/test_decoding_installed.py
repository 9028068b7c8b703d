"""Decoding with everything installed: each token type refuses what is not its own, by name.

Bad tokens are signed with the real plugin backends (``twilio-jwt-hmac``,
``twilio-jwt-rsa``) through the library's own encoder, so each test changes exactly
one thing about an otherwise valid token.
"""

from __future__ import annotations

import json
import pathlib
import time
from typing import Any

import jwt
import pytest

import twilio_jwt_hmac
from twilio_jwt import AccessToken, ClientCapability, PluginHost, RawGrant, default_host
from twilio_jwt._jws import b64url, encode
from twilio_jwt._pyjwt import pinned_jws
from twilio_jwt.decoding import read_unverified, verify
from twilio_jwt.errors import (
    AlgorithmNotAllowedError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidParameterError,
    InvalidSignatureError,
    NotYetValidError,
    WrongTokenTypeError,
)
from twilio_jwt.grants import VoiceGrant
from twilio_jwt.scope import RawScope
from twilio_jwt.scopes import IncomingClientScope
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET
from twilio_jwt_rsa import ValidationToken
from twilio_jwt_task_router import Policy, TaskRouterCapability

HERE = pathlib.Path(__file__).parent
KEYS = HERE / "conformance" / "keys"
PRIVATE_KEY = (KEYS / "rsa2048_pkcs8.pem").read_text("utf-8")
PUBLIC_KEY = (KEYS / "rsa2048_public.pem").read_text("utf-8")
AUTH_TOKEN = "auth-token-" + "9" * 32
CREDENTIAL = "CR" + "8" * 32
NOW = 1_700_000_000


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW)


def signed(header: dict[str, Any], claims: dict[str, Any], key: Any, alg: str) -> str:
    """``header.claims`` signed by the installed backend for ``alg`` (whatever the header says)."""
    algorithm = default_host().algorithm(alg)
    return encode(b64url(json.dumps(header).encode()), claims, algorithm, algorithm.prepare_key(key))


def parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    decoded = read_unverified(token)
    return decoded.header, decoded.claims


def access_token() -> str:
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="alice")
    token.add_grant(VoiceGrant(incoming_allow=True))
    return token.to_jwt()


def client_capability() -> str:
    capability = ClientCapability(TEST_ACCOUNT_SID, AUTH_TOKEN)
    capability.add_scope(IncomingClientScope("alice"))
    return capability.to_jwt()


def taskrouter_capability() -> str:
    capability = TaskRouterCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, "WS" + "1" * 32, "WK" + "2" * 32)
    capability.add_policy(Policy("https://example.com/x"))
    return capability.to_jwt()


def validation_token() -> str:
    token = ValidationToken(TEST_ACCOUNT_SID, CREDENTIAL, TEST_KEY_SID, PRIVATE_KEY)
    return token.generate_token(token.get_request_canonicalizer({"method": "GET", "url": "https://api.twilio.com/"}))


# -- algorithm confusion ---------------------------------------------------------------------


def test_hs256_signed_with_the_rsa_public_key_is_refused_for_a_validation_token() -> None:
    """The classic attack: the verifier's public key used as an HMAC secret under alg HS256."""
    header, claims = parts(validation_token())
    forged = encode(
        b64url(json.dumps({**header, "alg": "HS256"}).encode()),
        claims,
        default_host().algorithm("HS256"),
        PUBLIC_KEY.encode(),  # the hmac plugin would refuse this key; the raw bytes sign anyway
    )
    message = (
        "the token is signed with 'HS256' but a ValidationToken allows only RS256, PS256; "
        "a token's own alg header never widens that list"
    )
    with pytest.raises(AlgorithmNotAllowedError) as excinfo:
        verify(forged, PUBLIC_KEY, ValidationToken.DECODING)
    assert str(excinfo.value) == message
    with pytest.raises(AlgorithmNotAllowedError):
        ValidationToken.from_jwt(forged, PRIVATE_KEY)


def test_pyjwt_itself_knows_only_the_types_algorithms() -> None:
    """Behind the early check, the PyJWS a validation token is verified with has no HS256 to run."""
    header, claims = parts(validation_token())
    hs256 = default_host().algorithm("HS256")
    forged = encode(b64url(json.dumps({**header, "alg": "HS256"}).encode()), claims, hs256, PUBLIC_KEY.encode())
    rs256_only = pinned_jws(default_host().algorithm("RS256"))
    assert rs256_only.get_algorithms() == ["RS256"]
    with pytest.raises(jwt.exceptions.InvalidAlgorithmError):
        rs256_only.decode_complete(forged, PUBLIC_KEY, algorithms=["HS256"])
    with pytest.raises(jwt.exceptions.InvalidAlgorithmError):
        rs256_only.decode_complete(forged, PUBLIC_KEY, algorithms=list(ValidationToken.ALGORITHMS))


def test_an_access_token_keyed_with_a_public_key_is_refused_by_the_hmac_plugin() -> None:
    forged = encode(*_access_parts(), default_host().algorithm("HS256"), PUBLIC_KEY.encode())
    with pytest.raises(InvalidParameterError, match=r"^key: looks like a PEM or SSH key"):
        AccessToken.from_jwt(forged, PUBLIC_KEY)


def _access_parts() -> tuple[bytes, dict[str, Any]]:
    header, claims = parts(access_token())
    return b64url(json.dumps(header).encode()), claims


@pytest.mark.parametrize(
    ("make", "decode"),
    [
        (access_token, lambda t: AccessToken.from_jwt(t, TEST_SECRET)),
        (client_capability, lambda t: ClientCapability.from_jwt(t, AUTH_TOKEN)),
        (taskrouter_capability, lambda t: TaskRouterCapability.from_jwt(t, AUTH_TOKEN)),
        (validation_token, lambda t: ValidationToken.from_jwt(t, PRIVATE_KEY)),
    ],
    ids=["access", "client", "taskrouter", "validation"],
)
def test_alg_none_is_refused_by_every_type(make: Any, decode: Any) -> None:
    header, claims = parts(make())
    unsigned = b64url(json.dumps({**header, "alg": "none"}).encode()) + b"." + b64url(json.dumps(claims).encode())
    with pytest.raises(AlgorithmNotAllowedError, match=r"^the token is signed with 'none' but an? "):
        decode((unsigned + b".").decode())


def test_a_capability_signed_with_hs384_is_refused() -> None:
    header, claims = parts(client_capability())
    token = signed({**header, "alg": "HS384"}, claims, AUTH_TOKEN, "HS384")
    with pytest.raises(AlgorithmNotAllowedError) as excinfo:
        ClientCapability.from_jwt(token, AUTH_TOKEN)
    assert str(excinfo.value).startswith("the token is signed with 'HS384' but a ClientCapability allows only HS256;")


def test_a_validation_token_signed_with_rs384_is_refused() -> None:
    header, claims = parts(validation_token())
    token = signed({**header, "alg": "RS384"}, claims, PRIVATE_KEY, "RS384")
    with pytest.raises(AlgorithmNotAllowedError, match="allows only RS256, PS256"):
        ValidationToken.from_jwt(token, PRIVATE_KEY)


# -- the wrong type of token -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "decode", "error", "message"),
    [
        (
            access_token,
            lambda t: ClientCapability.from_jwt(t, TEST_SECRET),
            WrongTokenTypeError,
            "this is not a ClientCapability: the token has cty 'twilio-fpa;v=1', "
            "and a ClientCapability has no cty header",
        ),
        (
            client_capability,
            lambda t: AccessToken.from_jwt(t, AUTH_TOKEN),
            WrongTokenTypeError,
            "this is not an AccessToken: the token has no cty header, and an AccessToken has cty 'twilio-fpa;v=1'",
        ),
        (
            client_capability,
            lambda t: TaskRouterCapability.from_jwt(t, AUTH_TOKEN),
            WrongTokenTypeError,
            "this is not a TaskRouterCapability: it has no 'policies' claim",
        ),
        (
            taskrouter_capability,
            lambda t: ClientCapability.from_jwt(t, AUTH_TOKEN),
            WrongTokenTypeError,
            "this is not a ClientCapability: it has no 'scope' claim",
        ),
        (
            validation_token,
            lambda t: AccessToken.from_jwt(t, TEST_SECRET),
            AlgorithmNotAllowedError,
            "the token is signed with 'RS256' but an AccessToken allows only HS256, HS384, HS512; "
            "a token's own alg header never widens that list",
        ),
    ],
    ids=[
        "access-as-client",
        "client-as-access",
        "client-as-taskrouter",
        "taskrouter-as-client",
        "validation-as-access",
    ],
)
def test_another_type_of_token_is_refused(make: Any, decode: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as excinfo:
        decode(make())
    assert str(excinfo.value) == message


# -- signatures and times --------------------------------------------------------------------


def test_a_tampered_validation_token_is_refused() -> None:
    token = validation_token()
    header, claims = token.split(".")[:2]
    other = json.loads(jwt.utils.base64url_decode(claims))
    other["rqh"] = "0" * 64
    forged = f"{header}.{b64url(json.dumps(other).encode()).decode()}.{token.split('.')[2]}"
    with pytest.raises(InvalidSignatureError, match=r"^the ValidationToken's RS256 signature does not match"):
        ValidationToken.from_jwt(forged, PRIVATE_KEY)
    with pytest.raises(InvalidSignatureError):
        verify(forged, PUBLIC_KEY, ValidationToken.DECODING)


def test_another_key_pair_does_not_verify() -> None:
    other = (KEYS / "rsa3072_pkcs8.pem").read_text("utf-8")
    with pytest.raises(InvalidSignatureError):
        ValidationToken.from_jwt(validation_token(), other)


def test_an_expired_capability_honours_the_leeway(monkeypatch: pytest.MonkeyPatch) -> None:
    token = client_capability()
    monkeypatch.setattr(time, "time", lambda: NOW + 3600 + 10)
    with pytest.raises(ExpiredTokenError, match=r"^the ClientCapability expired at 2023-11-14T23:13:20Z, 10s ago; "):
        ClientCapability.from_jwt(token, AUTH_TOKEN)
    assert ClientCapability.from_jwt(token, AUTH_TOKEN, leeway=11).scopes == (IncomingClientScope("alice"),)


def test_a_validation_token_from_the_future_is_refused() -> None:
    header, claims = parts(validation_token())
    token = signed(header, {**claims, "nbf": NOW + 120}, PRIVATE_KEY, "RS256")
    with pytest.raises(NotYetValidError, match="not valid before 2023-11-14T22:15:20Z \\(nbf\\), 2m from now"):
        ValidationToken.from_jwt(token, PRIVATE_KEY)
    assert ValidationToken.from_jwt(token, PRIVATE_KEY, leeway=120).ttl == 300


# -- claims ----------------------------------------------------------------------------------


def test_a_public_key_rebuilds_a_validation_token_that_cannot_sign() -> None:
    """A public key verifies (decoding.verify, from_jwt) but cannot make a token that signs."""
    assert verify(validation_token(), PUBLIC_KEY, ValidationToken.DECODING).verified
    assert ValidationToken.from_jwt(validation_token(), PUBLIC_KEY).can_sign is False


@pytest.mark.parametrize(
    ("make", "change", "decode", "claim", "message"),
    [
        (
            client_capability,
            {"scope": "scope:client:incoming?nobody=1"},
            lambda t: ClientCapability.from_jwt(t, AUTH_TOKEN),
            "scope",
            "IncomingClientScope cannot be rebuilt from 'scope:client:incoming'",
        ),
        (
            client_capability,
            {"scope": "scope:client:incoming?clientName=a  scope:client:incoming?clientName=b"},
            lambda t: ClientCapability.from_jwt(t, AUTH_TOKEN),
            "scope",
            "holds an empty scope",
        ),
        (
            client_capability,
            {"scope": ["x"]},
            lambda t: ClientCapability.from_jwt(t, AUTH_TOKEN),
            "scope",
            "expected a string",
        ),
        (
            client_capability,
            {"iss": TEST_KEY_SID},
            lambda t: ClientCapability.from_jwt(t, AUTH_TOKEN),
            "iss",
            "expected an Account SID",
        ),
        (
            taskrouter_capability,
            {"policies": {"url": "x"}},
            lambda t: TaskRouterCapability.from_jwt(t, AUTH_TOKEN),
            "policies",
            "expected an array, got an object",
        ),
        (
            taskrouter_capability,
            {"policies": [{"method": "GET"}]},
            lambda t: TaskRouterCapability.from_jwt(t, AUTH_TOKEN),
            "policies[0]",
            "url: is required",
        ),
        (
            taskrouter_capability,
            {"policies": [{"url": "x", "allow": "yes"}]},
            lambda t: TaskRouterCapability.from_jwt(t, AUTH_TOKEN),
            "policies[0]",
            "allow: expected True or False",
        ),
        (
            taskrouter_capability,
            {"channel": "AP" + "0" * 32},
            lambda t: TaskRouterCapability.from_jwt(t, AUTH_TOKEN),
            "channel",
            "expected a worker SID starting with 'WK'",
        ),
        (
            taskrouter_capability,
            {"workspace_sid": None},
            lambda t: TaskRouterCapability.from_jwt(t, AUTH_TOKEN),
            "workspace_sid",
            "is required",
        ),
        (validation_token, {"hrh": 5}, lambda t: ValidationToken.from_jwt(t, PRIVATE_KEY), "hrh", "expected a string"),
        (
            validation_token,
            {"hrh": "authorization;host;not a header"},
            lambda t: ValidationToken.from_jwt(t, PRIVATE_KEY),
            "hrh",
            "is not an HTTP header name",
        ),
        (
            validation_token,
            {"exp": NOW + 301},
            lambda t: ValidationToken.from_jwt(t, PRIVATE_KEY),
            "exp - iat",
            "between 1 and 300",
        ),
        (
            validation_token,
            {"sub": TEST_KEY_SID},
            lambda t: ValidationToken.from_jwt(t, PRIVATE_KEY),
            "sub",
            "expected an Account SID",
        ),
    ],
)
def test_claims_of_the_wrong_shape_name_the_claim(
    make: Any, change: dict[str, Any], decode: Any, claim: str, message: str
) -> None:
    header, claims = parts(make())
    claims = {k: v for k, v in {**claims, **change}.items() if v is not None}
    key = PRIVATE_KEY if header["alg"] == "RS256" else AUTH_TOKEN
    with pytest.raises(InvalidClaimError) as excinfo:
        decode(signed(header, claims, key, header["alg"]))
    assert excinfo.value.claim == claim
    assert message in str(excinfo.value)


def test_a_validation_token_without_kid_names_it() -> None:
    header, claims = parts(validation_token())
    token = signed({k: v for k, v in header.items() if k != "kid"}, claims, PRIVATE_KEY, "RS256")
    with pytest.raises(InvalidClaimError, match=r"^claim 'kid': is required"):
        ValidationToken.from_jwt(token, PRIVATE_KEY)


# -- plugins that are not installed ----------------------------------------------------------


def test_grants_and_scopes_without_their_plugin_come_back_raw_and_re_encode_identically() -> None:
    hmac_only = PluginHost(plugins=[twilio_jwt_hmac])
    token = access_token()
    again = AccessToken.from_jwt(token, TEST_SECRET, host=hmac_only)
    assert again.grants == (RawGrant("voice", {"incoming": {"allow": True}}),)
    assert parts(again.to_jwt()) == parts(token)

    capability = client_capability()
    rebuilt = ClientCapability.from_jwt(capability, AUTH_TOKEN, host=hmac_only)
    assert rebuilt.scopes == (RawScope("scope:client:incoming?clientName=alice"),)
    assert parts(rebuilt.to_jwt()) == parts(capability)
