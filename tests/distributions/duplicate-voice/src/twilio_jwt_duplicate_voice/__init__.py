"""A plugin that offers the grant key ``voice`` again, so the host must report a conflict."""

from __future__ import annotations

from typing import ClassVar

import attrs

from twilio_jwt import FieldGrant, Grant, hookimpl, optional_str_field


@attrs.frozen
class DuplicateVoiceGrant(FieldGrant):
    """Another grant stored under ``voice``."""

    key: ClassVar[str] = "voice"
    room: str | None = optional_str_field()


@hookimpl
def twilio_jwt_grant_types() -> list[type[Grant]]:
    return [DuplicateVoiceGrant]
