"""Ready lists of policies: what a TaskRouter JS client needs for common jobs (contract section 4).

These return new :class:`~twilio_jwt_task_router.policy.Policy` lists to pass to
``TaskRouterCapability.add_policy``; the capability's ``allow_worker_*`` methods and
the ready-made tokens are built from them.
"""

from __future__ import annotations

from twilio_jwt_task_router.policy import Policy
from twilio_jwt_task_router.urls import (
    activities_url,
    check_version,
    event_bridge_url,
    reservations_url,
    tasks_url,
    workers_url,
)

__all__ = [
    "default_event_bridge_policies",
    "default_worker_policies",
    "worker_activity_update_policies",
    "worker_reservation_policies",
]


def default_event_bridge_policies(account_sid: str, channel_id: str) -> list[Policy]:
    """GET then POST on the channel's event-bridge websocket: every TaskRouter JS client needs both."""
    url = event_bridge_url(account_sid, channel_id)
    return [Policy(url, "GET"), Policy(url, "POST")]


def default_worker_policies(version: str | None, workspace_sid: str, worker_sid: str) -> list[Policy]:
    """What a worker client reads: activities, every task, its reservations, and itself (all GET)."""
    version = check_version("version", version)
    return [
        Policy(activities_url(workspace_sid, version=version)),
        *worker_reservation_policies(version, workspace_sid, worker_sid, "GET"),
        Policy(workers_url(workspace_sid, worker_sid, version=version)),
    ]


def worker_reservation_policies(version: str, workspace_sid: str, worker_sid: str, method: str) -> list[Policy]:
    """``method`` on ``Tasks/**`` and on the worker's ``Reservations/**``: reading (GET) or answering (POST) them."""
    return [
        Policy(tasks_url(workspace_sid, "**", version=version), method),
        Policy(reservations_url(workspace_sid, worker_sid, "**", version=version), method),
    ]


def worker_activity_update_policies(version: str, workspace_sid: str, worker_sid: str) -> list[Policy]:
    """POST on the worker itself, only with an ``ActivitySid``: the worker may change its activity and nothing else."""
    url = workers_url(workspace_sid, worker_sid, version=version)
    return [Policy(url, "POST", post_filter={"ActivitySid": {"required": True}})]
