"""The modules that make up the command line.

Each module has ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.
``twilio-jwt mint KIND`` commands are listed in ``MINT``; top-level commands in ``TOP``.
"""

from __future__ import annotations

__all__ = ["TOP", "MINT"]

TOP: tuple[str, ...] = ("twilio_jwt.cli.plugins_command", "twilio_jwt.cli.decode_command")

MINT: tuple[str, ...] = (
    "twilio_jwt.cli.mint_access_token",
    "twilio_jwt.cli.mint_client_capability",
    "twilio_jwt.cli.mint_taskrouter",
    "twilio_jwt.cli.mint_validation",
)
