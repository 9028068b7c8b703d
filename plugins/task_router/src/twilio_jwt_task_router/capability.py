"""TaskRouterCapability: the token a TaskRouter JS client (worker, task queue or workspace) uses.

Wire format: contract section 4. It is a :class:`~twilio_jwt.capability.CapabilityToken`
(HS256 with the auth token, ``iss``/``iat``/``exp``) carrying the channel and the list
of :class:`~twilio_jwt_task_router.policy.Policy` objects, in the order they were added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import attrs

from twilio_jwt.capability import CapabilityToken
from twilio_jwt.checks import check_optional_str, check_sid, type_name, validator
from twilio_jwt.decoding import Decodable, DecodedJWT, TokenSpec
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError
from twilio_jwt.rebuild import rebuilding, typed_claim
from twilio_jwt.secret import Secret
from twilio_jwt_task_router.default_policies import worker_activity_update_policies, worker_reservation_policies
from twilio_jwt_task_router.policy import Policy
from twilio_jwt_task_router.urls import CHANNEL_PREFIXES, DEFAULT_VERSION, build_workspace_url, check_version

if TYPE_CHECKING:
    from twilio_jwt.host import PluginHost

__all__ = ["TaskRouterCapability"]

T = TypeVar("T", bound="TaskRouterCapability")


def _version(value: str | None) -> str:
    return check_version("version", value)  # None or "" give the default


@attrs.define(eq=False, on_setattr=attrs.setters.frozen)
class TaskRouterCapability(CapabilityToken, Decodable[str | bytes, "TaskRouterCapability"]):
    """A capability token for one TaskRouter channel: a worker (``WK``), task queue (``WQ``) or workspace (``WS``).

    ``TaskRouterCapability(account_sid, auth_token, workspace_sid, channel_id, *,
    friendly_name=None, ttl=3600, version="v1", host=None)``. It starts with no
    policies: add them with :meth:`add_policy` (see ``default_worker_policies()`` and
    ``default_event_bridge_policies()``), or start from ``WorkerCapability``,
    ``TaskQueueCapability`` or ``WorkspaceCapability``, which add twilio-python's defaults.

    >>> from twilio_jwt_task_router import TaskRouterCapability, default_event_bridge_policies
    >>> capability = TaskRouterCapability("AC" + "0" * 32, "auth-token", "WS" + "0" * 32, "WK" + "0" * 32)
    >>> for policy in default_event_bridge_policies(capability.account_sid, capability.channel_id):
    ...     capability.add_policy(policy)
    >>> jwt = capability.allow_worker_activity_updates().to_jwt()
    """

    workspace_sid: str = attrs.field(validator=validator(check_sid, "WS"))
    channel_id: str = attrs.field(validator=validator(check_sid, *CHANNEL_PREFIXES))
    friendly_name: str | None = attrs.field(default=None, kw_only=True, validator=validator(check_optional_str))
    version: str = attrs.field(default=DEFAULT_VERSION, kw_only=True, converter=_version)
    _policies: list[Policy] = attrs.field(factory=list, init=False, repr=False)

    DECODING: ClassVar[TokenSpec] = TokenSpec(
        "TaskRouterCapability",
        CapabilityToken.ALGORITHMS,
        None,
        marker="policies",
        sids=(("iss", "AC"), ("account_sid", "AC"), ("workspace_sid", "WS")),
    )

    @classmethod
    def _rebuild(cls, decoded: DecodedJWT, key: Secret[Any], host: PluginHost | None) -> TaskRouterCapability:
        """Verify ``token`` with the auth token ``key`` and rebuild the capability it carries.

        Only HS256 is accepted; ``exp`` is checked allowing ``leeway`` seconds of clock
        skew. The result is a plain :class:`TaskRouterCapability` holding exactly the
        token's policies (also when called on a ready-made subclass, whose defaults would
        add policies twice), and mints a token with the same claims.
        """
        claims, base = decoded.claims, cls._base_arguments(decoded.claims, key, host)
        policies = typed_claim(claims, "policies", list)
        channel: Any = claims.get("channel")  # checked by the constructor, which names the claim
        rebuilt_from = {
            **cls.REBUILT_FROM,
            "channel_id": "channel",
            "friendly_name": "friendly_name",
            "version": "version",
        }
        with rebuilding("TaskRouterCapability", rebuilt_from):
            capability = TaskRouterCapability(
                workspace_sid=claims["workspace_sid"],
                channel_id=channel,
                friendly_name=claims.get("friendly_name"),
                version=claims.get("version"),
                **base,
            )
        for index, payload in enumerate(policies):
            with rebuilding("TaskRouterCapability", f"policies[{index}]"):
                capability.add_policy(Policy.from_payload(payload))
        return capability

    @property
    def policies(self) -> tuple[Policy, ...]:
        """The policies added so far, in order."""
        return tuple(self._policies)

    @property
    def resource_url(self) -> str:
        """The channel's own resource URL (its worker, task queue or workspace)."""
        return build_workspace_url(self.account_sid, self.workspace_sid, self.channel_id, self.version)

    def add_policy(self, policy: Policy) -> None:
        """Append a policy; the token lists policies in the order they were added."""
        if not isinstance(policy, Policy):
            raise InvalidParameterTypeError(
                "policy", f"expected a twilio_jwt_task_router Policy, got {type_name(policy)}"
            )
        self._policies.append(policy)

    def allow_worker_activity_updates(self: T) -> T:
        """Let the worker change its activity (POST on itself with a required ``ActivitySid``)."""
        worker = self._worker("allow_worker_activity_updates")
        self._policies.extend(worker_activity_update_policies(self.version, self.workspace_sid, worker))
        return self

    def allow_worker_fetch_reservations(self: T) -> T:
        """Let the worker read tasks and its reservations (GET on ``Tasks/**`` and ``Reservations/**``)."""
        worker = self._worker("allow_worker_fetch_reservations")
        self._policies.extend(worker_reservation_policies(self.version, self.workspace_sid, worker, "GET"))
        return self

    def allow_worker_reservations_update(self: T) -> T:
        """Let the worker accept or reject reservations (POST on ``Tasks/**`` and ``Reservations/**``)."""
        worker = self._worker("allow_worker_reservations_update")
        self._policies.extend(worker_reservation_policies(self.version, self.workspace_sid, worker, "POST"))
        return self

    def _worker(self, method: str) -> str:
        if not self.channel_id.startswith("WK"):
            raise InvalidParameterError(
                "channel_id", f"{method}() needs a worker channel (a worker SID starting with 'WK')"
            )
        return self.channel_id

    def _encoded_claims(self) -> dict[str, str]:
        # Each policy keeps its JSON text (policies are frozen): a worker's six default
        # policies cost more to serialise than the rest of the token to sign.
        return {"policies": f"[{','.join(policy.encoded for policy in self._policies)}]"}

    def _claims(self) -> dict[str, Any]:
        claims: dict[str, Any] = {"version": self.version}
        if self.friendly_name:
            claims["friendly_name"] = self.friendly_name
        claims["account_sid"] = self.account_sid
        claims["channel"] = self.channel_id
        claims["workspace_sid"] = self.workspace_sid
        if self.channel_id.startswith("WK"):
            claims["worker_sid"] = self.channel_id
        elif self.channel_id.startswith("WQ"):
            claims["taskqueue_sid"] = self.channel_id
        return claims
