"""Input checks shared by every token type, grant and scope.

Each function takes the parameter's public name first, so every message says which
argument was wrong, and never echoes the value of anything that might be a secret.
They double as attrs converters through :func:`converter` so classes declare their
rules next to their fields instead of in hand-written ``__init__`` methods.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError
from twilio_jwt.jws import compact_json

__all__ = [
    "SID_KINDS",
    "type_name",
    "check_sid",
    "check_ttl",
    "check_required_str",
    "check_optional_str",
    "check_name",
    "check_epoch",
    "check_mapping",
    "check_json",
    "check_bool",
    "check_algorithm",
    "converter",
]

T = TypeVar("T")

#: What each SID prefix names, so a SID passed in the wrong place can be called by its name.
SID_KINDS: dict[str, str] = {
    "AC": "an Account SID",
    "SK": "an API key SID",
    "CR": "a credential SID",
    "WS": "a workspace SID",
    "WK": "a worker SID",
    "WQ": "a task queue SID",
    "AP": "a TwiML application SID",
}


def type_name(value: object) -> str:
    """The type of ``value`` as a message shows it (never the value itself)."""
    return "None" if value is None else type(value).__name__


def check_sid(parameter: str, value: object, *prefixes: str) -> str:
    """A SID: a str starting with one of ``prefixes``.

    A SID of another known kind is named in the message (an Account SID passed as the
    API key SID is the most common real mistake). The value itself is not echoed.
    """
    if value is None or value == "":
        raise InvalidParameterError(parameter, f"is required: expected {_sid_expectation(prefixes)}")
    if not isinstance(value, str):
        raise InvalidParameterTypeError(
            parameter, f"expected a str ({_sid_expectation(prefixes)}), got {type_name(value)}"
        )
    if not value.startswith(prefixes):
        found = SID_KINDS.get(value[:2])
        hint = f"; got {found} (starting with {value[:2]!r})" if found else ""
        raise InvalidParameterError(parameter, f"expected {_sid_expectation(prefixes)}{hint}")
    return value


def _sid_expectation(prefixes: tuple[str, ...]) -> str:
    return " or ".join(f"{SID_KINDS.get(p, 'a SID')} starting with {p!r}" for p in prefixes)


def check_ttl(parameter: str, value: object, *, default: int, maximum: int) -> int:
    """Whole seconds between 1 and ``maximum``; ``None`` gives ``default``. Bools are refused."""
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidParameterTypeError(parameter, f"expected an int number of seconds, got {type_name(value)}")
    if not 1 <= value <= maximum:
        raise InvalidParameterError(parameter, f"must be between 1 and {maximum} seconds, got {value}")
    return value


def check_required_str(parameter: str, value: object) -> str:
    """A non-empty str."""
    if value is None or value == "":
        raise InvalidParameterError(parameter, "is required and must be a non-empty str")
    if not isinstance(value, str):
        raise InvalidParameterTypeError(parameter, f"expected a str, got {type_name(value)}")
    return value


def check_optional_str(parameter: str, value: object) -> str | None:
    """A str or ``None``; ``""`` is kept (callers decide whether it means "absent")."""
    if value is not None and not isinstance(value, str):
        raise InvalidParameterTypeError(parameter, f"expected a str or None, got {type_name(value)}")
    return value


def check_name(parameter: str, value: object) -> str:
    """A required name: a non-empty str, or an int (not bool) written in decimal."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return check_required_str(parameter, value)


def check_epoch(parameter: str, value: object) -> int | float | None:
    """Epoch seconds as int or float, or ``None``. Bools are refused."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise InvalidParameterTypeError(parameter, f"expected int or float epoch seconds, got {type_name(value)}")
    return value


def check_bool(parameter: str, value: object) -> bool | None:
    """``True``, ``False`` or ``None``; truthy stand-ins such as ``"true"`` or ``1`` are refused."""
    if value is not None and not isinstance(value, bool):
        raise InvalidParameterTypeError(parameter, f"expected a bool or None, got {type_name(value)}")
    return value


def check_mapping(parameter: str, value: object) -> Mapping[Any, Any] | None:
    """A mapping or ``None``."""
    if value is not None and not isinstance(value, Mapping):
        raise InvalidParameterTypeError(parameter, f"expected a mapping or None, got {type_name(value)}")
    return value


def check_json(parameter: str, value: T) -> T:
    """``value`` must serialise to JSON as it will inside a token (checked when it is given)."""
    try:
        compact_json(value)
    except (TypeError, ValueError, RecursionError) as exc:
        raise InvalidParameterTypeError(parameter, f"must be JSON-serialisable ({type(exc).__name__})") from None
    return value


def check_algorithm(parameter: str, value: object, allowed: tuple[str, ...], default: str) -> str:
    """One of ``allowed`` exactly (case matters: ``hs256`` and ``none`` are refused)."""
    if value is None:
        return default
    if not isinstance(value, str):
        raise InvalidParameterTypeError(parameter, f"expected a str, got {type_name(value)}")
    if value not in allowed:
        shown = value if len(value) <= 20 and value.isprintable() else value[:20].encode("unicode_escape").decode()
        raise InvalidParameterError(parameter, f"{shown!r} is not allowed here; use one of {', '.join(allowed)}")
    return value


def converter(check: Callable[..., T], parameter: str, *args: Any, **kwargs: Any) -> Callable[[Any], T]:
    """Bind ``check`` to a parameter name so attrs can run it as a field converter.

    Converters run for every field of every token and grant built, so the common
    shapes get a closure without ``*args``/``**kwargs`` unpacking (a tenth of a
    microsecond per field, a tenth of the cost of building a small token).
    """
    if kwargs:

        def convert(value: Any) -> T:
            return check(parameter, value, *args, **kwargs)

    elif len(args) == 1:
        (extra,) = args

        def convert(value: Any) -> T:
            return check(parameter, value, extra)

    elif args:

        def convert(value: Any) -> T:
            return check(parameter, value, *args)

    else:

        def convert(value: Any) -> T:
            return check(parameter, value)

    convert.__name__ = f"check_{parameter}"
    return convert
