"""The ready-made TaskRouter tokens against twilio-python's, switch by switch.

``WorkerCapability``, ``TaskQueueCapability`` and ``WorkspaceCapability`` promise the
``policies`` list that twilio-python's ``WorkerCapabilityToken``,
``TaskQueueCapabilityToken`` and ``WorkspaceCapabilityToken`` write for the same
``allow_*`` switches: same policies, same order. Both tokens are minted, verified
with PyJWT and their decoded ``policies`` claims compared exactly.

Normalisation: none. The contract's two deliberate departures in policies (methods
upper-cased, ``allow=False`` honoured) are departures from twilio-node; twilio-python
already upper-cases every method and its switches only ever add ``allow: true``
policies, so its lists and ours must be equal as they are. The claims outside
``policies`` differ on purpose (twilio-python adds ``nbf`` and always writes
``friendly_name``; the contract does neither) and are not compared here.
"""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from twilio.jwt.taskrouter.capabilities import (
    TaskQueueCapabilityToken,
    WorkerCapabilityToken,
    WorkspaceCapabilityToken,
)
from twilio_python_switches import COMMON_SWITCHES, WORKER_SWITCHES

from twilio_jwt_task_router import TaskQueueCapability, WorkerCapability, WorkspaceCapability

ACCOUNT_SID = "AC" + "5" * 32
AUTH_TOKEN = "compare-auth-token-0123456789abcd"
WORKSPACE_SID = "WS" + "6" * 32
CHANNELS = {"worker": "WK" + "7" * 32, "task_queue": "WQ" + "8" * 32, "workspace": WORKSPACE_SID}

SWITCHES = {"worker": WORKER_SWITCHES, "task_queue": COMMON_SWITCHES, "workspace": COMMON_SWITCHES}


def _cases() -> list[Any]:
    cases = []
    for kind, switches in SWITCHES.items():
        cases.append(pytest.param(kind, {}, id=f"{kind}-defaults"))
        cases.append(pytest.param(kind, dict.fromkeys(switches, True), id=f"{kind}-all-on"))
        cases.append(pytest.param(kind, dict.fromkeys(switches, False), id=f"{kind}-all-off"))
        for switch in switches:
            for value in (True, False):
                cases.append(pytest.param(kind, {switch: value}, id=f"{kind}-{switch}={value}"))
    return cases


def twilio_python_token(kind: str, switches: dict[str, bool]) -> str:
    channel = CHANNELS[kind]
    if kind == "worker":
        token: Any = WorkerCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID, channel, **switches)
    elif kind == "task_queue":
        token = TaskQueueCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID, channel, **switches)
    else:
        token = WorkspaceCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID, **switches)
    return str(token.to_jwt())


def our_token(kind: str, switches: dict[str, bool]) -> str:
    if kind == "worker":
        return WorkerCapability(ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID, CHANNELS[kind], **switches).to_jwt()
    if kind == "task_queue":
        return TaskQueueCapability(ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID, CHANNELS[kind], **switches).to_jwt()
    return WorkspaceCapability(ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID, **switches).to_jwt()


def policies(token: str) -> list[dict[str, Any]]:
    claims = jwt.decode(token, AUTH_TOKEN, algorithms=["HS256"])
    result: list[dict[str, Any]] = claims["policies"]
    return result


@pytest.mark.parametrize(("kind", "switches"), _cases())
def test_policies_equal_twilio_pythons(kind: str, switches: dict[str, bool]) -> None:
    theirs = policies(twilio_python_token(kind, switches))
    ours = policies(our_token(kind, switches))
    assert ours == theirs
    if switches.get("allow_web_sockets", True):
        assert theirs, "a case with web sockets on must compare a non-empty list"


@pytest.mark.parametrize(
    ("cls", "kind"),
    [(WorkerCapability, "worker"), (TaskQueueCapability, "task_queue"), (WorkspaceCapability, "workspace")],
)
def test_the_switches_are_twilio_pythons_in_its_order(cls: Any, kind: str) -> None:
    assert list(cls.SWITCHES) == _applied_order(SWITCHES[kind])


def _applied_order(switches: list[str]) -> list[str]:
    """The order twilio-python applies the switches in: subresource delete before update."""
    order = list(switches)
    update, delete = order.index("allow_update_subresources"), order.index("allow_delete_subresources")
    order[update], order[delete] = order[delete], order[update]
    return order
