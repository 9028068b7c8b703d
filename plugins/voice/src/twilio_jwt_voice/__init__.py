"""twilio-jwt plugin: Programmable Voice (the access-token grant)."""

from __future__ import annotations

from twilio_jwt import Grant, hookimpl
from twilio_jwt_voice.grant import VoiceGrant

__all__ = ["VoiceGrant"]


@hookimpl
def twilio_jwt_grant_types() -> list[type[Grant]]:
    return [VoiceGrant]
