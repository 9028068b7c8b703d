"""twilio-jwt plugin: TaskRouter (the access-token grant and the TaskRouter capability token).

``TaskRouterCapability`` with ``Policy`` objects is the contract's token (section 4);
the URL helpers and ``default_*_policies`` build the usual policies, and
``WorkerCapability``, ``TaskQueueCapability`` and ``WorkspaceCapability`` start with
twilio-python's defaults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twilio_jwt import Grant, hookimpl
from twilio_jwt.lazy import lazy_getattr
from twilio_jwt_task_router.capability import TaskRouterCapability
from twilio_jwt_task_router.grant import TaskRouterGrant
from twilio_jwt_task_router.policies import default_event_bridge_policies, default_worker_policies
from twilio_jwt_task_router.policy import Policy
from twilio_jwt_task_router.urls import (
    activities_url,
    build_workspace_url,
    event_bridge_url,
    reservations_url,
    task_queues_url,
    tasks_url,
    workers_url,
    workspaces_url,
)

if TYPE_CHECKING:
    from twilio_jwt.cli.commands import ClaimView, Command
    from twilio_jwt_task_router.ready_made import TaskQueueCapability, WorkerCapability, WorkspaceCapability

# Every process minting any token loads this plugin; the ready-made tokens (a third of
# its import time) are imported on first use. TaskRouterCapability itself is imported
# here: defining it registers it as a token type that decoding recognises.
_READY_MADE = "twilio_jwt_task_router.ready_made"
__getattr__ = lazy_getattr(
    __name__,
    {"TaskQueueCapability": _READY_MADE, "WorkerCapability": _READY_MADE, "WorkspaceCapability": _READY_MADE},
)

__all__ = [
    "Policy",
    "TaskQueueCapability",
    "TaskRouterCapability",
    "TaskRouterGrant",
    "WorkerCapability",
    "WorkspaceCapability",
    "activities_url",
    "build_workspace_url",
    "default_event_bridge_policies",
    "default_worker_policies",
    "event_bridge_url",
    "reservations_url",
    "task_queues_url",
    "tasks_url",
    "workers_url",
    "workspaces_url",
]


@hookimpl
def twilio_jwt_grant_types() -> list[type[Grant]]:
    return [TaskRouterGrant]


@hookimpl
def twilio_jwt_cli_commands() -> list[Command]:
    from twilio_jwt_task_router.cli import COMMAND

    return [COMMAND]


@hookimpl
def twilio_jwt_claim_views() -> list[ClaimView]:
    from twilio_jwt_task_router.cli import POLICIES_VIEW

    return [POLICIES_VIEW]
