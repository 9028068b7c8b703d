"""``TaskRouterCapabilityToken`` as ``twilio.jwt.taskrouter`` has it, with the task_router plugin's policies.

The policies are the plugin's :class:`~twilio_jwt_task_router.Policy` objects (which
check URL, method, filters and ``allow``), built from the plugin's URL helpers, in
twilio-python's order and with its switches and defaults. The token itself is this
layer's :class:`~twilio_jwt_compat.base.Jwt`, not the plugin's ``TaskRouterCapability``:
that one is a core ``CapabilityToken``, whose account SID rule follows Twilio's exact
form, while twilio-python (and so this layer) takes any SID starting with ``AC``. For
the same reason the event-bridge URL, the one URL holding the account SID, is written
here as twilio-python writes it. The claims are twilio-python's, in its order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from twilio_jwt.checks import check_sid
from twilio_jwt.errors import MissingPluginError
from twilio_jwt.secret import Secret, check_hmac_secret
from twilio_jwt_compat.base import GENERATE, Jwt

if TYPE_CHECKING:
    from types import ModuleType

    from twilio_jwt_task_router import Policy

__all__ = ["TaskRouterCapabilityToken"]

#: A channel is a worker, a task queue or a whole workspace.
CHANNEL_PREFIXES = ("WK", "WQ", "WS")

#: twilio-python's ``TaskRouterCapabilityToken`` switches and defaults, in the order it applies them
#: (it adds the subresource DELETE before the subresource POST).
COMMON_SWITCHES: Mapping[str, bool] = {
    "allow_web_sockets": True,
    "allow_fetch_self": True,
    "allow_update_self": False,
    "allow_delete_self": False,
    "allow_fetch_subresources": False,
    "allow_delete_subresources": False,
    "allow_update_subresources": False,
}


def task_router_plugin() -> ModuleType:
    """The ``twilio_jwt_task_router`` package, or a ``MissingPluginError`` saying what to install.

    It is imported when a token is built, never when this module is imported: importing
    the layer loads no plugin (the plugin host does that), and an install without the
    plugin gets this message rather than an ``ImportError``.
    """
    try:
        import twilio_jwt_task_router
    except ModuleNotFoundError as exc:
        if exc.name != "twilio_jwt_task_router":
            raise
        raise MissingPluginError(
            "twilio-python's TaskRouter tokens are built on the task_router plugin; install twilio-jwt-task-router"
        ) from None
    return twilio_jwt_task_router


def _account_sid(value: object) -> str:
    return check_sid("account_sid", value, "AC")


def _workspace_sid(value: object) -> str:
    return check_sid("workspace_sid", value, "WS")


@attrs.define(eq=False, init=False, kw_only=True)
class TaskRouterCapabilityToken(Jwt):
    """Base of the TaskRouter capability tokens (``twilio.jwt.taskrouter.TaskRouterCapabilityToken``).

    As in twilio-python, only its subclasses (``WorkerCapabilityToken``,
    ``TaskQueueCapabilityToken``, ``WorkspaceCapabilityToken``) can be built: each
    names its channel's SID prefix and its resource URL. Keyword switches
    ``allow_web_sockets`` and ``allow_fetch_self`` (on by default),
    ``allow_update_self``, ``allow_delete_self``, ``allow_fetch_subresources``,
    ``allow_update_subresources`` and ``allow_delete_subresources`` (off) add
    policies; an unknown keyword is a ``TypeError`` (twilio-python ignored misspelt
    switches) and a switch must be a bool. The SIDs are read-only after construction.
    """

    VERSION: ClassVar[str] = "v1"
    DOMAIN: ClassVar[str] = "https://taskrouter.twilio.com"
    EVENTS_BASE_URL: ClassVar[str] = "https://event-bridge.twilio.com/v1/wschannels"
    ALGORITHM: ClassVar[str] = "HS256"
    #: The keyword switches this token type takes, with their defaults, in the order they are applied.
    SWITCHES: ClassVar[Mapping[str, bool]] = COMMON_SWITCHES

    _account_sid: str = attrs.field(init=False, repr=False, converter=_account_sid)
    _workspace_sid: str = attrs.field(init=False, repr=False, converter=_workspace_sid)
    _channel_id: str = attrs.field(init=False, repr=False)
    _policies: list[Policy] = attrs.field(init=False, repr=False)

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
        """Check ``arguments`` (account SID, auth token, workspace SID, then the channel if it has its own) and
        ``switches``, then add the policies of the switches that are on, as twilio-python's constructors do.
        """
        prefix = self.channel_prefix  # the base class cannot be built: NotImplementedError, as in twilio-python
        task_router_plugin()  # the methods below import from it directly: a token exists only if it was found
        from twilio_jwt_task_router.policy import check_flag

        unknown = [name for name in switches if name not in self.SWITCHES]
        if unknown:
            raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument {unknown[0]!r}")
        on = {name: check_flag(name, switches.get(name, default)) for name, default in self.SWITCHES.items()}
        self._account_sid = arguments[0]
        secret = Secret(check_hmac_secret("auth_token", arguments[1]))
        self._workspace_sid = arguments[2]
        self._channel_id = check_sid(channel_parameter, arguments[-1], prefix)
        self.__attrs_init__(
            secret_key=secret,
            issuer=self._account_sid,
            algorithm=self.ALGORITHM,
            nbf=nbf,
            ttl=ttl,
            valid_until=valid_until,
        )
        self._policies = []
        for name, wanted in on.items():
            if wanted:
                getattr(self, name)()

    # -- what twilio-python exposes --------------------------------------------------------

    @property
    def account_sid(self) -> str:
        return self._account_sid

    @property
    def workspace_sid(self) -> str:
        return self._workspace_sid

    @property
    def channel_id(self) -> str:
        return self._channel_id

    @property
    def policies(self) -> list[dict[str, Any]]:
        """The policies so far, as the token writes them (a new list: add policies with the ``allow_*`` methods)."""
        return [policy.to_payload() for policy in self._policies]

    @property
    def workspace_url(self) -> str:
        from twilio_jwt_task_router import workspaces_url

        return workspaces_url(self.workspace_sid, version=self.VERSION)

    @property
    def resource_url(self) -> str:
        raise NotImplementedError("Subclass must set its specific resource_url.")

    @property
    def channel_prefix(self) -> str:
        raise NotImplementedError("Subclass must set its specific channel_id sid prefix.")

    # -- policies --------------------------------------------------------------------------

    def allow_fetch_self(self) -> None:
        self._make_policy(self.resource_url, "GET", True)

    def allow_update_self(self) -> None:
        self._make_policy(self.resource_url, "POST", True)

    def allow_delete_self(self) -> None:
        self._make_policy(self.resource_url, "DELETE", True)

    def allow_fetch_subresources(self) -> None:
        self._make_policy(self.resource_url + "/**", "GET", True)

    def allow_update_subresources(self) -> None:
        self._make_policy(self.resource_url + "/**", "POST", True)

    def allow_delete_subresources(self) -> None:
        self._make_policy(self.resource_url + "/**", "DELETE", True)

    def allow_web_sockets(self, channel_id: str | None = None) -> None:
        """GET and POST on the event bridge of ``channel_id`` (this token's channel by default)."""
        channel = check_sid("channel_id", channel_id or self.channel_id, *CHANNEL_PREFIXES)
        url = f"{self.EVENTS_BASE_URL}/{self.account_sid}/{channel}"
        self._make_policy(url, "GET", True)
        self._make_policy(url, "POST", True)

    def _add(self, policies: list[Policy]) -> None:
        self._policies.extend(policies)

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

        self._policies.append(Policy(url, method, query_filter, post_filter, allowed))

    def _generate_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "account_sid": self.account_sid,
            "workspace_sid": self.workspace_sid,
            "channel": self.channel_id,
            "version": self.VERSION,
            "friendly_name": self.channel_id,
            "policies": self.policies,
        }
        if self.channel_id.startswith("WK"):
            payload["worker_sid"] = self.channel_id
        elif self.channel_id.startswith("WQ"):
            payload["taskqueue_sid"] = self.channel_id
        return payload

    def __str__(self) -> str:
        return f"<{type(self).__name__} {self.to_jwt()}>"
