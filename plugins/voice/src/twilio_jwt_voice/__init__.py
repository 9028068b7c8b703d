"""twilio-jwt plugin: Programmable Voice (the access-token grant and the client-capability scopes).

Every process that looks up any grant loads this plugin, most of them to mint an access
token: each hook imports the module of what it returns, and the package's names
import theirs on first use (PEP 562), so minting a voice token never imports the
scopes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twilio_jwt import hookimpl
from twilio_jwt._lazy import lazy_getattr

if TYPE_CHECKING:
    from twilio_jwt import Grant, Scope
    from twilio_jwt.cli.commands import Command
    from twilio_jwt_voice.grant import VoiceGrant
    from twilio_jwt_voice.scopes import EventStreamScope, IncomingClientScope, OutgoingClientScope

__all__ = ["EventStreamScope", "IncomingClientScope", "OutgoingClientScope", "VoiceGrant"]

_SCOPES = "twilio_jwt_voice.scopes"
__getattr__ = lazy_getattr(
    __name__,
    {
        "VoiceGrant": "twilio_jwt_voice.grant",
        "EventStreamScope": _SCOPES,
        "IncomingClientScope": _SCOPES,
        "OutgoingClientScope": _SCOPES,
    },
)


@hookimpl
def twilio_jwt_grant_types() -> list[type[Grant]]:
    from twilio_jwt_voice.grant import VoiceGrant

    return [VoiceGrant]


@hookimpl
def twilio_jwt_scope_types() -> list[type[Scope]]:
    from twilio_jwt_voice.scopes import EventStreamScope, IncomingClientScope, OutgoingClientScope

    return [IncomingClientScope, OutgoingClientScope, EventStreamScope]


@hookimpl
def twilio_jwt_cli_commands() -> list[Command]:
    from twilio_jwt_voice.cli import COMMAND

    return [COMMAND]
