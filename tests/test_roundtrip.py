"""Every token type survives mint -> decode -> mint with the same header and claims (same clock).

Two sources of tokens: hand-written ones that use every feature of each type, and
every "ok" conformance vector (replayed by the conformance harness itself), so the
round trip holds for the whole range of inputs the contract covers, odd ones included.
"""

from __future__ import annotations

import importlib.util
import json
import pathlib
import time
from collections.abc import Callable
from typing import Any

import pytest

from twilio_jwt import AccessToken, ClientCapability, RawGrant
from twilio_jwt.decoding import read_unverified
from twilio_jwt.grants import ChatGrant, PlaybackGrant, SyncGrant, TaskRouterGrant, VideoGrant, VoiceGrant
from twilio_jwt.scope import RawScope
from twilio_jwt.scopes import EventStreamScope, IncomingClientScope, OutgoingClientScope
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET
from twilio_jwt_rsa import ValidationToken
from twilio_jwt_task_router import Policy, TaskQueueCapability, TaskRouterCapability, WorkerCapability

HERE = pathlib.Path(__file__).parent
_spec = importlib.util.spec_from_file_location("_conformance_harness", HERE / "conformance" / "test_vectors.py")
assert _spec is not None
assert _spec.loader is not None
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

NOW = 1_700_000_000
REAL_TIME = time.time
AUTH_TOKEN = "auth-token-" + "9" * 32
PRIVATE_KEY = (HERE / "conformance" / "keys" / "rsa2048_pkcs8.pem").read_text("utf-8")
WS, WK, WQ = "WS" + "1" * 32, "WK" + "2" * 32, "WQ" + "3" * 32


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW)


def assert_same(first: str, second: str) -> None:
    """Same header and claims, compared as JSON with types (1 != 1.0, True != 1)."""
    a, b = read_unverified(first), read_unverified(second)
    assert harness.strict(b.header) == harness.strict(a.header)
    assert harness.strict(b.claims) == harness.strict(a.claims)


# -- every feature, by hand -----------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["HS256", "HS384", "HS512"])
def test_access_token_with_every_grant(algorithm: str) -> None:
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="ålice 🐢", ttl=600, nbf=NOW - 1.5)
    for grant in (
        VoiceGrant(
            incoming_allow=True,
            outgoing_application_sid="AP" + "4" * 32,
            outgoing_application_params={"to": "+15550100", "nested": {"a": [1, 2.5, None]}},
            push_credential_sid="CR" + "5" * 32,
            endpoint_id="endpoint",
        ),
        VideoGrant(room="room 1"),
        ChatGrant(service_sid="IS" + "6" * 32, endpoint_id="e", deployment_role_sid="RL1", push_credential_sid="CR1"),
        SyncGrant(service_sid="IS" + "7" * 32, endpoint_id="e"),
        TaskRouterGrant(workspace_sid=WS, worker_sid=WK, role="worker"),
        PlaybackGrant(
            grant={"requestCredentials": None, "playbackUrl": "https://example.com", "playerStreamerSid": "VJ1"}
        ),
        RawGrant("ip_messaging", {"service_sid": "IS1", "future": {"shape": [True]}}),
    ):
        token.add_grant(grant)
    first = token.to_jwt(algorithm)
    again = AccessToken.from_jwt(first, TEST_SECRET)
    assert [type(g).__name__ for g in again.grants] == [type(g).__name__ for g in token.grants]
    assert again.grants == token.grants
    assert_same(first, again.to_jwt(algorithm))


def test_access_token_with_region_and_no_grants() -> None:
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity=12345, region="au1")
    first = token.to_jwt()
    assert_same(first, AccessToken.from_jwt(first, TEST_SECRET).to_jwt())


def test_client_capability_with_every_scope() -> None:
    capability = ClientCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, ttl=86400)
    for scope in (
        IncomingClientScope("ålice & bob"),
        IncomingClientScope(42),
        OutgoingClientScope("AP" + "4" * 32),
        OutgoingClientScope(
            "AP" + "4" * 32, client_name="carol", params={"to": "+1 555", "n": 1, "x": 2.5, "é": "a=b&c"}
        ),
        EventStreamScope(),
        EventStreamScope(filters={"AccountSid": TEST_ACCOUNT_SID, "q": "a b"}),
        IncomingClientScope("ålice & bob"),
        RawScope("scope:future:thing?x=1"),
    ):
        capability.add_scope(scope)
    first = capability.to_jwt()
    again = ClientCapability.from_jwt(first, AUTH_TOKEN)
    assert again.scopes == capability.scopes
    assert_same(first, again.to_jwt())


def test_client_capability_without_scopes() -> None:
    first = ClientCapability(TEST_ACCOUNT_SID, AUTH_TOKEN).to_jwt()
    again = ClientCapability.from_jwt(first, AUTH_TOKEN)
    assert again.scopes == ()
    assert_same(first, again.to_jwt())


@pytest.mark.parametrize(
    "build",
    [
        lambda: TaskRouterCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, WS, WS),
        lambda: TaskRouterCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, WS, WQ, friendly_name="queue", version="v2"),
        lambda: WorkerCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, WS, WK, ttl=60).allow_worker_activity_updates(),
        lambda: TaskQueueCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, WS, WQ),
    ],
    ids=["workspace", "queue", "worker", "ready-made-queue"],
)
def test_taskrouter_capability(build: Callable[[], TaskRouterCapability]) -> None:
    capability = build()
    capability.add_policy(
        Policy("https://example.com/x", "delete", query_filter={"a": {"b": [1]}}, post_filter={"c": "d"}, allow=False)
    )
    first = capability.to_jwt()
    again = type(capability).from_jwt(first, AUTH_TOKEN)
    assert type(again) is TaskRouterCapability  # a ready-made type would add its default policies twice
    assert again.policies == capability.policies
    assert_same(first, again.to_jwt())


@pytest.mark.parametrize(
    "options",
    [{}, {"algorithm": "PS256", "ttl": 1}, {"signed_headers": ["Content-Type", "X-Extra"], "ttl": 300}],
)
def test_validation_token(options: dict[str, Any]) -> None:
    token = ValidationToken(TEST_ACCOUNT_SID, "CR" + "8" * 32, TEST_KEY_SID, PRIVATE_KEY, **options)
    request = {
        "method": "POST",
        "url": "https://api.twilio.com/2010-04-01/Accounts?b=2&a=1",
        "headers": {"Content-Type": "application/x-www-form-urlencoded", "X-Extra": "1"},
        "data": {"FriendlyName": "new name"},
        "auth": (TEST_KEY_SID, "secret"),
    }
    canonicalizer = token.get_request_canonicalizer(request)
    first = token.generate_token(canonicalizer)
    again = ValidationToken.from_jwt(first, PRIVATE_KEY)
    assert (again.algorithm, again.ttl, again.signed_headers) == (token.algorithm, token.ttl, token.signed_headers)
    assert_same(first, again.generate_token(canonicalizer))


def test_twilios_documented_validation_token_decodes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Twilio's example has no iat: it comes back with the default ttl, everything else as signed."""
    example = json.loads((HERE / "conformance" / "pkcv-docs-example.json").read_text("utf-8"))
    claims = json.loads(example["claims_json"])
    monkeypatch.setattr(time, "time", lambda: claims["exp"] - 60)
    token = ValidationToken.from_jwt(example["token"], example["private_key_pem"])
    assert (token.account_sid, token.signing_key, token.credential_sid) == (
        claims["sub"],
        claims["iss"],
        "CR" + "0" * 32,
    )
    assert (token.algorithm, token.ttl, token.signed_headers) == ("RS256", 300, ("authorization", "host"))


# -- every ok conformance vector -------------------------------------------------------------

OK_VECTORS = [v for v in harness.VECTORS if v["expected"]["expect"] == "ok"]
DECODERS: dict[str, Callable[[str, dict[str, Any]], Any]] = {
    "access_token": lambda token, inp: AccessToken.from_jwt(token, inp["secret"], leeway=1e12),
    "client_capability": lambda token, inp: ClientCapability.from_jwt(token, inp["auth_token"], leeway=1e12),
    "taskrouter_capability": lambda token, inp: TaskRouterCapability.from_jwt(token, inp["auth_token"], leeway=1e12),
    "validation_token": lambda token, inp: ValidationToken.from_jwt(token, inp["private_key"], leeway=1e12),
}


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize("vec", OK_VECTORS, ids=[v["id"] for v in OK_VECTORS])
def test_every_ok_vector_round_trips(vec: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Leeway is unbounded here: times are the time tests' business, the rebuild is this one's."""
    inp = dict(vec["input"])
    for field in ("secret", "private_key"):
        if field + "_file" in inp:
            inp[field] = (HERE / "conformance" / "keys" / inp.pop(field + "_file")).read_text("utf-8")
    monkeypatch.setattr(time, "time", lambda: inp["now"])
    first, canonicalizer = harness.REPLAY[vec["kind"]](inp)
    again = DECODERS[vec["kind"]](first, inp)
    second = (
        again.generate_token(canonicalizer)
        if canonicalizer is not None
        else again.to_jwt(read_unverified(first).header["alg"])
    )
    assert_same(first, second)


def test_every_kind_of_vector_is_round_tripped() -> None:
    assert {v["kind"] for v in OK_VECTORS} == set(DECODERS)


# -- forward compatibility: grant fields this version does not know ------------------------


def _with_new_chat_field() -> str:
    """An access token as a newer Twilio might mint it: its chat grant carries a field ChatGrant does not declare."""
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="alice")
    token.add_grant(RawGrant("chat", {"service_sid": "IS" + "1" * 32, "new_field": {"nested": [1, True]}, "z": "last"}))
    token.add_grant(VideoGrant(room="r1"))
    return token.to_jwt()


def test_unknown_fields_of_a_known_grant_are_kept_and_re_encoded() -> None:
    first = _with_new_chat_field()
    again = AccessToken.from_jwt(first, TEST_SECRET)
    chat = again.grants[0]
    assert type(chat) is ChatGrant
    assert chat.service_sid == "IS" + "1" * 32
    assert dict(chat.extra_fields) == {"new_field": {"nested": [1, True]}, "z": "last"}
    assert_same(first, again.to_jwt())
    assert_same(first, AccessToken.from_jwt(again.to_jwt(), TEST_SECRET).to_jwt())


def test_minting_still_accepts_only_declared_chat_fields() -> None:
    with pytest.raises(TypeError, match="new_field"):
        ChatGrant(service_sid="IS1", new_field="x")  # type: ignore[call-arg]


def test_the_cli_and_the_library_agree_on_unknown_grant_fields(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both call the token verified and show the same chat payload, unknown field included."""
    monkeypatch.setattr(time, "time", REAL_TIME)  # the CLI runs in a subprocess, on the real clock
    token = _with_new_chat_field()
    result = cli("decode", "--secret", TEST_SECRET, "--json", token)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["verified"] is True
    chat = next(grant for grant in report["grants"] if grant["key"] == "chat")
    assert chat["grant_class"] == "ChatGrant"
    assert chat["payload"] == AccessToken.from_jwt(token, TEST_SECRET).grants[0].to_payload()


@pytest.mark.parametrize(
    "build",
    [
        lambda: _with_scope(ClientCapability(TEST_ACCOUNT_SID, AUTH_TOKEN), IncomingClientScope("alice")),
        lambda: ClientCapability(TEST_ACCOUNT_SID, AUTH_TOKEN),
        lambda: WorkerCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, WS, WK).allow_worker_activity_updates(),
    ],
    ids=["client", "client-without-scopes", "worker"],
)
def test_capability_claims_are_the_tokens_own(build: Callable[[], Any]) -> None:
    """``claims()`` is what ``to_jwt()`` signs, minus the three claims written at signing."""
    capability = build()
    signed = read_unverified(capability.to_jwt()).claims
    assert {"iss", "iat", "exp"} <= signed.keys()
    assert capability.claims() == {name: value for name, value in signed.items() if name not in {"iss", "iat", "exp"}}


def _with_scope(capability: ClientCapability, scope: IncomingClientScope) -> ClientCapability:
    capability.add_scope(scope)
    return capability
