"""The grant of a decoded token whose plugin is not installed (imported on first use, by decoding)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from twilio_jwt.checks import check_json, check_mapping, validator
from twilio_jwt.grant import ValueGrant, check_grant_key

__all__ = ["RawGrant"]


@attrs.frozen(repr=False, eq=False)
class RawGrant(ValueGrant):
    """A grant whose plugin is not installed, kept as the payload that was decoded.

    It re-encodes to exactly the same JSON, so decoding and re-minting a token never
    loses a grant just because this process lacks its plugin.
    """

    grant_key: str = attrs.field(validator=validator(check_grant_key))
    payload: Any = attrs.field(validator=validator(check_json))

    key: ClassVar[str] = "raw"
    __module__ = "twilio_jwt.grant"  # where it is documented and found (pickle, repr of the class)

    def to_payload(self) -> Any:
        return self.payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> RawGrant:
        check_mapping("payload", payload)
        return cls("raw", payload)
