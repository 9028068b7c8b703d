"""The grants of ``twilio.jwt.access_token.grants``, each backed by its twilio-jwt plugin grant.

A grant here keeps twilio-python's constructor and its plain, settable attributes;
its payload is the payload of the plugin grant of the same name (found through the
plugin host, so core never imports a plugin), built from the attributes with
twilio-python's rules: a falsy value is left out, and voice ``params`` go out only
with an application SID and only when not empty. The plugin grant checks the values
when the grant is built and again whenever an attribute is set, so a wrong type
fails there instead of producing a token Twilio cannot read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

import attrs

from twilio_jwt.grant import Grant
from twilio_jwt.host import default_host
from twilio_jwt_compat.access_token import AccessTokenGrant

__all__ = ["ChatGrant", "PlaybackGrant", "SyncGrant", "TaskRouterGrant", "VideoGrant", "VoiceGrant"]

P = TypeVar("P", bound="PluginGrant")


def _recheck(grant: PluginGrant, attribute: attrs.Attribute[Any], value: Any) -> Any:
    """attrs ``on_setattr`` hook: the grant with the new value must still build."""
    arguments = {field.name: getattr(grant, field.name) for field in attrs.fields(type(grant))}
    arguments[attribute.name] = value
    type(grant)(**arguments)
    return value


@attrs.define(eq=False, on_setattr=_recheck)
class PluginGrant(AccessTokenGrant):
    """A twilio-python grant whose payload comes from the twilio-jwt plugin grant class ``PLUGIN_CLASS``."""

    PLUGIN_CLASS: ClassVar[str]

    def __attrs_post_init__(self) -> None:
        self.plugin_grant()

    def plugin_grant(self) -> Grant:
        """The equivalent twilio-jwt grant, from the installed plugin (``MissingPluginError`` names it if absent)."""
        return default_host().grant_named(self.PLUGIN_CLASS)(**self._plugin_arguments())

    def _plugin_arguments(self) -> dict[str, Any]:
        return {field.name: getattr(self, field.name) or None for field in attrs.fields(type(self))}

    def to_payload(self) -> dict[str, Any]:
        return self.plugin_grant().to_payload()

    @classmethod
    def from_payload(cls: type[P], payload: Mapping[str, Any]) -> P:
        """Rebuild the grant from a decoded payload (through the plugin grant's own ``from_payload``)."""
        rebuilt = default_host().grant_named(cls.PLUGIN_CLASS).from_payload(payload)
        return cls(**{field.name: getattr(rebuilt, field.name) for field in attrs.fields(cls)})


@attrs.define(eq=False, on_setattr=_recheck)
class ChatGrant(PluginGrant):
    """Grant to access Twilio Chat (Conversations)."""

    PLUGIN_CLASS: ClassVar[str] = "ChatGrant"
    key: ClassVar[str] = "chat"

    service_sid: str | None = None
    endpoint_id: str | None = None
    deployment_role_sid: str | None = None
    push_credential_sid: str | None = None


@attrs.define(eq=False, on_setattr=_recheck)
class SyncGrant(PluginGrant):
    """Grant to access Twilio Sync."""

    PLUGIN_CLASS: ClassVar[str] = "SyncGrant"
    key: ClassVar[str] = "data_sync"

    service_sid: str | None = None
    endpoint_id: str | None = None


@attrs.define(eq=False, on_setattr=_recheck)
class VoiceGrant(PluginGrant):
    """Grant to access Twilio Programmable Voice.

    As in twilio-python, ``incoming`` is written only for ``incoming_allow=True``, and
    ``outgoing_application_params`` only with an application SID and when not empty.
    ``incoming_allow`` must be a bool or ``None``: twilio-python silently ignored a
    truthy non-bool such as ``1``, so incoming calls the caller meant to allow were not.
    """

    PLUGIN_CLASS: ClassVar[str] = "VoiceGrant"
    key: ClassVar[str] = "voice"

    incoming_allow: bool | None = None
    outgoing_application_sid: str | None = None
    outgoing_application_params: Mapping[str, Any] | None = None
    push_credential_sid: str | None = None
    endpoint_id: str | None = None

    def _plugin_arguments(self) -> dict[str, Any]:
        arguments = super()._plugin_arguments()
        arguments["incoming_allow"] = self.incoming_allow
        if not arguments["outgoing_application_sid"]:
            arguments["outgoing_application_params"] = None
        return arguments


@attrs.define(eq=False, on_setattr=_recheck)
class VideoGrant(PluginGrant):
    """Grant to access Twilio Video."""

    PLUGIN_CLASS: ClassVar[str] = "VideoGrant"
    key: ClassVar[str] = "video"

    room: str | None = None


@attrs.define(eq=False, on_setattr=_recheck)
class TaskRouterGrant(PluginGrant):
    """Grant to access Twilio TaskRouter."""

    PLUGIN_CLASS: ClassVar[str] = "TaskRouterGrant"
    key: ClassVar[str] = "task_router"

    workspace_sid: str | None = None
    worker_sid: str | None = None
    role: str | None = None


@attrs.define(eq=False, on_setattr=_recheck)
class PlaybackGrant(PluginGrant):
    """Grant to access a Twilio Live stream, with the ``grant`` the Twilio API returned.

    ``PlaybackGrant()`` gives ``{}``: twilio-python writes ``null``, which no player accepts.
    """

    PLUGIN_CLASS: ClassVar[str] = "PlaybackGrant"
    key: ClassVar[str] = "player"

    grant: Mapping[str, Any] | None = None

    def _plugin_arguments(self) -> dict[str, Any]:
        return {"grant": self.grant}
