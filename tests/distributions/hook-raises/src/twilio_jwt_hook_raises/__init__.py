"""A plugin whose hook raises, as one does when the service it asks for its grants is down."""

from __future__ import annotations

from twilio_jwt import Grant, hookimpl


@hookimpl
def twilio_jwt_grant_types() -> list[type[Grant]]:
    raise RuntimeError("the grant catalogue is unreachable")
