"""A plugin whose hook returns a dict of grant classes where a list is expected."""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from twilio_jwt import FieldGrant, hookimpl, optional_str_field


@attrs.frozen
class WrongTypeGrant(FieldGrant):
    """A good grant, handed over the wrong way."""

    key: ClassVar[str] = "wrong_type"
    value: str | None = optional_str_field()


@hookimpl
def twilio_jwt_grant_types() -> Any:
    return {"wrong_type": WrongTypeGrant}
