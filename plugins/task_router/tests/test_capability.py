"""TaskRouterCapability and the ready-made tokens (contract section 4), with core and this plugin only.

Tokens are minted through an explicit host holding this plugin and core's reference
HMAC test backend, so nothing here needs ``twilio-jwt-hmac``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

import twilio_jwt_task_router
from twilio_jwt import InvalidParameterError, InvalidParameterTypeError, PluginHost
from twilio_jwt.testing import ReferenceHMACPlugin, decode_hs
from twilio_jwt_task_router import (
    Policy,
    TaskQueueCapability,
    TaskRouterCapability,
    WorkerCapability,
    WorkspaceCapability,
    default_event_bridge_policies,
    default_worker_policies,
)

AC = "AC" + "1" * 32
TOKEN = "taskrouter-auth-token-0123456789ab"
WS = "WS" + "2" * 32
WK = "WK" + "3" * 32
WQ = "WQ" + "4" * 32
NOW = 1_700_000_000
WORKSPACE = f"https://taskrouter.twilio.com/v1/Workspaces/{WS}"
BRIDGE = f"https://event-bridge.twilio.com/v1/wschannels/{AC}"


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost(plugins=[twilio_jwt_task_router, ReferenceHMACPlugin()])


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW + 0.5)


def claims_of(capability: TaskRouterCapability) -> dict[str, Any]:
    header, claims = decode_hs(capability.to_jwt(), TOKEN)
    assert header == {"alg": "HS256", "typ": "JWT"}
    return claims


def _raises(error: type[Exception], parameter: str, build: Callable[[], object]) -> None:
    with pytest.raises(error) as info:
        build()
    assert str(info.value).startswith(f"{parameter}: "), str(info.value)
    assert TOKEN not in str(info.value)


def _get(url: str, method: str = "GET", **extra: Any) -> dict[str, Any]:
    return {"url": url, "method": method, "query_filter": {}, "post_filter": {}, "allow": True, **extra}


# -- claims ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "extra"), [(WK, {"worker_sid": WK}), (WQ, {"taskqueue_sid": WQ}), (WS, {})], ids=["WK", "WQ", "WS"]
)
def test_claims_per_channel_kind(host: PluginHost, channel: str, extra: dict[str, str]) -> None:
    cap = TaskRouterCapability(AC, TOKEN, WS, channel, host=host)
    for policy in default_event_bridge_policies(AC, channel):
        cap.add_policy(policy)
    assert claims_of(cap) == {
        "iss": AC,
        "exp": NOW + 3600,
        "iat": NOW,
        "version": "v1",
        "account_sid": AC,
        "channel": channel,
        "workspace_sid": WS,
        "policies": [_get(f"{BRIDGE}/{channel}"), _get(f"{BRIDGE}/{channel}", "POST")],
        **extra,
    }


def test_friendly_name_version_ttl_and_policy_order(host: PluginHost) -> None:
    cap = TaskRouterCapability(AC, TOKEN, WS, WQ, friendly_name="queue one", ttl=120, version="v2", host=host)
    cap.add_policy(Policy("https://x/b", "delete", allow=False))
    cap.add_policy(Policy("https://x/a"))
    cap.add_policy(Policy("https://x/a"))
    claims = claims_of(cap)
    assert (claims["friendly_name"], claims["version"], claims["exp"]) == ("queue one", "v2", NOW + 120)
    assert claims["policies"] == [_get("https://x/b", "DELETE", allow=False), _get("https://x/a"), _get("https://x/a")]
    assert cap.policies == (Policy("https://x/b", "DELETE", allow=False), Policy("https://x/a"), Policy("https://x/a"))


@pytest.mark.parametrize(("friendly_name", "version"), [(None, None), ("", ""), (None, "v1")])
def test_empty_friendly_name_is_left_out_and_empty_version_means_v1(
    host: PluginHost, friendly_name: str | None, version: str | None
) -> None:
    claims = claims_of(TaskRouterCapability(AC, TOKEN, WS, WK, friendly_name=friendly_name, version=version, host=host))  # type: ignore[arg-type]
    assert "friendly_name" not in claims
    assert claims["version"] == "v1"


def test_only_hs256_is_allowed() -> None:
    assert TaskRouterCapability.ALGORITHMS == ("HS256",)
    _raises(InvalidParameterError, "algorithm", lambda: TaskRouterCapability(AC, TOKEN, WS, WK).to_jwt("HS512"))


# -- worker conveniences --------------------------------------------------------------------------


def test_worker_conveniences_add_their_policies_and_return_self(host: PluginHost) -> None:
    cap = TaskRouterCapability(AC, TOKEN, WS, WK, host=host)
    for policy in default_worker_policies("v1", WS, WK):
        cap.add_policy(policy)
    chained = cap.allow_worker_activity_updates().allow_worker_fetch_reservations().allow_worker_reservations_update()
    assert chained is cap
    assert claims_of(cap)["policies"] == [
        _get(f"{WORKSPACE}/Activities"),
        _get(f"{WORKSPACE}/Tasks/**"),
        _get(f"{WORKSPACE}/Workers/{WK}/Reservations/**"),
        _get(f"{WORKSPACE}/Workers/{WK}"),
        _get(f"{WORKSPACE}/Workers/{WK}", "POST", post_filter={"ActivitySid": {"required": True}}),
        _get(f"{WORKSPACE}/Tasks/**"),
        _get(f"{WORKSPACE}/Workers/{WK}/Reservations/**"),
        _get(f"{WORKSPACE}/Tasks/**", "POST"),
        _get(f"{WORKSPACE}/Workers/{WK}/Reservations/**", "POST"),
    ]


@pytest.mark.parametrize("channel", [WQ, WS])
@pytest.mark.parametrize(
    "method", ["allow_worker_activity_updates", "allow_worker_fetch_reservations", "allow_worker_reservations_update"]
)
def test_worker_convenience_on_a_non_worker_channel_is_value_error(channel: str, method: str) -> None:
    cap = TaskRouterCapability(AC, TOKEN, WS, channel)
    _raises(InvalidParameterError, "channel_id", getattr(cap, method))
    assert cap.policies == ()


# -- bad input: one test per rule, each checking the type and the parameter named -----------------


def _cap(**changes: object) -> Callable[[], object]:
    args: dict[str, object] = {"account_sid": AC, "auth_token": TOKEN, "workspace_sid": WS, "channel_id": WK}
    args.update(changes)
    positional = [args.pop(name) for name in ("account_sid", "auth_token", "workspace_sid", "channel_id")]
    return lambda: TaskRouterCapability(*positional, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize("parameter", ["account_sid", "workspace_sid", "channel_id", "auth_token"])
@pytest.mark.parametrize("value", [None, ""])
def test_required_value_none_or_empty_is_value_error(parameter: str, value: object) -> None:
    _raises(InvalidParameterError, parameter, _cap(**{parameter: value}))


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("account_sid", "XX1"),
        ("account_sid", WS),
        ("workspace_sid", "XX1"),
        ("workspace_sid", WK),
        ("channel_id", "XX1"),
        ("channel_id", "WA" + "1" * 32),
        ("channel_id", AC),
    ],
)
def test_sid_with_the_wrong_prefix_is_value_error(parameter: str, value: str) -> None:
    _raises(InvalidParameterError, parameter, _cap(**{parameter: value}))


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("account_sid", 1),
        ("workspace_sid", b"WS1"),
        ("channel_id", ["WK1"]),
        ("auth_token", 12345),
        ("friendly_name", 3),
        ("version", 1),
    ],
)
def test_value_of_the_wrong_type_is_type_error(parameter: str, value: object) -> None:
    _raises(InvalidParameterTypeError, parameter, _cap(**{parameter: value}))


def test_auth_token_that_is_a_pem_key_is_value_error() -> None:
    _raises(InvalidParameterError, "auth_token", _cap(auth_token="-----BEGIN PRIVATE KEY-----\nMII\n"))


@pytest.mark.parametrize("value", [0, -60, 86401])
def test_ttl_outside_1_to_86400_is_value_error(value: int) -> None:
    _raises(InvalidParameterError, "ttl", _cap(ttl=value))


@pytest.mark.parametrize("value", [1.5, "1h", True])
def test_ttl_not_an_int_is_type_error(value: object) -> None:
    _raises(InvalidParameterTypeError, "ttl", _cap(ttl=value))


def test_version_that_is_not_one_path_segment_is_value_error() -> None:
    _raises(InvalidParameterError, "version", _cap(version="v1/../x"))


@pytest.mark.parametrize("value", [{"url": "https://x"}, "https://x", None])
def test_add_policy_of_something_else_is_type_error(value: object) -> None:
    cap = _cap()()
    _raises(InvalidParameterTypeError, "policy", lambda: cap.add_policy(value))  # type: ignore[attr-defined]


# -- ready-made tokens -------------------------------------------------------------------------


def test_worker_capability_defaults(host: PluginHost) -> None:
    cap = WorkerCapability(AC, TOKEN, WS, WK, host=host)
    assert (cap.worker_sid, cap.channel_id) == (WK, WK)
    assert claims_of(cap)["policies"] == [
        _get(f"{BRIDGE}/{WK}"),
        _get(f"{BRIDGE}/{WK}", "POST"),
        _get(f"{WORKSPACE}/Workers/{WK}"),
        _get(f"{WORKSPACE}/Activities"),
        _get(f"{WORKSPACE}/Tasks/**"),
        _get(f"{WORKSPACE}/Workers/{WK}/Reservations/**"),
    ]


def test_every_switch_on_follows_twilio_pythons_order() -> None:
    switches = dict.fromkeys(WorkerCapability.SWITCHES, True)
    cap = WorkerCapability(AC, TOKEN, WS, WK, **switches)
    me = f"{WORKSPACE}/Workers/{WK}"
    assert [(p.method, p.url) for p in cap.policies] == [
        ("GET", f"{BRIDGE}/{WK}"),
        ("POST", f"{BRIDGE}/{WK}"),
        ("GET", me),
        ("POST", me),
        ("DELETE", me),
        ("GET", f"{me}/**"),
        ("DELETE", f"{me}/**"),
        ("POST", f"{me}/**"),
        ("GET", f"{WORKSPACE}/Activities"),
        ("GET", f"{WORKSPACE}/Tasks/**"),
        ("GET", f"{me}/Reservations/**"),
        ("POST", me),
        ("POST", f"{WORKSPACE}/Tasks/**"),
        ("POST", f"{me}/Reservations/**"),
    ]
    assert cap.policies[11].post_filter == {"ActivitySid": {"required": True}}


@pytest.mark.parametrize(
    ("cap", "own"),
    [
        (TaskQueueCapability(AC, TOKEN, WS, WQ), f"{WORKSPACE}/TaskQueues/{WQ}"),
        (WorkspaceCapability(AC, TOKEN, WS), WORKSPACE),
    ],
    ids=["WQ", "WS"],
)
def test_task_queue_and_workspace_defaults(cap: TaskRouterCapability, own: str) -> None:
    bridge = f"{BRIDGE}/{cap.channel_id}"
    assert [(p.method, p.url) for p in cap.policies] == [("GET", bridge), ("POST", bridge), ("GET", own)]


def test_ready_made_tokens_take_more_policies_and_switches_off(host: PluginHost) -> None:
    cap = WorkspaceCapability(AC, TOKEN, WS, allow_web_sockets=False, allow_fetch_self=False, host=host)
    assert cap.channel_id == WS
    cap.add_policy(Policy(f"{WORKSPACE}/Tasks", "post"))
    claims = claims_of(cap)
    assert claims["channel"] == WS
    assert claims["policies"] == [_get(f"{WORKSPACE}/Tasks", "POST")]
    assert "worker_sid" not in claims
    assert "taskqueue_sid" not in claims


@pytest.mark.parametrize(
    ("build", "parameter"),
    [
        (lambda: WorkerCapability(AC, TOKEN, WS, WQ), "worker_sid"),
        (lambda: WorkerCapability(AC, TOKEN, WS, None), "worker_sid"),
        (lambda: TaskQueueCapability(AC, TOKEN, WS, WK), "task_queue_sid"),
        (lambda: WorkspaceCapability(AC, TOKEN, WK), "workspace_sid"),
    ],
)
def test_ready_made_channel_of_the_wrong_kind_is_value_error(build: Callable[[], object], parameter: str) -> None:
    _raises(InvalidParameterError, parameter, build)


@pytest.mark.parametrize("value", [None, 1, "yes"])
@pytest.mark.parametrize("switch", ["allow_web_sockets", "allow_update_self", "allow_update_reservations"])
def test_switch_that_is_not_a_bool_is_type_error(switch: str, value: object) -> None:
    _raises(InvalidParameterTypeError, switch, lambda: WorkerCapability(AC, TOKEN, WS, WK, **{switch: value}))


def test_worker_switches_are_not_on_other_kinds() -> None:
    with pytest.raises(TypeError, match="allow_update_activities"):
        TaskQueueCapability(AC, TOKEN, WS, WQ, allow_update_activities=True)  # type: ignore[call-arg]
