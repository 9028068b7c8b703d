"""The Voice grant of an access token."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from twilio_jwt import optional_sid_field, optional_str_field
from twilio_jwt.checks import check_bool, check_json, check_mapping, type_name, validator
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError
from twilio_jwt.grant import NO_EXTRA_FIELDS, ValueGrant, keep_extra_fields

__all__ = ["VoiceGrant"]


def _decoded_allow(value: object) -> bool | None:
    """``incoming.allow`` as decoded: ``true`` is the only value Twilio's SDKs act on."""
    if value is not None and not isinstance(value, bool):
        raise InvalidParameterTypeError("incoming.allow", f"expected true or false, got {type_name(value)}")
    return True if value else None


def _params(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    mapping = check_mapping("outgoing_application_params", value)
    return None if mapping is None else check_json("outgoing_application_params", dict(mapping))


@attrs.frozen(repr=False, eq=False)
class VoiceGrant(ValueGrant):
    """Lets the identity receive calls (``incoming_allow``) and place them through a TwiML app.

    ``outgoing_application_params`` without ``outgoing_application_sid`` is refused:
    Twilio's helpers drop such params silently, which hides a bug in the caller.
    """

    key: ClassVar[str] = "voice"

    incoming_allow: bool | None = attrs.field(default=None, validator=validator(check_bool))
    outgoing_application_sid: str | None = optional_sid_field()
    outgoing_application_params: dict[str, Any] | None = attrs.field(default=None, converter=_params)
    push_credential_sid: str | None = optional_sid_field()
    endpoint_id: str | None = optional_str_field()
    #: What a decoded payload held that this class does not declare (top level, or under
    #: ``incoming``/``outgoing``), nested as in the payload and written back by :meth:`to_payload`.
    extra_fields: Mapping[str, Any] = attrs.field(init=False, default=NO_EXTRA_FIELDS, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.outgoing_application_params is not None and not self.outgoing_application_sid:
            raise InvalidParameterError(
                "outgoing_application_params", "needs outgoing_application_sid (the params go to that application)"
            )

    def to_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {}
        if self.incoming_allow is True:
            payload["incoming"] = {"allow": True}
        if self.outgoing_application_sid:
            outgoing: dict[str, Any] = {"application_sid": self.outgoing_application_sid}
            if self.outgoing_application_params is not None:
                outgoing["params"] = self.outgoing_application_params
            payload["outgoing"] = outgoing
        if self.push_credential_sid:
            payload["push_credential_sid"] = self.push_credential_sid
        if self.endpoint_id:
            payload["endpoint_id"] = self.endpoint_id
        for name, value in self.extra_fields.items():  # nested extras go into their object
            payload[name] = {**payload[name], **value} if name in _NESTED and name in payload else value
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> VoiceGrant:
        incoming, outgoing = payload.get("incoming"), payload.get("outgoing")
        if incoming.__class__ is not dict:  # decoded JSON objects are dicts: anything else is checked
            incoming = check_mapping("incoming", incoming) or {}
        if outgoing.__class__ is not dict:
            outgoing = check_mapping("outgoing", outgoing) or {}
        allow = incoming.get("allow")
        # Positional, in the fields' order (incoming_allow, outgoing_application_sid, outgoing_application_params,
        # push_credential_sid, endpoint_id): keywords cost a decode a tenth of this method.
        grant = cls(
            allow if allow is True or allow is None else _decoded_allow(allow),
            outgoing.get("application_sid"),
            outgoing.get("params"),
            payload.get("push_credential_sid"),
            payload.get("endpoint_id"),
        )
        if _TOP_LEVEL.issuperset(payload) and _IN_INCOMING.issuperset(incoming) and _IN_OUTGOING.issuperset(outgoing):
            return grant  # the usual payload: every field declared, nothing extra to keep
        # Twilio adds fields over time: what this class does not declare is kept and re-encoded.
        extra = {name: value for name, value in payload.items() if name not in _NESTED and name not in _DECLARED}
        for name, known in _NESTED.items():
            source = incoming if name == "incoming" else outgoing
            if any(key not in known for key in source):  # ``"allow": false`` is not written back: kept beside them
                extra[name] = {key: value for key, value in source.items() if key not in known or value is False}
        return keep_extra_fields(grant, extra)


#: The payload's objects and the fields of each that VoiceGrant declares.
_NESTED: dict[str, tuple[str, ...]] = {"incoming": ("allow",), "outgoing": ("application_sid", "params")}
_DECLARED = ("push_credential_sid", "endpoint_id")
_TOP_LEVEL = frozenset((*_NESTED, *_DECLARED))
_IN_INCOMING = frozenset(_NESTED["incoming"])
_IN_OUTGOING = frozenset(_NESTED["outgoing"])
