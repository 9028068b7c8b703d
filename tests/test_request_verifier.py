"""RequestVerifier: every reason a signed request is refused, and the published example accepted."""

from __future__ import annotations

import json
import pathlib
import time
from typing import Any

import pytest

from twilio_jwt import AccessToken, InvalidParameterError, InvalidParameterTypeError
from twilio_jwt._jws import b64url, b64url_decode
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET
from twilio_jwt_rsa import RequestVerifier, ValidationToken, VerificationResult, WireRequest

CONFORMANCE = pathlib.Path(__file__).parent / "conformance"
KEYS = CONFORMANCE / "keys"
PEM = (KEYS / "rsa2048_pkcs8.pem").read_text()
PUBLIC_PEM = (KEYS / "rsa2048_public.pem").read_text()
EXAMPLE = json.loads((CONFORMANCE / "pkcv-docs-example.json").read_text())
CREDENTIAL_SID = "CR" + "5" * 32
AUTHORIZATION = "Basic dXNlcjpwYXNz"
PATH = "/2010-04-01/Accounts/AC0123/Messages.json"
BODY = b"To=%2B15558675310&Body=hi+there"


def sign(vt: ValidationToken, **changes: Any) -> dict[str, Any]:
    """A request as it would arrive, with its token computed for the wire parts."""
    arrived: dict[str, Any] = {
        "method": "POST",
        "path": PATH + "?b=2&a=1",
        "headers": {"Host": "api.twilio.com", "Authorization": AUTHORIZATION, "X-Custom": "v"},
        "body": BODY,
        **changes,
    }
    canonicalizer = vt.get_wire_canonicalizer(
        WireRequest(arrived["method"], arrived["path"], arrived["headers"], arrived["body"])
    )
    arrived["headers"] = {**arrived["headers"], "Twilio-Client-Validation": vt.generate_token(canonicalizer)}
    return arrived


@pytest.fixture
def vt() -> ValidationToken:
    return ValidationToken(TEST_ACCOUNT_SID, CREDENTIAL_SID, TEST_KEY_SID, PEM)


@pytest.fixture
def verifier() -> RequestVerifier:
    return RequestVerifier(
        PUBLIC_PEM, account_sid=TEST_ACCOUNT_SID, signing_key=TEST_KEY_SID, credential_sid=CREDENTIAL_SID
    )


def check(verifier: RequestVerifier, arrived: dict[str, Any]) -> VerificationResult:
    return verifier.verify(WireRequest(arrived["method"], arrived["path"], arrived["headers"], arrived["body"]))


@pytest.mark.parametrize("algorithm", ["RS256", "PS256"])
def test_a_signed_request_verifies(algorithm: str, verifier: RequestVerifier) -> None:
    vt = ValidationToken(TEST_ACCOUNT_SID, CREDENTIAL_SID, TEST_KEY_SID, PEM, algorithm=algorithm)
    result = check(verifier, sign(vt))
    assert result
    assert (result.ok, result.reason) == (True, "verified")
    assert result.claims is not None
    assert result.claims["iss"] == TEST_KEY_SID
    assert result.canonicalizer is not None
    assert result.canonicalizer.query == "a=1&b=2"


def test_the_published_example_matches_its_request_but_is_refused_for_having_no_iat(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Twilio's example decodes (ValidationToken.from_jwt) and its rqh is the request's, but it has no iat.

    Without ``iat`` nothing bounds how long before ``exp`` the token was minted, so the
    verifier refuses it (issue 12); before, it verified.
    """
    exp = json.loads(EXAMPLE["claims_json"])["exp"]
    verifier = RequestVerifier(EXAMPLE["public_key_pem"], credential_sid="CR" + "0" * 32)
    request = EXAMPLE["request"]
    headers = {**request["headers"], "Twilio-Client-Validation": EXAMPLE["token"]}
    path = request["url"].removeprefix("https://api.twilio.com")
    monkeypatch.setattr(time, "time", lambda: exp - 1)
    wire = WireRequest(request["method"], path, headers, request["data"].encode())
    assert wire.canonicalize().get_signature_hash() == EXAMPLE["canonical_request_hash"]
    assert ValidationToken.from_jwt(EXAMPLE["token"], EXAMPLE["public_key_pem"]).account_sid == "AC" + "0" * 32
    result = verifier.verify(wire)
    assert (result.ok, result.reason) == (
        False,
        "the token has no iat claim: without it its lifetime cannot be bounded",
    )
    monkeypatch.setattr(time, "time", lambda: exp)
    expired = verifier.verify(WireRequest(request["method"], path, headers, request["data"]))
    assert not expired
    assert expired.reason.startswith("the ValidationToken expired at 2016-08-22T00:55:54Z")


TAMPER = {
    "method": {"method": "PUT"},
    "path": {"path": PATH.replace("Messages", "Calls") + "?b=2&a=1"},
    "query value": {"path": PATH + "?b=3&a=1"},
    "query added": {"path": PATH + "?b=2&a=1&c=3"},
    "body": {"body": BODY + b"!"},
    "authorization": {"headers": {"Host": "api.twilio.com", "Authorization": "Basic eA==", "X-Custom": "v"}},
    "host": {"headers": {"Host": "evil.example", "Authorization": AUTHORIZATION, "X-Custom": "v"}},
}


@pytest.mark.parametrize("part", list(TAMPER), ids=list(TAMPER))
def test_changing_any_signed_part_fails_with_the_rqh_reason(
    part: str, vt: ValidationToken, verifier: RequestVerifier
) -> None:
    arrived = sign(vt)
    change = dict(TAMPER[part])
    if "headers" in change:
        change["headers"] = {
            **change["headers"],
            "Twilio-Client-Validation": arrived["headers"]["Twilio-Client-Validation"],
        }
    result = check(verifier, {**arrived, **change})
    assert not result.ok
    assert result.reason.startswith("the request does not match its token (rqh)")
    assert result.canonicalizer is not None  # for logging what was recomputed


def test_unsigned_headers_may_change(vt: ValidationToken, verifier: RequestVerifier) -> None:
    arrived = sign(vt)
    arrived["headers"] = {**arrived["headers"], "X-Custom": "other", "User-Agent": "x"}
    assert check(verifier, arrived).ok


def test_extra_signed_headers_are_checked(verifier: RequestVerifier) -> None:
    vt = ValidationToken(TEST_ACCOUNT_SID, CREDENTIAL_SID, TEST_KEY_SID, PEM, signed_headers=["X-Custom"])
    arrived = sign(vt)
    assert check(verifier, arrived).ok
    arrived["headers"] = {**arrived["headers"], "X-Custom": "other"}
    assert check(verifier, arrived).reason.startswith("the request does not match its token (rqh)")


def forged(vt: ValidationToken, header: dict[str, Any] | None = None, **claims: Any) -> str:
    """A token with changed header or claims, validly signed with the test key (so only the change is wrong)."""
    canonicalizer = vt.get_wire_canonicalizer(
        WireRequest("POST", PATH + "?b=2&a=1", {"Host": "api.twilio.com", "Authorization": AUTHORIZATION}, BODY)
    )
    minted = vt.generate_token(canonicalizer)
    head, body, _ = minted.split(".")
    head_json = {**json.loads(b64url_decode(head)), **(header or {})}
    body_json = {k: v for k, v in {**json.loads(b64url_decode(body)), **claims}.items() if v is not None}
    signing_input = b64url(json.dumps(head_json).encode()) + b"." + b64url(json.dumps(body_json).encode())
    signer = vt._signer
    return (signing_input + b"." + b64url(signer.algorithm.sign(signing_input, signer.key))).decode()


REFUSED = [
    ("no header", lambda vt: None, "the request has no Twilio-Client-Validation header"),
    ("garbage", lambda vt: "not-a-jwt", "a JWT is three base64url segments"),
    ("wrong kid", lambda vt: forged(vt, {"kid": "CR" + "6" * 32}), "issued for another credential (kid)"),
    ("wrong iss", lambda vt: forged(vt, iss="SK" + "6" * 32), "issued for another API key (iss)"),
    ("wrong sub", lambda vt: forged(vt, sub="AC" + "6" * 32), "issued for another account (sub)"),
    ("iss not SK", lambda vt: forged(vt, iss="AC" + "6" * 32), "claim 'iss'"),
    ("wrong cty", lambda vt: forged(vt, {"cty": "twilio-fpa;v=1"}), "this is not a ValidationToken"),
    ("no rqh", lambda vt: forged(vt, rqh=None), "this is not a ValidationToken: it has no 'rqh' claim"),
    ("short rqh", lambda vt: forged(vt, rqh="abc"), "rqh claim is not a SHA-256 hex digest"),
    ("no hrh", lambda vt: forged(vt, hrh=None), "has no hrh claim"),
    ("hrh without host", lambda vt: forged(vt, hrh="authorization"), "does not sign both authorization and host"),
    ("hrh unsorted", lambda vt: forged(vt, hrh="host;authorization"), "not a sorted list of distinct lower-case"),
    ("hrh upper", lambda vt: forged(vt, hrh="Authorization;host"), "not a sorted list"),
    ("hrh junk", lambda vt: forged(vt, hrh="authorization;host;a b"), "not an HTTP header name"),
    ("exp too far", lambda vt: forged(vt, exp=int(time.time()) + 600), "expires more than 300 seconds from now (exp)"),
    (
        "lives too long",
        lambda vt: forged(vt, iat=int(time.time()) - 400, exp=int(time.time()) + 10),
        "lives longer than 300 seconds (exp - iat)",
    ),
    ("expired", lambda vt: forged(vt, exp=int(time.time()) - 5), "the ValidationToken expired at"),
    ("not yet valid", lambda vt: forged(vt, nbf=int(time.time()) + 60), "is not valid before"),
]


@pytest.mark.parametrize(("case", "make", "reason"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refusals_say_why(case: str, make: Any, reason: str, vt: ValidationToken, verifier: RequestVerifier) -> None:
    arrived = sign(vt)
    jwt_text = make(vt)
    headers = {k: v for k, v in arrived["headers"].items() if k != "Twilio-Client-Validation"}
    if jwt_text is not None:
        headers["twilio-client-validation"] = jwt_text
    result = verifier.verify(WireRequest(arrived["method"], arrived["path"], headers, arrived["body"]))
    assert not result.ok
    assert reason in result.reason


def test_a_token_signed_with_another_key_or_algorithm_is_refused(verifier: RequestVerifier) -> None:
    other = ValidationToken(TEST_ACCOUNT_SID, CREDENTIAL_SID, TEST_KEY_SID, (KEYS / "rsa3072_pkcs8.pem").read_text())
    assert "signature does not match" in check(verifier, sign(other)).reason
    arrived = sign(ValidationToken(TEST_ACCOUNT_SID, CREDENTIAL_SID, TEST_KEY_SID, PEM))
    hs256 = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="x").to_jwt()
    headers = {**arrived["headers"], "Twilio-Client-Validation": hs256}
    result = verifier.verify(WireRequest("POST", arrived["path"], headers, BODY))
    assert "signed with 'HS256' but a ValidationToken allows only RS256, PS256" in result.reason


def test_two_tokens_are_refused(vt: ValidationToken, verifier: RequestVerifier) -> None:
    arrived = sign(vt)
    pairs = [*arrived["headers"].items(), ("Twilio-Client-Validation", arrived["headers"]["Twilio-Client-Validation"])]
    result = verifier.verify(WireRequest("POST", arrived["path"], pairs, BODY))
    assert result.reason == "the request has more than one Twilio-Client-Validation header"


def test_an_explicit_token_and_leeway(vt: ValidationToken, monkeypatch: pytest.MonkeyPatch) -> None:
    arrived = sign(vt)
    jwt_text = arrived["headers"].pop("Twilio-Client-Validation")
    later = time.time() + 310
    monkeypatch.setattr(time, "time", lambda: later)
    request = WireRequest("POST", arrived["path"], arrived["headers"], BODY)
    assert not RequestVerifier(PUBLIC_PEM).verify(request, token=jwt_text)
    lenient = RequestVerifier(PUBLIC_PEM, leeway=30)
    assert lenient.verify(request, token=jwt_text).ok


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"public_key": (KEYS / "ec_p256_pkcs8.pem").read_text()}, InvalidParameterError, r"^public_key: is an EC"),
        (
            {"public_key": (KEYS / "rsa1024_pkcs8.pem").read_text()},
            InvalidParameterError,
            r"^public_key: is a 1024-bit",
        ),
        ({"public_key": ""}, InvalidParameterError, r"^public_key: is required"),
        ({"public_key": 5}, InvalidParameterTypeError, r"^public_key: expected"),
        ({"account_sid": TEST_KEY_SID}, InvalidParameterError, r"^account_sid: expected an Account SID"),
        ({"credential_sid": "XX1"}, InvalidParameterError, r"^credential_sid: expected a credential SID"),
        ({"signing_key": 1}, InvalidParameterTypeError, r"^signing_key: expected a str"),
        ({"leeway": -1}, InvalidParameterError, r"^leeway: must be a finite number of seconds >= 0"),
    ],
)
def test_bad_verifier_arguments(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    arguments = {"public_key": PUBLIC_PEM, **kwargs}
    with pytest.raises(error, match=message):
        RequestVerifier(arguments.pop("public_key"), **arguments)


def test_bad_verify_arguments_raise(verifier: RequestVerifier) -> None:
    with pytest.raises(InvalidParameterTypeError, match=r"^headers: expected a mapping of headers, got str$"):
        WireRequest("GET", "/", "Host: x")
    with pytest.raises(InvalidParameterError, match=r"^scheme: expected 'https' or 'http'"):
        WireRequest("GET", "/", {}, scheme="ftp")
    with pytest.raises(InvalidParameterTypeError, match=r"^request: expected a WireRequest, got dict$"):
        verifier.verify({"method": "GET", "path": "/"}, token="a.b.c")  # type: ignore[arg-type]
    assert "BEGIN" not in repr(verifier)


# -- lifetime (issue 12: Twilio caps these tokens at 300 s; before, iat was optional and exp unbounded) -------

NOW = 1_800_000_000
CENTURY = 100 * 365 * 86400

LIFETIMES = [
    ("no iat, exp a century away", {"iat": None, "exp": NOW + CENTURY}, 0, "the token has no iat claim"),
    ("no iat, exp soon", {"iat": None, "exp": NOW + 60}, 0, "the token has no iat claim"),
    ("iat a day ahead", {"iat": NOW + 86400, "exp": NOW + 86400 + 300}, 0, "was issued in the future"),
    ("iat past the leeway", {"iat": NOW + 31, "exp": NOW + 60}, 30, "was issued in the future"),
    ("iat a century ahead", {"iat": NOW + CENTURY, "exp": NOW + CENTURY + 1}, 0, "was issued in the future"),
    ("exp a century away", {"iat": NOW, "exp": NOW + CENTURY}, 0, "expires more than 300 seconds from now"),
    ("exp past now + 300 + leeway", {"iat": NOW, "exp": NOW + 331}, 30, "expires more than 300 seconds from now"),
    ("exp - iat over 300", {"iat": NOW - 301, "exp": NOW + 1}, 0, "lives longer than 300 seconds (exp - iat)"),
]


@pytest.mark.parametrize(("case", "claims", "leeway", "reason"), LIFETIMES, ids=[c[0] for c in LIFETIMES])
def test_an_unbounded_lifetime_is_refused(
    case: str, claims: dict[str, Any], leeway: int, reason: str, vt: ValidationToken, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW)
    arrived = sign(vt)
    arrived["headers"]["Twilio-Client-Validation"] = forged(vt, **claims)
    verifier = RequestVerifier(PUBLIC_PEM, leeway=leeway)
    result = check(verifier, arrived)
    assert not result.ok
    assert reason in result.reason


BOUNDARY = [
    ("minted now, full 300 s", {"iat": NOW, "exp": NOW + 300}, 0),
    ("iat at the leeway's edge", {"iat": NOW + 30, "exp": NOW + 330}, 30),
    ("minted 299 s ago", {"iat": NOW - 299, "exp": NOW + 1}, 0),
    ("float times", {"iat": NOW + 0.5, "exp": NOW + 300.5}, 1),
]


@pytest.mark.parametrize(("case", "claims", "leeway"), BOUNDARY, ids=[c[0] for c in BOUNDARY])
def test_lifetimes_at_the_bounds_verify(
    case: str, claims: dict[str, Any], leeway: int, vt: ValidationToken, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW)
    arrived = sign(vt)
    arrived["headers"]["Twilio-Client-Validation"] = forged(vt, **claims)
    result = check(RequestVerifier(PUBLIC_PEM, leeway=leeway), arrived)
    assert result.ok, result.reason


# -- the target as it arrived (issue 12: a non-canonical target was normalised into a match) -----------------


def signed_for(vt: ValidationToken, method: str, target: str) -> dict[str, Any]:
    headers = {"Host": "api.twilio.com", "Authorization": AUTHORIZATION}
    token = vt.generate_token(vt.get_wire_canonicalizer(WireRequest(method, target, headers)))
    return {"method": method, "path": target, "headers": {**headers, HEADER: token}, "body": b""}


HEADER = "Twilio-Client-Validation"

REWRITTEN = [
    ("GET", "/api/send?to=alice#&to=mallory", "the request target has a fragment"),
    ("GET", "/api/admin/../send?to=alice", "has a dot segment"),
    ("GET", "/api/./send?to=alice", "has a dot segment"),
    ("GET", "/api//send?to=alice", "has an empty segment"),
    ("GET", "/api/%73end?to=alice", "is not in canonical form"),
    ("get", "/api/send?to=alice", "the request method 'get' is not upper case"),
]


@pytest.mark.parametrize(("method", "target", "reason"), REWRITTEN, ids=[r[1] + " " + r[0] for r in REWRITTEN])
def test_a_token_for_one_target_does_not_verify_a_target_that_canonicalises_to_it(
    method: str, target: str, reason: str, vt: ValidationToken, verifier: RequestVerifier
) -> None:
    legit = signed_for(vt, "GET", "/api/send?to=alice")
    assert check(verifier, legit).ok
    arrived = {**legit, "method": method, "path": target}
    same = WireRequest(method, target, legit["headers"]).canonicalize().get_signature_hash()
    assert same == WireRequest("GET", "/api/send?to=alice", legit["headers"]).canonicalize().get_signature_hash()
    result = check(verifier, arrived)
    assert not result.ok
    assert reason in result.reason


def test_a_non_canonical_target_is_refused_even_with_a_token_signed_for_it(
    vt: ValidationToken, verifier: RequestVerifier
) -> None:
    """The signing side normalises (Twilio does too); the receiving side will not guess which form the app saw."""
    result = check(verifier, signed_for(vt, "GET", "/api/admin/../send"))
    assert not result.ok
    assert "dot segment" in result.reason


def test_request_parts_that_are_not_http_are_refused_on_the_verifying_side(verifier: RequestVerifier) -> None:
    with pytest.raises(InvalidParameterError, match=r"^method: 'po.t' is not an HTTP method"):
        verifier.verify(WireRequest("po\u017ft", PATH, {"Host": "h"}))
    with pytest.raises(InvalidParameterError, match=r"^headers: the value of 'X-A' holds CR, LF or NUL"):
        verifier.verify(WireRequest("GET", PATH, {"Host": "h", "X-A": "1\nx-b:2"}))


# -- attacks on the one-builder canonicalisation (issue 14: request_input folded into canonical) -------------


@pytest.mark.parametrize(
    "extra",
    [("Host", "evil.example"), ("Authorization", "Basic ZXZpbDpldmls")],
    ids=["second Host", "second Authorization"],
)
def test_a_repeated_signed_header_does_not_verify(
    extra: tuple[str, str], vt: ValidationToken, verifier: RequestVerifier
) -> None:
    """A server may act on the last of repeated headers: a second copy must change the hash, not be dropped."""
    arrived = sign(vt)
    assert check(verifier, arrived).ok
    headers = [*arrived["headers"].items(), extra]
    result = verifier.verify(WireRequest(arrived["method"], arrived["path"], headers, arrived["body"]))
    assert not result.ok
    assert result.reason.startswith("the request does not match its token (rqh)")
    assert result.canonicalizer is not None
    assert f"{extra[0].lower()}:" in result.canonicalizer.redacted()


@pytest.mark.parametrize(
    "target", ["/api/send%3Fto=alice", "/api/send%3Fto%3Dalice", "/api/send%3fto=alice"], ids=["%3F", "%3F%3D", "%3f"]
)
def test_an_escaped_query_separator_does_not_verify_as_the_query(
    target: str, vt: ValidationToken, verifier: RequestVerifier
) -> None:
    """Signed for ``/api/send?to=alice``; the escaped ``?`` is part of the path, which the app routes elsewhere."""
    legit = signed_for(vt, "GET", "/api/send?to=alice")
    assert check(verifier, legit).ok
    result = check(verifier, {**legit, "path": target})
    assert not result.ok
    assert result.reason.startswith("the request does not match its token (rqh)")
    assert result.canonicalizer is not None
    assert result.canonicalizer.path == "/api/send%3Fto%3Dalice"
    assert result.canonicalizer.query == ""


def test_params_with_separators_are_signed_as_one_pair_not_as_the_pairs_they_spell(
    vt: ValidationToken, verifier: RequestVerifier
) -> None:
    """``params`` join the URL's query encoded: ``&``, ``=`` and ``+`` in a value cannot make new pairs or a space."""
    headers = {"Host": "api.twilio.com", "Authorization": AUTHORIZATION}
    url = "https://api.twilio.com/api/send"
    described = {"method": "GET", "url": url, "headers": headers, "params": {"to": "alice&to=mallory", "n": "1+2"}}
    canonicalizer = vt.get_request_canonicalizer(described)
    assert canonicalizer.query == "n=1%2B2&to=alice%26to%3Dmallory"
    token = vt.generate_token(canonicalizer)
    sent = "/api/send?to=alice%26to%3Dmallory&n=1%2B2"
    assert verifier.verify(WireRequest("GET", sent, headers), token=token).ok
    for spelled in ("/api/send?to=alice&to=mallory&n=1%2B2", "/api/send?to=alice%26to%3Dmallory&n=1+2"):
        result = verifier.verify(WireRequest("GET", spelled, headers), token=token)
        assert not result.ok, spelled
        assert result.reason.startswith("the request does not match its token (rqh)")
