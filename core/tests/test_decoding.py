"""AccessToken.from_jwt and the decoding machinery, with core alone (fake plugins, explicit host).

Bad tokens are built with the library's own encoder and the reference HMAC backend,
so each test changes exactly one thing about an otherwise valid token.
"""

from __future__ import annotations

import datetime
import json
import pickle
import subprocess
import sys
import textwrap
import time
from typing import Any

import pytest
from core_fakes import ACCOUNT_SID, KEY_SID, SECRET, GrantPlugin, PetGrant

from twilio_jwt import AccessToken, PluginHost, RawGrant
from twilio_jwt._jws import b64url, encode
from twilio_jwt.decoding import MAX_TOKEN_BYTES, read_unverified
from twilio_jwt.errors import (
    AlgorithmNotAllowedError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidParameterError,
    InvalidParameterTypeError,
    InvalidSignatureError,
    MalformedTokenError,
    MissingPluginError,
    NotYetValidError,
    TokenError,
    TokenTooLargeError,
    TwilioJWTError,
    WrongTokenTypeError,
)
from twilio_jwt.testing import ReferenceHMAC, ReferenceHMACPlugin

NOW = 1_700_000_000  # 2023-11-14T22:13:20Z
PUBLIC_PEM = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n"


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW)


def segment(value: Any) -> bytes:
    return b64url(json.dumps(value).encode())


HEADER = {"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1"}


def claims(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "jti": f"{KEY_SID}-{NOW}",
        "grants": {"identity": "alice"},
        "iat": NOW,
        "exp": NOW + 3600,
        "iss": KEY_SID,
        "sub": ACCOUNT_SID,
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def craft(header: dict[str, Any] | None = None, body: Any = None, key: str = SECRET, alg: str = "HS256") -> str:
    """A token with this header and body, signed with ``key`` by the reference HMAC whatever the header says."""
    header = HEADER if header is None else header
    return encode(segment(header), claims() if body is None else body, ReferenceHMAC(alg), key.encode())


def minted(host: PluginHost, **changes: Any) -> AccessToken:
    values: dict[str, Any] = {"identity": "alice", "host": host, **changes}
    return AccessToken(ACCOUNT_SID, KEY_SID, SECRET, **values)


def decoded_claims(token: str) -> dict[str, Any]:
    return read_unverified(token).claims


# -- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["HS256", "HS384", "HS512"])
@pytest.mark.parametrize(
    "options",
    [{}, {"ttl": 60, "nbf": NOW - 5}, {"region": "ie1", "nbf": 1.5}, {"identity": 42, "ttl": 86400}],
)
def test_mint_decode_mint_gives_the_same_claims(host: PluginHost, algorithm: str, options: dict[str, Any]) -> None:
    token = minted(host, **options)
    token.add_grant(PetGrant(name="rex"))
    first = token.to_jwt(algorithm)
    again = AccessToken.from_jwt(first, SECRET, host=host)
    second = again.to_jwt(algorithm)
    assert decoded_claims(second) == decoded_claims(first)
    assert read_unverified(second).header == read_unverified(first).header
    assert (again.account_sid, again.key_sid, again.identity) == (
        ACCOUNT_SID,
        KEY_SID,
        str(options.get("identity", "alice")),
    )
    assert (again.ttl, again.nbf, again.region) == (options.get("ttl", 3600), options.get("nbf"), options.get("region"))


def test_grants_come_back_as_their_plugin_classes(host: PluginHost) -> None:
    token = minted(host)
    token.add_grant(PetGrant(name="rex"))
    again = AccessToken.from_jwt(token.to_jwt(), SECRET, host=host)
    assert again.grants == (PetGrant(name="rex"),)


def test_a_grant_without_its_plugin_comes_back_raw_and_re_encodes_identically(host: PluginHost) -> None:
    payload = {"room": "r1", "nested": {"list": [1, 2.5, None, True], "unicode": "żółw 🐢"}}
    token = minted(host)
    token.add_grant(RawGrant("video", payload))
    token.add_grant(PetGrant(name="rex"))
    first = token.to_jwt()
    again = AccessToken.from_jwt(first, SECRET, host=host)
    assert again.grants == (RawGrant("video", payload), PetGrant(name="rex"))
    assert decoded_claims(again.to_jwt()) == decoded_claims(first)


def test_fields_a_grant_class_does_not_declare_are_kept_and_re_encoded(host: PluginHost) -> None:
    """Forward compatible: Twilio adds grant fields over time; a plugin that predates one keeps it."""
    grants = {"identity": "alice", "pet": {"age": 3, "name": "rex", "tags": {"a": [1, None]}}}
    first = craft(body=claims(grants=grants))
    again = AccessToken.from_jwt(first, SECRET, host=host)
    (pet,) = again.grants
    assert type(pet) is PetGrant
    assert pet.name == "rex"
    assert dict(pet.extra_fields) == {"age": 3, "tags": {"a": [1, None]}}
    assert pet.to_payload() == grants["pet"]
    assert decoded_claims(again.to_jwt()) == decoded_claims(first)
    assert pet != PetGrant(name="rex")  # they encode differently
    assert hash(pet) == hash(PetGrant(name="rex"))  # still hashable
    with pytest.raises(TypeError):
        pet.extra_fields["age"] = 4  # type: ignore[index]


def test_minting_accepts_only_declared_grant_fields() -> None:
    with pytest.raises(TypeError, match="age"):
        PetGrant(name="rex", age=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="extra_fields"):
        PetGrant(name="rex", extra_fields={"age": 3})  # type: ignore[call-arg]
    assert PetGrant(name="rex").to_payload() == {"name": "rex"}
    assert PetGrant(name="rex").extra_fields == {}


def test_the_decoded_token_keeps_the_key_hidden(host: PluginHost) -> None:
    again = AccessToken.from_jwt(minted(host).to_jwt(), SECRET, host=host)
    assert SECRET not in repr(again)
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(again)


def test_a_token_without_iat_comes_back_with_the_default_ttl(host: PluginHost) -> None:
    again = AccessToken.from_jwt(craft(body=claims(iat=None)), SECRET, host=host)
    assert again.ttl == 3600
    assert decoded_claims(again.to_jwt()) == claims()


def test_leeway_accepts_a_timedelta(host: PluginHost, monkeypatch: pytest.MonkeyPatch) -> None:
    token = minted(host, ttl=60).to_jwt()
    monkeypatch.setattr(time, "time", lambda: NOW + 90)
    assert AccessToken.from_jwt(token, SECRET, leeway=datetime.timedelta(seconds=31), host=host).ttl == 60


def test_decoding_uses_the_default_host_when_none_is_given(host: PluginHost) -> None:
    from twilio_jwt import use_host

    with use_host(host):
        token = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice")
        assert AccessToken.from_jwt(token.to_jwt(), SECRET).identity == "alice"


# -- algorithm pinning -----------------------------------------------------------------------


def test_alg_none_is_refused(host: PluginHost) -> None:
    token = (segment({**HEADER, "alg": "none"}) + b"." + segment(claims()) + b".").decode()
    with pytest.raises(AlgorithmNotAllowedError) as excinfo:
        AccessToken.from_jwt(token, SECRET, host=host)
    assert str(excinfo.value) == (
        "the token is signed with 'none' but an AccessToken allows only HS256, HS384, HS512; "
        "a token's own alg header never widens that list"
    )


@pytest.mark.parametrize("alg", ["RS256", "hs256", "PS256", "ES256"])
def test_an_algorithm_outside_the_types_list_is_refused_before_the_signature(host: PluginHost, alg: str) -> None:
    with pytest.raises(AlgorithmNotAllowedError, match=f"signed with '{alg}' but"):
        AccessToken.from_jwt(craft({**HEADER, "alg": alg}), SECRET, host=host)


def test_a_long_alg_is_described_not_echoed(host: PluginHost) -> None:
    with pytest.raises(
        AlgorithmNotAllowedError, match=r"^the token is signed with an unexpected 11-character value but"
    ):
        AccessToken.from_jwt(craft({**HEADER, "alg": "HS256HS256!"}), SECRET, host=host)


@pytest.mark.parametrize("alg", [None, 256, ["HS256"]])
def test_a_missing_or_non_str_alg_is_refused(host: PluginHost, alg: Any) -> None:
    header = {k: v for k, v in {**HEADER, "alg": alg}.items() if v is not None}
    token = (segment(header) + b"." + segment(claims()) + b".c2ln").decode()
    with pytest.raises(AlgorithmNotAllowedError, match=r"signed with (null|a number|an array) but"):
        AccessToken.from_jwt(token, SECRET, host=host)


def test_hs256_keyed_with_a_public_key_is_refused_as_a_key(host: PluginHost) -> None:
    """The algorithm-confusion attack: the verifier's public key used as an HMAC secret."""
    with pytest.raises(InvalidParameterError) as excinfo:
        AccessToken.from_jwt(craft(key=PUBLIC_PEM), PUBLIC_PEM, host=host)
    assert str(excinfo.value).startswith("key: looks like a PEM or SSH key")
    assert "BEGIN" not in str(excinfo.value)


def test_an_allowed_algorithm_with_no_backend_installed_names_the_distribution() -> None:
    host = PluginHost(plugins={"pets": GrantPlugin(PetGrant)})
    with pytest.raises(MissingPluginError, match=r"algorithm 'HS256'.*install twilio-jwt-hmac"):
        AccessToken.from_jwt(craft(), SECRET, host=host)


def test_verification_uses_the_hosts_backend(hmac_plugin: ReferenceHMACPlugin, host: PluginHost) -> None:
    token = minted(host).to_jwt()
    hs256 = hmac_plugin.algorithms[0]
    signed = hs256.signed
    AccessToken.from_jwt(token, SECRET, host=host)
    AccessToken.from_jwt(token, SECRET, host=host)
    assert hs256.signed == signed  # verification does not sign; it goes through verify()
    assert hs256.prepared >= 2  # the key was prepared by our backend, not by PyJWT's HMAC


# -- signatures ------------------------------------------------------------------------------


def tamper(token: str, index: int, replace: bytes) -> str:
    parts = token.encode().split(b".")
    parts[index] = replace
    return b".".join(parts).decode()


@pytest.mark.parametrize(
    ("part", "replacement"),
    [
        ("header", {**HEADER, "twr": "ie1"}),
        ("claims", claims(grants={"identity": "mallory"})),
        ("signature", None),
    ],
)
def test_tampering_breaks_the_signature(host: PluginHost, part: str, replacement: Any) -> None:
    token = minted(host).to_jwt()
    index = ["header", "claims", "signature"].index(part)
    new = b64url(b"\x00" * 32) if replacement is None else segment(replacement)
    with pytest.raises(InvalidSignatureError) as excinfo:
        AccessToken.from_jwt(tamper(token, index, new), SECRET, host=host)
    assert str(excinfo.value) == (
        "the AccessToken's HS256 signature does not match: it was signed with another key, or changed after signing"
    )


def test_another_key_does_not_verify(host: PluginHost) -> None:
    with pytest.raises(InvalidSignatureError):
        AccessToken.from_jwt(minted(host).to_jwt(), SECRET + "x", host=host)


# -- times -----------------------------------------------------------------------------------


def test_an_expired_token_says_when(host: PluginHost, monkeypatch: pytest.MonkeyPatch) -> None:
    token = minted(host, ttl=60).to_jwt()
    monkeypatch.setattr(time, "time", lambda: NOW + 60 + 180)
    with pytest.raises(ExpiredTokenError) as excinfo:
        AccessToken.from_jwt(token, SECRET, host=host)
    assert str(excinfo.value) == "the AccessToken expired at 2023-11-14T22:14:20Z, 3m ago; mint a new one"


def test_expiry_honours_the_leeway(host: PluginHost, monkeypatch: pytest.MonkeyPatch) -> None:
    token = minted(host, ttl=60).to_jwt()
    monkeypatch.setattr(time, "time", lambda: NOW + 60 + 29)
    assert AccessToken.from_jwt(token, SECRET, leeway=30, host=host).ttl == 60
    monkeypatch.setattr(time, "time", lambda: NOW + 60 + 30)
    with pytest.raises(ExpiredTokenError, match=r"30s ago \(leeway 30s\)"):
        AccessToken.from_jwt(token, SECRET, leeway=30, host=host)


def test_a_token_expiring_this_second_is_expired(host: PluginHost, monkeypatch: pytest.MonkeyPatch) -> None:
    token = minted(host, ttl=60).to_jwt()
    monkeypatch.setattr(time, "time", lambda: NOW + 60)
    with pytest.raises(ExpiredTokenError, match="0s ago"):
        AccessToken.from_jwt(token, SECRET, host=host)


def test_a_token_not_yet_valid_says_when(host: PluginHost) -> None:
    token = minted(host, nbf=NOW + 3 * 3600 + 120).to_jwt()
    with pytest.raises(NotYetValidError) as excinfo:
        AccessToken.from_jwt(token, SECRET, host=host)
    assert str(excinfo.value) == (
        "the AccessToken is not valid before 2023-11-15T01:15:20Z (nbf), 3h 2m from now; "
        "check the clocks, or pass a leeway for clock skew"
    )


def test_not_before_honours_the_leeway(host: PluginHost) -> None:
    token = minted(host, nbf=NOW + 30).to_jwt()
    assert AccessToken.from_jwt(token, SECRET, leeway=30, host=host).nbf == NOW + 30
    with pytest.raises(NotYetValidError, match=r"\(leeway 29s\)"):
        AccessToken.from_jwt(token, SECRET, leeway=29, host=host)


@pytest.mark.parametrize(
    ("leeway", "error"),
    [
        (-1, InvalidParameterError),
        (float("nan"), InvalidParameterError),
        (float("inf"), InvalidParameterError),
        ("5", InvalidParameterTypeError),
        (True, InvalidParameterTypeError),
        (None, InvalidParameterTypeError),
    ],
)
def test_a_bad_leeway_is_refused(host: PluginHost, leeway: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"^leeway: "):
        AccessToken.from_jwt(minted(host).to_jwt(), SECRET, leeway=leeway, host=host)


# -- token type ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cty", "found"),
    [
        (None, "has no cty header"),
        ("twilio-pkrv;v=1", "has cty 'twilio-pkrv;v=1'"),
        ("twilio-fpa;v=2", "has cty 'twilio-fpa;v=2'"),
    ],
)
def test_a_wrong_content_type_is_another_kind_of_token(host: PluginHost, cty: str | None, found: str) -> None:
    header = {k: v for k, v in {**HEADER, "cty": cty}.items() if v is not None}
    with pytest.raises(WrongTokenTypeError) as excinfo:
        AccessToken.from_jwt(craft(header), SECRET, host=host)
    assert (
        str(excinfo.value)
        == f"this is not an AccessToken: the token {found}, and an AccessToken has cty 'twilio-fpa;v=1'"
    )


def test_an_access_token_header_without_grants_is_another_kind_of_token(host: PluginHost) -> None:
    with pytest.raises(WrongTokenTypeError, match="it has no 'grants' claim"):
        AccessToken.from_jwt(craft(body={k: v for k, v in claims().items() if k != "grants"}), SECRET, host=host)


# -- malformed tokens ------------------------------------------------------------------------


def test_an_oversized_token_is_refused_before_parsing(host: PluginHost) -> None:
    token = "x" * (MAX_TOKEN_BYTES + 1)  # not even a JWT: size is checked first
    with pytest.raises(TokenTooLargeError, match=r"^the token is 65537 characters long; tokens over 64 KiB"):
        AccessToken.from_jwt(token, SECRET, host=host)
    multibyte = "é" * (MAX_TOKEN_BYTES // 2 + 1)
    with pytest.raises(TokenTooLargeError, match=r"^the token is 65538 bytes"):
        AccessToken.from_jwt(multibyte, SECRET, host=host)


def test_a_token_just_under_the_limit_is_parsed(host: PluginHost) -> None:
    padding = "p" * (MAX_TOKEN_BYTES * 3 // 4 - 400)  # base64url makes 4 characters of 3 bytes
    token = minted(host)
    token.add_grant(PetGrant(name=padding))
    jwt = token.to_jwt()
    assert MAX_TOKEN_BYTES - 1000 < len(jwt) <= MAX_TOKEN_BYTES
    assert AccessToken.from_jwt(jwt, SECRET, host=host).grants == (PetGrant(name=padding),)


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("", "the token is empty"),
        ("   ", "the token is empty"),
        ("abc", "a JWT is three base64url segments joined by dots (header.claims.signature); this one has 1"),
        ("a.b", "a JWT is three base64url segments joined by dots (header.claims.signature); this one has 2"),
        ("a.b.c.d", "a JWT is three base64url segments joined by dots (header.claims.signature); this one has 4"),
        ("!!!!." + segment(claims()).decode() + ".c2ln", "the header segment is not valid base64url"),
        (segment(HEADER).decode() + ".*a*b.c2ln", "the claims segment is not valid base64url"),
        (
            segment(HEADER).decode() + "." + segment(claims()).decode() + ".s%g",
            "the signature segment is not valid base64url",
        ),
        (
            b64url(b"not json").decode() + "." + segment(claims()).decode() + ".c2ln",
            "the header segment is not a JSON object",
        ),
        (segment([1]).decode() + "." + segment(claims()).decode() + ".c2ln", "the header segment is not a JSON object"),
    ],
)
def test_malformed_tokens_say_what_is_wrong(host: PluginHost, token: str, message: str) -> None:
    with pytest.raises(MalformedTokenError) as excinfo:
        AccessToken.from_jwt(token, SECRET, host=host)
    assert str(excinfo.value) == message


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "the claims segment is not JSON"),
        (b'{"exp": NaN}', "the claims segment is not JSON"),
        (b"[1, 2]", "the claims segment is JSON but an array, not an object"),
        (b'"text"', "the claims segment is JSON but a string, not an object"),
    ],
)
def test_claims_that_are_not_a_json_object_are_malformed(host: PluginHost, body: bytes, message: str) -> None:
    signing_input = segment(HEADER) + b"." + b64url(body)
    token = (signing_input + b"." + b64url(ReferenceHMAC("HS256").sign(signing_input, SECRET.encode()))).decode()
    with pytest.raises(MalformedTokenError) as excinfo:
        AccessToken.from_jwt(token, SECRET, host=host)
    assert str(excinfo.value) == message


@pytest.mark.parametrize(
    ("body", "claim", "message"),
    [
        (claims(exp=None), "exp", "is required: every AccessToken expires"),
        (claims(exp="soon"), "exp", "expected epoch seconds (a JSON number), got a string"),
        (claims(exp=True), "exp", "expected epoch seconds (a JSON number), got a boolean"),
        (claims(nbf=[1]), "nbf", "expected epoch seconds (a JSON number), got an array"),
        (claims(iat="x"), "iat", "expected epoch seconds (a JSON number), got a string"),
        (claims(iss=ACCOUNT_SID), "iss", "expected an API key SID starting with 'SK'; got an Account SID"),
        (claims(sub=None), "sub", "is required: expected an Account SID starting with 'AC'"),
        (claims(sub=12), "sub", "expected a str (an Account SID starting with 'AC'), got int"),
        (claims(grants=[]), "grants", "expected an object, got an array"),
        (claims(grants={}), "grants.identity", "is required and must be a non-empty str"),
        (claims(grants={"identity": True}), "grants.identity", "expected a str, got bool"),
        (claims(iat=NOW - 86400), "exp - iat", "must be between 1 and 86400 seconds, got 90000"),
        (claims(iat=NOW + 3600), "exp - iat", "must be between 1 and 86400 seconds, got 0"),
        (claims(exp=NOW + 0.5), "exp - iat", "expected an int number of seconds, got float"),
        (claims(grants={"identity": "a", "pet": "rex"}), "grants.pet", "expected an object, got a string"),
        (claims(grants={"identity": "a", "pet": {"name": 3}}), "grants.pet", "PetGrant cannot be rebuilt from it"),
    ],
)
def test_claims_of_the_wrong_shape_name_the_claim(
    host: PluginHost, body: dict[str, Any], claim: str, message: str
) -> None:
    with pytest.raises(InvalidClaimError) as excinfo:
        AccessToken.from_jwt(craft(body=body), SECRET, host=host)
    assert excinfo.value.claim == claim
    assert str(excinfo.value).startswith(f"claim {claim!r}: {message}")


def test_a_region_of_the_wrong_type_names_the_header_field(host: PluginHost) -> None:
    with pytest.raises(InvalidClaimError, match=r"^claim 'twr': expected a str or None, got int"):
        AccessToken.from_jwt(craft({**HEADER, "twr": 1}), SECRET, host=host)


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, 12, ["a.b.c"], object()])
def test_a_token_of_the_wrong_type_is_a_type_error(host: PluginHost, token: Any) -> None:
    with pytest.raises(InvalidParameterTypeError, match=r"^token: expected a str or bytes, got "):
        AccessToken.from_jwt(token, SECRET, host=host)


def test_bytes_tokens_are_accepted(host: PluginHost) -> None:
    assert AccessToken.from_jwt(minted(host).to_jwt().encode(), SECRET.encode(), host=host).identity == "alice"


@pytest.mark.parametrize("key", [None, "", b""])
def test_an_empty_key_is_refused(host: PluginHost, key: Any) -> None:
    with pytest.raises(InvalidParameterError, match=r"^key: is required"):
        AccessToken.from_jwt(minted(host).to_jwt(), key, host=host)


def test_every_decoding_error_is_a_token_error_and_a_value_error() -> None:
    for cls in (
        MalformedTokenError,
        TokenTooLargeError,
        InvalidClaimError,
        InvalidSignatureError,
        AlgorithmNotAllowedError,
        ExpiredTokenError,
        NotYetValidError,
        WrongTokenTypeError,
    ):
        assert issubclass(cls, TokenError)
    assert issubclass(TokenError, TwilioJWTError)
    assert issubclass(TokenError, ValueError)


def test_no_message_contains_the_key_or_the_token(host: PluginHost, monkeypatch: pytest.MonkeyPatch) -> None:
    token = minted(host, ttl=60).to_jwt()
    failures = [
        lambda: AccessToken.from_jwt(token, SECRET + "!", host=host),
        lambda: AccessToken.from_jwt(token[:-3], SECRET, host=host),
        lambda: AccessToken.from_jwt(craft(body=claims(iss=SECRET)), SECRET, host=host),
        lambda: AccessToken.from_jwt(craft({**HEADER, "alg": SECRET}), SECRET, host=host),
    ]
    monkeypatch.setattr(time, "time", lambda: NOW + 7200)
    failures.append(lambda: AccessToken.from_jwt(token, SECRET, host=host))
    for fail in failures:
        with pytest.raises(TokenError) as excinfo:
            fail()
        text = str(excinfo.value)
        assert SECRET not in text
        assert token.split(".")[1] not in text


def test_minting_never_imports_pyjwt_and_decoding_does() -> None:
    script = textwrap.dedent(
        """
        import sys
        from twilio_jwt import AccessToken, PluginHost
        from twilio_jwt.testing import ReferenceHMACPlugin
        host = PluginHost(plugins=[ReferenceHMACPlugin()])
        token = AccessToken("AC" + "0" * 32, "SK" + "0" * 32, "s", identity="a", host=host).to_jwt()
        print("jwt" in sys.modules)
        AccessToken.from_jwt(token, "s", host=host)
        print("jwt" in sys.modules)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]


# -- one from_jwt for every token type -------------------------------------------------------------


def test_each_token_types_from_jwt_shows_its_own_docstring_and_key_type() -> None:
    import inspect

    from twilio_jwt import ClientCapability
    from twilio_jwt.decoding import Decodable

    shared = Decodable.from_jwt.__doc__
    for cls, key, words in [
        (AccessToken, "str | bytes", "API key secret"),
        (ClientCapability, "str | bytes", "scope string"),
    ]:
        method = cls.from_jwt
        assert method.__doc__ != shared
        assert words in str(method.__doc__)
        assert method.__qualname__ == f"{cls.__name__}.from_jwt"
        signature = inspect.signature(method)
        assert list(signature.parameters) == ["token", "key", "leeway", "host"]
        assert str(signature.parameters["key"].annotation) in (key, f"<class '{key}'>")
        assert signature.return_annotation == cls.__name__


def test_from_jwt_of_a_type_that_does_not_rebuild_itself_says_so(host: PluginHost) -> None:
    from twilio_jwt.decoding import Decodable

    class Bare(Decodable[str, object]):
        DECODING = AccessToken.DECODING

    with pytest.raises(NotImplementedError, match="Bare does not rebuild itself from a token"):
        Bare.from_jwt(minted(host).to_jwt(), SECRET, host=host)
