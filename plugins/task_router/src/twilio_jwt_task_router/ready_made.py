"""Ready-made TaskRouter tokens for people coming from twilio-python.

:class:`WorkerCapability`, :class:`TaskQueueCapability` and :class:`WorkspaceCapability`
start with the policies twilio-python's ``WorkerCapabilityToken``,
``TaskQueueCapabilityToken`` and ``WorkspaceCapabilityToken`` add, in the same order,
controlled by the same ``allow_*`` keyword switches with the same defaults. They are
:class:`~twilio_jwt_task_router.capability.TaskRouterCapability` objects, so more
policies can be added after. Where the wire contract differs from twilio-python it
wins here too: no ``nbf`` claim and ``friendly_name`` only when given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import attrs

from twilio_jwt.checks import check_sid, validator
from twilio_jwt_task_router.capability import TaskRouterCapability
from twilio_jwt_task_router.default_policies import (
    default_event_bridge_policies,
    worker_activity_update_policies,
    worker_reservation_policies,
)
from twilio_jwt_task_router.policy import Policy, check_flag
from twilio_jwt_task_router.urls import activities_url, reservations_url, tasks_url

__all__ = ["WorkerCapability", "TaskQueueCapability", "WorkspaceCapability"]

PolicyBuilder = Callable[[TaskRouterCapability], list[Policy]]


def _on_own_resource(method: str, suffix: str = "") -> PolicyBuilder:
    return lambda cap: [Policy(cap.resource_url + suffix, method)]


#: twilio-python's ``TaskRouterCapabilityToken`` switches, in the order it applies them
#: (it adds the subresource DELETE before the subresource POST).
COMMON_SWITCHES: Mapping[str, PolicyBuilder] = {
    "allow_web_sockets": lambda cap: default_event_bridge_policies(cap.account_sid, cap.channel_id),
    "allow_fetch_self": _on_own_resource("GET"),
    "allow_update_self": _on_own_resource("POST"),
    "allow_delete_self": _on_own_resource("DELETE"),
    "allow_fetch_subresources": _on_own_resource("GET", "/**"),
    "allow_delete_subresources": _on_own_resource("DELETE", "/**"),
    "allow_update_subresources": _on_own_resource("POST", "/**"),
}

#: ``WorkerCapabilityToken`` applies the common switches, then these.
WORKER_SWITCHES: Mapping[str, PolicyBuilder] = {
    **COMMON_SWITCHES,
    "allow_fetch_activities": lambda cap: [Policy(activities_url(cap.workspace_sid, version=cap.version))],
    "allow_fetch_reservations": lambda cap: [Policy(tasks_url(cap.workspace_sid, "**", version=cap.version))],
    "allow_fetch_worker_reservations": lambda cap: [
        Policy(reservations_url(cap.workspace_sid, cap.channel_id, "**", version=cap.version))
    ],
    "allow_update_activities": lambda cap: worker_activity_update_policies(
        cap.version, cap.workspace_sid, cap.channel_id
    ),
    "allow_update_reservations": lambda cap: worker_reservation_policies(
        cap.version, cap.workspace_sid, cap.channel_id, "POST"
    ),
}


def _own_workspace(capability: _ReadyMade) -> str:
    return capability.workspace_sid


@attrs.define(eq=False, on_setattr=attrs.setters.frozen)
class _ReadyMade(TaskRouterCapability):
    """Adds the policies of the switches that are on, in ``SWITCHES`` order, when built."""

    #: Switch name -> the policies it adds, in the order twilio-python applies them.
    SWITCHES: ClassVar[Mapping[str, PolicyBuilder]] = COMMON_SWITCHES

    # Switches are spelt out as attrs fields (not made by a helper) so type checkers see them.
    # They are checked together in __attrs_post_init__: one loop costs a fifth of twelve validators.
    allow_web_sockets: bool = attrs.field(default=True, kw_only=True)
    allow_fetch_self: bool = attrs.field(default=True, kw_only=True)
    allow_update_self: bool = attrs.field(default=False, kw_only=True)
    allow_delete_self: bool = attrs.field(default=False, kw_only=True)
    allow_fetch_subresources: bool = attrs.field(default=False, kw_only=True)
    allow_update_subresources: bool = attrs.field(default=False, kw_only=True)
    allow_delete_subresources: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        # The policies follow from the channel, the version and the switches alone, and
        # building them (URL checks, Policy objects) costs more than signing the token:
        # a server minting a token per worker login reuses them. Policies are frozen, and
        # sharing one between tokens is what ``add_policy`` with a common policy does too.
        switches = tuple(getattr(self, name) for name in self.SWITCHES)
        for name, value in zip(self.SWITCHES, switches, strict=True):
            if value is not True and value is not False:
                check_flag(name, value)  # raises: only True and False are switches
        key = (type(self), self.account_sid, self.workspace_sid, self.channel_id, self.version, *switches)
        policies = _READY_POLICIES.get(key)
        if policies is None:
            policies = tuple(p for name, build in self.SWITCHES.items() if getattr(self, name) for p in build(self))
            if len(_READY_POLICIES) >= 256:
                _READY_POLICIES.clear()
            _READY_POLICIES[key] = policies
        self._policies.extend(policies)


#: Ready-made policy lists by (class, account, workspace, channel, version, switches...).
_READY_POLICIES: dict[tuple[Any, ...], tuple[Policy, ...]] = {}


@attrs.define(eq=False, on_setattr=attrs.setters.frozen)
class WorkerCapability(_ReadyMade):
    """A worker's token with twilio-python's ``WorkerCapabilityToken`` defaults.

    ``WorkerCapability(account_sid, auth_token, workspace_sid, worker_sid, *, ttl=3600,
    friendly_name=None, version="v1", host=None, **switches)``. Switches on by default:
    ``allow_web_sockets``, ``allow_fetch_self``, ``allow_fetch_activities``,
    ``allow_fetch_reservations``, ``allow_fetch_worker_reservations``; off:
    ``allow_update_self``, ``allow_delete_self``, ``allow_fetch_subresources``,
    ``allow_update_subresources``, ``allow_delete_subresources``,
    ``allow_update_activities``, ``allow_update_reservations``.
    """

    SWITCHES: ClassVar[Mapping[str, PolicyBuilder]] = WORKER_SWITCHES

    channel_id: str = attrs.field(alias="worker_sid", validator=validator(check_sid, "WK"))
    allow_fetch_activities: bool = attrs.field(default=True, kw_only=True)
    allow_fetch_reservations: bool = attrs.field(default=True, kw_only=True)
    allow_fetch_worker_reservations: bool = attrs.field(default=True, kw_only=True)
    allow_update_activities: bool = attrs.field(default=False, kw_only=True)
    allow_update_reservations: bool = attrs.field(default=False, kw_only=True)

    @property
    def worker_sid(self) -> str:
        """The worker this token is for (its channel)."""
        return self.channel_id


@attrs.define(eq=False, on_setattr=attrs.setters.frozen)
class TaskQueueCapability(_ReadyMade):
    """A task queue's token with twilio-python's ``TaskQueueCapabilityToken`` defaults.

    ``TaskQueueCapability(account_sid, auth_token, workspace_sid, task_queue_sid, *,
    ttl=3600, friendly_name=None, version="v1", host=None, **switches)``: websockets
    and GET on the queue by default; the other common switches are off.
    """

    channel_id: str = attrs.field(alias="task_queue_sid", validator=validator(check_sid, "WQ"))

    @property
    def task_queue_sid(self) -> str:
        """The task queue this token is for (its channel)."""
        return self.channel_id


@attrs.define(eq=False, on_setattr=attrs.setters.frozen)
class WorkspaceCapability(_ReadyMade):
    """A workspace's token with twilio-python's ``WorkspaceCapabilityToken`` defaults.

    ``WorkspaceCapability(account_sid, auth_token, workspace_sid, *, ttl=3600,
    friendly_name=None, version="v1", host=None, **switches)``: the channel is the
    workspace itself; websockets and GET on the workspace by default.
    """

    channel_id: str = attrs.field(init=False, default=attrs.Factory(_own_workspace, takes_self=True))
