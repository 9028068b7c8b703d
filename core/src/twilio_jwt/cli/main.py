"""Entry point of the ``twilio-jwt`` command.

Commands live in their own modules (see :mod:`twilio_jwt.cli.commands`) so adding a
token type means adding a module, not editing a dispatcher.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from types import ModuleType

from twilio_jwt.cli.commands import MINT, TOP
from twilio_jwt.cli.common import Parser, UsageError, add_epilog, fail
from twilio_jwt.errors import (
    InvalidParameterError,
    InvalidParameterTypeError,
    MissingPluginError,
    PluginError,
)

__all__ = ["main", "build_parser", "DELIBERATE"]

#: The CLI's own usage errors and the library's errors that are about what the user asked for: a bad parameter value or
#: type, a plugin that is missing or offered twice. ``main`` prints them as one usage line
#: (exit 2). Anything else is a bug in twilio-jwt or a plugin and surfaces as one: a
#: traceback and a non-zero exit, never dressed up as the user's mistake.
DELIBERATE: tuple[type[Exception], ...] = (
    UsageError,
    InvalidParameterError,
    InvalidParameterTypeError,
    MissingPluginError,
    PluginError,
)


def _add(subparsers: argparse._SubParsersAction[Parser], module: ModuleType) -> None:
    parser = subparsers.add_parser(module.NAME, help=module.HELP, description=module.HELP)
    module.add_arguments(parser)
    parser.set_defaults(run=module.run)


def build_parser() -> Parser:
    """The full argument parser (also used to render ``--help``)."""
    parser = Parser(prog="twilio-jwt", description="Mint, inspect and check the JSON Web Tokens Twilio accepts.")
    add_epilog(
        parser,
        """
  twilio-jwt plugins
  twilio-jwt mint access-token --identity alice --grant voice:incoming_allow=true
  twilio-jwt mint --help
""",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands.required = True
    for name in TOP:
        _add(commands, import_module(name))
    mint = commands.add_parser("mint", help="mint a token", description="Mint a token of one kind.")
    add_epilog(mint, "  twilio-jwt mint access-token --help")
    kinds = mint.add_subparsers(dest="kind", metavar="KIND", parser_class=Parser)
    kinds.required = True
    for name in MINT:
        _add(kinds, import_module(name))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
        return int(args.run(args))
    except BrokenPipeError:  # the reader went away (`twilio-jwt plugins | head`): not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
        return 0
    except DELIBERATE as exc:
        return fail(str(exc))
