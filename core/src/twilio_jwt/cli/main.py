"""Entry point of the ``twilio-jwt`` command.

Core's commands (``plugins``, ``decode``, ``mint access-token``) live in their own
modules; every other ``twilio-jwt mint`` command comes from a plugin through the
``twilio_jwt_cli_commands`` hook (see :mod:`twilio_jwt.cli.commands`), so core never
imports a plugin. A first-party command whose plugin is missing, disabled or broken
is still listed, and running it says why it cannot run and what to install.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

import twilio_jwt
from twilio_jwt.cli.commands import CORE_MINT, FIRST_PARTY, Command
from twilio_jwt.cli.common import Parser, UsageError, add_epilog, fail
from twilio_jwt.cli.contributed import collect, why_missing
from twilio_jwt.errors import (
    InvalidParameterError,
    InvalidParameterTypeError,
    MissingPluginError,
    PluginError,
)
from twilio_jwt.host import default_host

__all__ = ["main", "build_parser", "DELIBERATE"]

#: The CLI's own usage errors and the library's errors about what the user asked for:
#: a bad parameter value or type, a plugin that is missing or offered twice. ``main``
#: prints them as one usage line (exit 2). Anything else is a bug in twilio-jwt or a
#: plugin and surfaces as one: a traceback and a non-zero exit, never dressed up as the
#: user's mistake.
DELIBERATE: tuple[type[Exception], ...] = (
    UsageError,
    InvalidParameterError,
    InvalidParameterTypeError,
    MissingPluginError,
    PluginError,
)

#: Core's own commands, as modules with NAME, HELP, add_arguments(parser) and run(args).
_TOP = ("twilio_jwt.cli.plugins_command", "twilio_jwt.cli.decode_command")
_MINT = ("twilio_jwt.cli.mint_access_token",)


def _core(module_name: str) -> Command:
    module = import_module(module_name)
    return Command(module.NAME, module.HELP, module.add_arguments, module.run)


def _add(subparsers: argparse._SubParsersAction[Parser], command: Command) -> None:
    parser = subparsers.add_parser(command.name, help=command.help, description=command.help)
    command.add_arguments(parser)
    parser.set_defaults(run=command.run)


def _add_unavailable(subparsers: argparse._SubParsersAction[Parser], name: str, why: str) -> None:
    """A command that cannot run here: listed, and running it (with any options) says why."""
    parser = subparsers.add_parser(name, help=f"(unavailable: {why})", description=why, add_help=False)
    parser.set_defaults(unavailable=why)


def _plugin_commands() -> tuple[dict[str, Command], dict[str, str]]:
    """The plugins' mint commands by name, and why each other known or clashing name cannot run."""
    host = default_host()
    offers: dict[str, list[tuple[str, Command]]] = {}
    for record, command in collect(host, "twilio_jwt_cli_commands", Command):
        offers.setdefault(command.name, []).append((record.describe(), command))
    usable: dict[str, Command] = {}
    unavailable: dict[str, str] = {}
    for name, offered in sorted(offers.items()):
        plugins = " and ".join(plugin for plugin, _ in offered)
        if name in CORE_MINT:
            print(f"twilio-jwt: warning: {plugins} cannot replace twilio-jwt mint {name}; ignored", file=sys.stderr)
        elif len(offered) > 1:
            unavailable[name] = (
                f"twilio-jwt mint {name} is offered by {plugins}; uninstall or disable one (TWILIO_JWT_DISABLE_PLUGINS)"
            )
        else:
            usable[name] = offered[0][1]
    for name in FIRST_PARTY:
        why = why_missing(host, name)
        if name not in offers and why is not None:
            unavailable[name] = why
    return usable, unavailable


def build_parser(plugin_commands: bool = True) -> Parser:
    """The argument parser (also used to render ``--help``).

    With ``plugin_commands`` (the default) it loads the plugins and has every ``mint``
    command; ``main`` leaves them out when the command line does not say ``mint``, so
    ``twilio-jwt plugins`` reports load failures itself instead of as warnings first.
    """
    parser = Parser(prog="twilio-jwt", description="Mint, inspect and check the JSON Web Tokens Twilio accepts.")
    parser.add_argument("--version", action="version", version=f"twilio-jwt {twilio_jwt.__version__}")
    add_epilog(
        parser,
        """
  twilio-jwt --version
  twilio-jwt plugins
  twilio-jwt mint access-token --identity alice --grant voice:incoming_allow=true
  twilio-jwt mint --help
""",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands.required = True
    for name in _TOP:
        _add(commands, _core(name))
    mint = commands.add_parser("mint", help="mint a token", description="Mint a token of one kind.")
    add_epilog(mint, "  twilio-jwt mint access-token --help")
    kinds = mint.add_subparsers(dest="kind", metavar="KIND", parser_class=Parser)
    kinds.required = True
    usable, unavailable = _plugin_commands() if plugin_commands else ({}, {})
    every = {**{command.name: command for command in map(_core, _MINT)}, **usable}
    for name in sorted({*every, *unavailable}):
        if name in every:
            _add(kinds, every[name])
        else:
            _add_unavailable(kinds, name, unavailable[name])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        words = sys.argv[1:] if argv is None else list(argv)
        parser = build_parser(plugin_commands="mint" in words)
        args, extra = parser.parse_known_args(words)
        unavailable = getattr(args, "unavailable", None)
        if unavailable is not None:
            raise UsageError(unavailable)
        if extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        return int(args.run(args))
    except BrokenPipeError:  # the reader went away (`twilio-jwt plugins | head`): not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
        return 0
    except DELIBERATE as exc:
        return fail(str(exc))
