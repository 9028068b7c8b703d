"""What a plugin hands the command line: ``twilio-jwt mint`` commands and ``decode`` views.

This is the module plugin authors import for the two command-line hooks
(``twilio_jwt_cli_commands`` and ``twilio_jwt_claim_views``, see
:mod:`twilio_jwt.hookspecs`), together with the helpers every command uses: a usage
error, credentials from an option or the environment, a file named by an option,
examples under ``--help``. It imports nothing heavy, so a plugin may import it from its
``cli`` module, which its hook imports only when the command line runs::

    @hookimpl
    def twilio_jwt_cli_commands():
        from my_plugin.cli import COMMAND
        return [COMMAND]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from twilio_jwt.cli.common import (
    UsageError,
    add_epilog,
    credential,
    options_for,
    parse_assignment,
    printable,
    read_file,
    secret_from_env,
)

__all__ = [
    "Command",
    "ClaimView",
    "UsageError",
    "add_epilog",
    "credential",
    "options_for",
    "parse_assignment",
    "printable",
    "read_file",
    "secret_from_env",
    "CORE_MINT",
    "FIRST_PARTY",
]

#: ``twilio-jwt mint`` commands core itself has; a plugin cannot replace them.
CORE_MINT: tuple[str, ...] = ("access-token",)

#: Commands of first-party plugins -> (plugin name, distribution), so a missing one says what to install.
FIRST_PARTY: dict[str, tuple[str, str]] = {
    "client-capability": ("voice", "twilio-jwt-voice"),
    "taskrouter": ("task_router", "twilio-jwt-task-router"),
    "validation": ("rsa", "twilio-jwt-rsa"),
}


def _is_name(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not (value and value.replace("-", "").isalnum() and value == value.lower() and value[0].isalpha()):
        raise ValueError(f"{attribute.name}: a command name is lower-case letters, digits and '-', got {value!r}")


@attrs.frozen
class Command:
    """One ``twilio-jwt mint NAME`` command.

    ``add_arguments(parser)`` adds the options to the command's argparse parser (use
    :func:`add_epilog` for the examples every ``--help`` shows); ``run(args)`` does the
    work with the parsed options and returns the exit status. A mistake the user made is
    raised as :class:`UsageError` (or the library's ``InvalidParameterError``): one line
    on stderr, exit status 2. Any other exception is a bug and shows as a traceback.
    """

    name: str = attrs.field(validator=_is_name)
    help: str = attrs.field(validator=attrs.validators.instance_of(str))
    add_arguments: Callable[[argparse.ArgumentParser], None] = attrs.field(validator=attrs.validators.is_callable())
    run: Callable[[argparse.Namespace], int] = attrs.field(validator=attrs.validators.is_callable())


@attrs.frozen
class ClaimView:
    """How ``twilio-jwt decode`` shows one claim of a plugin's token type, in a section of its own.

    ``token_type`` is the type's decoding name (its ``DECODING.name``, for example
    ``"TaskRouterCapability"``); ``claim`` the claim shown (``"policies"``).
    ``render(value)`` turns the claim's (untrusted, possibly unverified) JSON value
    into ``(label, text)`` rows, or returns ``None`` when the value is not the shape it
    knows, and the claim is then shown like any other. decode escapes the rows'
    non-printable characters, so a renderer need not.
    """

    token_type: str = attrs.field(validator=attrs.validators.instance_of(str))
    claim: str = attrs.field(validator=attrs.validators.instance_of(str))
    render: Callable[[Any], Sequence[tuple[str, str]] | None] = attrs.field(validator=attrs.validators.is_callable())
