"""The compat layer against twilio-python itself: the same calls, the same tokens.

Every case runs one builder twice, once with twilio-python's classes and once with
``twilio_jwt_compat``'s (the names are the same, which is the point),
with the clock frozen for both. The two tokens must verify with the key and decode to
the same header and claims as strict JSON. Access, client capability and validation
tokens must also be equal byte for byte (both write PyJWT's layout); TaskRouter
tokens list the same claims and policies in another key order.

The cases are generated: every grant and grant field, every scope and TaskRouter
switch, and the time options (``ttl``, ``nbf``, ``valid_until``, ``region``,
``to_jwt(ttl)``, fractional clocks) combined, all within what the compat layer
promises to reproduce; the documented exceptions have their own tests in
``test_exceptions.py``.
"""

from __future__ import annotations

import contextlib
import itertools
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import twilio.http.validation_client as twilio_validation_client
import twilio.jwt as twilio_jwt_module
import twilio.jwt.access_token as twilio_access_token
import twilio.jwt.access_token.grants as twilio_grants
import twilio.jwt.client as twilio_client
import twilio.jwt.taskrouter.capabilities as twilio_taskrouter
import twilio.jwt.validation as twilio_validation
from compat_support import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    CREDENTIAL_SID,
    KEY_SID,
    NOW,
    PRIVATE_KEY,
    SECRET,
    TASK_QUEUE_SID,
    WORKER_SID,
    WORKSPACE_SID,
    assert_same_token,
    freeze,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twilio_python_switches import COMMON_SWITCHES, WORKER_SWITCHES

import twilio_jwt_compat as compat

TWILIO = types.SimpleNamespace(
    **{
        name: getattr(module, name)
        for module in (
            twilio_jwt_module,
            twilio_access_token,
            twilio_grants,
            twilio_client,
            twilio_taskrouter,
            twilio_validation,
            twilio_validation_client,
        )
        for name in compat.__all__
        if hasattr(module, name)
    }
)
LIBRARIES = {"twilio": TWILIO, "compat": compat}

AP = "AP" + "abcdef01" * 4
CR = "CR" + "0f1e2d3c" * 4
UNICODE = "ålice 🚀 עברית\t\u00a0\u200b"
ABSENT = object()


def kwargs_of(**values: Any) -> dict[str, Any]:
    """The keyword arguments that are not ``ABSENT``: absent ones are not passed at all."""
    return {name: value for name, value in values.items() if value is not ABSENT}


def both(build: Callable[[Any], str]) -> tuple[str, str]:
    """``build`` run with the compat layer, then with twilio-python."""
    return build(compat), build(TWILIO)


# -- access tokens ---------------------------------------------------------------------------

GRANT_SPECS: list[list[tuple[str, dict[str, Any]]]] = [
    [],
    [("VoiceGrant", {})],
    [("VoiceGrant", {"incoming_allow": True})],
    [("VoiceGrant", {"incoming_allow": False})],
    [("VoiceGrant", {"outgoing_application_sid": AP})],
    [("VoiceGrant", {"outgoing_application_sid": AP, "outgoing_application_params": {"to": "+15550100"}})],
    [
        (
            "VoiceGrant",
            {
                "outgoing_application_sid": AP,
                "outgoing_application_params": {"n": 3, "f": 1.5, "nested": {"a": [1, 2.5, None, True, "x"]}},
            },
        )
    ],
    [("VoiceGrant", {"outgoing_application_sid": AP, "outgoing_application_params": {}})],
    [("VoiceGrant", {"outgoing_application_params": {"dropped": "without an application SID"}})],
    [("VoiceGrant", {"outgoing_application_sid": "", "outgoing_application_params": {"x": 1}})],
    [("VoiceGrant", {"push_credential_sid": CR})],
    [("VoiceGrant", {"endpoint_id": "endpoint-1"})],
    [
        (
            "VoiceGrant",
            {
                "incoming_allow": True,
                "outgoing_application_sid": AP,
                "outgoing_application_params": {"uni": UNICODE},
                "push_credential_sid": CR,
                "endpoint_id": UNICODE,
            },
        )
    ],
    [("VideoGrant", {})],
    [("VideoGrant", {"room": "standup"})],
    [("VideoGrant", {"room": ""})],
    [("VideoGrant", {"room": None})],
    [("VideoGrant", {"room": UNICODE})],
    [("VideoGrant", {"room": 0})],
    [("ChatGrant", {})],
    [("ChatGrant", {"service_sid": "IS" + "1" * 32})],
    [("ChatGrant", {"endpoint_id": "chat-endpoint"})],
    [("ChatGrant", {"deployment_role_sid": "RL" + "2" * 32})],
    [("ChatGrant", {"push_credential_sid": CR})],
    [
        (
            "ChatGrant",
            {
                "service_sid": "IS" + "1" * 32,
                "endpoint_id": "e",
                "deployment_role_sid": "RL" + "2" * 32,
                "push_credential_sid": CR,
            },
        )
    ],
    [("SyncGrant", {})],
    [("SyncGrant", {"service_sid": "IS" + "3" * 32})],
    [("SyncGrant", {"endpoint_id": UNICODE})],
    [("SyncGrant", {"service_sid": "IS" + "3" * 32, "endpoint_id": "sync-endpoint"})],
    [("TaskRouterGrant", {})],
    [("TaskRouterGrant", {"workspace_sid": WORKSPACE_SID})],
    [("TaskRouterGrant", {"worker_sid": WORKER_SID})],
    [("TaskRouterGrant", {"role": "worker"})],
    [("TaskRouterGrant", {"workspace_sid": WORKSPACE_SID, "worker_sid": WORKER_SID, "role": "supervisor"})],
    [("PlaybackGrant", {"grant": {}})],
    [
        (
            "PlaybackGrant",
            {"grant": {"requestCredentials": None, "playbackUrl": "https://x.live/p", "playerStreamerSid": "VJ1"}},
        )
    ],
    [
        ("VoiceGrant", {"incoming_allow": True}),
        ("VideoGrant", {"room": "r"}),
        ("ChatGrant", {"service_sid": "IS1"}),
        ("SyncGrant", {"service_sid": "IS2"}),
        ("TaskRouterGrant", {"role": "worker"}),
        ("PlaybackGrant", {"grant": {"k": "v"}}),
    ],
    [("VideoGrant", {"room": "first"}), ("ChatGrant", {}), ("VideoGrant", {"room": "second"})],
]

IDENTITIES = [ABSENT, None, "", "alice", UNICODE, "0"]
TTLS = [ABSENT, 1, 600, 86400]
NBFS = [ABSENT, None, 1_699_999_000, 1_699_999_000.5, 0]
VALID_UNTILS = [ABSENT, None, 1_700_000_500, 1_700_000_500.25, 0]
REGIONS = [ABSENT, None, "", "us1", "ie1"]
TO_JWT_TTLS = [ABSENT, None, 0, 120]
CLOCKS = [NOW, NOW + 0.75, 0, 12.5]


def access_token_cases() -> Iterator[Any]:
    """Every time combination (each with a grant set), then every grant set with a few time settings."""
    times = list(itertools.product(TTLS, NBFS, VALID_UNTILS))
    for i, (ttl, nbf, valid_until) in enumerate(times):
        options = kwargs_of(ttl=ttl, nbf=nbf, valid_until=valid_until, region=REGIONS[i % len(REGIONS)])
        options.update(kwargs_of(identity=IDENTITIES[i % len(IDENTITIES)]))
        to_jwt = kwargs_of(ttl=TO_JWT_TTLS[i % len(TO_JWT_TTLS)])
        grants = GRANT_SPECS[i % len(GRANT_SPECS)]
        yield pytest.param(CLOCKS[i % len(CLOCKS)], options, grants, i % 2 == 0, to_jwt, id=f"time-{i}")
    for i, grants in enumerate(GRANT_SPECS):
        for j, options in enumerate(
            [{"identity": "alice"}, {"ttl": 60, "nbf": None, "region": "us1"}, {"valid_until": NOW + 30}]
        ):
            yield pytest.param(NOW + 0.5, options, grants, j == 1, {}, id=f"grants-{i}-{j}")


def mint_access_token(
    lib: Any, options: dict[str, Any], grants: list[tuple[str, dict[str, Any]]], in_constructor: bool, to_jwt: Any
) -> str:
    built = [getattr(lib, name)(**fields) for name, fields in grants]
    token = lib.AccessToken(ACCOUNT_SID, KEY_SID, SECRET, grants=built if in_constructor else None, **options)
    if not in_constructor:
        for grant in built:
            token.add_grant(grant)
    return str(token.to_jwt(**to_jwt))


@pytest.mark.parametrize(("now", "options", "grants", "in_constructor", "to_jwt"), list(access_token_cases()))
def test_access_token(
    monkeypatch: pytest.MonkeyPatch,
    now: float,
    options: dict[str, Any],
    grants: list[tuple[str, dict[str, Any]]],
    in_constructor: bool,
    to_jwt: dict[str, Any],
) -> None:
    freeze(monkeypatch, now)
    ours, theirs = both(lambda lib: mint_access_token(lib, options, grants, in_constructor, to_jwt))
    assert_same_token(ours, theirs)
    assert ours == theirs


JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
OPTIONAL_TEXT = st.none() | st.text(max_size=30)
# A grant's SID fields are one printable word (no white space or control characters), whatever the library.
SID_TEXT = st.text(st.characters(categories=("L", "M", "N", "P", "S")), max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    identity=OPTIONAL_TEXT,
    room=OPTIONAL_TEXT,
    application_sid=st.none() | SID_TEXT,
    params=st.none() | st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=4),
    incoming_allow=st.none() | st.booleans(),
    chat=st.fixed_dictionaries({}, optional={"service_sid": SID_TEXT, "endpoint_id": st.text()}),
    playback=st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=3),
    ttl=st.integers(1, 86400),
    region=OPTIONAL_TEXT,
)
def test_access_token_generated_values(
    monkeypatch: pytest.MonkeyPatch,
    identity: str | None,
    room: str | None,
    application_sid: str | None,
    params: dict[str, Any] | None,
    incoming_allow: bool | None,
    chat: dict[str, str],
    playback: dict[str, Any],
    ttl: int,
    region: str | None,
) -> None:
    freeze(monkeypatch, NOW + 0.25)

    def build(lib: Any) -> str:
        token = lib.AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity=identity, ttl=ttl, region=region)
        token.add_grant(lib.VideoGrant(room=room))
        token.add_grant(
            lib.VoiceGrant(
                incoming_allow=incoming_allow,
                outgoing_application_sid=application_sid,
                outgoing_application_params=params,
            )
        )
        token.add_grant(lib.ChatGrant(**chat))
        token.add_grant(lib.PlaybackGrant(grant=playback))
        return str(token.to_jwt())

    ours, theirs = both(build)
    assert_same_token(ours, theirs)
    assert ours == theirs


# -- client capability tokens --------------------------------------------------------------------

OUTGOING: list[Any] = [
    None,
    {"application_sid": AP},
    {"application_sid": AP, "foo": "bar"},
    {"application_sid": AP, "a b": "c&d=e", "n": 1, "f": 1.5, "neg": -2},
    {"application_sid": AP, "multi": ["1", "two words"], "t": ("x", 2)},
    {"application_sid": "AP with/slash?", "uni": UNICODE, "path": "/a/b?c=d#e", "plus": "1+1"},
]
INCOMING: list[Any] = [None, "alice", "bob smith", "ålice+1@example.com/ü", 42]
EVENTS: list[Any] = [None, {}, {"f": "x/y"}, {"a": "1", "b": ["2", "3 4"], "c": 4, "d": UNICODE}]
CALL_ORDERS = list(itertools.permutations(("outgoing", "incoming", "events")))


def client_cases() -> Iterator[Any]:
    for i, (outgoing, incoming, events) in enumerate(itertools.product(OUTGOING, INCOMING, EVENTS)):
        options = kwargs_of(ttl=TTLS[i % len(TTLS)], nbf=NBFS[i % len(NBFS)])
        calls = {"outgoing": outgoing, "incoming": incoming, "events": events}
        order = CALL_ORDERS[i % len(CALL_ORDERS)]
        via = "constructor" if i % 3 == 0 else "methods"
        yield pytest.param(CLOCKS[i % len(CLOCKS)], options, [(k, calls[k]) for k in order], via, id=f"client-{i}")
    # Calls that replace earlier ones, and a client name given after the outgoing scope.
    repeated = [
        ("incoming", "first"),
        ("outgoing", {"application_sid": AP, "x": "1"}),
        ("incoming", "second"),
        ("events", {"f": "1"}),
        ("outgoing", {"application_sid": AP + "2"}),
        ("events", {}),
    ]
    for n in range(1, len(repeated) + 1):
        yield pytest.param(NOW, {}, repeated[:n], "methods", id=f"client-repeated-{n}")


def mint_client(lib: Any, options: dict[str, Any], calls: list[tuple[str, Any]], via: str) -> str:
    if via == "constructor":
        keywords = {"outgoing": "allow_client_outgoing", "incoming": "allow_client_incoming"}
        for kind, value in calls:
            if value is not None:
                argument = {"client_name": value} if kind == "incoming" else value
                options = {**options, keywords.get(kind, "allow_event_stream"): argument}
        return str(lib.ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, **options).to_jwt())
    token = lib.ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, **options)
    for kind, value in calls:
        if value is None:
            continue
        if kind == "outgoing":
            token.allow_client_outgoing(**value)
        elif kind == "incoming":
            token.allow_client_incoming(value)
        else:
            token.allow_event_stream(**value)
    return str(token.to_jwt())


@pytest.mark.parametrize(("now", "options", "calls", "via"), list(client_cases()))
def test_client_capability(
    monkeypatch: pytest.MonkeyPatch, now: float, options: dict[str, Any], calls: list[tuple[str, Any]], via: str
) -> None:
    freeze(monkeypatch, now)
    ours, theirs = both(lambda lib: mint_client(lib, options, calls, via))
    assert_same_token(ours, theirs, AUTH_TOKEN)
    assert ours == theirs


@pytest.mark.parametrize(
    "params",
    [None, {}, {"a": "b"}, {"z": "1", "a": 2, "m": 3.25}, {"sp ace": "x y", "sl/ash": "?&=#", "u": UNICODE}],
)
def test_scope_uri(params: dict[str, Any] | None) -> None:
    ours = compat.ScopeURI("client", "outgoing", params)
    theirs = TWILIO.ScopeURI("client", "outgoing", None if params is None else dict(params))
    ours.add_param("added", "v w")
    theirs.add_param("added", "v w")
    assert ours.to_payload() == ours.to_scope_string() == theirs.to_payload()
    assert str(ours) == str(theirs)


# -- TaskRouter capability tokens --------------------------------------------------------------------

KINDS = {
    "worker": ("WorkerCapabilityToken", (WORKSPACE_SID, WORKER_SID), WORKER_SWITCHES),
    "task_queue": ("TaskQueueCapabilityToken", (WORKSPACE_SID, TASK_QUEUE_SID), COMMON_SWITCHES),
    "workspace": ("WorkspaceCapabilityToken", (WORKSPACE_SID,), COMMON_SWITCHES),
}


def taskrouter_cases() -> Iterator[Any]:
    i = 0
    for kind, (_, _, switches) in KINDS.items():
        settings_list: list[dict[str, bool]] = [{}, dict.fromkeys(switches, True), dict.fromkeys(switches, False)]
        settings_list += [{name: value} for name in switches for value in (True, False)]
        # Some mixed settings too: every 97th of all on/off combinations.
        mixed = itertools.islice(itertools.product((True, False), repeat=len(switches)), 5, None, 97)
        settings_list += [dict(zip(switches, bits, strict=True)) for bits in mixed]
        for chosen in settings_list:
            options = kwargs_of(ttl=TTLS[i % len(TTLS)], nbf=NBFS[i % len(NBFS)], valid_until=VALID_UNTILS[i % 5])
            yield pytest.param(CLOCKS[i % len(CLOCKS)], kind, {**options, **chosen}, [], id=f"{kind}-{i}")
            i += 1
        for method in switches:
            yield pytest.param(NOW, kind, {}, [(method, ())], id=f"{kind}-{method}()")
        other = (WORKER_SID[:-1] + "f",) if kind == "worker" else (TASK_QUEUE_SID,)
        yield pytest.param(NOW, kind, {}, [("allow_web_sockets", other)], id=f"{kind}-web-sockets-elsewhere")


def mint_taskrouter(lib: Any, kind: str, options: dict[str, Any], calls: list[tuple[str, tuple[str, ...]]]) -> str:
    class_name, sids, _ = KINDS[kind]
    token = getattr(lib, class_name)(ACCOUNT_SID, AUTH_TOKEN, *sids, **options)
    for method, arguments in calls:
        getattr(token, method)(*arguments)
    return str(token.to_jwt())


@pytest.mark.parametrize(("now", "kind", "options", "calls"), list(taskrouter_cases()))
def test_taskrouter(
    monkeypatch: pytest.MonkeyPatch,
    now: float,
    kind: str,
    options: dict[str, Any],
    calls: list[tuple[str, tuple[str, ...]]],
) -> None:
    freeze(monkeypatch, now)
    ours, theirs = both(lambda lib: mint_taskrouter(lib, kind, options, calls))
    assert_same_token(ours, theirs, AUTH_TOKEN)


# -- validation tokens -------------------------------------------------------------------------------

METHODS = ["GET", "POST", "DELETE"]
PATHS = ["/", "/Messages", f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json", "/a-b_c.d~e/%2F%20%C3%BC"]
QUERIES = ["", "a=1", "PageSize=5&Limit=10", "To=%2B15550100&Body=hello%20world", "k=&j=2", "b=2&a=1&a=0"]
HEADERS: list[dict[str, Any]] = [
    {"Authorization": "Basic QUMxOnNlY3JldA==", "Host": "api.twilio.com"},
    {"authorization": "foobar", "host": "api.twilio.com", "Content-Type": "application/json", "User-Agent": "x"},
    {"Host": "api.twilio.com"},
    {"Authorization": "foobar"},
    {},
]
SIGNED = [["authorization", "host"], ["host", "authorization", "content-type"], ["authorization", "host", "x-multi"]]
BODIES: list[Any] = [None, "", "foobar", "FriendlyName=my new friendly name", b"\x00\xffbinary", UNICODE]


def validation_cases() -> Iterator[Any]:
    for i, (path, query, _) in enumerate(itertools.product(PATHS, QUERIES, range(3))):
        headers = dict(HEADERS[i % len(HEADERS)])
        signed = SIGNED[i % len(SIGNED)]
        if "x-multi" in signed:
            headers["X-Multi"] = ["b", "a", "c d"]
        if "content-type" in signed:  # one Content-Type: names differing in case are a documented exception
            headers.pop("Content-Type", None)
            headers["content-type"] = "application/x-www-form-urlencoded"
        payload = (METHODS[i % len(METHODS)], path, query, headers, signed, BODIES[i % len(BODIES)])
        yield pytest.param(CLOCKS[i % len(CLOCKS)], payload, id=f"validation-{i}")


@pytest.mark.parametrize(("now", "payload"), list(validation_cases()))
def test_client_validation(monkeypatch: pytest.MonkeyPatch, now: float, payload: tuple[Any, ...]) -> None:
    freeze(monkeypatch, now)
    ours, theirs = both(
        lambda lib: str(
            lib.ClientValidationJwt(
                ACCOUNT_SID, KEY_SID, CREDENTIAL_SID, PRIVATE_KEY, lib.ValidationPayload(*payload)
            ).to_jwt()
        )
    )
    assert_same_token(ours, theirs)
    assert ours == theirs


# -- the Jwt base class, subclassed as twilio-python's users do ------------------------------------------


def custom_token(lib: Any, options: dict[str, Any]) -> Any:
    class Custom(lib.Jwt):  # type: ignore[misc]
        def _generate_payload(self) -> dict[str, Any]:
            return {"scope": "custom", "n": [1, 2.5, None], "u": UNICODE}

        def _generate_headers(self) -> dict[str, str]:
            return {"kid": "key-1", "cty": "custom;v=1"}

    key = PRIVATE_KEY if (options.get("algorithm") or "HS256").startswith("RS") else SECRET
    return Custom(key, "issuer-1", **options)


JWT_OPTIONS = [
    {},
    {"subject": "subject-1"},
    {"algorithm": "HS384", "ttl": 5},
    {"algorithm": "HS512", "nbf": None, "valid_until": NOW + 99},
    {"algorithm": "RS256", "subject": "s", "nbf": 1_600_000_000},
    {"algorithm": "RS512", "ttl": 86400},
    {"algorithm": None, "valid_until": NOW + 0.5},
]


@pytest.mark.parametrize("options", JWT_OPTIONS)
@pytest.mark.parametrize("to_jwt_ttl", [None, 30])
def test_jwt_subclass(monkeypatch: pytest.MonkeyPatch, options: dict[str, Any], to_jwt_ttl: int | None) -> None:
    freeze(monkeypatch, NOW + 0.5)
    ours, theirs = both(lambda lib: str(custom_token(lib, options).to_jwt(to_jwt_ttl)))
    assert_same_token(ours, theirs)
    assert ours == theirs
    compat_token, twilio_token = custom_token(compat, options), custom_token(TWILIO, options)
    assert compat_token.payload == twilio_token.payload
    assert compat_token.headers == twilio_token.headers


# -- decoding ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("minted_by", ["compat", "twilio"])
@pytest.mark.parametrize("with_key", [True, False])
@pytest.mark.parametrize("grants", GRANT_SPECS[::6], ids=lambda g: "+".join(name for name, _ in g) or "none")
def test_from_jwt(minted_by: str, with_key: bool, grants: list[tuple[str, dict[str, Any]]]) -> None:
    # Not frozen: twilio-python's decoding (PyJWT) reads the clock through datetime, not time.time().
    token = mint_access_token(LIBRARIES[minted_by], {"identity": "alice", "region": "us1"}, grants, False, {})
    key = SECRET if with_key else ""
    # Without a key both decode unverified; only ours says so (test_unverified_warning.py has the details).
    with contextlib.nullcontext() if with_key else pytest.warns(compat.UnverifiedTokenWarning):
        ours = compat.AccessToken.from_jwt(token, key)
    theirs = TWILIO.AccessToken.from_jwt(token, key)
    assert (ours.headers, ours.payload) == (theirs.headers, theirs.payload)
    for attribute in ("issuer", "subject", "algorithm", "nbf", "valid_until", "ttl"):
        assert getattr(ours, attribute) == getattr(theirs, attribute)
    if with_key:
        assert ours.to_jwt() == theirs.to_jwt() == token
        assert ours.to_jwt(60) == theirs.to_jwt(60)


def test_every_generated_family_is_large() -> None:
    """At least a few hundred generated cases in all, and every grant spec and switch is used."""
    counts = [len(list(f())) for f in (access_token_cases, client_cases, taskrouter_cases, validation_cases)]
    assert sum(counts) >= 500, counts
    assert all(count >= 30 for count in counts), counts
