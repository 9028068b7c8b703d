"""The worker, task queue and workspace tokens of ``twilio.jwt.taskrouter.capabilities``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import attrs

from twilio_jwt_compat.base import GENERATE
from twilio_jwt_compat.taskrouter import COMMON_SWITCHES, TaskRouterCapabilityToken

# The task_router plugin is imported in the methods, when a token exists (see task_router_plugin()).

__all__ = ["TaskQueueCapabilityToken", "WorkerCapabilityToken", "WorkspaceCapabilityToken"]


@attrs.define(eq=False, init=False, kw_only=True)
class WorkerCapabilityToken(TaskRouterCapabilityToken):
    """A TaskRouter worker's token (channel ``WK...``).

    Besides the common switches: ``allow_fetch_activities``, ``allow_fetch_reservations``
    and ``allow_fetch_worker_reservations`` (on by default), ``allow_update_activities``
    and ``allow_update_reservations`` (off).
    """

    #: The common switches, then the worker's own, in twilio-python's order.
    SWITCHES: ClassVar[Mapping[str, bool]] = {
        **COMMON_SWITCHES,
        "allow_fetch_activities": True,
        "allow_fetch_reservations": True,
        "allow_fetch_worker_reservations": True,
        "allow_update_activities": False,
        "allow_update_reservations": False,
    }

    def __init__(
        self,
        account_sid: str,
        auth_token: str | bytes,
        workspace_sid: str,
        worker_sid: str,
        ttl: int | None = 3600,
        *,
        nbf: int | float | object | None = GENERATE,
        valid_until: int | float | None = None,
        **switches: bool,
    ) -> None:
        arguments = (account_sid, auth_token, workspace_sid, worker_sid)
        self._start(arguments, "worker_sid", nbf=nbf, ttl=ttl, valid_until=valid_until, switches=switches)

    @property
    def channel_prefix(self) -> str:
        return "WK"

    @property
    def resource_url(self) -> str:
        from twilio_jwt_task_router import workers_url

        return workers_url(self.workspace_sid, self.channel_id, version=self.VERSION)

    def allow_fetch_activities(self) -> None:
        from twilio_jwt_task_router import activities_url

        self._make_policy(activities_url(self.workspace_sid, version=self.VERSION), "GET", True)

    def allow_fetch_reservations(self) -> None:
        from twilio_jwt_task_router import tasks_url

        self._make_policy(tasks_url(self.workspace_sid, "**", version=self.VERSION), "GET", True)

    def allow_fetch_worker_reservations(self) -> None:
        self._make_policy(self.resource_url + "/Reservations/**", "GET", True)

    def allow_update_activities(self) -> None:
        """POST on the worker itself, only with an ``ActivitySid``."""
        from twilio_jwt_task_router.default_policies import worker_activity_update_policies

        self._add(worker_activity_update_policies(self.VERSION, self.workspace_sid, self.channel_id))

    def allow_update_reservations(self) -> None:
        """POST on ``Tasks/**`` and on the worker's ``Reservations/**``."""
        from twilio_jwt_task_router.default_policies import worker_reservation_policies

        self._add(worker_reservation_policies(self.VERSION, self.workspace_sid, self.channel_id, "POST"))


@attrs.define(eq=False, init=False, kw_only=True)
class TaskQueueCapabilityToken(TaskRouterCapabilityToken):
    """A TaskRouter task queue's token (channel ``WQ...``)."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str | bytes,
        workspace_sid: str,
        task_queue_sid: str,
        ttl: int | None = 3600,
        *,
        nbf: int | float | object | None = GENERATE,
        valid_until: int | float | None = None,
        **switches: bool,
    ) -> None:
        arguments = (account_sid, auth_token, workspace_sid, task_queue_sid)
        self._start(arguments, "task_queue_sid", nbf=nbf, ttl=ttl, valid_until=valid_until, switches=switches)

    @property
    def channel_prefix(self) -> str:
        return "WQ"

    @property
    def resource_url(self) -> str:
        from twilio_jwt_task_router import task_queues_url

        return task_queues_url(self.workspace_sid, self.channel_id, version=self.VERSION)


@attrs.define(eq=False, init=False, kw_only=True)
class WorkspaceCapabilityToken(TaskRouterCapabilityToken):
    """A TaskRouter workspace's token (the channel is the workspace itself)."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str | bytes,
        workspace_sid: str,
        ttl: int | None = 3600,
        *,
        nbf: int | float | object | None = GENERATE,
        valid_until: int | float | None = None,
        **switches: bool,
    ) -> None:
        arguments = (account_sid, auth_token, workspace_sid)
        self._start(arguments, "workspace_sid", nbf=nbf, ttl=ttl, valid_until=valid_until, switches=switches)

    @property
    def channel_prefix(self) -> str:
        return "WS"

    @property
    def resource_url(self) -> str:
        from twilio_jwt_task_router import workspaces_url

        return workspaces_url(self.workspace_sid, version=self.VERSION)
