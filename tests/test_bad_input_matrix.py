"""Bad input to every public constructor, method and CLI option of every token type, grant and scope.

One table: each row is a callable, the parameter it gets a bad value for, and the error
the contract documents (``InvalidParameterError``, a ``ValueError``, or
``InvalidParameterTypeError``, a ``TypeError``). Every row must raise exactly that,
with a message that starts with the parameter's name and holds no secret. Values are
the ones that go wrong in practice: wrong types, empty and white-space values, SIDs of
another kind or with control characters, out-of-range ttl and nbf, bool for int,
values that are not JSON, huge ints, lone surrogates, wrong key types.

A failed ``add_grant`` / ``add_scope`` / ``add_policy`` / ``allow_worker_*`` leaves the
token exactly as it was (its minted claims before and after are compared), and every
command-line option's bad values end in one ``twilio-jwt: error:`` line with exit 2.

Where the contract's vectors settle a question this table follows them: an identity of
white space or control characters is a valid identity (vectors at-0296, at-0047), and
unusual but printable SIDs such as ``ACé`` are accepted (at-0145).
"""

from __future__ import annotations

import inspect
import math
import pathlib
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar

import attrs
import pytest

import twilio_jwt_task_router as task_router
from twilio_jwt import (
    AccessToken,
    ClientCapability,
    FieldGrant,
    Grant,
    InvalidParameterError,
    InvalidParameterTypeError,
    RawGrant,
    Scope,
    optional_str_field,
)
from twilio_jwt.cli.main import main
from twilio_jwt.decoding import read_unverified
from twilio_jwt.grants import ChatGrant, PlaybackGrant, SyncGrant, TaskRouterGrant, VideoGrant, VoiceGrant
from twilio_jwt.scope import RawScope
from twilio_jwt.scopes import EventStreamScope, IncomingClientScope, OutgoingClientScope
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET
from twilio_jwt_rsa import ValidationToken
from twilio_jwt_rsa.canonical import REQUEST_FIELDS
from twilio_jwt_task_router import (
    Policy,
    TaskQueueCapability,
    TaskRouterCapability,
    WorkerCapability,
    WorkspaceCapability,
)

VE, TE = InvalidParameterError, InvalidParameterTypeError
KEYS = pathlib.Path(__file__).parent / "conformance" / "keys"
PRIVATE_KEY = (KEYS / "rsa2048_pkcs8.pem").read_text("utf-8")
PUBLIC_KEY = (KEYS / "rsa2048_public.pem").read_text("utf-8")
AUTH_TOKEN = "auth-token-" + "5" * 32
CR, WS, WK, WQ = "CR" + "1" * 32, "WS" + "2" * 32, "WK" + "3" * 32, "WQ" + "4" * 32
NOW = 1_700_000_000
HUGE = 10**5000  # more digits than int -> str conversion allows
SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI user@host"
#: Never allowed in any message.
SECRETS = (TEST_SECRET, AUTH_TOKEN, PRIVATE_KEY.splitlines()[1], PUBLIC_KEY.splitlines()[1])


def cycle() -> dict[str, Any]:
    looped: dict[str, Any] = {}
    looped["self"] = looped
    return looped


# -- grants and scopes of other people's making ----------------------------------------------------------------------


class IdentityGrant(Grant):
    """Would overwrite the identity under ``grants``."""

    key: ClassVar[str] = "identity"

    def to_payload(self) -> dict[str, Any]:
        return {"mallory": True}

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> IdentityGrant:
        return cls()


class KeylessGrant(IdentityGrant):
    key = 5  # type: ignore[assignment]


class EmptyKeyGrant(IdentityGrant):
    key = ""


class SpacedScope(Scope):
    """Would smuggle a second scope into the space-separated ``scope`` claim."""

    def to_scope_string(self) -> str:
        return "scope:client:incoming?clientName=a scope:client:outgoing?appSid=AP1"


class NumberScope(Scope):
    def to_scope_string(self) -> Any:
        return 5


@attrs.frozen
class RoomGrant(FieldGrant):
    key: ClassVar[str] = "room_test"
    room: str | None = optional_str_field()


# -- the table ---------------------------------------------------------------------------------------------------------


@attrs.frozen
class Case:
    """``call()`` must raise ``error`` naming ``parameter`` (a parameter of ``target``)."""

    target: Callable[..., Any]
    parameter: str
    value: Any
    error: type[Exception]
    call: Callable[[], object]


Bad = Mapping[str, list[tuple[Any, type[Exception]]]]


def constructed(target: Callable[..., Any], base: Mapping[str, Any], bad: Bad) -> Iterator[Case]:
    """``target(**base)`` with one keyword replaced by each bad value."""
    for parameter, rows in bad.items():
        for value, error in rows:
            arguments = {**base, parameter: value}
            yield Case(target, parameter, value, error, lambda a=arguments: target(**a))


def called(target: Callable[..., Any], invoke: Callable[[str, Any], object], bad: Bad) -> Iterator[Case]:
    """``invoke(parameter, value)`` for methods and functions that need a receiver or positional use."""
    for parameter, rows in bad.items():
        for value, error in rows:
            yield Case(target, parameter, value, error, lambda p=parameter, v=value: invoke(p, v))


SID_ROWS: list[tuple[Any, type[Exception]]] = [
    (None, VE),
    ("", VE),
    ("   ", VE),
    (5, TE),
    (True, TE),
    (b"AC" + b"0" * 32, TE),
]


def sid_rows(prefix: str) -> list[tuple[Any, type[Exception]]]:
    """A SID's bad values: missing, wrong kind, lower case, white space, control characters, surrogates."""
    other = "SK" if prefix != "SK" else "AC"
    return [
        *SID_ROWS,
        (other + "0" * 32, VE),
        (prefix.lower() + "0" * 32, VE),
        (prefix + "0" * 31 + "\n", VE),
        (prefix + "00 00", VE),
        (prefix + "0\x000", VE),
        (prefix + "\u200b0", VE),
        (prefix + "\ud8000", VE),
    ]


def credential_sid_rows(prefix: str) -> list[tuple[Any, type[Exception]]]:
    """The SIDs that name whose credentials sign (account, API key, credential): also exactly 32 ASCII
    letters or digits after the prefix, so a truncated, overlong or mangled SID is refused."""
    return [
        *sid_rows(prefix),
        (prefix + "0123456789abcdef", VE),  # a truncated TWILIO_ACCOUNT_SID
        (prefix + "0" * 33, VE),
        (prefix + "0" * 31, VE),
        (prefix, VE),
        (prefix + "0" * 31 + "-", VE),
        (prefix + "0" * 30 + ".x", VE),
        (prefix + "0" * 31 + "\u00e9", VE),  # a letter, but not ASCII
        (prefix + "\uff10" * 32, VE),  # fullwidth digits: str.isalnum() says yes
    ]


TTL_ROWS: list[tuple[Any, type[Exception]]] = [
    (0, VE),
    (-1, VE),
    (HUGE, VE),
    (True, TE),
    (60.0, TE),
    ("60", TE),
    (math.inf, TE),
]
HMAC_SECRET_ROWS: list[tuple[Any, type[Exception]]] = [
    (None, VE),
    ("", VE),
    (b"", VE),
    (PUBLIC_KEY, VE),
    (PRIVATE_KEY.encode(), VE),
    (SSH_KEY, VE),
    (12345, TE),
    ([TEST_SECRET], TE),
]
ALGORITHM_ROWS: list[tuple[Any, type[Exception]]] = [
    ("none", VE),
    ("NONE", VE),
    ("hs256", VE),
    ("RS256", VE),
    ("", VE),
    (" HS256", VE),
    (256, TE),
    (b"HS256", TE),
    (["HS256"], TE),
]
OPTIONAL_TEXT_ROWS: list[tuple[Any, type[Exception]]] = [(7, TE), (b"x", TE), (["x"], TE), ("a\udfffb", VE)]
OPTIONAL_SID_ROWS: list[tuple[Any, type[Exception]]] = [
    (5, TE),
    (False, TE),
    ("   ", VE),
    ("IS1 ", VE),
    ("IS\n1", VE),
    ("IS\x7f1", VE),
]
NOT_JSON: list[tuple[Any, type[Exception]]] = [
    ({"a": object()}, TE),
    ({"a": math.nan}, TE),
    ({"a": {1, 2}}, TE),
    ({"a": HUGE}, TE),
    (cycle(), TE),
]
PARAMS_ROWS: list[tuple[Any, type[Exception]]] = [
    ("a=b", TE),
    (["a"], TE),
    ({1: "a"}, TE),
    ({"a": HUGE}, VE),
    ({"a": "\ud800"}, VE),
    ({"\udc00": "a"}, VE),
]
NAME_ROWS: list[tuple[Any, type[Exception]]] = [
    (1.5, TE),
    (True, TE),
    (b"alice", TE),
    (HUGE, VE),
    ("\ud800", VE),
]

ACCESS = {"account_sid": TEST_ACCOUNT_SID, "key_sid": TEST_KEY_SID, "secret": TEST_SECRET, "identity": "alice"}
CLIENT = {"account_sid": TEST_ACCOUNT_SID, "auth_token": AUTH_TOKEN}
TASKROUTER = {**CLIENT, "workspace_sid": WS, "channel_id": WK}
VALIDATION = {"account_sid": TEST_ACCOUNT_SID, "credential_sid": CR, "signing_key": TEST_KEY_SID}
REQUEST = {"url": "https://api.twilio.com/2010-04-01/Accounts", "method": "GET"}


def access_token() -> AccessToken:
    return AccessToken(**ACCESS)


def validation_token() -> ValidationToken:
    return ValidationToken(**VALIDATION, private_key=PRIVATE_KEY)


def canonicalize(field: str, value: Any) -> object:
    request = value if field == "request" else {**REQUEST, field: value}
    return validation_token().get_request_canonicalizer(request)


def _cases() -> Iterator[Case]:
    # AccessToken and its methods.
    yield from constructed(
        AccessToken,
        ACCESS,
        {
            "account_sid": [*credential_sid_rows("AC"), (TEST_KEY_SID, VE)],
            "key_sid": [*credential_sid_rows("SK"), (TEST_ACCOUNT_SID, VE), (CR, VE)],
            "secret": HMAC_SECRET_ROWS,
            "identity": [(None, VE), ("", VE), (False, TE), (["alice"], TE), ({}, TE), *NAME_ROWS],
            "ttl": [*TTL_ROWS, (86401, VE)],
            "nbf": [
                (True, TE),
                ("1700000000", TE),
                ([1], TE),
                (math.nan, VE),
                (math.inf, VE),
                (-math.inf, VE),
                (2**53, VE),
                (1e300, VE),
                (HUGE, VE),
            ],
            "region": [(1, TE), (b"us1", TE), (["us1"], TE), ("\ud800", VE)],
            "host": [("default", TE), (object(), TE)],
        },
    )
    yield from called(
        AccessToken.add_grant,
        lambda _, grant: access_token().add_grant(grant),
        {
            "grant": [(None, TE), ("voice", TE), (VoiceGrant, TE), ({"voice": {}}, TE)],
            "grant.key": [(IdentityGrant(), VE), (KeylessGrant(), TE), (EmptyKeyGrant(), VE)],
        },
    )
    yield from called(AccessToken.to_jwt, lambda _, alg: access_token().to_jwt(alg), {"algorithm": ALGORITHM_ROWS})
    yield from called(
        AccessToken.from_jwt,
        lambda parameter, value: AccessToken.from_jwt(
            **{"token": access_token().to_jwt(), "key": TEST_SECRET, parameter: value}
        ),
        {
            "token": [(None, TE), (12, TE), (["a.b.c"], TE)],
            "key": [(None, VE), ("", VE), (PUBLIC_KEY, VE), (12, TE)],
            "leeway": [(-1, VE), (math.nan, VE), (math.inf, VE), (HUGE, VE), ("5", TE), (True, TE), (None, TE)],
            "host": [("default", TE)],
        },
    )
    # Grants.
    yield from constructed(
        VoiceGrant,
        {"outgoing_application_sid": "AP1"},
        {
            "incoming_allow": [("true", TE), (1, TE), (0, TE)],
            "outgoing_application_sid": [*OPTIONAL_SID_ROWS, ("AP\ud8001", VE)],
            "outgoing_application_params": [("x", TE), (["a"], TE), *NOT_JSON],
            "push_credential_sid": OPTIONAL_SID_ROWS,
            "endpoint_id": OPTIONAL_TEXT_ROWS,
        },
    )
    yield Case(
        VoiceGrant,
        "outgoing_application_params",
        {"to": "+1"},
        VE,
        lambda: VoiceGrant(outgoing_application_params={"to": "+1"}),
    )
    yield from constructed(VideoGrant, {}, {"room": OPTIONAL_TEXT_ROWS})
    yield from constructed(
        ChatGrant,
        {},
        {
            "service_sid": OPTIONAL_SID_ROWS,
            "endpoint_id": OPTIONAL_TEXT_ROWS,
            "deployment_role_sid": OPTIONAL_SID_ROWS,
            "push_credential_sid": OPTIONAL_SID_ROWS,
        },
    )
    yield from constructed(SyncGrant, {}, {"service_sid": OPTIONAL_SID_ROWS, "endpoint_id": OPTIONAL_TEXT_ROWS})
    yield from constructed(
        TaskRouterGrant,
        {},
        {"workspace_sid": OPTIONAL_SID_ROWS, "worker_sid": OPTIONAL_SID_ROWS, "role": OPTIONAL_TEXT_ROWS},
    )
    yield from constructed(PlaybackGrant, {}, {"grant": [("token", TE), (["x"], TE), (7, TE), *NOT_JSON]})
    yield from constructed(
        RawGrant,
        {"grant_key": "future", "payload": {}},
        {
            "grant_key": [(None, VE), ("", VE), ("identity", VE), (5, TE), ("\ud800", VE)],
            "payload": [(object(), TE), (math.nan, TE), (cycle(), TE)],
        },
    )
    yield from called(
        VideoGrant.from_payload,
        lambda _, payload: VideoGrant.from_payload(payload),
        {"payload": [("room", TE), (None, TE), ({"nope": {1j}}, TE)]},
    )
    # ClientCapability, its methods and the scopes.
    yield from constructed(
        ClientCapability,
        CLIENT,
        {
            "account_sid": credential_sid_rows("AC"),
            "auth_token": HMAC_SECRET_ROWS,
            "ttl": [*TTL_ROWS, (86401, VE)],
            "host": [("default", TE)],
        },
    )
    yield from called(
        ClientCapability.add_scope,
        lambda _, scope: ClientCapability(**CLIENT).add_scope(scope),
        {
            "scope": [
                (None, TE),
                ("scope:client:incoming?clientName=a", TE),
                (IncomingClientScope, TE),
                (SpacedScope(), VE),
                (NumberScope(), TE),
            ]
        },
    )
    yield from called(
        ClientCapability.to_jwt, lambda _, alg: ClientCapability(**CLIENT).to_jwt(alg), {"algorithm": ALGORITHM_ROWS}
    )
    yield from constructed(IncomingClientScope, {}, {"client_name": [(None, VE), ("", VE), *NAME_ROWS]})
    yield from constructed(
        OutgoingClientScope,
        {"application_sid": "AP1"},
        {
            "application_sid": [(None, VE), ("", VE), ("  ", VE), ("AP\x001", VE), (5, TE), ("\ud800", VE)],
            "client_name": NAME_ROWS,
            "params": PARAMS_ROWS,
        },
    )
    yield Case(OutgoingClientScope, "params['a']", True, TE, lambda: OutgoingClientScope("AP1", params={"a": True}))
    yield Case(OutgoingClientScope, "params['a']", None, TE, lambda: OutgoingClientScope("AP1", params={"a": None}))
    yield Case(OutgoingClientScope, "params['a']", [1], TE, lambda: OutgoingClientScope("AP1", params={"a": [1]}))
    yield from constructed(EventStreamScope, {}, {"filters": PARAMS_ROWS})
    yield from constructed(RawScope, {}, {"scope_string": [(None, VE), ("", VE), (5, TE), ("a b", VE)]})
    yield from called(
        IncomingClientScope.from_scope_string,
        lambda _, text: IncomingClientScope.from_scope_string(text),
        {
            "scope_string": [
                (5, TE),
                ("scope:client:outgoing?appSid=AP1", VE),
                ("scope:client:incoming?clientName=%FF", VE),
                ("scope:client:incoming?other=1", VE),
            ]
        },
    )
    # TaskRouterCapability, the ready-made ones, policies and URL helpers.
    yield from constructed(
        TaskRouterCapability,
        TASKROUTER,
        {
            "account_sid": credential_sid_rows("AC"),
            "auth_token": HMAC_SECRET_ROWS,
            "workspace_sid": [*sid_rows("WS"), (WK, VE)],
            "channel_id": [*SID_ROWS, ("AP1", VE), ("WK 1", VE), ("WK\n1", VE)],
            "friendly_name": OPTIONAL_TEXT_ROWS,
            "ttl": [*TTL_ROWS, (86401, VE)],
            "version": [(5, TE), ("v1/x", VE), ("v 1", VE), ("v\x001", VE), ("v#1", VE)],
            "host": [("default", TE)],
        },
    )
    yield from called(
        TaskRouterCapability.add_policy,
        lambda _, policy: TaskRouterCapability(**TASKROUTER).add_policy(policy),
        {"policy": [(None, TE), ({"url": "https://x"}, TE), ("https://x", TE)]},
    )
    for method in (
        "allow_worker_activity_updates",
        "allow_worker_fetch_reservations",
        "allow_worker_reservations_update",
    ):
        target = getattr(TaskRouterCapability, method)
        yield Case(
            target,
            "channel_id",
            WQ,
            VE,
            lambda m=method: getattr(TaskQueueCapability(**CLIENT, workspace_sid=WS, task_queue_sid=WQ), m)(),
        )
    yield from constructed(
        Policy,
        {"url": "https://x"},
        {
            "url": [(None, VE), ("", VE), (5, TE), ("\ud800", VE)],
            "method": [(None, TE), ("", VE), (5, TE)],
            "query_filter": [("x", TE), (["a"], TE), *NOT_JSON[:2]],
            "post_filter": [([1], TE), ({"a": object()}, TE)],
            "allow": [(None, TE), (1, TE), ("true", TE)],
        },
    )
    # The ready-made tokens: their own SID and every switch (the rest is TaskRouterCapability's, above).
    for cls, base, own in (
        (WorkerCapability, {"worker_sid": WK}, {"worker_sid": [(None, VE), (WQ, VE), (5, TE), ("WK\t1", VE)]}),
        (TaskQueueCapability, {"task_queue_sid": WQ}, {"task_queue_sid": [(WK, VE), (None, VE), ("WQ 1", VE)]}),
        (WorkspaceCapability, {}, {"workspace_sid": [(WK, VE), ("WS\x001", VE)]}),
    ):
        switches = {name: [("yes", TE), (1, TE), (None, TE)] for name in cls.SWITCHES}
        yield from constructed(cls, {**CLIENT, "workspace_sid": WS, **base}, {**own, **switches})
    # URL helpers: every SID is one path segment; the workspace (and a reservation's worker) is required.
    segment_rows = [("a/b", VE), ("a?b", VE), ("a#b", VE), ("a b", VE), ("a\x00", VE), (3, TE)]
    for helper, base in (
        (task_router.workspaces_url, {}),
        (task_router.task_queues_url, {"workspace_sid": WS}),
        (task_router.tasks_url, {"workspace_sid": WS}),
        (task_router.activities_url, {"workspace_sid": WS}),
        (task_router.workers_url, {"workspace_sid": WS}),
        (task_router.reservations_url, {"workspace_sid": WS, "worker_sid": WK}),
    ):
        bad = {name: segment_rows for name in inspect.signature(helper).parameters}
        for required in base:
            bad[required] = [*segment_rows, (None, VE), ("", VE)]
        bad["version"] = [("v1/..", VE), (5, TE), ("v\n1", VE)]
        yield from constructed(helper, base, bad)
    yield from constructed(
        task_router.build_workspace_url,
        {"account_sid": TEST_ACCOUNT_SID, "workspace_sid": WS, "channel_id": WK},
        {
            "account_sid": [("x", VE), (None, VE)],
            "workspace_sid": [("", VE), ("WS/1", VE)],
            "channel_id": [("AP1", VE)],
            "version": [("v1/..", VE)],
        },
    )
    yield from constructed(
        task_router.default_worker_policies,
        {"version": "v1", "workspace_sid": WS, "worker_sid": WK},
        {"version": [(5, TE)], "workspace_sid": [(None, VE)], "worker_sid": [("WK/1", VE)]},
    )
    yield from constructed(
        task_router.default_event_bridge_policies,
        {"account_sid": TEST_ACCOUNT_SID, "channel_id": WK},
        {"account_sid": [(TEST_KEY_SID, VE)], "channel_id": [("XX1", VE)]},
    )
    # ValidationToken and its methods.
    yield from constructed(
        ValidationToken,
        {**VALIDATION, "private_key": PRIVATE_KEY},
        {
            "account_sid": credential_sid_rows("AC"),
            "credential_sid": [*credential_sid_rows("CR"), (TEST_KEY_SID, VE), ("CR 1", VE)],
            "signing_key": [*credential_sid_rows("SK"), (CR, VE), ("SK\n1", VE)],
            "private_key": [
                (None, VE),
                ("", VE),
                (b"", VE),
                (5, TE),
                ("not a pem", VE),
                (PUBLIC_KEY, VE),
                ((KEYS / "ec_p256_pkcs8.pem").read_text(), VE),
                ((KEYS / "rsa1024_pkcs8.pem").read_text(), VE),
                ("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", VE),
            ],
            "algorithm": [("HS256", VE), ("none", VE), ("", VE), ("rs256", VE), (256, TE)],
            "ttl": [*TTL_ROWS, (301, VE)],
            "signed_headers": [("host", TE), (b"host", TE), ([5], TE), (["bad header"], VE), (["x\n"], VE)],
            "host": [("default", TE)],
        },
    )
    yield from called(
        ValidationToken.get_request_canonicalizer,
        canonicalize,
        {
            "request": [(None, TE), ("https://x", TE), ({"url": "https://x", "body": "b"}, TE)],
            "url": [
                (None, VE),
                ("", VE),
                ("/relative", VE),
                ("ftp://a/", VE),
                ("http://[::1", VE),
                (5, TE),
                ("https://a/\ud800", VE),
            ],
            "method": [(None, VE), ("", VE), (5, TE), ("G\ud800T", VE)],
            "headers": [("x", TE), ({"A": 5}, TE), ({"A": "\ud800"}, VE), ([("a", "b")], TE)],
            "params": [
                ("a=b", TE),
                ({"a": True}, TE),
                ({"a": None}, TE),
                ({1: "a"}, TE),
                ({"a": HUGE}, VE),
                ({"a": [{}]}, TE),
            ],
            "data": [(5, TE), ({"a": object()}, TE), ({"a": True}, TE), ("\ud800", VE), ({"a": HUGE}, VE)],
            "auth": [("user:pw", TE), (("u",), TE), (("u", 5), TE), (("\ud800", "p"), VE)],
        },
    )
    yield Case(
        ValidationToken.get_request_canonicalizer,
        "data",
        {"a": {1, 2}},
        TE,
        lambda: canonicalize(
            "request", {**REQUEST, "headers": {"Content-Type": "application/json"}, "data": {"a": {1, 2}}}
        ),
    )
    yield from called(
        ValidationToken.generate_token,
        lambda _, value: validation_token().generate_token(value),
        {"canonicalizer": [(None, TE), (REQUEST, TE), ("GET\n/\n", TE)]},
    )
    yield from called(
        ValidationToken.get_wire_canonicalizer,
        lambda _, value: validation_token().get_wire_canonicalizer(value),
        {"request": [(REQUEST, TE), (None, TE)]},
    )


CASES = list(_cases())


def shown(value: object) -> str:
    """``repr`` that survives ints too long to print."""
    try:
        return repr(value)
    except ValueError:
        return f"<{type(value).__name__} holding a huge int>"


def _case_id(case: Case) -> str:
    name = getattr(case.target, "__qualname__", str(case.target))
    return f"{name}.{case.parameter}={shown(case.value)[:24]}"


def _unique(ids: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    out = []
    for text in ids:
        counts[text] = counts.get(text, 0) + 1
        out.append(text if counts[text] == 1 else f"{text}#{counts[text]}")
    return out


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW)


@pytest.mark.parametrize("case", CASES, ids=_unique([_case_id(c) for c in CASES]))
def test_bad_input_raises_the_documented_error_naming_the_parameter(case: Case) -> None:
    with pytest.raises((ValueError, TypeError)) as excinfo:
        case.call()
    exc = excinfo.value
    assert type(exc) is case.error, f"{type(exc).__name__}: {exc}"
    assert exc.parameter == case.parameter  # type: ignore[attr-defined]
    message = str(exc)
    assert message.startswith(f"{case.parameter}: ")
    for secret in SECRETS:
        assert secret not in message


def test_the_table_is_large_and_covers_every_public_parameter() -> None:
    assert len({(c.target, c.parameter, shown(c.value)) for c in CASES}) >= 150
    covered: dict[Any, set[str]] = {}
    for case in CASES:
        covered.setdefault(case.target, set()).add(case.parameter.partition("[")[0].partition(".")[0])
    for target, parameters in covered.items():
        if target is ValidationToken.get_request_canonicalizer:
            expected = {"request", *REQUEST_FIELDS}
        elif target.__name__.startswith("allow_worker_"):
            expected = {"channel_id"}  # no parameter: the token's channel must be a worker's
        elif target in (WorkerCapability, TaskQueueCapability, WorkspaceCapability):
            inherited = set(inspect.signature(TaskRouterCapability).parameters) - {"channel_id"}
            expected = set(inspect.signature(target).parameters) - inherited
        else:
            signature = inspect.signature(target)
            expected = {name for name in signature.parameters if name not in ("self", "cls")}
        assert expected <= parameters, getattr(target, "__qualname__", target)
    every_type = {AccessToken, ClientCapability, TaskRouterCapability, ValidationToken}
    every_grant = {VoiceGrant, VideoGrant, ChatGrant, SyncGrant, TaskRouterGrant, PlaybackGrant, RawGrant}
    every_scope = {IncomingClientScope, OutgoingClientScope, EventStreamScope, RawScope}
    ready_made = {WorkerCapability, TaskQueueCapability, WorkspaceCapability, Policy}
    assert every_type | every_grant | every_scope | ready_made <= set(covered)


# -- a failed add_* leaves the token as it was -----------------------------------------------------------------------


def claims_of(token: Any) -> dict[str, Any]:
    minted = token.to_jwt() if hasattr(token, "to_jwt") else token
    return read_unverified(minted).claims


def failed_adds_change_nothing(token: Any, add: Callable[..., Any]) -> dict[str, Any]:
    """Every bad value of the table for ``add`` is refused and the token still mints the same claims."""
    before = claims_of(token)
    for case in CASES:
        if case.target is add:
            with pytest.raises(case.error):
                getattr(token, add.__name__)(case.value)
            assert claims_of(token) == before
    return before


def test_a_failed_add_grant_leaves_the_token_as_it_was() -> None:
    token = access_token()
    token.add_grant(VoiceGrant(incoming_allow=True))
    token.add_grant(RoomGrant(room="r"))
    failed_adds_change_nothing(token, AccessToken.add_grant)
    assert token.grants == (VoiceGrant(incoming_allow=True), RoomGrant(room="r"))


def test_a_failed_add_scope_leaves_the_token_as_it_was() -> None:
    capability = ClientCapability(**CLIENT)
    capability.add_scope(IncomingClientScope("alice"))
    before = failed_adds_change_nothing(capability, ClientCapability.add_scope)
    assert before["scope"] == "scope:client:incoming?clientName=alice"


def test_a_failed_add_policy_or_worker_switch_leaves_the_token_as_it_was() -> None:
    capability = TaskQueueCapability(**CLIENT, workspace_sid=WS, task_queue_sid=WQ)
    before = failed_adds_change_nothing(capability, TaskRouterCapability.add_policy)
    for method in (
        "allow_worker_activity_updates",
        "allow_worker_fetch_reservations",
        "allow_worker_reservations_update",
    ):
        with pytest.raises(VE):
            getattr(capability, method)()
        assert claims_of(capability) == before
    assert len(before["policies"]) == 3


def test_a_failed_to_jwt_or_generate_token_changes_nothing() -> None:
    token = access_token()
    before = claims_of(token)
    for algorithm, error in ALGORITHM_ROWS:
        with pytest.raises(error):
            token.to_jwt(algorithm)
    assert claims_of(token) == before
    validation = validation_token()
    canonicalizer = validation.get_request_canonicalizer(REQUEST)
    first = validation.generate_token(canonicalizer)
    with pytest.raises(TE):
        validation.generate_token(REQUEST)  # type: ignore[arg-type]
    assert validation.generate_token(canonicalizer) == first


def test_a_failed_constructor_leaves_no_token_and_no_cached_signer() -> None:
    """The signer cache is keyed by host and key: a refused token must not have put anything there."""
    from twilio_jwt import _signing as signing

    signing.clear_cache()
    for case in CASES:
        if case.target in (AccessToken, ClientCapability, TaskRouterCapability):
            with pytest.raises(case.error):
                case.call()
    assert len(signing._READY) == 0


# -- the command line ------------------------------------------------------------------------------------------------

CREDENTIALS = {
    "TWILIO_ACCOUNT_SID": TEST_ACCOUNT_SID,
    "TWILIO_API_KEY": TEST_KEY_SID,
    "TWILIO_API_SECRET": TEST_SECRET,
    "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
    "TWILIO_CREDENTIAL_SID": CR,
}
ACCESS_CLI = ["mint", "access-token", "--identity", "alice"]
CLIENT_CLI = ["mint", "client-capability"]
TASKROUTER_CLI = ["mint", "taskrouter", "--workspace-sid", WS]
VALIDATION_CLI = ["mint", "validation", "--private-key", str(KEYS / "rsa2048_pkcs8.pem"), "--method", "GET"]
VALIDATION_URL = [*VALIDATION_CLI, "--url", "https://api.twilio.com/"]

# (argv, environment changes, words the one error line must hold)
CLI_CASES: list[tuple[list[str], dict[str, str | None], str]] = [
    # mint access-token
    (["mint", "access-token"], {}, "the following arguments are required: --identity"),
    ([*ACCESS_CLI[:2], "--identity", ""], {}, "identity: is required"),
    ([*ACCESS_CLI, "--account-sid", TEST_KEY_SID], {}, "--account-sid/TWILIO_ACCOUNT_SID: expected an Account SID"),
    (
        [*ACCESS_CLI, "--account-sid", "AC 1"],
        {},
        "--account-sid/TWILIO_ACCOUNT_SID: expected 'AC' followed by 32 letters or digits",
    ),
    (
        ACCESS_CLI,
        {"TWILIO_ACCOUNT_SID": TEST_ACCOUNT_SID[:18]},
        "--account-sid/TWILIO_ACCOUNT_SID: expected 'AC' followed by 32 letters",
    ),
    (
        [*ACCESS_CLI, "--api-key", TEST_KEY_SID + "0"],
        {},
        "--api-key/TWILIO_API_KEY: expected 'SK' followed by 32 letters or digits",
    ),
    ([*ACCESS_CLI, "--api-key", TEST_ACCOUNT_SID], {}, "--api-key/TWILIO_API_KEY: expected an API key SID"),
    (
        [*ACCESS_CLI, "--api-key", "SK\t1"],
        {},
        "--api-key/TWILIO_API_KEY: expected 'SK' followed by 32 letters or digits",
    ),
    (ACCESS_CLI, {"TWILIO_API_SECRET": None}, "--api-secret is required (or set TWILIO_API_SECRET)"),
    ([*ACCESS_CLI, "--api-secret", PUBLIC_KEY], {}, "--api-secret/TWILIO_API_SECRET: looks like a PEM or SSH key"),
    ([*ACCESS_CLI, "--ttl", "0"], {}, "ttl: must be between 1 and 86400 seconds"),
    ([*ACCESS_CLI, "--ttl", "86401"], {}, "ttl: must be between 1 and 86400 seconds"),
    ([*ACCESS_CLI, "--ttl", "1.5"], {}, "argument --ttl: invalid int value"),
    ([*ACCESS_CLI, "--ttl", "9" * 400], {}, "ttl: must be between 1 and 86400 seconds, got an int far out of range"),
    ([*ACCESS_CLI, "--nbf", "soon"], {}, "argument --nbf: invalid int value"),
    ([*ACCESS_CLI, "--nbf", "9" * 20], {}, "nbf: must be finite epoch seconds"),
    ([*ACCESS_CLI, "--algorithm", "none"], {}, "algorithm: 'none' is not allowed here"),
    ([*ACCESS_CLI, "--algorithm", "RS256"], {}, "algorithm: 'RS256' is not allowed here"),
    ([*ACCESS_CLI, "--grant", "nope"], {}, "--grant: no installed plugin provides a grant called 'nope'"),
    ([*ACCESS_CLI, "--grant", "voice:incoming_allow=1"], {}, "--grant voice: incoming_allow is true or false, got '1'"),
    (
        [*ACCESS_CLI, "--grant", "voice:bogus=1"],
        {},
        "--grant voice: VoiceGrant has no field 'bogus' (its fields: incoming_allow, ",
    ),
    ([*ACCESS_CLI, "--grant", "voice:=1"], {}, "--grant voice expects NAME=VALUE"),
    ([*ACCESS_CLI, "--grant", 'voice:outgoing_application_params={"a":'], {}, "value is not valid JSON"),
    ([*ACCESS_CLI, "--grant", "voice:outgoing_application_params=[1]"], {}, "outgoing_application_params: expected"),
    ([*ACCESS_CLI, "--grant", "chat:service_sid=IS 1"], {}, "service_sid: a SID holds no white space"),
    ([*ACCESS_CLI, "--region"], {}, "argument --region: expected one argument"),
    ([*ACCESS_CLI, "--api-secrt", "leaked"], {}, "unrecognized arguments: --api-secrt (1 more, not shown)"),
    # mint client-capability
    (CLIENT_CLI, {}, "add at least one scope"),
    ([*CLIENT_CLI, "--incoming", ""], {}, "--incoming/--outgoing CLIENT_NAME: is required"),
    ([*CLIENT_CLI, "--outgoing", ":alice"], {}, "--outgoing: is required"),
    ([*CLIENT_CLI, "--outgoing", "AP 1"], {}, "--outgoing: a SID holds no white space"),
    ([*CLIENT_CLI, "--param", "a=b"], {}, "--param must come after an --outgoing"),
    ([*CLIENT_CLI, "--filter", "a=b"], {}, "--filter must come after an --event-stream"),
    ([*CLIENT_CLI, "--incoming", "a", "--ttl", "0"], {}, "ttl: must be between 1 and 86400"),
    (
        [*CLIENT_CLI, "--incoming", "a", "--account-sid", "SK1"],
        {},
        "--account-sid/TWILIO_ACCOUNT_SID: expected an Account SID",
    ),
    ([*CLIENT_CLI, "--incoming", "a"], {"TWILIO_AUTH_TOKEN": None}, "--auth-token is required"),
    (
        [*CLIENT_CLI, "--incoming", "a", "--auth-token", SSH_KEY],
        {},
        "--auth-token/TWILIO_AUTH_TOKEN: looks like a PEM or SSH key",
    ),
    # mint taskrouter
    (["mint", "taskrouter"], {}, "the following arguments are required: --workspace-sid"),
    (["mint", "taskrouter", "--workspace-sid", WK], {}, "--workspace-sid: expected a workspace SID"),
    ([*TASKROUTER_CLI, "--channel", "AP1"], {}, "--channel expects a worker (WK...), task queue (WQ...)"),
    ([*TASKROUTER_CLI, "--channel", WK, "--allow", "nonsense"], {}, "--allow: 'nonsense' is not a switch"),
    ([*TASKROUTER_CLI, "--channel", WK, "--deny", "nope"], {}, "--deny: 'nope' is not a switch"),
    ([*TASKROUTER_CLI, "--bare", "--allow", "fetch_self"], {}, "--allow and --deny change the ready-made defaults"),
    ([*TASKROUTER_CLI, "--channel", WQ, "--worker-activity-updates"], {}, "--worker-activity-updates needs a worker"),
    ([*TASKROUTER_CLI, "--ttl", "100000"], {}, "ttl: must be between 1 and 86400"),
    ([*TASKROUTER_CLI, "--channel", "WK\x001"], {}, "a SID holds no white space, control characters"),
    ([*TASKROUTER_CLI, "--friendly-name", "\udc80"], {}, "--friendly-name: contains a lone surrogate"),
    ([*TASKROUTER_CLI], {"TWILIO_ACCOUNT_SID": None}, "--account-sid is required"),
    # mint validation
    ([*VALIDATION_CLI, "--url", "/relative"], {}, "url: must be an absolute http:// or https:// URL"),
    (
        ["mint", "validation", "--private-key", "/nonexistent.pem", "--method", "GET", "--url", "https://a/"],
        {},
        "--private-key: cannot read '/nonexistent.pem'",
    ),
    (
        [
            "mint",
            "validation",
            "--private-key",
            str(KEYS / "rsa2048_public.pem"),
            "--method",
            "GET",
            "--url",
            "https://a/",
        ],
        {},
        "--private-key: is a public key",
    ),
    (
        [
            "mint",
            "validation",
            "--private-key",
            str(KEYS / "rsa1024_pkcs8.pem"),
            "--method",
            "GET",
            "--url",
            "https://a/",
        ],
        {},
        "--private-key: is a 1024-bit RSA key",
    ),
    ([*VALIDATION_CLI[:4], "--method", "", "--url", "https://a/"], {}, "method: is required"),
    ([*VALIDATION_URL, "--header", "no-colon"], {}, "--header expects NAME:VALUE"),
    (
        [*VALIDATION_URL, "--signed-header", "bad header"],
        {},
        "--signed-header: 'bad header' is not an HTTP header name",
    ),
    ([*VALIDATION_URL, "--algorithm", "HS256"], {}, "algorithm: 'HS256' is not allowed here; use one of RS256, PS256"),
    ([*VALIDATION_URL, "--ttl", "301"], {}, "ttl: must be between 1 and 300 seconds"),
    (
        [*VALIDATION_URL, "--credential-sid", TEST_KEY_SID],
        {},
        "--credential-sid/TWILIO_CREDENTIAL_SID: expected a credential SID",
    ),
    ([*VALIDATION_URL, "--api-key", CR], {}, "--api-key/TWILIO_API_KEY: expected an API key SID"),
    (
        [*VALIDATION_URL, "--credential-sid", CR[:-1] + "!"],
        {},
        "--credential-sid/TWILIO_CREDENTIAL_SID: expected 'CR' followed by 32",
    ),
    (VALIDATION_URL, {"TWILIO_CREDENTIAL_SID": None}, "--credential-sid is required"),
    ([*VALIDATION_URL, "--api-secret-env", "leaked-secret"], {}, "--api-secret-env takes the NAME of an environment"),
    (
        ["decode", "--secret-env", "leaked secret", "TOKEN"],
        {},
        "--secret-env takes the NAME of an environment variable",
    ),
    # decode
    (["decode"], {}, "the following arguments are required: TOKEN"),
    (["decode", "--leeway", "soon", "a.b.c"], {}, "argument --leeway: invalid float value"),
    (
        ["decode", "--secret-env", "NOT_SET_ANYWHERE", "TOKEN"],
        {},
        "--secret-env: the environment variable NOT_SET_ANYWHERE is not set",
    ),
    (
        ["decode", "--public-key", str(KEYS / "rsa2048_public.pem"), "TOKEN"],
        {},
        "--public-key verifies validation tokens",
    ),
    (["decode", "--secret", TEST_SECRET, "--leeway", "-1", "TOKEN"], {}, "leeway: must be a finite number of seconds"),
    (["decode", "--secret", TEST_SECRET, "--public-key", "x", "TOKEN"], {}, "not allowed with argument"),
]


@pytest.fixture
def environ(monkeypatch: pytest.MonkeyPatch) -> Callable[[Mapping[str, str | None]], None]:
    for name in list(__import__("os").environ):
        if name.startswith("TWILIO_"):
            monkeypatch.delenv(name)

    def apply(changes: Mapping[str, str | None]) -> None:
        for name, value in {**CREDENTIALS, **changes}.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)

    return apply


def _cli_id(index: int) -> str:
    argv = CLI_CASES[index][0]
    return f"{index:02d}-" + " ".join(argv[:3])[:40]


@pytest.mark.parametrize("index", range(len(CLI_CASES)), ids=_cli_id)
def test_bad_options_end_in_one_error_line_with_exit_2(
    index: int, environ: Callable[[Mapping[str, str | None]], None], capsys: pytest.CaptureFixture[str]
) -> None:
    argv, changes, words = CLI_CASES[index]
    environ(changes)
    token = access_token().to_jwt()
    status = main([token if arg == "TOKEN" else arg for arg in argv])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("twilio-jwt: error: ")
    assert words in lines[0]
    assert "Traceback" not in err
    for secret in (*SECRETS, "leaked"):
        assert secret not in err


def test_every_option_of_every_command_has_a_bad_value_above() -> None:
    from twilio_jwt.cli.main import build_parser

    parser = build_parser()
    tried = {arg for argv, _, _ in CLI_CASES for arg in argv if arg.startswith("--")}
    untested = set()
    for action in _walk(parser):
        if action.option_strings and action.option_strings[0] != "-h":
            option = max(action.option_strings, key=len)
            untested.add(option)
    # Switches hold no value; --data is any request body, sent as given.
    flags = {
        "--json",
        "--bare",
        "--event-stream",
        "--show-canonical",
        "--reveal-authorization",
        "--worker-fetch-reservations",
        "--worker-reservations-update",
        "--data",
        "--help",
        "--version",
    }
    assert untested - tried - flags == set()


def _walk(parser: Any) -> Iterator[Any]:
    for action in parser._actions:
        yield action
        for sub in getattr(action, "choices", None) or {}:
            if not isinstance(sub, str):
                continue
            child = action.choices[sub]
            if hasattr(child, "_actions"):
                yield from _walk(child)
