"""The worker, task queue and workspace tokens of ``twilio.jwt.taskrouter.capabilities``."""

from __future__ import annotations

from typing import ClassVar

import attrs

from twilio_jwt_compat.base import GENERATE
from twilio_jwt_compat.taskrouter import TaskRouterCapabilityToken

__all__ = ["TaskQueueCapabilityToken", "WorkerCapabilityToken", "WorkspaceCapabilityToken"]


@attrs.define(eq=False, init=False, kw_only=True)
class WorkerCapabilityToken(TaskRouterCapabilityToken):
    """A TaskRouter worker's token (channel ``WK...``).

    Besides the common switches: ``allow_fetch_activities``, ``allow_fetch_reservations``
    and ``allow_fetch_worker_reservations`` (on by default), ``allow_update_activities``
    and ``allow_update_reservations`` (off).
    """

    CAPABILITY_CLASS: ClassVar[str] = "WorkerCapability"

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

    def allow_fetch_activities(self) -> None:
        self._switch("allow_fetch_activities")

    def allow_fetch_reservations(self) -> None:
        self._switch("allow_fetch_reservations")

    def allow_fetch_worker_reservations(self) -> None:
        self._switch("allow_fetch_worker_reservations")

    def allow_update_activities(self) -> None:
        self._switch("allow_update_activities")

    def allow_update_reservations(self) -> None:
        self._switch("allow_update_reservations")


@attrs.define(eq=False, init=False, kw_only=True)
class TaskQueueCapabilityToken(TaskRouterCapabilityToken):
    """A TaskRouter task queue's token (channel ``WQ...``)."""

    CAPABILITY_CLASS: ClassVar[str] = "TaskQueueCapability"

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


@attrs.define(eq=False, init=False, kw_only=True)
class WorkspaceCapabilityToken(TaskRouterCapabilityToken):
    """A TaskRouter workspace's token (the channel is the workspace itself)."""

    CAPABILITY_CLASS: ClassVar[str] = "WorkspaceCapability"

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
