"""AccessToken: wire format and every bad-input row of contract sections 1 and 2."""

from __future__ import annotations

import copy
import hashlib
import hmac
import pickle
import time
from typing import Any

import jwt
import pytest
from core_fakes import ACCOUNT_SID, KEY_SID, SECRET, PetGrant, kwargs

from twilio_jwt import (
    AccessToken,
    InvalidParameterError,
    InvalidParameterTypeError,
    PluginHost,
    RawGrant,
)
from twilio_jwt._jws import b64url_decode
from twilio_jwt.testing import decode_hs

PEM_PUBLIC = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n"
PEM_PRIVATE = (
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ\n-----END PRIVATE KEY-----\n"
)
PEM_RSA = b"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"
SSH_RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC user@host"
SSH_ED25519 = b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI user@host"

# (parameter, bad value, error class, words the message must contain)
BAD_INPUT: list[tuple[str, Any, type[Exception], str]] = [
    ("account_sid", None, InvalidParameterError, "is required"),
    ("account_sid", "", InvalidParameterError, "is required"),
    ("account_sid", "SK" + "0" * 32, InvalidParameterError, "an Account SID starting with 'AC'"),
    ("account_sid", "XX123", InvalidParameterError, "an Account SID starting with 'AC'"),
    ("account_sid", "ac" + "0" * 32, InvalidParameterError, "starting with 'AC'"),
    ("account_sid", 12345, InvalidParameterTypeError, "expected a str"),
    ("account_sid", b"AC" + b"0" * 32, InvalidParameterTypeError, "got bytes"),
    ("key_sid", None, InvalidParameterError, "is required"),
    ("key_sid", "", InvalidParameterError, "is required"),
    ("key_sid", ACCOUNT_SID, InvalidParameterError, "got an Account SID (starting with 'AC')"),
    ("key_sid", "CR" + "0" * 32, InvalidParameterError, "got a credential SID"),
    ("key_sid", "nope", InvalidParameterError, "an API key SID starting with 'SK'"),
    ("key_sid", 7, InvalidParameterTypeError, "got int"),
    ("secret", None, InvalidParameterError, "is required"),
    ("secret", "", InvalidParameterError, "must not be empty"),
    ("secret", b"", InvalidParameterError, "must not be empty"),
    ("secret", PEM_PUBLIC, InvalidParameterError, "looks like a PEM or SSH key"),
    ("secret", PEM_PRIVATE, InvalidParameterError, "looks like a PEM or SSH key"),
    ("secret", PEM_RSA, InvalidParameterError, "looks like a PEM or SSH key"),
    ("secret", "\n  \t" + PEM_PUBLIC, InvalidParameterError, "looks like a PEM or SSH key"),
    ("secret", SSH_RSA, InvalidParameterError, "looks like a PEM or SSH key"),
    ("secret", SSH_ED25519, InvalidParameterError, "looks like a PEM or SSH key"),
    ("secret", 12345, InvalidParameterTypeError, "expected a str or bytes, got int"),
    ("secret", ["s"], InvalidParameterTypeError, "got list"),
    ("identity", None, InvalidParameterError, "is required"),
    ("identity", "", InvalidParameterError, "is required"),
    ("identity", 1.5, InvalidParameterTypeError, "got float"),
    ("identity", True, InvalidParameterTypeError, "got bool"),
    ("identity", b"alice", InvalidParameterTypeError, "got bytes"),
    ("identity", ["alice"], InvalidParameterTypeError, "got list"),
    ("ttl", True, InvalidParameterTypeError, "got bool"),
    ("ttl", 60.0, InvalidParameterTypeError, "got float"),
    ("ttl", "60", InvalidParameterTypeError, "got str"),
    ("ttl", 0, InvalidParameterError, "between 1 and 86400"),
    ("ttl", -1, InvalidParameterError, "between 1 and 86400"),
    ("ttl", 86401, InvalidParameterError, "between 1 and 86400"),
    ("nbf", True, InvalidParameterTypeError, "got bool"),
    ("nbf", "1700000000", InvalidParameterTypeError, "got str"),
    ("nbf", [1], InvalidParameterTypeError, "got list"),
    ("region", 1, InvalidParameterTypeError, "got int"),
    ("region", b"us1", InvalidParameterTypeError, "got bytes"),
]


def _row_id(row: tuple[str, Any, type[Exception], str]) -> str:
    parameter, value, _, _ = row
    return f"{parameter}={type(value).__name__}:{str(value)[:12]!r}"


@pytest.mark.parametrize(("parameter", "value", "error", "words"), BAD_INPUT, ids=[_row_id(r) for r in BAD_INPUT])
def test_bad_input_raises_the_stated_error_naming_the_parameter(
    parameter: str, value: Any, error: type[Exception], words: str
) -> None:
    with pytest.raises(error) as excinfo:
        AccessToken(**kwargs(**{parameter: value}))
    exc = excinfo.value
    assert isinstance(exc, ValueError if error is InvalidParameterError else TypeError)
    assert exc.parameter == parameter  # type: ignore[attr-defined]
    message = str(exc)
    assert message.startswith(f"{parameter}: ")
    assert words in message
    assert SECRET not in message
    if parameter == "secret" and isinstance(value, (str, bytes)) and len(value) > 8:
        assert str(value).strip()[:20] not in message
        assert repr(value)[:20] not in message


@pytest.mark.parametrize("missing", ["account_sid", "key_sid", "secret", "identity"])
def test_an_omitted_required_argument_is_a_type_error(missing: str) -> None:
    arguments = kwargs()
    del arguments[missing]
    with pytest.raises(TypeError, match=missing):
        AccessToken(**arguments)


def test_identity_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        AccessToken(ACCOUNT_SID, KEY_SID, SECRET, "alice")  # type: ignore[misc]


def test_api_key_sid_mistake_says_what_was_passed() -> None:
    with pytest.raises(InvalidParameterError) as excinfo:
        AccessToken(ACCOUNT_SID, ACCOUNT_SID, SECRET, identity="alice")
    assert str(excinfo.value) == (
        "key_sid: expected an API key SID starting with 'SK'; got an Account SID (starting with 'AC')"
    )
    assert ACCOUNT_SID not in str(excinfo.value)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("alice", "alice"), (42, "42"), (0, "0"), (-7, "-7"), ("名前", "名前")],
)
def test_identity_accepts_str_and_int(host: PluginHost, given: Any, expected: str) -> None:
    token = AccessToken(**kwargs(identity=given), host=host)
    assert token.identity == expected
    assert decode_hs(token.to_jwt(), SECRET)[1]["grants"] == {"identity": expected}


@pytest.mark.parametrize("secret", [SECRET, SECRET.encode(), bytearray(SECRET.encode()), memoryview(SECRET.encode())])
def test_secret_as_str_or_bytes(host: PluginHost, secret: Any) -> None:
    decode_hs(AccessToken(**kwargs(secret=secret), host=host).to_jwt(), SECRET)


# -- the token on the wire ---------------------------------------------------------------------------------------------


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """``time.time()`` returns the last value in the list."""
    clock = [1_700_000_000.9]
    monkeypatch.setattr(time, "time", lambda: clock[-1])
    return clock


def test_claims_and_header_follow_the_contract(host: PluginHost, frozen_clock: list[float]) -> None:
    token = AccessToken(**kwargs(ttl=600), host=host)
    token.add_grant(PetGrant(name="rex"))
    header, claims = decode_hs(token.to_jwt(), SECRET)
    assert header == {"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1"}
    assert claims == {
        "jti": f"{KEY_SID}-1700000000",
        "grants": {"identity": "alice", "pet": {"name": "rex"}},
        "iat": 1_700_000_000,
        "exp": 1_700_000_600,
        "iss": KEY_SID,
        "sub": ACCOUNT_SID,
    }


def test_pyjwt_reads_what_we_write(host: PluginHost) -> None:
    token = AccessToken(**kwargs(), host=host)
    claims = jwt.decode(token.to_jwt(), SECRET, algorithms=["HS256"])
    assert claims["grants"] == {"identity": "alice"}
    assert claims["exp"] - claims["iat"] == 3600


@pytest.mark.parametrize(("clock", "now"), [(-1.5, -2), (-0.1, -1), (0.0, 0), (1_700_000_000.999, 1_700_000_000)])
def test_now_is_floored_even_for_a_negative_clock(
    host: PluginHost, frozen_clock: list[float], clock: float, now: int
) -> None:
    frozen_clock.append(clock)
    _, claims = decode_hs(AccessToken(**kwargs(ttl=10), host=host).to_jwt(), SECRET)
    assert (claims["iat"], claims["exp"], claims["jti"]) == (now, now + 10, f"{KEY_SID}-{now}")
    assert isinstance(claims["iat"], int)


def test_each_to_jwt_reads_the_clock_again(host: PluginHost, frozen_clock: list[float]) -> None:
    token = AccessToken(**kwargs(), host=host)
    first = decode_hs(token.to_jwt(), SECRET)[1]
    frozen_clock.append(1_700_000_100.0)
    second = decode_hs(token.to_jwt(), SECRET)[1]
    assert (first["iat"], second["iat"]) == (1_700_000_000, 1_700_000_100)


@pytest.mark.parametrize("nbf", [1_699_999_000, 1_699_999_000.5, 0, -5])
def test_nbf_only_when_given_and_emitted_as_given(host: PluginHost, nbf: float) -> None:
    assert "nbf" not in decode_hs(AccessToken(**kwargs(), host=host).to_jwt(), SECRET)[1]
    claims = decode_hs(AccessToken(**kwargs(nbf=nbf), host=host).to_jwt(), SECRET)[1]
    assert claims["nbf"] == nbf
    assert type(claims["nbf"]) is type(nbf)


@pytest.mark.parametrize(("ttl", "expected"), [(None, 3600), (1, 1), (86400, 86400)])
def test_ttl_bounds_and_default(host: PluginHost, frozen_clock: list[float], ttl: int | None, expected: int) -> None:
    token = AccessToken(**kwargs(ttl=ttl), host=host)
    claims = decode_hs(token.to_jwt(), SECRET)[1]
    assert token.ttl == expected
    assert claims["exp"] - claims["iat"] == expected


@pytest.mark.parametrize(("region", "twr"), [("us1", "us1"), ("ie1", "ie1"), ("", None), (None, None)])
def test_region_header(host: PluginHost, region: str | None, twr: str | None) -> None:
    header, _ = decode_hs(AccessToken(**kwargs(region=region), host=host).to_jwt(), SECRET)
    assert header.get("twr") == twr
    assert set(header) == {"alg", "typ", "cty"} | ({"twr"} if twr else set())


@pytest.mark.parametrize(("algorithm", "digest"), [("HS256", "sha256"), ("HS384", "sha384"), ("HS512", "sha512")])
def test_hs384_and_hs512(host: PluginHost, algorithm: str, digest: str) -> None:
    token = AccessToken(**kwargs(), host=host).to_jwt(algorithm)
    header_b64, claims_b64, signature = token.split(".")
    assert decode_hs(token, SECRET)[0]["alg"] == algorithm
    expected = hmac.new(SECRET.encode(), f"{header_b64}.{claims_b64}".encode(), getattr(hashlib, digest)).digest()
    assert b64url_decode(signature) == expected


def test_default_algorithm_is_hs256(host: PluginHost) -> None:
    assert AccessToken.DEFAULT_ALGORITHM == "HS256"
    assert AccessToken.ALGORITHMS == ("HS256", "HS384", "HS512")
    token = AccessToken(**kwargs(), host=host)
    assert decode_hs(token.to_jwt(None), SECRET)[0]["alg"] == "HS256"


@pytest.mark.parametrize(
    ("algorithm", "error"),
    [
        ("none", InvalidParameterError),
        ("None", InvalidParameterError),
        ("hs256", InvalidParameterError),
        ("RS256", InvalidParameterError),
        ("HS256 ", InvalidParameterError),
        ("", InvalidParameterError),
        (256, InvalidParameterTypeError),
        (b"HS256", InvalidParameterTypeError),
    ],
)
def test_other_algorithms_are_refused_listing_the_allowed_ones(
    host: PluginHost, algorithm: Any, error: type[Exception]
) -> None:
    token = AccessToken(**kwargs(), host=host)
    with pytest.raises(error, match=r"^algorithm: ") as excinfo:
        token.to_jwt(algorithm)
    if error is InvalidParameterError:
        assert "use one of HS256, HS384, HS512" in str(excinfo.value)


def test_a_second_to_jwt_reuses_the_signer(host: PluginHost) -> None:
    token = AccessToken(**kwargs(), host=host)
    token.to_jwt()
    token.to_jwt()
    hs256 = host.algorithm("HS256")
    assert (hs256.prepared, hs256.signed) == (1, 2)  # type: ignore[attr-defined]


# -- grants ---------------------------------------------------------------------------------------------------------


def test_grants_last_one_with_a_key_wins(host: PluginHost) -> None:
    token = AccessToken(**kwargs(), host=host)
    token.add_grant(PetGrant(name="first"))
    token.add_grant(RawGrant("zoo", {"open": True}))
    token.add_grant(PetGrant(name="second"))
    assert token.grants == (PetGrant(name="second"), RawGrant("zoo", {"open": True}))
    grants = decode_hs(token.to_jwt(), SECRET)[1]["grants"]
    assert grants == {"identity": "alice", "pet": {"name": "second"}, "zoo": {"open": True}}


def test_empty_grant_is_an_empty_object(host: PluginHost) -> None:
    token = AccessToken(**kwargs(), host=host)
    token.add_grant(PetGrant(name=""))
    assert decode_hs(token.to_jwt(), SECRET)[1]["grants"]["pet"] == {}


@pytest.mark.parametrize("grant", [None, "voice", {"voice": {}}, PetGrant])
def test_add_grant_refuses_what_is_not_a_grant(grant: Any) -> None:
    token = AccessToken(**kwargs())
    with pytest.raises(InvalidParameterTypeError, match=r"^grant: expected a twilio_jwt Grant"):
        token.add_grant(grant)


# -- the secret is never shown ----------------------------------------------------------------------------------------


def test_secret_never_in_repr_or_str() -> None:
    token = AccessToken(**kwargs(region="us1"))
    for text in (repr(token), str(token), repr(token.__dict__ if hasattr(token, "__dict__") else "")):
        assert SECRET not in text
    assert repr(token).startswith("AccessToken(account_sid=")
    assert "secret" not in repr(token)
    assert "host" not in repr(token)


def test_pickling_and_copying_are_refused() -> None:
    token = AccessToken(**kwargs())
    with pytest.raises(TypeError, match="cannot be pickled") as excinfo:
        pickle.dumps(token)
    assert SECRET not in str(excinfo.value)
    with pytest.raises(TypeError, match="cannot be pickled"):
        copy.deepcopy(token)


def test_attributes_are_readable_and_frozen() -> None:
    token = AccessToken(**kwargs(ttl=60, nbf=5, region="us1"))
    assert (token.account_sid, token.key_sid, token.identity, token.ttl, token.nbf, token.region, token.grants) == (
        ACCOUNT_SID,
        KEY_SID,
        "alice",
        60,
        5,
        "us1",
        (),
    )
    with pytest.raises(AttributeError):
        token.identity = "mallory"  # type: ignore[misc]


def test_a_missing_signing_plugin_names_the_distribution() -> None:
    token = AccessToken(**kwargs(), host=PluginHost(plugins=[]))
    with pytest.raises(ImportError, match="install twilio-jwt-hmac") as excinfo:
        token.to_jwt()
    assert SECRET not in str(excinfo.value)
