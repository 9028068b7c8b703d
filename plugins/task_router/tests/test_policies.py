"""Policy, the URL helpers and the default policy lists (contract section 4), with core and this plugin only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from twilio_jwt import InvalidParameterError, InvalidParameterTypeError
from twilio_jwt_task_router import (
    Policy,
    activities_url,
    build_workspace_url,
    default_event_bridge_policies,
    default_worker_policies,
    event_bridge_url,
    reservations_url,
    task_queues_url,
    tasks_url,
    workers_url,
    workspaces_url,
)

AC = "AC" + "1" * 32
WS = "WS" + "2" * 32
WK = "WK" + "3" * 32
WQ = "WQ" + "4" * 32
BASE = "https://taskrouter.twilio.com/v1"
BRIDGE = f"https://event-bridge.twilio.com/v1/wschannels/{AC}"


def _raises(error: type[Exception], parameter: str, build: Callable[[], object]) -> None:
    with pytest.raises(error) as info:
        build()
    assert str(info.value).startswith(f"{parameter}: "), str(info.value)


# -- URL helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (workspaces_url(), f"{BASE}/Workspaces"),
        (workspaces_url(WS), f"{BASE}/Workspaces/{WS}"),
        (task_queues_url(WS), f"{BASE}/Workspaces/{WS}/TaskQueues"),
        (task_queues_url(WS, WQ), f"{BASE}/Workspaces/{WS}/TaskQueues/{WQ}"),
        (tasks_url(WS), f"{BASE}/Workspaces/{WS}/Tasks"),
        (tasks_url(WS, "**"), f"{BASE}/Workspaces/{WS}/Tasks/**"),
        (activities_url(WS), f"{BASE}/Workspaces/{WS}/Activities"),
        (activities_url(WS, "WA1"), f"{BASE}/Workspaces/{WS}/Activities/WA1"),
        (workers_url(WS), f"{BASE}/Workspaces/{WS}/Workers"),
        (workers_url(WS, WK), f"{BASE}/Workspaces/{WS}/Workers/{WK}"),
        (workers_url(WS, ""), f"{BASE}/Workspaces/{WS}/Workers"),
        (reservations_url(WS, WK), f"{BASE}/Workspaces/{WS}/Workers/{WK}/Reservations"),
        (reservations_url(WS, WK, "**"), f"{BASE}/Workspaces/{WS}/Workers/{WK}/Reservations/**"),
        (tasks_url(WS, "WT1", version="v2"), f"https://taskrouter.twilio.com/v2/Workspaces/{WS}/Tasks/WT1"),
        (build_workspace_url(AC, WS, WK), f"{BASE}/Workspaces/{WS}/Workers/{WK}"),
        (build_workspace_url(AC, WS, WQ), f"{BASE}/Workspaces/{WS}/TaskQueues/{WQ}"),
        (build_workspace_url(AC, WS, WS), f"{BASE}/Workspaces/{WS}"),
        (build_workspace_url(AC, WS, WK, "v2"), f"https://taskrouter.twilio.com/v2/Workspaces/{WS}/Workers/{WK}"),
        (build_workspace_url(AC, WS, WK, None), f"{BASE}/Workspaces/{WS}/Workers/{WK}"),  # type: ignore[arg-type]
        (event_bridge_url(AC, WK), f"{BRIDGE}/{WK}"),
    ],
)
def test_url(url: str, expected: str) -> None:
    assert url == expected


@pytest.mark.parametrize("helper", [task_queues_url, tasks_url, activities_url, workers_url])
@pytest.mark.parametrize("value", [None, ""])
def test_url_helper_workspace_sid_none_or_empty_is_value_error(helper: Callable[..., str], value: object) -> None:
    _raises(InvalidParameterError, "workspace_sid", lambda: helper(value))


@pytest.mark.parametrize("value", [None, ""])
def test_reservations_url_worker_sid_none_or_empty_is_value_error(value: object) -> None:
    _raises(InvalidParameterError, "worker_sid", lambda: reservations_url(WS, value))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("parameter", "build"),
    [
        ("workspace_sid", lambda value: workspaces_url(value)),
        ("task_queue_sid", lambda value: task_queues_url(WS, value)),
        ("task_sid", lambda value: tasks_url(WS, value)),
        ("activity_sid", lambda value: activities_url(WS, value)),
        ("worker_sid", lambda value: workers_url(WS, value)),
        ("reservation_sid", lambda value: reservations_url(WS, WK, value)),
        ("version", lambda value: tasks_url(WS, version=value)),
    ],
)
def test_url_helper_sid_that_is_not_one_path_segment_is_value_error_and_non_str_type_error(
    parameter: str, build: Callable[[object], str]
) -> None:
    for value in ("WT1/../..", "a?b", "a#b", "a b"):
        _raises(InvalidParameterError, parameter, lambda value=value: build(value))  # type: ignore[misc]
    _raises(InvalidParameterTypeError, parameter, lambda: build(123))


@pytest.mark.parametrize(("parameter", "args"), [("account_sid", ("SK1", WS, WK)), ("channel_id", (AC, WS, "WA1"))])
def test_build_workspace_url_wrong_prefix_is_value_error(parameter: str, args: tuple[str, str, str]) -> None:
    _raises(InvalidParameterError, parameter, lambda: build_workspace_url(*args))
    _raises(InvalidParameterError, parameter, lambda: default_event_bridge_policies(*args[0::2]))


# -- default policy lists ----------------------------------------------------------------------


def _payloads(policies: list[Policy]) -> list[tuple[str, str]]:
    assert all(p.allow and p.query_filter == {} and p.post_filter == {} for p in policies)
    return [(p.method, p.url) for p in policies]


def test_default_event_bridge_policies_are_get_then_post() -> None:
    assert _payloads(default_event_bridge_policies(AC, WQ)) == [("GET", f"{BRIDGE}/{WQ}"), ("POST", f"{BRIDGE}/{WQ}")]


@pytest.mark.parametrize(("version", "shown"), [("v1", "v1"), (None, "v1"), ("v2", "v2")])
def test_default_worker_policies(version: str | None, shown: str) -> None:
    ws = f"https://taskrouter.twilio.com/{shown}/Workspaces/{WS}"
    assert _payloads(default_worker_policies(version, WS, WK)) == [
        ("GET", f"{ws}/Activities"),
        ("GET", f"{ws}/Tasks/**"),
        ("GET", f"{ws}/Workers/{WK}/Reservations/**"),
        ("GET", f"{ws}/Workers/{WK}"),
    ]


# -- Policy --------------------------------------------------------------------------------------


def test_policy_defaults_serialise_every_key() -> None:
    assert Policy("https://x/y").to_payload() == {
        "url": "https://x/y",
        "method": "GET",
        "query_filter": {},
        "post_filter": {},
        "allow": True,
    }


def test_policy_upper_cases_the_method_and_honours_allow_false() -> None:
    policy = Policy("https://x/y", "post", query_filter={"a": {"required": True}}, post_filter={"b": 1}, allow=False)
    assert policy.to_payload() == {
        "url": "https://x/y",
        "method": "POST",
        "query_filter": {"a": {"required": True}},
        "post_filter": {"b": 1},
        "allow": False,
    }


def test_policy_copies_its_filters_and_round_trips_through_its_payload() -> None:
    given: dict[str, Any] = {"ActivitySid": {"required": True}}
    policy = Policy("https://x/y", "POST", post_filter=given)
    given["Other"] = 1
    policy.to_payload()["post_filter"]["Mutated"] = 2
    assert policy.post_filter == {"ActivitySid": {"required": True}}
    assert Policy.from_payload(policy.to_payload()) == policy
    assert hash(policy) == hash(Policy.from_payload(policy.to_payload()))


@pytest.mark.parametrize("value", [None, ""])
def test_policy_url_none_or_empty_is_value_error(value: object) -> None:
    _raises(InvalidParameterError, "url", lambda: Policy(value))  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [1, b"https://x", ["https://x"]])
def test_policy_url_not_a_str_is_type_error(value: object) -> None:
    _raises(InvalidParameterTypeError, "url", lambda: Policy(value))  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, 1, b"GET", True])
def test_policy_method_not_a_str_is_type_error_none_included(value: object) -> None:
    _raises(InvalidParameterTypeError, "method", lambda: Policy("https://x", method=value))  # type: ignore[arg-type]


def test_policy_method_empty_is_value_error() -> None:
    _raises(InvalidParameterError, "method", lambda: Policy("https://x", method=""))


@pytest.mark.parametrize("parameter", ["query_filter", "post_filter"])
@pytest.mark.parametrize("value", ["a=1", ["ActivitySid"], 1])
def test_policy_filter_not_a_mapping_is_type_error(parameter: str, value: object) -> None:
    _raises(InvalidParameterTypeError, parameter, lambda: Policy("https://x", **{parameter: value}))


@pytest.mark.parametrize("parameter", ["query_filter", "post_filter"])
def test_policy_filter_not_json_serialisable_is_type_error(parameter: str) -> None:
    _raises(InvalidParameterTypeError, parameter, lambda: Policy("https://x", **{parameter: {"a": object()}}))


@pytest.mark.parametrize("value", [None, 1, "true", 0])
def test_policy_allow_not_a_bool_is_type_error(value: object) -> None:
    _raises(InvalidParameterTypeError, "allow", lambda: Policy("https://x", allow=value))  # type: ignore[arg-type]


@pytest.mark.parametrize("payload", [{"url": "https://x", "extra": 1}, ["https://x"], None])
def test_policy_from_payload_refuses_other_shapes(payload: object) -> None:
    with pytest.raises((InvalidParameterError, InvalidParameterTypeError)) as info:
        Policy.from_payload(payload)  # type: ignore[arg-type]
    assert str(info.value).startswith("policy: ")
