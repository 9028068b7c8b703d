"""``ClientCapabilityToken`` and ``ScopeURI`` as ``twilio.jwt.client`` has them.

twilio-python writes scope strings in its own form, which differs from the one
twilio-jwt's voice scopes write (contract section 3, twilio-node's form): parameters
sorted by name, encoded by ``urllib.parse.urlencode`` (``+`` for a space, ``/`` in the
event path as ``%2F``), the event stream's filters under ``params`` rather than
``appParams``. Both forms are in use, so the twilio-python form lives here, as its
own :class:`~twilio_jwt.scope.Scope` subclass, and the voice plugin keeps its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import urlencode

import attrs

from twilio_jwt.checks import check_name, check_required_str, check_sid, type_name
from twilio_jwt.errors import InvalidParameterTypeError
from twilio_jwt.scope import Scope
from twilio_jwt.secret import Secret, check_hmac_secret
from twilio_jwt_compat.base import GENERATE, Jwt

__all__ = ["ClientCapabilityToken", "ScopeURI"]

Param = str | int | float


def _param(key: object, value: object) -> Param:
    """A parameter of a scope string: str keys; str, int or float values (``urlencode`` writes ``str(value)``).

    twilio-python wrote anything with ``str()``, so ``None`` became ``"None"`` and
    ``True`` became ``"True"``; those are refused here.
    """
    if not isinstance(key, str):
        raise InvalidParameterTypeError("params", f"keys must be str, got {type_name(key)}")
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise InvalidParameterTypeError(
            f"params[{key[:40]!r}]", f"expected a str, int or float, got {type_name(value)}"
        )
    return value


def _params(value: Mapping[str, Param] | None) -> dict[str, Param]:
    if value is not None and not isinstance(value, Mapping):
        raise InvalidParameterTypeError("params", f"expected a mapping or None, got {type_name(value)}")
    return {key: _param(key, item) for key, item in (value or {}).items()}


def _encoded(values: Mapping[str, Any]) -> str:
    """twilio-python's ``urlencode(values, doseq=True)``: a list or tuple value gives one pair per item."""
    pairs = [
        (key, _param(key, item))
        for key, value in values.items()
        for item in (value if isinstance(value, (list, tuple)) else (value,))
    ]
    return urlencode(pairs)


def _service(value: object) -> str:
    return check_required_str("service", value)


def _privilege(value: object) -> str:
    return check_required_str("privilege", value)


@attrs.define(eq=False)
class ScopeURI(Scope):
    """One capability of a Twilio Client token, in twilio-python's scope-string form.

    ``ScopeURI(service, privilege, params=None)`` renders as
    ``scope:{service}:{privilege}?{params sorted by name, urlencoded}``.
    """

    service: str = attrs.field(converter=_service)
    privilege: str = attrs.field(converter=_privilege)
    params: dict[str, Param] = attrs.field(default=None, converter=_params)

    def add_param(self, key: str, value: Param) -> None:
        """Set one parameter (replacing any earlier value for ``key``)."""
        self.params[key] = _param(key, value)

    def to_payload(self) -> str:
        """The scope string (twilio-python's name for :meth:`to_scope_string`)."""
        query = f"?{urlencode(sorted(self.params.items()))}" if self.params else ""
        return f"scope:{self.service}:{self.privilege}{query}"

    def to_scope_string(self) -> str:
        return self.to_payload()

    def __str__(self) -> str:
        return f"<ScopeURI {self.to_payload()}>"


def _client_name(value: object) -> str | None:
    return None if value is None else check_name("client_name", value)


def _account_sid(value: object) -> str:
    return check_sid("account_sid", value, "AC")


@attrs.define(eq=False, init=False, kw_only=True)
class ClientCapabilityToken(Jwt):
    """A capability token for the Twilio Client SDKs (``twilio.jwt.client.ClientCapabilityToken``).

    ``ClientCapabilityToken(account_sid, auth_token, nbf=Jwt.GENERATE, ttl=3600,
    valid_until=None, *, allow_client_outgoing=None, allow_client_incoming=None,
    allow_event_stream=None)``; each ``allow_*`` keyword is a mapping of the keyword
    arguments of the method of the same name. The claims are ``scope``, ``iss``,
    ``exp`` and ``nbf``.

    >>> from twilio_jwt_compat import ClientCapabilityToken
    >>> token = ClientCapabilityToken("AC" + "0" * 32, "auth-token")
    >>> token.allow_client_incoming("alice")
    >>> jwt = token.to_jwt()
    """

    ALGORITHM: ClassVar[str] = "HS256"
    EVENTS_PATH: ClassVar[str] = "/2010-04-01/Events"

    account_sid: str = attrs.field(init=False, converter=_account_sid)
    client_name: str | None = attrs.field(init=False, converter=_client_name)
    capabilities: dict[str, Scope] = attrs.field(init=False)

    def __init__(
        self,
        account_sid: str,
        auth_token: str | bytes,
        nbf: int | float | object | None = GENERATE,
        ttl: int | None = 3600,
        valid_until: int | float | None = None,
        *,
        allow_client_outgoing: Mapping[str, Any] | None = None,
        allow_client_incoming: Mapping[str, Any] | None = None,
        allow_event_stream: Mapping[str, Any] | None = None,
    ) -> None:
        self.account_sid = account_sid
        self.__attrs_init__(
            secret_key=Secret(check_hmac_secret("auth_token", auth_token)),
            issuer=self.account_sid,
            algorithm=self.ALGORITHM,
            nbf=nbf,
            ttl=ttl,
            valid_until=valid_until,
        )
        self.client_name = None
        self.capabilities = {}
        if allow_client_outgoing is not None:
            self.allow_client_outgoing(**allow_client_outgoing)
        if allow_client_incoming is not None:
            self.allow_client_incoming(**allow_client_incoming)
        if allow_event_stream is not None:
            self.allow_event_stream(**allow_event_stream)

    def allow_client_outgoing(self, application_sid: str, **kwargs: Any) -> None:
        """Allow outgoing calls through the TwiML application; keyword arguments are passed to it as ``appParams``."""
        scope = ScopeURI("client", "outgoing", {"appSid": check_required_str("application_sid", application_sid)})
        if kwargs:
            scope.add_param("appParams", _encoded(kwargs))
        self.capabilities["outgoing"] = scope

    def allow_client_incoming(self, client_name: str) -> None:
        """Allow incoming calls to ``client_name`` (which also names the caller of outgoing calls)."""
        self.client_name = check_name("client_name", client_name)
        self.capabilities["incoming"] = ScopeURI("client", "incoming", {"clientName": self.client_name})

    def allow_event_stream(self, **kwargs: Any) -> None:
        """Allow subscribing to the account's event stream; keyword arguments filter it (as ``params``)."""
        scope = ScopeURI("stream", "subscribe", {"path": self.EVENTS_PATH})
        if kwargs:
            scope.add_param("params", _encoded(kwargs))
        self.capabilities["events"] = scope

    def _generate_payload(self) -> dict[str, Any]:
        outgoing = self.capabilities.get("outgoing")
        if isinstance(outgoing, ScopeURI) and self.client_name is not None:
            outgoing.add_param("clientName", self.client_name)
        return {"scope": " ".join(scope.to_scope_string() for scope in self.capabilities.values())}
