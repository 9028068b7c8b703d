"""``TaskRouterCapabilityToken`` as ``twilio.jwt.taskrouter`` has it, on the task_router plugin.

Each token wraps one of the plugin's ready-made capabilities (``WorkerCapability``,
``TaskQueueCapability``, ``WorkspaceCapability``), which check the SIDs and the auth
token and add twilio-python's default policies in twilio-python's order; the claims
are that capability's, with ``friendly_name`` set to the channel as twilio-python
sets it, plus twilio-python's time claims. The plugin is imported when a token is
built, never when this module is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from twilio_jwt.checks import check_sid
from twilio_jwt.errors import MissingPluginError
from twilio_jwt.secret import Secret, check_hmac_secret
from twilio_jwt_compat.base import GENERATE, Jwt

if TYPE_CHECKING:
    from types import ModuleType

    from twilio_jwt_task_router import TaskRouterCapability

__all__ = ["TaskRouterCapabilityToken"]


def task_router_plugin() -> ModuleType:
    """The ``twilio_jwt_task_router`` package, or a ``MissingPluginError`` saying what to install."""
    try:
        import twilio_jwt_task_router
    except ModuleNotFoundError as exc:
        if exc.name != "twilio_jwt_task_router":
            raise
        raise MissingPluginError(
            "twilio-python's TaskRouter tokens are built on the task_router plugin; install twilio-jwt-task-router"
        ) from None
    return twilio_jwt_task_router


@attrs.define(eq=False, init=False, kw_only=True)
class TaskRouterCapabilityToken(Jwt):
    """Base of the TaskRouter capability tokens (``twilio.jwt.taskrouter.TaskRouterCapabilityToken``).

    As in twilio-python, only its subclasses (``WorkerCapabilityToken``,
    ``TaskQueueCapabilityToken``, ``WorkspaceCapabilityToken``) can be built: each
    names its channel's SID prefix and its plugin capability class (so a subclass of
    your own for another kind of channel is not supported). Keyword switches
    ``allow_web_sockets`` and ``allow_fetch_self`` (on by default),
    ``allow_update_self``, ``allow_delete_self``, ``allow_fetch_subresources``,
    ``allow_update_subresources`` and ``allow_delete_subresources`` (off) add
    policies; an unknown keyword is a ``TypeError`` (twilio-python ignored misspelt
    switches). The SIDs are read-only after construction.
    """

    VERSION: ClassVar[str] = "v1"
    DOMAIN: ClassVar[str] = "https://taskrouter.twilio.com"
    EVENTS_BASE_URL: ClassVar[str] = "https://event-bridge.twilio.com/v1/wschannels"
    ALGORITHM: ClassVar[str] = "HS256"
    #: The task_router plugin's ready-made capability class a subclass wraps.
    CAPABILITY_CLASS: ClassVar[str | None] = None

    _capability: TaskRouterCapability = attrs.field(init=False, repr=False)

    def __init__(
        self,
        account_sid: str,
        auth_token: str | bytes,
        workspace_sid: str,
        channel_id: str,
        *,
        nbf: int | float | object | None = GENERATE,
        ttl: int | None = 3600,
        valid_until: int | float | None = None,
        **switches: bool,
    ) -> None:
        arguments = (account_sid, auth_token, workspace_sid, channel_id)
        self._start(arguments, "channel_id", nbf=nbf, ttl=ttl, valid_until=valid_until, switches=switches)

    def _start(
        self,
        arguments: tuple[Any, ...],
        channel_parameter: str,
        *,
        nbf: int | float | object | None,
        ttl: int | None,
        valid_until: int | float | None,
        switches: dict[str, bool],
    ) -> None:
        """Build the plugin capability from ``arguments`` (its positional parameters, channel last) and switches.

        The plugin is imported here, where a missing one can be named; the methods
        below import what they use from it directly, since a token exists only if it was found.
        """
        if self.CAPABILITY_CLASS is None:  # as in twilio-python, the base class cannot be built
            raise NotImplementedError("Subclass must set its specific channel_id sid prefix.")
        channel_id = check_sid(channel_parameter, arguments[-1], self.channel_prefix)
        capability_class = getattr(task_router_plugin(), self.CAPABILITY_CLASS)
        capability = capability_class(*arguments, friendly_name=channel_id, **switches)
        self.__attrs_init__(
            secret_key=Secret(check_hmac_secret("auth_token", arguments[1])),
            issuer=capability.account_sid,
            algorithm=self.ALGORITHM,
            nbf=nbf,
            ttl=ttl,
            valid_until=valid_until,
        )
        self._capability = capability

    # -- what twilio-python exposes --------------------------------------------------------

    @property
    def account_sid(self) -> str:
        return self._capability.account_sid

    @property
    def workspace_sid(self) -> str:
        return self._capability.workspace_sid

    @property
    def channel_id(self) -> str:
        return self._capability.channel_id

    @property
    def policies(self) -> list[dict[str, Any]]:
        """The policies so far, as the token writes them (a new list: add policies with the ``allow_*`` methods)."""
        return [policy.to_payload() for policy in self._capability.policies]

    @property
    def workspace_url(self) -> str:
        from twilio_jwt_task_router import workspaces_url

        return workspaces_url(self.workspace_sid, version=self.VERSION)

    @property
    def resource_url(self) -> str:
        return self._capability.resource_url

    @property
    def channel_prefix(self) -> str:
        raise NotImplementedError("Subclass must set its specific channel_id sid prefix.")

    # -- policies --------------------------------------------------------------------------

    def _switch(self, name: str) -> None:
        """Add the policies of one of the plugin's ``allow_*`` switches (the same ones the constructor applies)."""
        from twilio_jwt_task_router.ready_made import WORKER_SWITCHES

        for policy in WORKER_SWITCHES[name](self._capability):
            self._capability.add_policy(policy)

    def allow_fetch_self(self) -> None:
        self._switch("allow_fetch_self")

    def allow_update_self(self) -> None:
        self._switch("allow_update_self")

    def allow_delete_self(self) -> None:
        self._switch("allow_delete_self")

    def allow_fetch_subresources(self) -> None:
        self._switch("allow_fetch_subresources")

    def allow_update_subresources(self) -> None:
        self._switch("allow_update_subresources")

    def allow_delete_subresources(self) -> None:
        self._switch("allow_delete_subresources")

    def allow_web_sockets(self, channel_id: str | None = None) -> None:
        """GET and POST on the event bridge of ``channel_id`` (this token's channel by default)."""
        from twilio_jwt_task_router import default_event_bridge_policies

        for policy in default_event_bridge_policies(self.account_sid, channel_id or self.channel_id):
            self._capability.add_policy(policy)

    def _make_policy(
        self,
        url: str,
        method: str,
        allowed: bool,
        query_filter: dict[str, Any] | None = None,
        post_filter: dict[str, Any] | None = None,
    ) -> None:
        """Append one policy (twilio-python's hook for subclasses that add their own)."""
        from twilio_jwt_task_router import Policy

        self._capability.add_policy(Policy(url, method, query_filter, post_filter, allowed))

    def _generate_payload(self) -> dict[str, Any]:
        # The plugin capability's own claims (its CapabilityToken._claims hook): channel, SIDs, version, policies.
        return self._capability.claims()

    def __str__(self) -> str:
        return f"<{type(self).__name__} {self.to_jwt()}>"
