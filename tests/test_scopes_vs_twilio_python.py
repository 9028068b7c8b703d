"""The voice scopes read the scope strings twilio-python writes.

twilio-python's ``ClientCapabilityToken`` writes another form than the contract's
(parameters sorted, ``+`` for a space, the event path escaped, event filters under
``params``). ``from_scope_string`` promises to read it too, so tokens minted by
twilio-python can be decoded; this checks that promise against the installed package.
"""

from __future__ import annotations

import jwt
from hypothesis import given
from hypothesis import strategies as st
from twilio.jwt.client import ClientCapabilityToken

from twilio_jwt_voice import EventStreamScope, IncomingClientScope, OutgoingClientScope

ACCOUNT_SID = "AC" + "f" * 32
AUTH_TOKEN = "scopes-auth-token-0123456789abcdef"
APP_SID = "AP" + "0" * 32


def twilio_python_scopes(token: ClientCapabilityToken) -> list[str]:
    scope: str = jwt.decode(token.to_jwt(), AUTH_TOKEN, algorithms=["HS256"])["scope"]
    return scope.split(" ")


# twilio-python takes the params as keyword arguments beside its own ``application_sid``.
params = st.dictionaries(st.text().filter(lambda key: key != "application_sid"), st.text(), max_size=5)


@given(st.text(min_size=1), params, st.dictionaries(st.text(), st.text(), max_size=5))
def test_twilio_python_scope_strings_rebuild_the_same_scopes(
    client_name: str, params: dict[str, str], filters: dict[str, str]
) -> None:
    token = ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN)
    token.allow_client_outgoing(APP_SID, **params)
    token.allow_client_incoming(client_name)
    token.allow_event_stream(**filters)
    outgoing, incoming, events = twilio_python_scopes(token)
    rebuilt = OutgoingClientScope.from_scope_string(outgoing)
    assert rebuilt == OutgoingClientScope(APP_SID, client_name=client_name, params=params)
    assert list((rebuilt.params or {}).items()) == list(params.items())
    assert IncomingClientScope.from_scope_string(incoming) == IncomingClientScope(client_name)
    assert EventStreamScope.from_scope_string(events) == EventStreamScope(filters=filters)
