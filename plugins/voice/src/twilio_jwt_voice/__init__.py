"""twilio-jwt plugin: Programmable Voice (the access-token grant and the client-capability scopes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from twilio_jwt import Grant, Scope, hookimpl
from twilio_jwt_voice.grant import VoiceGrant
from twilio_jwt_voice.scopes import EventStreamScope, IncomingClientScope, OutgoingClientScope

if TYPE_CHECKING:
    from twilio_jwt.cli.commands import Command

__all__ = ["EventStreamScope", "IncomingClientScope", "OutgoingClientScope", "VoiceGrant"]


@hookimpl
def twilio_jwt_grant_types() -> list[type[Grant]]:
    return [VoiceGrant]


@hookimpl
def twilio_jwt_scope_types() -> list[type[Scope]]:
    return [IncomingClientScope, OutgoingClientScope, EventStreamScope]


@hookimpl
def twilio_jwt_cli_commands() -> list[Command]:
    from twilio_jwt_voice.cli import COMMAND

    return [COMMAND]
