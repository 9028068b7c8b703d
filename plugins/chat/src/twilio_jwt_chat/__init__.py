"""twilio-jwt plugin: the Conversations/Chat grant."""

from __future__ import annotations

from typing import ClassVar

import attrs

from twilio_jwt import FieldGrant, Grant, hookimpl, optional_sid_field, optional_str_field

__all__ = ["ChatGrant"]


@attrs.frozen(repr=False, eq=False)
class ChatGrant(FieldGrant):
    """Lets the identity use a Conversations (Chat) service."""

    key: ClassVar[str] = "chat"

    service_sid: str | None = optional_sid_field()
    endpoint_id: str | None = optional_str_field()
    deployment_role_sid: str | None = optional_sid_field()
    push_credential_sid: str | None = optional_sid_field()


@hookimpl
def twilio_jwt_grant_types() -> list[type[Grant]]:
    return [ChatGrant]
