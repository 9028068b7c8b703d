"""twilio-jwt plugin: the Video grant."""

from __future__ import annotations

from typing import ClassVar

import attrs

from twilio_jwt import FieldGrant, Grant, hookimpl, optional_str_field

__all__ = ["VideoGrant"]


@attrs.frozen(repr=False, eq=False)
class VideoGrant(FieldGrant):
    """Lets the identity connect to Twilio Video (``room`` limits it to one room)."""

    key: ClassVar[str] = "video"

    room: str | None = optional_str_field()


@hookimpl
def twilio_jwt_grant_types() -> list[type[Grant]]:
    return [VideoGrant]
