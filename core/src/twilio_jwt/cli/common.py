"""What every command shares: an argument parser that fails in one line, credentials
taken from options or the environment, and the conversion of ``key=value`` words.

A bad option is one clear line on stderr and exit status 2: never a traceback and
never a secret (library messages never contain one, and option values are only
echoed for non-secret options).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import sys
from typing import Any, NoReturn

__all__ = ["UsageError", "Parser", "credential", "parse_assignment", "add_epilog", "read_file"]

EXIT_USAGE = 2


class UsageError(Exception):
    """A command-line mistake; main prints it as one line and exits 2."""


_GLUED_VALUE = re.compile(r"(?<!\S)(--?[\w-]+)=\S*")
_UNRECOGNIZED = "unrecognized arguments: "


class Parser(argparse.ArgumentParser):
    """argparse, but errors raise :class:`UsageError` instead of printing usage and exiting.

    argparse quotes what it could not place, and that may be a secret: the value of a
    misspelt ``--api-secrt SECRET``, or ``--api=SECRET`` (ambiguous). Such messages show
    the option names only.
    """

    def error(self, message: str) -> NoReturn:
        message = _GLUED_VALUE.sub(r"\1=...", message)
        head, found, words = message.partition(_UNRECOGNIZED)
        if found:
            options = [word for word in words.split(" ") if word.startswith("-")]
            hidden = len(words.split(" ")) - len(options)
            message = head + found + " ".join(options + ([f"({hidden} more, not shown)"] if hidden else []))
        raise UsageError(f"{self.prog}: {message}")


def add_epilog(parser: argparse.ArgumentParser, examples: str) -> None:
    """Show ``examples`` under ``--help``, keeping their line breaks."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = "examples:\n" + examples.strip("\n")


def credential(value: str | None, variable: str, option: str) -> str:
    """An option's value, else the environment variable's, else a usage error naming both."""
    if value:
        return value
    found = os.environ.get(variable)
    if found:
        return found
    raise UsageError(f"{option} is required (or set {variable})")


def read_file(path: str, option: str) -> bytes:
    """A file's bytes; a failure is a usage error naming the option and the file, never its contents."""
    try:
        return pathlib.Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"{option}: cannot read {path!r} ({exc.strerror or type(exc).__name__})") from None


def parse_assignment(text: str, option: str) -> tuple[str, Any]:
    """``name=value``; values that are JSON literals (true, null, {...}, [...]) become those values."""
    name, sep, raw = text.partition("=")
    if not sep or not name:
        raise UsageError(f"{option} expects NAME=VALUE, got {text!r}")
    value: Any = raw
    if raw in ("true", "false", "null") or raw[:1] in ("{", "["):
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{option} {name}: value is not valid JSON ({exc.msg})") from None
    return name.strip(), value


def fail(message: str) -> int:
    print(f"twilio-jwt: error: {message}", file=sys.stderr)
    return EXIT_USAGE
