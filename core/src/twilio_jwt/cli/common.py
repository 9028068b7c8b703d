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
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, NoReturn

from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError

__all__ = [
    "UsageError",
    "Parser",
    "credential",
    "parse_assignment",
    "add_epilog",
    "read_file",
    "printable",
    "json_printable",
    "secret_from_env",
    "options_for",
]

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


def printable(text: str) -> str:
    """``text`` with every non-printable character escaped (``\\r``, ``\\x1b``, ``\\u202e``).

    What a terminal shows must be what the text says: a token's claims, a header value
    or a plugin's message could otherwise carry escape sequences or a carriage return
    that rewrite lines already printed (an ``INVALID`` verdict overwritten by "verified").
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def json_printable(text: str) -> str:
    """JSON text (``ensure_ascii=False``) with the non-printable characters JSON leaves raw as ``\\uXXXX``.

    JSON escapes only control characters below 0x20; C1 controls (``\\x9b`` starts an
    escape sequence on many terminals), DEL and format characters such as U+202E
    stay raw. Escaping them inside strings leaves the same JSON value.
    """
    out = []
    for char in text:
        if char.isprintable() or char in "\n":
            out.append(char)
        elif ord(char) > 0xFFFF:
            high, low = divmod(ord(char) - 0x10000, 0x400)
            out.append(f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}")
        else:
            out.append(f"\\u{ord(char):04x}")
    return "".join(out)


_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,99}")


def secret_from_env(variable: str, option: str) -> str:
    """The secret held by environment variable ``variable``, named by ``option``.

    The option takes a variable's NAME; people paste the secret itself. The message
    never shows what was given unless it is shaped like a variable name and written in
    capitals (as environment variables are), which a secret is not.
    """
    if _VARIABLE.fullmatch(variable):
        found = os.environ.get(variable)
        if found:
            return found
        if variable.isupper():
            raise UsageError(f"{option}: the environment variable {variable} is not set")
    raise UsageError(
        f"{option} takes the NAME of an environment variable holding the secret (for example "
        f"{option} TWILIO_API_SECRET), not the secret itself; no variable of that name is set "
        "(the value given is not shown)"
    )


@contextmanager
def options_for(names: Mapping[str, str]) -> Iterator[None]:
    """Say the option the user typed in the library's parameter errors raised inside the block.

    ``AccessToken`` calls the API key SID ``key_sid``; the user typed ``--api-key`` or
    set ``TWILIO_API_KEY``. ``names`` maps parameter names to what to say instead
    (``{"key_sid": "--api-key/TWILIO_API_KEY"}``); other errors pass unchanged.
    """
    try:
        yield
    except (InvalidParameterError, InvalidParameterTypeError) as exc:
        option = names.get(exc.parameter)
        if option is None:
            raise
        raise UsageError(f"{option}: {str(exc).removeprefix(exc.parameter + ': ')}") from None


def fail(message: str) -> int:
    print(f"twilio-jwt: error: {printable(message)}", file=sys.stderr)
    return EXIT_USAGE
