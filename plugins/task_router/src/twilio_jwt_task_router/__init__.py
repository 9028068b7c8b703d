"""twilio-jwt plugin: TaskRouter (the access-token grant)."""

from __future__ import annotations

from twilio_jwt import Grant, hookimpl
from twilio_jwt_task_router.grant import TaskRouterGrant

__all__ = ["TaskRouterGrant"]


@hookimpl
def twilio_jwt_grant_types() -> list[type[Grant]]:
    return [TaskRouterGrant]
