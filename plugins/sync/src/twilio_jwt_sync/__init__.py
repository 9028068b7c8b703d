"""twilio-jwt plugin: the Sync grant (stored under the key ``data_sync``)."""

from __future__ import annotations

from typing import ClassVar

import attrs

from twilio_jwt import FieldGrant, Grant, hookimpl, optional_sid_field, optional_str_field

__all__ = ["SyncGrant"]


@attrs.frozen(repr=False, eq=False)
class SyncGrant(FieldGrant):
    """Lets the identity use a Sync service."""

    key: ClassVar[str] = "data_sync"

    service_sid: str | None = optional_sid_field()
    endpoint_id: str | None = optional_str_field()


@hookimpl
def twilio_jwt_grant_types() -> list[type[Grant]]:
    return [SyncGrant]
