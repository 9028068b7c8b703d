"""Hostile tokens against every token type's ``from_jwt``: each refused with its own error and reason.

For every type (AccessToken, ClientCapability, TaskRouterCapability and a ready-made
WorkerCapability, ValidationToken) a good token is minted, then one thing is changed
and the change signed again with the real backend where the attack needs a valid
signature: ``alg`` none in its spellings and with a signature attached, the key of
another algorithm (the HS256-with-the-RSA-public-key confusion), a changed header,
claims or signature, expired and not-yet-valid tokens, a wrong ``cty``, duplicate
JSON keys, oversized input (refused before parsing), segments that are not UTF-8,
and base64url that is malformed or has more than one spelling.

tests/test_decoding_installed.py and core/tests/test_decoding.py hold the cases
those modules own (``alg: none`` with an empty signature, tampering an access token,
the shapes of claims); this module is the matrix over types.
"""

from __future__ import annotations

import json
import pathlib
import re
import time
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from twilio_jwt import AccessToken, ClientCapability, default_host
from twilio_jwt._jws import b64url, b64url_decode
from twilio_jwt.decoding import MAX_TOKEN_BYTES, read_unverified
from twilio_jwt.errors import (
    AlgorithmNotAllowedError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidParameterError,
    InvalidSignatureError,
    MalformedTokenError,
    NotYetValidError,
    TokenError,
    TokenTooLargeError,
    WrongTokenTypeError,
)
from twilio_jwt.grants import VoiceGrant
from twilio_jwt.scopes import IncomingClientScope
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET
from twilio_jwt_rsa import RequestVerifier, ValidationToken, WireRequest
from twilio_jwt_task_router import Policy, TaskRouterCapability, WorkerCapability

KEYS = pathlib.Path(__file__).parent / "conformance" / "keys"
PRIVATE_KEY = (KEYS / "rsa2048_pkcs8.pem").read_text("utf-8")
PUBLIC_KEY = (KEYS / "rsa2048_public.pem").read_text("utf-8")
AUTH_TOKEN = "auth-token-" + "3" * 32
CR, WS, WK = "CR" + "1" * 32, "WS" + "2" * 32, "WK" + "3" * 32
NOW = 1_700_000_000
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW)


@attrs.frozen
class Kind:
    """One token type: how to mint a good one, the key ``from_jwt`` gets, and how it signs."""

    cls: Any
    mint: Callable[[], str]
    key: Any
    signing_key: Any
    a_name: str
    allowed: str

    def decode(self, token: str | bytes, key: Any = None) -> object:
        return self.cls.from_jwt(token, self.key if key is None else key)

    def parts(self) -> tuple[dict[str, Any], dict[str, Any]]:
        decoded = read_unverified(self.mint())
        return decoded.header, decoded.claims

    def sign(self, header: Any, claims: Any, alg: str | None = None, key: Any = None) -> str:
        """``header.claims`` (dicts, or raw bytes to encode as they are) signed by the installed backend."""
        algorithm = default_host().algorithm(alg or self.parts()[0]["alg"])
        raw = [part if isinstance(part, bytes) else json.dumps(part).encode() for part in (header, claims)]
        signing_input = b64url(raw[0]) + b"." + b64url(raw[1])
        prepared = algorithm.prepare_key(self.signing_key if key is None else key)
        return (signing_input + b"." + b64url(algorithm.sign(signing_input, prepared))).decode()

    def resign(self, header: dict[str, Any] | None = None, claims: dict[str, Any] | None = None) -> str:
        """The good token with header and claims fields changed (``None`` removes one), signed again."""
        good_header, good_claims = self.parts()
        return self.sign(_changed(good_header, header), _changed(good_claims, claims))


def _changed(base: dict[str, Any], changes: dict[str, Any] | None) -> dict[str, Any]:
    merged = {**base, **(changes or {})}
    return {key: value for key, value in merged.items() if value is not None}


def _access() -> str:
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="alice", nbf=NOW - 10)
    token.add_grant(VoiceGrant(incoming_allow=True))
    return token.to_jwt()


def _client() -> str:
    capability = ClientCapability(TEST_ACCOUNT_SID, AUTH_TOKEN)
    capability.add_scope(IncomingClientScope("alice"))
    return capability.to_jwt()


def _taskrouter() -> str:
    capability = TaskRouterCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, WS, WK)
    capability.add_policy(Policy("https://example.com/x"))
    return capability.to_jwt()


def _worker() -> str:
    return WorkerCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, WS, WK).to_jwt()


def _validation() -> str:
    token = ValidationToken(TEST_ACCOUNT_SID, CR, TEST_KEY_SID, PRIVATE_KEY)
    return token.generate_token(token.get_request_canonicalizer({"method": "GET", "url": "https://api.twilio.com/"}))


HS = "HS256, HS384, HS512"
KINDS = {
    "access": Kind(AccessToken, _access, TEST_SECRET, TEST_SECRET, "an AccessToken", HS),
    "client": Kind(ClientCapability, _client, AUTH_TOKEN, AUTH_TOKEN, "a ClientCapability", "HS256"),
    "taskrouter": Kind(TaskRouterCapability, _taskrouter, AUTH_TOKEN, AUTH_TOKEN, "a TaskRouterCapability", "HS256"),
    "worker": Kind(WorkerCapability, _worker, AUTH_TOKEN, AUTH_TOKEN, "a TaskRouterCapability", "HS256"),
    "validation": Kind(ValidationToken, _validation, PUBLIC_KEY, PRIVATE_KEY, "a ValidationToken", "RS256, PS256"),
}
#: The other kind of key: a validation token's family is RSA, the others' HMAC.
OTHER_ALG = {"access": "RS256", "client": "RS256", "taskrouter": "RS256", "worker": "RS256", "validation": "HS256"}


def refused(kind: Kind, token: str | bytes, error: type[Exception], message: str, key: Any = None) -> None:
    """``from_jwt`` raises exactly ``error``; its message matches the regular expression ``message``."""
    with pytest.raises(TokenError) as excinfo:
        kind.decode(token, key)
    assert type(excinfo.value) is error, f"{type(excinfo.value).__name__}: {excinfo.value}"
    assert re.fullmatch(message, str(excinfo.value)), str(excinfo.value)


def segments(token: str) -> list[str]:
    return token.split(".")


def joined(*parts: str | bytes) -> str:
    return ".".join(part.decode() if isinstance(part, bytes) else part for part in parts)


every_kind = pytest.mark.parametrize("name", list(KINDS))


@every_kind
def test_the_good_token_decodes(name: str) -> None:
    """The baseline each case below changes one thing of."""
    kind = KINDS[name]
    assert isinstance(kind.decode(kind.mint()), TaskRouterCapability if name == "worker" else kind.cls)


# -- alg: none and algorithm confusion --------------------------------------------------------------------------------


@every_kind
@pytest.mark.parametrize("alg", ["None", "NONE", "nOnE"])
def test_alg_none_in_any_case_is_refused(name: str, alg: str) -> None:
    kind = KINDS[name]
    header = kind.parts()[0]
    unsigned = joined(b64url(json.dumps({**header, "alg": alg}).encode()), segments(kind.mint())[1], "")
    refused(kind, unsigned, AlgorithmNotAllowedError, rf"the token is signed with '{alg}' but {kind.a_name} .*")


@every_kind
def test_alg_none_with_the_original_signature_attached_is_refused(name: str) -> None:
    kind = KINDS[name]
    _, claims, signature = segments(kind.mint())
    forged = joined(b64url(json.dumps({**kind.parts()[0], "alg": "none"}).encode()), claims, signature)
    refused(
        kind,
        forged,
        AlgorithmNotAllowedError,
        rf"the token is signed with 'none' but {kind.a_name} allows only {kind.allowed}; .*",
    )


@every_kind
def test_a_missing_alg_is_refused(name: str) -> None:
    kind = KINDS[name]
    refused(kind, kind.resign(header={"alg": None}), AlgorithmNotAllowedError, r"the token is signed with null but .*")


@every_kind
def test_a_token_of_the_other_algorithm_family_is_refused(name: str) -> None:
    """An RS256 token for an HMAC type, or an HS256 one for a validation token, whatever its signature."""
    kind = KINDS[name]
    alg = OTHER_ALG[name]
    header, claims = kind.parts()
    forged = kind.sign({**header, "alg": alg}, claims, alg, PRIVATE_KEY if alg == "RS256" else TEST_SECRET)
    refused(
        kind,
        forged,
        AlgorithmNotAllowedError,
        rf"the token is signed with '{alg}' but {kind.a_name} allows only {kind.allowed}; "
        "a token's own alg header never widens that list",
    )


@every_kind
def test_hs256_signed_with_the_rsa_public_key_is_refused(name: str) -> None:
    """The classic confusion: a verifier that holds the public key gets an HS256 token keyed with it.

    A validation token never runs HS256; an HMAC token type refuses a PEM as its HMAC key,
    so even a verifier configured with the public key by mistake cannot be fooled.
    """
    kind = KINDS[name]
    header, claims = kind.parts()
    hs256 = default_host().algorithm("HS256")
    signing_input = b64url(json.dumps({**header, "alg": "HS256"}).encode()) + b"." + b64url(json.dumps(claims).encode())
    forged = joined(signing_input, b64url(hs256.sign(signing_input, PUBLIC_KEY.encode())))
    if name == "validation":
        refused(
            kind,
            forged,
            AlgorithmNotAllowedError,
            r"the token is signed with 'HS256' but a ValidationToken .*",
            PUBLIC_KEY,
        )
        return
    with pytest.raises(InvalidParameterError) as excinfo:
        kind.decode(forged, PUBLIC_KEY)
    assert str(excinfo.value).startswith("key: looks like a PEM or SSH key")
    refused(kind, forged, InvalidSignatureError, r".*signature does not match.*")  # and with the real key


# -- tampering ---------------------------------------------------------------------------------------------------------

SIGNATURE_MISMATCH = (
    r"the {type}'s {alg} signature does not match: it was signed with another key, or changed after signing"
)


def mismatch(name: str) -> str:
    kind = KINDS[name]
    type_name = "TaskRouterCapability" if name == "worker" else kind.cls.__name__
    return SIGNATURE_MISMATCH.format(type=type_name, alg=kind.parts()[0]["alg"])


@every_kind
@pytest.mark.parametrize("field", ["typ", "kid", "x5u"])
def test_a_changed_header_breaks_the_signature(name: str, field: str) -> None:
    kind = KINDS[name]
    good = segments(kind.mint())
    header = {**kind.parts()[0], field: "https://attacker.example/" if field == "x5u" else "changed"}
    refused(kind, joined(b64url(json.dumps(header).encode()), *good[1:]), InvalidSignatureError, mismatch(name))


@every_kind
@pytest.mark.parametrize("claim", ["iss", "exp", "extra"])
def test_changed_claims_break_the_signature(name: str, claim: str) -> None:
    kind = KINDS[name]
    good = segments(kind.mint())
    claims = kind.parts()[1]
    claims[claim] = claims["exp"] + 86400 if claim == "exp" else "AC" + "f" * 32
    refused(kind, joined(good[0], b64url(json.dumps(claims).encode()), good[2]), InvalidSignatureError, mismatch(name))


@every_kind
@pytest.mark.parametrize("where", ["first", "last", "truncated", "empty", "another token's"])
def test_a_changed_signature_is_refused(name: str, where: str) -> None:
    kind = KINDS[name]
    header, claims, signature = segments(kind.mint())
    raw = b64url_decode(signature)
    changed = {
        "first": bytes([raw[0] ^ 1]) + raw[1:],
        "last": raw[:-1] + bytes([raw[-1] ^ 0x80]),
        "truncated": raw[:-3],
        "empty": b"",
        "another token's": b64url_decode(segments(KINDS["access" if name != "access" else "client"].mint())[2]),
    }[where]
    refused(kind, joined(header, claims, b64url(changed)), InvalidSignatureError, mismatch(name))


@every_kind
def test_the_wrong_key_is_refused(name: str) -> None:
    kind = KINDS[name]
    other = (KEYS / "rsa3072_pkcs8.pem").read_text() if name == "validation" else kind.key + "-other"
    refused(kind, kind.mint(), InvalidSignatureError, mismatch(name), other)


# -- times -------------------------------------------------------------------------------------------------------------


@every_kind
def test_an_expired_token_is_refused(name: str) -> None:
    kind = KINDS[name]
    refused(
        kind,
        kind.resign(claims={"iat": NOW - 400, "exp": NOW - 61}),
        ExpiredTokenError,
        r"the \w+ expired at 2023-11-14T22:12:19Z, 1m 1s ago; mint a new one",
    )


@every_kind
def test_a_token_expiring_now_is_refused(name: str) -> None:
    kind = KINDS[name]
    refused(
        kind, kind.resign(claims={"iat": NOW - 60, "exp": NOW}), ExpiredTokenError, r"the \w+ expired at .*, 0s ago; .*"
    )


@every_kind
def test_a_token_not_yet_valid_is_refused(name: str) -> None:
    kind = KINDS[name]
    refused(
        kind,
        kind.resign(claims={"nbf": NOW + 90}),
        NotYetValidError,
        r"the \w+ is not valid before 2023-11-14T22:14:50Z \(nbf\), 1m 30s from now; check the clocks, .*",
    )


# -- the wrong type ----------------------------------------------------------------------------------------------------


@every_kind
@pytest.mark.parametrize("cty", ["twilio-fpa;v=2", "twilio-pkrv;v=1", "JWT", "", None])
def test_a_wrong_cty_is_another_type_of_token(name: str, cty: str | None) -> None:
    kind = KINDS[name]
    own = kind.parts()[0].get("cty")
    if cty == own:
        return  # that is the type's own cty, tested above
    forged = kind.resign(header={"cty": cty} if cty is not None else {"cty": None})
    found = "has no cty header" if cty is None else f"has cty {cty!r}"
    refused(kind, forged, WrongTokenTypeError, rf"this is not {kind.a_name}: the token {re.escape(found)}, and .*")


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("access", "client"),
        ("client", "taskrouter"),
        ("taskrouter", "client"),
        ("worker", "access"),
        ("validation", "access"),
    ],
)
def test_another_type_of_token_signed_with_the_right_key_is_refused(name: str, other: str) -> None:
    """A token of another type, signed with this type's key, is still not one of this type."""
    kind, source = KINDS[name], KINDS[other]
    header, claims = source.parts()
    forged = kind.sign({**header, "alg": kind.parts()[0]["alg"]}, claims)
    with pytest.raises((WrongTokenTypeError, AlgorithmNotAllowedError)) as excinfo:
        kind.decode(forged)
    assert f"this is not {kind.a_name}" in str(excinfo.value)


# -- duplicate keys ----------------------------------------------------------------------------------------------------


def _with_duplicate(data: dict[str, Any], key: str, value: Any) -> bytes:
    """JSON of ``data`` with ``key`` written a second time (the last one would win in most readers)."""
    text = json.dumps(data)
    return (text[:-1] + f", {json.dumps(key)}: {json.dumps(value)}}}").encode()


@every_kind
@pytest.mark.parametrize(
    ("segment", "key"), [("header", "alg"), ("header", "typ"), ("claims", "exp"), ("claims", "iss")]
)
def test_duplicate_keys_are_refused(name: str, segment: str, key: str) -> None:
    kind = KINDS[name]
    header, claims = kind.parts()
    if segment == "header":
        forged = kind.sign(_with_duplicate(header, key, "none" if key == "alg" else "other"), claims)
    else:
        forged = kind.sign(header, _with_duplicate(claims, key, NOW + 10**6 if key == "exp" else "AC" + "e" * 32))
    refused(kind, forged, MalformedTokenError, rf"the {segment} segment has the key '{key}' more than once; .*")


@every_kind
def test_duplicate_keys_deep_inside_the_claims_are_refused(name: str) -> None:
    kind = KINDS[name]
    header, claims = kind.parts()
    nested = json.dumps({**claims, "nested": {"a": 1}}).replace('{"a": 1}', '{"a": 1, "a": 2}').encode()
    refused(
        kind, kind.sign(header, nested), MalformedTokenError, r"the claims segment has the key 'a' more than once; .*"
    )


# -- size, encoding and base64 -----------------------------------------------------------------------------------------


@every_kind
@pytest.mark.parametrize("form", ["garbage", "bytes", "signed", "multibyte"])
def test_oversized_tokens_are_refused_before_parsing(name: str, form: str) -> None:
    kind = KINDS[name]
    header, claims = kind.parts()
    token: str | bytes = {
        "garbage": "!" * (MAX_TOKEN_BYTES + 1),  # not even three segments: refused for size first
        "bytes": b"." * (MAX_TOKEN_BYTES + 1),
        "signed": kind.sign(header, {**claims, "padding": "p" * MAX_TOKEN_BYTES}) if form == "signed" else "",
        "multibyte": "\u00e9" * (MAX_TOKEN_BYTES // 2 + 1),
    }[form]
    refused(
        kind,
        token,
        TokenTooLargeError,
        r"the token is \d+ (characters long|bytes); tokens over 64 KiB are refused unread",
    )


@every_kind
@pytest.mark.parametrize(
    ("segment", "raw", "message"),
    [
        ("claims", b'{"exp": "\xff"}', "the claims segment is not UTF-8"),
        ("claims", "{}".encode("utf-16"), "the claims segment is not UTF-8"),
        ("claims", b"\xef\xbb\xbf{}", "the claims segment is not JSON"),
        ("header", b'{"alg": "\xe9"}', "the header segment is not UTF-8"),
        ("header", '{"alg": "HS256"}'.encode("utf-32"), "the header segment is not UTF-8"),
    ],
    ids=["claims-latin1", "claims-utf16", "claims-bom", "header-latin1", "header-utf32"],
)
def test_segments_that_are_not_utf8_json_are_refused(name: str, segment: str, raw: bytes, message: str) -> None:
    kind = KINDS[name]
    header, claims = kind.parts()
    forged = kind.sign(raw, claims, header["alg"]) if segment == "header" else kind.sign(header, raw)
    refused(kind, forged, MalformedTokenError, re.escape(message))


def _bump(text: str) -> str:
    """The same base64url text with its last character's unused low bits set (decoders ignore them)."""
    return text[:-1] + ALPHABET[ALPHABET.index(text[-1]) | (0b1111 if len(text) % 4 == 2 else 0b11)]


@every_kind
@pytest.mark.parametrize(
    ("index", "change"),
    [
        (0, lambda s: "!" + s),
        (0, lambda s: s + "="),
        (1, lambda s: s[:10] + "*" + s[10:]),
        (1, lambda s: s[:10] + " " + s[10:]),
        (1, lambda s: s + "A"),  # a length no base64 has (4n + 1), once the original is 4n
        (2, lambda s: s + "=="),
        (2, lambda s: s.replace(s[5], "+", 1)),  # standard base64, not base64url
        (2, _bump),
    ],
    ids=[
        "header-bang",
        "header-padding",
        "claims-star",
        "claims-space",
        "claims-4n+1",
        "sig-padding",
        "sig-plus",
        "sig-stray-bits",
    ],
)
def test_bad_base64url_is_refused(name: str, index: int, change: Callable[[str], str]) -> None:
    kind = KINDS[name]
    parts = segments(kind.mint())
    if index == 1 and len(parts[1]) % 4 != 0:
        parts[1] = parts[1][: len(parts[1]) - len(parts[1]) % 4]  # make "4n + 1" really that
    parts[index] = change(parts[index])
    if parts[index] == segments(kind.mint())[index]:
        pytest.skip("the change happened to leave the segment as it was")
    segment = ("header", "claims", "signature")[index]
    refused(kind, ".".join(parts), MalformedTokenError, re.escape(f"the {segment} segment is not valid base64url"))


@every_kind
@pytest.mark.parametrize("token", ["", "   ", "a", "a.b", "a.b.c.d", "...", "\x00.\x00.\x00"])
def test_tokens_that_are_not_three_segments_are_refused(name: str, token: str) -> None:
    refused(KINDS[name], token, MalformedTokenError, r"the token is empty|a JWT is three .*|the header segment .*")


# -- numbers that overflow ---------------------------------------------------------------------------------------------

#: JSON numbers no float holds: ``1e400`` reads as infinity, ``10**400`` as an int that converts to no float.
OVERFLOWING = {"1e400": "1e400", "-1e400": "-1e400", "10**400": "1" + "0" * 400, "-10**400": "-1" + "0" * 400}
OUT_OF_RANGE = (
    r"claim '{claim}': epoch seconds out of range: a time claim must be within \+-9007199254740991 \(2\*\*53 - 1\)"
)
REAL_TIME = time.time  # the clock fixture patches time.time; a CLI run in a subprocess reads the real clock


def overflowing(kind: Kind, claim: str, number: str, token: str | None = None, now: int | None = None) -> str:
    """A good token with ``claim`` set to the JSON number ``number`` (written as is), correctly signed again.

    ``now`` moves ``iat`` and ``exp`` to that clock first (for a subprocess that reads the real one).
    """
    decoded = read_unverified(token or kind.mint())
    claims = decoded.claims if now is None else {**decoded.claims, "iat": now, "exp": now + 300}
    text = json.dumps({**claims, claim: "@number@"}).replace('"@number@"', number)
    return kind.sign(decoded.header, text.encode())


@every_kind
@pytest.mark.parametrize("claim", ["exp", "iat", "nbf"])
@pytest.mark.parametrize("number", list(OVERFLOWING.values()), ids=list(OVERFLOWING))
def test_time_claims_that_overflow_are_refused_as_bad_claims(name: str, claim: str, number: str) -> None:
    """Correctly signed (HS256, or RS256 for a validation token), so only the number is wrong; never OverflowError."""
    kind = KINDS[name]
    refused(kind, overflowing(kind, claim, number), InvalidClaimError, OUT_OF_RANGE.format(claim=claim))


@pytest.mark.parametrize("claim", ["exp", "iat", "nbf"])
@pytest.mark.parametrize("number", ["1e400", "1" + "0" * 400], ids=["1e400", "10**400"])
def test_the_request_verifier_refuses_overflowing_times(claim: str, number: str) -> None:
    signer = ValidationToken(TEST_ACCOUNT_SID, CR, TEST_KEY_SID, PRIVATE_KEY)
    request = WireRequest("GET", "/", {"Host": "api.twilio.com", "Authorization": "Basic dXNlcjpwYXNz"})
    token = overflowing(
        KINDS["validation"], claim, number, signer.generate_token(signer.get_wire_canonicalizer(request))
    )
    result = RequestVerifier(PUBLIC_KEY).verify(request, token=token)
    assert not result.ok
    assert re.fullmatch(OUT_OF_RANGE.format(claim=claim), result.reason), result.reason


@pytest.mark.parametrize("number", ["1e400", "1" + "0" * 400], ids=["1e400", "10**400"])
def test_the_compat_layer_refuses_overflowing_times(number: str) -> None:
    from twilio_jwt_compat.access_token import AccessToken as CompatAccessToken
    from twilio_jwt_compat.base import JwtDecodeError

    with pytest.raises(JwtDecodeError) as excinfo:
        CompatAccessToken.from_jwt(overflowing(KINDS["access"], "exp", number), TEST_SECRET)
    assert re.fullmatch(OUT_OF_RANGE.format(claim="exp"), str(excinfo.value)), str(excinfo.value)


@pytest.mark.parametrize(
    ("name", "claim", "number", "key"),
    [
        ("access", "exp", "1e400", ("--secret", TEST_SECRET)),
        ("access", "iat", "1" + "0" * 400, ("--secret", TEST_SECRET)),
        ("client", "nbf", "-1e400", ("--secret", AUTH_TOKEN)),
        ("validation", "exp", "1" + "0" * 400, ("--public-key", str(KEYS / "rsa2048_public.pem"))),
    ],
    ids=["access-exp-inf", "access-iat-huge-int", "client-nbf-minus-inf", "validation-exp-huge-int"],
)
def test_the_cli_reports_overflowing_times_as_invalid(
    cli: Any, name: str, claim: str, number: str, key: tuple[str, str]
) -> None:
    """Exit 1 with the reason, and the report still printed (its times shown as out of range); no traceback."""
    token = overflowing(KINDS[name], claim, number, now=int(REAL_TIME()))
    result = cli("decode", *key, token)
    assert result.returncode == 1, result.stderr
    assert re.fullmatch(f"twilio-jwt: INVALID: {OUT_OF_RANGE.format(claim=claim)}\n", result.stderr), result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith(f"  {claim}  "))
    assert "(out of calendar range)" in row
    assert "over 285 million years" in row


def test_the_cli_shows_an_overflowing_token_unverified_without_a_traceback(cli: Any) -> None:
    result = cli("decode", overflowing(KINDS["access"], "exp", "1e400", now=int(REAL_TIME())))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    rows = result.stdout.splitlines()
    assert any(row.startswith("  exp  ") and "expires in over 285 million years" in row for row in rows), rows
