"""The client-capability scopes: incoming calls, outgoing calls and the event stream.

Each scope checks its input when it is built (so a bad value is an error naming the
parameter there, not a surprise at ``to_jwt()``), renders its scope string once, and
keeps :class:`twilio_jwt.Scope`'s contract for decoding: a ``PREFIX`` naming its kind and
a ``from_scope_string`` that rebuilds it from its scope string.
Two scopes are equal when their fields and scope strings are equal; parameter order
is part of the scope string, so it counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import attrs

from twilio_jwt import Scope
from twilio_jwt.checks import check_name, check_optional_sid, check_required_str, validator
from twilio_jwt.errors import InvalidParameterError
from twilio_jwt_voice.scope_query import check_params, esc, pairs, parse_pairs, parse_query

__all__ = ["IncomingClientScope", "OutgoingClientScope", "EventStreamScope"]


def check_optional_name(parameter: str, value: object) -> str | None:
    """An optional name: ``None`` or ``""`` mean absent, otherwise :func:`check_name`'s rule."""
    return None if value is None or value == "" else check_name(parameter, value)


def _app_params(parameter: str, params: Mapping[str, str] | None) -> str:
    return f"&appParams={esc(parameter, pairs(parameter, params))}" if params else ""


# Each scope renders its string once, when it is built (after its validators), into a
# private ``_string`` field: a bad character is then an error naming the parameter at
# construction, and minting only joins ready strings. Converters change the value (an int
# name to its decimal str, params to read-only str values); their parameter types are public.

#: What a scope's params or filters may hold: values are written with ``str()``.
Params = Mapping[str, str | int | float]


def _client_name(value: str | int) -> str:
    return check_name("client_name", value)


def _optional_client_name(value: str | int | None) -> str | None:
    return check_optional_name("client_name", value)


def check_application_sid(parameter: str, value: object) -> None:
    """A required SID without white space or control characters."""
    check_optional_sid(parameter, check_required_str(parameter, value))


def _params(value: Params | None) -> Mapping[str, str] | None:
    return check_params("params", value)


def _filters(value: Params | None) -> Mapping[str, str] | None:
    return check_params("filters", value)


class _RenderedScope(Scope):
    """A scope whose string was rendered into ``_string`` when it was built (each subclass declares the field)."""

    __slots__ = ()

    _string: str

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_string", self._render())

    def _render(self) -> str:
        raise NotImplementedError

    def to_scope_string(self) -> str:
        return self._string


def _incoming(self: IncomingClientScope) -> str:
    return f"{self.PREFIX}?clientName={esc('client_name', self.client_name)}"


@attrs.frozen
class IncomingClientScope(_RenderedScope):
    """Lets the client receive calls addressed to ``client_name``.

    ``client_name`` is required: a non-empty str, or an int (written in decimal).
    """

    PREFIX: ClassVar[str] = "scope:client:incoming"

    client_name: str = attrs.field(converter=_client_name)
    _string: str = attrs.field(init=False, repr=False, default="")
    _render = _incoming

    @classmethod
    def from_scope_string(cls, scope_string: str) -> IncomingClientScope:
        """Rebuild the scope from ``scope:client:incoming?clientName=...``."""
        values = parse_query(scope_string, cls.PREFIX, ("clientName",))
        if "clientName" not in values:
            raise InvalidParameterError("scope_string", f"{cls.PREFIX} needs clientName")
        return cls(values["clientName"])


def _outgoing(self: OutgoingClientScope) -> str:
    text = f"{self.PREFIX}?appSid={esc('application_sid', self.application_sid)}"
    if self.client_name:
        text += f"&clientName={esc('client_name', self.client_name)}"
    return text + _app_params("params", self.params)


@attrs.frozen
class OutgoingClientScope(_RenderedScope):
    """Lets the client place calls through the TwiML application ``application_sid``.

    ``client_name`` (optional, same rule as :class:`IncomingClientScope`) names the
    caller; ``params`` (str keys; str, int or float values) are passed to the
    application and kept in their order, values as the strings that are written.
    """

    PREFIX: ClassVar[str] = "scope:client:outgoing"

    application_sid: str = attrs.field(validator=validator(check_application_sid))
    client_name: str | None = attrs.field(default=None, converter=_optional_client_name)
    params: Mapping[str, str] | None = attrs.field(default=None, converter=_params, hash=False)
    _string: str = attrs.field(init=False, repr=False, default="")
    _render = _outgoing

    @classmethod
    def from_scope_string(cls, scope_string: str) -> OutgoingClientScope:
        """Rebuild the scope from ``scope:client:outgoing?appSid=...[&clientName=...][&appParams=...]``."""
        values = parse_query(scope_string, cls.PREFIX, ("appSid", "clientName", "appParams"))
        if "appSid" not in values:
            raise InvalidParameterError("scope_string", f"{cls.PREFIX} needs appSid")
        params = values.get("appParams")
        return cls(
            values["appSid"], client_name=values.get("clientName"), params=parse_pairs(params) if params else None
        )


def _event_stream(self: EventStreamScope) -> str:
    return f"{self.PREFIX}?path={self.PATH}{_app_params('filters', self.filters)}"


@attrs.frozen
class EventStreamScope(_RenderedScope):
    """Lets the client subscribe to the account's event stream, optionally narrowed by ``filters``.

    ``filters`` follow the same rules as :class:`OutgoingClientScope`'s ``params``.
    """

    PREFIX: ClassVar[str] = "scope:stream:subscribe"
    PATH: ClassVar[str] = "/2010-04-01/Events"

    filters: Mapping[str, str] | None = attrs.field(default=None, converter=_filters, hash=False)
    _string: str = attrs.field(init=False, repr=False, default="")
    _render = _event_stream

    @classmethod
    def from_scope_string(cls, scope_string: str) -> EventStreamScope:
        """Rebuild the scope from ``scope:stream:subscribe?path=/2010-04-01/Events[&appParams=...]``.

        twilio-python's ``params`` name for the filters is read too.
        """
        values = parse_query(scope_string, cls.PREFIX, ("path", "appParams", "params"))
        if values.get("path") != cls.PATH or ("appParams" in values and "params" in values):
            raise InvalidParameterError("scope_string", f"{cls.PREFIX} needs path={cls.PATH} and one filter list")
        filters = values.get("appParams", values.get("params"))
        return cls(filters=parse_pairs(filters) if filters else None)
