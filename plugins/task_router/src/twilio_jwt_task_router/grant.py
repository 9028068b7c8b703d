"""The TaskRouter grant of an access token."""

from __future__ import annotations

from typing import ClassVar

import attrs

from twilio_jwt import FieldGrant, optional_sid_field, optional_str_field

__all__ = ["TaskRouterGrant"]


@attrs.frozen(repr=False, eq=False)
class TaskRouterGrant(FieldGrant):
    """Lets the identity act in a TaskRouter workspace (as a worker, with a role)."""

    key: ClassVar[str] = "task_router"

    workspace_sid: str | None = optional_sid_field()
    worker_sid: str | None = optional_sid_field()
    role: str | None = optional_str_field()
