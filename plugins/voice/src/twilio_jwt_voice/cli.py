"""The Voice plugin's command line: ``twilio-jwt mint client-capability``, a legacy Twilio Client capability token.

Imported only when the ``twilio-jwt`` program asks for it (through the
``twilio_jwt_cli_commands`` hook). Scopes are added in command-line order.
``--param`` belongs to the nearest ``--outgoing`` before it and ``--filter`` to the
nearest ``--event-stream``, so one command can hold several outgoing scopes with
their own parameters.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from twilio_jwt import ClientCapability, Scope
from twilio_jwt.cli.commands import Command, UsageError, add_epilog, credential, options_for
from twilio_jwt_voice.scopes import EventStreamScope, IncomingClientScope, OutgoingClientScope

__all__ = ["COMMAND"]

HELP = "mint a (legacy) Twilio Client capability token with incoming, outgoing and event-stream scopes"

#: ClientCapability's and the scopes' parameters -> the option (and variable) the user typed.
OPTIONS = {
    "account_sid": "--account-sid/TWILIO_ACCOUNT_SID",
    "auth_token": "--auth-token/TWILIO_AUTH_TOKEN",
    "ttl": "--ttl",
    "client_name": "--incoming/--outgoing CLIENT_NAME",
    "application_sid": "--outgoing",
    "params": "--param",
    "filters": "--filter",
}

#: Scope option -> the scope class it adds.
_SCOPES: dict[str, type[Scope]] = {
    "incoming": IncomingClientScope,
    "outgoing": OutgoingClientScope,
    "event_stream": EventStreamScope,
}
#: Mapping option -> (the scope option it belongs to, the keyword it fills).
_MAPPINGS = {"param": ("outgoing", "params"), "filter": ("event_stream", "filters")}


class _InOrder(argparse.Action):
    """Record ``(option, value)`` in ``args.steps`` so scopes keep their command-line order."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        namespace.steps = [*(namespace.steps or ()), (self.dest, values)]


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--account-sid", help="Account SID (AC...); default $TWILIO_ACCOUNT_SID")
    parser.add_argument(
        "--auth-token", help="the account's auth token; default $TWILIO_AUTH_TOKEN (prefer the variable)"
    )
    parser.add_argument("--incoming", action=_InOrder, metavar="CLIENT_NAME", help="allow incoming calls to this name")
    parser.add_argument(
        "--outgoing",
        action=_InOrder,
        metavar="APSID[:CLIENT_NAME]",
        help="allow outgoing calls through this TwiML application, optionally as CLIENT_NAME",
    )
    parser.add_argument(
        "--param", action=_InOrder, metavar="NAME=VALUE", help="a parameter for the --outgoing before it"
    )
    parser.add_argument(
        "--event-stream", action=_InOrder, nargs=0, help="allow subscribing to the account's event stream"
    )
    parser.add_argument(
        "--filter", action=_InOrder, metavar="NAME=VALUE", help="a filter for the --event-stream before it"
    )
    parser.add_argument("--ttl", type=int, default=3600, help="lifetime in seconds (1..86400, default 3600)")
    parser.set_defaults(steps=None)
    add_epilog(
        parser,
        """
  export TWILIO_ACCOUNT_SID=AC00000000000000000000000000000000 TWILIO_AUTH_TOKEN=your_auth_token
  twilio-jwt mint client-capability --incoming alice
  twilio-jwt mint client-capability --incoming alice --outgoing AP00000000000000000000000000000000:alice \\
      --param to=+15550100 --ttl 600
  twilio-jwt mint client-capability --event-stream --filter type=calls
""",
    )


def split_pair(text: str, option: str) -> tuple[str, str]:
    """``NAME=VALUE`` with the value kept as written: scope parameters are strings on the wire."""
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise UsageError(f"{option} expects NAME=VALUE, got {text!r}")
    return name, value


def build_scopes(steps: Sequence[tuple[str, Any]]) -> list[Scope]:
    """The scopes the options ask for, in order, built from the installed scope classes."""
    specs: list[tuple[type[Scope], dict[str, Any]]] = []
    latest: dict[str, dict[str, Any]] = {}
    for option, value in steps:
        if option in _MAPPINGS:
            owner, keyword = _MAPPINGS[option]
            if owner not in latest:
                raise UsageError(f"--{option} must come after an --{owner.replace('_', '-')}")
            name, text = split_pair(value, f"--{option}")
            latest[owner].setdefault(keyword, {})[name] = text
            continue
        fields: dict[str, Any] = {}
        if option == "incoming":
            fields = {"client_name": value}
        elif option == "outgoing":
            sid, _, client_name = value.partition(":")
            fields = {"application_sid": sid, "client_name": client_name or None}
        specs.append((_SCOPES[option], fields))
        latest[option] = fields
    return [cls(**fields) for cls, fields in specs]


def _run(args: argparse.Namespace) -> int:
    with options_for(OPTIONS):
        scopes = build_scopes(args.steps or ())
    if not scopes:
        raise UsageError("add at least one scope: --incoming, --outgoing or --event-stream")
    with options_for(OPTIONS):
        capability = ClientCapability(
            credential(args.account_sid, "TWILIO_ACCOUNT_SID", "--account-sid"),
            credential(args.auth_token, "TWILIO_AUTH_TOKEN", "--auth-token"),
            ttl=args.ttl,
        )
    for scope in scopes:
        capability.add_scope(scope)
    print(capability.to_jwt())
    return 0


COMMAND = Command("client-capability", HELP, _add_arguments, _run)
