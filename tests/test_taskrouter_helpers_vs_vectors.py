"""The TaskRouter helpers and ready-made tokens against the shared conformance vectors.

Several ``taskrouter_capability`` vectors give, as explicit policies, exactly what a
helper returns or what twilio-python's ``allow_*`` switches produce; their ``desc``
says which. The replay in ``conformance/test_vectors.py`` checks the token built from
those explicit lists; this file checks that our helpers and ready-made tokens build
the same lists.
"""

from __future__ import annotations

import json
import pathlib
import re
from typing import Any

import pytest

from twilio_jwt_task_router import (
    Policy,
    TaskQueueCapability,
    WorkerCapability,
    WorkspaceCapability,
    build_workspace_url,
    default_event_bridge_policies,
    default_worker_policies,
)

VECTORS = [
    json.loads(line)
    for line in (pathlib.Path(__file__).parent / "conformance" / "vectors.jsonl").read_text("utf-8").splitlines()
    if '"taskrouter_capability"' in line
]
READY_MADE = {"WK": WorkerCapability, "WQ": TaskQueueCapability, "WS": WorkspaceCapability}
SWITCHES = re.compile(
    r"twilio-python's (?:default allow_\* switches|switches, (all) allow_\* = False|switches with (\w+)=True)$"
)


def _vectors(pattern: str) -> list[Any]:
    found = [pytest.param(v, id=v["id"]) for v in VECTORS if re.search(pattern, v["desc"])]
    assert found, f"no vector matches {pattern!r}"
    return found


def expected(vector: dict[str, Any]) -> list[dict[str, Any]]:
    return [Policy(**spec).to_payload() for spec in vector["input"]["policies"]]


def ready_made(vector: dict[str, Any], switches: dict[str, bool]) -> list[dict[str, Any]]:
    inp = vector["input"]
    cls = READY_MADE[inp["channel_id"][:2]]
    args = [inp["account_sid"], inp["auth_token"], inp["workspace_sid"]]
    if cls is not WorkspaceCapability:
        args.append(inp["channel_id"])
    return [policy.to_payload() for policy in cls(*args, **switches).policies]


@pytest.mark.parametrize("vector", _vectors(SWITCHES.pattern))
def test_ready_made_tokens_build_the_vectors_lists(vector: dict[str, Any]) -> None:
    match = SWITCHES.search(vector["desc"])
    assert match is not None
    cls = READY_MADE[vector["input"]["channel_id"][:2]]
    all_off, switch = match.groups()
    if switch is not None and switch not in cls.SWITCHES:
        # twilio-python ignores a switch its token type does not have; ours refuses it.
        with pytest.raises(TypeError, match=switch):
            ready_made(vector, {switch: True})
        assert ready_made(vector, {}) == expected(vector)
        return
    switches = dict.fromkeys(cls.SWITCHES, False) if all_off else {switch: True} if switch else {}
    assert ready_made(vector, switches) == expected(vector)


@pytest.mark.parametrize("vector", _vectors(r"default_worker_policies\(\) \+ default_event_bridge_policies\(\)"))
def test_default_worker_and_event_bridge_policies_build_the_vectors_lists(vector: dict[str, Any]) -> None:
    inp = vector["input"]
    policies = default_worker_policies(inp.get("version"), inp["workspace_sid"], inp["channel_id"])
    policies += default_event_bridge_policies(inp["account_sid"], inp["channel_id"])
    assert [policy.to_payload() for policy in policies] == expected(vector)


@pytest.mark.parametrize("vector", _vectors(r"GET on its own resource URL \+ default_event_bridge_policies\(\)"))
def test_own_resource_and_event_bridge_policies_build_the_vectors_lists(vector: dict[str, Any]) -> None:
    inp = vector["input"]
    own = build_workspace_url(inp["account_sid"], inp["workspace_sid"], inp["channel_id"])
    policies = [Policy(own), *default_event_bridge_policies(inp["account_sid"], inp["channel_id"])]
    assert [policy.to_payload() for policy in policies] == expected(vector)
