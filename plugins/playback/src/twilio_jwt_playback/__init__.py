"""twilio-jwt plugin: the Live playback grant (stored under the key ``player``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from twilio_jwt import Grant, hookimpl
from twilio_jwt.checks import check_json, check_mapping
from twilio_jwt.grant import ValueGrant

__all__ = ["PlaybackGrant"]


def _grant(value: Mapping[str, Any] | None) -> dict[str, Any]:
    mapping = check_mapping("grant", value)
    return check_json("grant", {} if mapping is None else dict(mapping))


@attrs.frozen(repr=False, eq=False)
class PlaybackGrant(ValueGrant):
    """Carries a Twilio Live playback grant, emitted verbatim (``None`` gives ``{}``)."""

    key: ClassVar[str] = "player"

    grant: dict[str, Any] = attrs.field(default=None, converter=_grant)

    def to_payload(self) -> dict[str, Any]:
        return self.grant

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> PlaybackGrant:
        return cls(grant=payload)


@hookimpl
def twilio_jwt_grant_types() -> list[type[Grant]]:
    return [PlaybackGrant]
