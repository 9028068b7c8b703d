"""Properties over arbitrary input (hypothesis), with everything installed.

- Every token type round-trips: mint -> ``from_jwt`` -> mint gives the same header and
  claims, and the rebuilt grants, scopes and policies equal the ones put in, for
  arbitrary identities, grant fields, scope parameters, policies and requests.
- Canonicalisation (``ValidationToken.get_request_canonicalizer``) takes anything:
  arbitrary URLs, headers, params, bodies and auth values either canonicalise or raise
  the documented errors (``InvalidParameterError``/``InvalidParameterTypeError``, which
  are ``ValueError``/``TypeError``), never anything else; and the result is stable
  (the same request gives the same canonical string and hash, also when rebuilt).

Strings here include control characters and every plane of Unicode; the library
refuses only lone surrogates in text (they have no UTF-8 form), so surrogates are
generated for canonicalisation, where refusing them is part of the property.
"""

from __future__ import annotations

import copy
import pathlib
import string
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twilio_jwt import AccessToken, ClientCapability
from twilio_jwt.decoding import read_unverified
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError
from twilio_jwt.grants import ChatGrant, PlaybackGrant, SyncGrant, TaskRouterGrant, VideoGrant, VoiceGrant
from twilio_jwt.scopes import EventStreamScope, IncomingClientScope, OutgoingClientScope
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET
from twilio_jwt_rsa import ValidationToken
from twilio_jwt_task_router import Policy, TaskRouterCapability

KEYS = pathlib.Path(__file__).parent / "conformance" / "keys"
PRIVATE_KEY = (KEYS / "rsa2048_pkcs8.pem").read_text("utf-8")
AUTH_TOKEN = "auth-token-" + "7" * 32
CREDENTIAL_SID = "CR" + "4" * 32
WS, WK = "WS" + "1" * 32, "WK" + "2" * 32
NOW = 1_700_000_000
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# -- strategies -----------------------------------------------------------------------------------

#: Any Unicode text without lone surrogates: control characters, astral planes, RTL, white space.
text = st.text(max_size=40)
optional_text = st.none() | text
#: A SID field: one printable word (what the library accepts there).
sid = st.text(st.characters(categories=("L", "M", "N", "P", "S")), min_size=1, max_size=34)
json_scalars = (
    st.none() | st.booleans() | st.integers(-(2**63), 2**63) | st.floats(allow_nan=False, allow_infinity=False) | text
)
json_values = st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3), max_leaves=10
)
json_objects = st.dictionaries(text, json_values, max_size=4)
#: Scope parameter values: str, int or float (floats as str() writes them back is the contract).
scope_params = st.dictionaries(text, text | st.integers(-(10**30), 10**30), max_size=5)

voice_grants = st.builds(
    VoiceGrant,
    incoming_allow=st.none() | st.booleans(),
    outgoing_application_sid=sid,
    outgoing_application_params=st.none() | json_objects,
    push_credential_sid=st.none() | sid,
    endpoint_id=optional_text,
)
grants = st.lists(
    st.one_of(
        voice_grants,
        st.builds(VideoGrant, room=optional_text),
        st.builds(
            ChatGrant,
            service_sid=st.none() | sid,
            endpoint_id=optional_text,
            deployment_role_sid=st.none() | sid,
            push_credential_sid=st.none() | sid,
        ),
        st.builds(SyncGrant, service_sid=st.none() | sid, endpoint_id=optional_text),
        st.builds(TaskRouterGrant, workspace_sid=st.none() | sid, worker_sid=st.none() | sid, role=optional_text),
        st.builds(PlaybackGrant, grant=json_objects),
    ),
    max_size=6,
    unique_by=lambda grant: grant.key,
)
names = st.integers(-(10**20), 10**20) | text.filter(bool)
scopes = st.lists(
    st.one_of(
        st.builds(IncomingClientScope, names),
        st.builds(OutgoingClientScope, sid, client_name=st.none() | names, params=st.none() | scope_params),
        st.builds(EventStreamScope, filters=st.none() | scope_params),
    ),
    max_size=5,
)
policies = st.lists(
    st.builds(
        Policy,
        text.filter(bool),
        method=st.sampled_from(["GET", "post", "Delete", "PATCH"]),
        query_filter=st.none() | json_objects,
        post_filter=st.none() | json_objects,
        allow=st.booleans(),
    ),
    max_size=4,
)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW)


def parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    decoded = read_unverified(token)
    return decoded.header, decoded.claims


# -- round trips ----------------------------------------------------------------------------------


@SETTINGS
@given(
    identity=names,
    added=grants,
    ttl=st.integers(1, 86400),
    nbf=st.none() | st.integers(0, NOW) | st.floats(0, NOW),
    region=optional_text,
    algorithm=st.sampled_from(AccessToken.ALGORITHMS),
)
def test_access_tokens_round_trip(
    identity: str | int, added: list[Any], ttl: int, nbf: float | None, region: str | None, algorithm: str
) -> None:
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity=identity, ttl=ttl, nbf=nbf, region=region)
    for grant in added:
        token.add_grant(grant)
    minted = token.to_jwt(algorithm)
    again = AccessToken.from_jwt(minted, TEST_SECRET)
    assert again.identity == str(identity)
    # "" and None both leave a field out, so compare what the grants write.
    assert [(type(g), g.to_payload()) for g in again.grants] == [(type(g), g.to_payload()) for g in added]
    assert parts(again.to_jwt(algorithm)) == parts(minted)


@SETTINGS
@given(added=scopes, ttl=st.integers(1, 86400))
def test_client_capabilities_round_trip(added: list[Any], ttl: int) -> None:
    capability = ClientCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, ttl=ttl)
    for scope in added:
        capability.add_scope(scope)
    minted = capability.to_jwt()
    again = ClientCapability.from_jwt(minted, AUTH_TOKEN)
    assert [s.to_scope_string() for s in again.scopes] == [s.to_scope_string() for s in added]
    assert parts(again.to_jwt()) == parts(minted)


@SETTINGS
@given(added=policies, friendly_name=optional_text, channel=st.sampled_from([WK, "WQ" + "3" * 32, WS]))
def test_taskrouter_capabilities_round_trip(added: list[Policy], friendly_name: str | None, channel: str) -> None:
    capability = TaskRouterCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, WS, channel, friendly_name=friendly_name)
    for policy in added:
        capability.add_policy(policy)
    minted = capability.to_jwt()
    again = TaskRouterCapability.from_jwt(minted, AUTH_TOKEN)
    assert again.policies == tuple(added)
    assert parts(again.to_jwt()) == parts(minted)


# -- canonicalisation ------------------------------------------------------------------------------

#: Text with everything; lone surrogates, NUL, line breaks and non-ASCII often (hypothesis rarely picks them).
any_text = st.lists(
    st.sampled_from(["\ud800", "\udfff", "\x00", "\r\n", " ", "\u00e9", "\U0001f600", "%", "\u2028"])
    | st.text(st.characters(codec=None, categories=None), max_size=8),
    max_size=5,
).map("".join)
#: Ints too long to write out in decimal (over sys.get_int_max_str_digits()), and ordinary ones.
ints = st.integers() | st.sampled_from([1, -1]).map(lambda sign: sign * 10**5000)  # (no repr for those)
url_text = st.builds(
    "".join,
    st.lists(
        st.sampled_from(["https://", "http://", "ftp://", "//", "user:pw@", "[::1", "]", ":443", ":80", "%", "%zz"])
        | st.sampled_from(["%2F", "%FF", "/", "/..", "/./", "?", "&", "=", "#", "+", " ", "\t", "\n", "\x00"])
        | st.sampled_from(["api.twilio.com", "HOST", "a/b", "é", "\ud800"])
        | any_text,
        max_size=10,
    ),
)
wild = st.recursive(
    st.none() | st.booleans() | ints | st.floats() | any_text | st.binary(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=6,
)
headers = st.none() | st.dictionaries(
    st.sampled_from(["Authorization", "Host", "Content-Type", "X-Extra", "host"]) | any_text,
    any_text | st.lists(any_text, max_size=3) | st.binary(max_size=10) | wild,
    max_size=4,
)
requests = st.fixed_dictionaries(
    {"url": url_text | wild, "method": st.sampled_from(["GET", "post"]) | any_text | wild},
    optional={
        "headers": headers | wild,
        "params": st.dictionaries(any_text, wild | st.lists(any_text | ints, max_size=3), max_size=3) | wild,
        "data": any_text | st.binary(max_size=30) | st.dictionaries(any_text, ints | wild, max_size=3) | wild,
        "auth": st.tuples(any_text, any_text) | wild,
    },
)


@pytest.fixture(scope="module")
def validation_token() -> ValidationToken:
    return ValidationToken(TEST_ACCOUNT_SID, CREDENTIAL_SID, TEST_KEY_SID, PRIVATE_KEY, signed_headers=["x-extra"])


def canonical(token: ValidationToken, request: Any) -> tuple[str, str] | None:
    """The canonical request and its hash, or ``None`` when refused with a documented error."""
    try:
        canonicalizer = token.get_request_canonicalizer(request)
        return canonicalizer.canonicalized_request, canonicalizer.get_signature_hash()
    except (InvalidParameterError, InvalidParameterTypeError) as exc:  # ValueError, TypeError: documented
        refusal = str(exc)
        parameter = exc.parameter
    assert refusal.startswith(f"{parameter}: ")
    return None


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=requests)
def test_canonicalisation_raises_only_documented_errors_and_is_stable(
    validation_token: ValidationToken, request: dict[str, Any]
) -> None:
    first = canonical(validation_token, request)
    assert canonical(validation_token, request) == first
    assert canonical(validation_token, copy.deepcopy(request)) == first
    if first is not None:
        text, digest = first
        assert len(digest) == 64
        assert set(digest) <= set(string.hexdigits.lower())
        text.encode("utf-8")  # always UTF-8 (what is hashed)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=requests)
def test_anything_that_canonicalises_signs_a_token_that_verifies(
    validation_token: ValidationToken, request: dict[str, Any]
) -> None:
    if canonical(validation_token, request) is None:
        return
    canonicalizer = validation_token.get_request_canonicalizer(request)
    token = validation_token.generate_token(canonicalizer)
    again = ValidationToken.from_jwt(token, PRIVATE_KEY)
    assert again.generate_token(again.get_request_canonicalizer(request)) == token  # RS256 is deterministic
