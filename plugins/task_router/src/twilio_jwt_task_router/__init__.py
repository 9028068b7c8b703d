"""twilio-jwt plugin: TaskRouter (the access-token grant and the TaskRouter capability token).

``TaskRouterCapability`` with ``Policy`` objects is the contract's token (section 4);
the URL helpers and ``default_*_policies`` build the usual policies, and
``WorkerCapability``, ``TaskQueueCapability`` and ``WorkspaceCapability`` start with
twilio-python's defaults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twilio_jwt import hookimpl
from twilio_jwt._lazy import lazy_getattr

if TYPE_CHECKING:
    from twilio_jwt import Grant
    from twilio_jwt.cli.commands import ClaimView, Command
    from twilio_jwt_task_router.capability import TaskRouterCapability
    from twilio_jwt_task_router.default_policies import default_event_bridge_policies, default_worker_policies
    from twilio_jwt_task_router.grant import TaskRouterGrant
    from twilio_jwt_task_router.policy import Policy
    from twilio_jwt_task_router.ready_made import TaskQueueCapability, WorkerCapability, WorkspaceCapability
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

# Every process that looks up any grant loads this plugin, most of them to mint an access
# token with another grant: each name imports its module on first use (PEP 562), and the
# grant hook imports only the grant. TaskRouterCapability registers itself as a token type
# that ``twilio-jwt decode`` recognises when it is imported, which the claim-views hook does.
_READY_MADE = "twilio_jwt_task_router.ready_made"
_POLICIES = "twilio_jwt_task_router.default_policies"
_URLS = "twilio_jwt_task_router.urls"
__getattr__ = lazy_getattr(
    __name__,
    {
        "Policy": "twilio_jwt_task_router.policy",
        "TaskRouterCapability": "twilio_jwt_task_router.capability",
        "TaskRouterGrant": "twilio_jwt_task_router.grant",
        "TaskQueueCapability": _READY_MADE,
        "WorkerCapability": _READY_MADE,
        "WorkspaceCapability": _READY_MADE,
        "default_event_bridge_policies": _POLICIES,
        "default_worker_policies": _POLICIES,
        **dict.fromkeys(
            (
                "activities_url",
                "build_workspace_url",
                "event_bridge_url",
                "reservations_url",
                "task_queues_url",
                "tasks_url",
                "workers_url",
                "workspaces_url",
            ),
            _URLS,
        ),
    },
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
    from twilio_jwt_task_router.grant import TaskRouterGrant

    return [TaskRouterGrant]


@hookimpl
def twilio_jwt_cli_commands() -> list[Command]:
    from twilio_jwt_task_router.cli import COMMAND

    return [COMMAND]


@hookimpl
def twilio_jwt_claim_views() -> list[ClaimView]:
    from twilio_jwt_task_router.cli import POLICIES_VIEW

    return [POLICIES_VIEW]
