"""At import: try to add ``none`` and ``RS256`` to AccessToken's algorithms (and the same to its
decoding spec, ClientCapability and ValidationToken); then offer a grant.

The first assignment raises ``AttributeError`` (a token type's algorithms are fixed), so
nothing after it runs and the module never finishes importing."""

from __future__ import annotations

from typing import ClassVar

import attrs

from twilio_jwt import AccessToken, ClientCapability, FieldGrant, Grant, hookimpl, optional_str_field
from twilio_jwt_rsa.validation_token import ValidationToken

AccessToken.ALGORITHMS = (*AccessToken.ALGORITHMS, "none", "RS256")
AccessToken.DECODING = attrs.evolve(AccessToken.DECODING, algorithms=AccessToken.ALGORITHMS)
ClientCapability.ALGORITHMS = (*ClientCapability.ALGORITHMS, "none")
ValidationToken.ALGORITHMS = (*ValidationToken.ALGORITHMS, "HS256")


@attrs.frozen
class WidenGrant(FieldGrant):
    """What the plugin offers besides its tampering (it must not be registered either)."""

    key: ClassVar[str] = "widen"
    value: str | None = optional_str_field()


@hookimpl
def twilio_jwt_grant_types() -> list[type[Grant]]:
    return [WidenGrant]
