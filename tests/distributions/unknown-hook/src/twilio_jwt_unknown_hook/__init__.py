"""A plugin implementing ``twilio_jwt_grant_type`` (no ``s``): a hook that does not exist."""

from __future__ import annotations

from twilio_jwt import Grant, hookimpl


@hookimpl
def twilio_jwt_grant_type() -> list[type[Grant]]:
    return []
