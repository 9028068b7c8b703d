"""Input checks shared by every token type, grant and scope.

Each check takes the parameter's public name first, so every message says which
argument was wrong, and never echoes the value of anything that might be a secret.
:func:`validator` runs one as an attrs validator: attrs hands it the field, whose
name (its ``alias``, the constructor parameter) goes into the message, so classes
declare their rules next to their fields without repeating the name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from twilio_jwt._jws import compact_json
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError

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
    if isinstance(value, str) and value.startswith(prefixes):
        return value if value.isalnum() else _sid_text(parameter, value)
    expected = " or ".join(f"{SID_KINDS.get(p, 'a SID')} starting with {p!r}" for p in prefixes)
    if value is None or value == "":
        raise InvalidParameterError(parameter, f"is required: expected {expected}")
    if not isinstance(value, str):
        raise InvalidParameterTypeError(parameter, f"expected a str ({expected}), got {type_name(value)}")
    hint = f"; got {SID_KINDS[value[:2]]} (starting with {value[:2]!r})" if value[:2] in SID_KINDS else ""
    raise InvalidParameterError(parameter, f"expected {expected}{hint}")


#: A credential SID is its two-letter prefix and this many ASCII letters or digits.
SID_BODY_LENGTH = 32


def check_credential_sid(parameter: str, value: object, prefix: str) -> str:
    """A credential SID exactly as Twilio issues it: ``prefix`` and 32 ASCII letters or digits.

    For the SIDs that say whose credentials sign a token (the Account SID, the API key
    SID, the public key credential SID): a truncated ``TWILIO_ACCOUNT_SID`` or a pasted
    SID with a stray character makes a token Twilio rejects long after minting, so it
    is refused here, saying what is wrong without echoing the value. Placeholders of the
    right length (``"AC" + "x" * 32``) pass. Other SIDs (grant fields, ``AP``/``WS``/``WK``...)
    and the twilio-python compat layer keep :func:`check_sid`'s lighter rule.
    """
    if not isinstance(value, str) or not value.startswith(prefix):
        return check_sid(parameter, value, prefix)  # raises: missing, not a str, or another prefix
    body = value[len(prefix) :]
    if len(body) == SID_BODY_LENGTH and body.isascii() and body.isalnum():
        return value
    expected = f"expected {prefix!r} followed by {SID_BODY_LENGTH} letters or digits"
    if len(body) != SID_BODY_LENGTH:
        count = f"{len(body)} character{'' if len(body) == 1 else 's'}"
        raise InvalidParameterError(parameter, f"{expected}, got {count} after the prefix")
    spaced = any(char.isspace() or not char.isprintable() for char in body)
    found = "white space or control characters" if spaced else "punctuation or symbols"
    found = found if body.isascii() else "characters outside ASCII"
    raise InvalidParameterError(parameter, f"{expected}; the 32 characters after the prefix hold {found}")


def check_optional_sid(parameter: str, value: object) -> str | None:
    """A SID with no prefix rule (a grant's ``service_sid``, say): ``None``/``""`` or one printable word.

    SIDs never hold white space or control characters, so ``"   "`` or ``"IS1\\n"`` is a
    mistake (a pasted line, a template left empty) to report, not a value to sign.
    """
    if value is not None and not isinstance(value, str):
        raise InvalidParameterTypeError(parameter, f"expected a str or None, got {type_name(value)}")
    return value if value is None or value.isalnum() else _sid_text(parameter, value)


def _sid_text(parameter: str, value: str) -> str:
    if " " in value or not value.isprintable():
        raise InvalidParameterError(parameter, "a SID holds no white space, control characters or lone surrogates")
    return value


def check_text(parameter: str, value: str) -> str:
    """``value`` unchanged, unless it holds a lone surrogate (no UTF-8 form, so no place in a token)."""
    try:
        value.isascii() or value.encode("utf-8")  # only text outside ASCII needs encoding to be sure
    except UnicodeEncodeError:
        raise InvalidParameterError(parameter, "contains a lone surrogate, which has no UTF-8 form") from None
    return value


def decimal(parameter: str, value: int | float) -> str:
    """``str(value)``, naming the parameter when an int has too many digits to write out."""
    try:
        return str(value)
    except ValueError:  # int to str conversion is limited (sys.get_int_max_str_digits)
        raise InvalidParameterError(parameter, "is an int with too many digits to write out") from None


def check_ttl(parameter: str, value: object, *, default: int, maximum: int) -> int:
    """Whole seconds between 1 and ``maximum``; ``None`` gives ``default``. Bools are refused."""
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidParameterTypeError(parameter, f"expected an int number of seconds, got {type_name(value)}")
    if not 1 <= value <= maximum:
        shown = value if abs(value) < 10**12 else "an int far out of range"
        raise InvalidParameterError(parameter, f"must be between 1 and {maximum} seconds, got {shown}")
    return value


def check_required_str(parameter: str, value: object) -> str:
    """A non-empty str."""
    if value is None or value == "":
        raise InvalidParameterError(parameter, "is required and must be a non-empty str")
    if not isinstance(value, str):
        raise InvalidParameterTypeError(parameter, f"expected a str, got {type_name(value)}")
    return value if value.isascii() else check_text(parameter, value)


def check_optional_str(parameter: str, value: object) -> str | None:
    """A str or ``None``; ``""`` is kept (callers decide whether it means "absent")."""
    if value is not None and not isinstance(value, str):
        raise InvalidParameterTypeError(parameter, f"expected a str or None, got {type_name(value)}")
    return value if value is None else check_text(parameter, value)


def check_name(parameter: str, value: object) -> str:
    """A required name: a non-empty str, or an int (not bool) written in decimal."""
    if isinstance(value, int) and not isinstance(value, bool):
        return decimal(parameter, value)
    return check_required_str(parameter, value)


#: Epoch seconds beyond this lose precision as JSON numbers (JavaScript's, most JWT libraries'): 2**53 - 1.
MAX_EPOCH = 2**53 - 1
_OUT_OF_RANGE = f"must be finite epoch seconds within +-{MAX_EPOCH} (2**53 - 1, what JSON numbers hold exactly)"


def check_epoch(parameter: str, value: object) -> int | float | None:
    """Epoch seconds as int or float, or ``None``: finite and within +-:data:`MAX_EPOCH`. Bools are refused."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidParameterTypeError(parameter, f"expected int or float epoch seconds, got {type_name(value)}")
    if not -MAX_EPOCH <= value <= MAX_EPOCH:  # NaN fails every comparison, so it lands here too
        raise InvalidParameterError(parameter, _OUT_OF_RANGE)
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
        # Quoted only when it could be an algorithm name: a long value may be a secret passed in the wrong place.
        shown = repr(value) if len(value) <= 10 and value.isprintable() else f"a {len(value)}-character value"
        raise InvalidParameterError(parameter, f"{shown} is not allowed here; use one of {', '.join(allowed)}")
    return value


def validator(check: Callable[..., object], *args: Any) -> Callable[[Any, Any, Any], object]:
    """An attrs validator that runs ``check(parameter, value, *args)``, ``parameter`` being the field's alias.

    For pure checks only (a check that changes the value stays a converter). The field's
    annotation then types the constructor parameter, so mypy sees the real type.

    Validators run on every construction, so the common checks get one written out
    (:data:`_WRITTEN_OUT`, and the credential SID's here): the usual value passes at
    once, and any other is handed to the check itself, which raises with the message.
    A call saved per field is a measurable part of minting.
    """
    if check is check_credential_sid and len(args) == 1:
        prefix, length = args[0], len(args[0]) + SID_BODY_LENGTH
        return lambda _, f, v: (
            (type(v) is str and len(v) == length and v.startswith(prefix) and v.isascii() and v.isalnum())
            or check(f.alias, v, prefix)
        )
    if args:
        return lambda _, f, v: check(f.alias, v, *args)
    return _WRITTEN_OUT.get(check) or (lambda _, f, v: check(f.alias, v))


#: The common checks written out as validators: ``<the usual value> or <the check>``.
_WRITTEN_OUT: dict[Callable[..., object], Callable[[Any, Any, Any], object]] = {
    check_optional_str: lambda _, f, v: v is None or (type(v) is str and v.isascii()) or check_optional_str(f.alias, v),
    check_optional_sid: lambda _, f, v: v is None or (type(v) is str and v.isalnum()) or check_optional_sid(f.alias, v),
    check_bool: lambda _, f, v: v is None or v is True or v is False or check_bool(f.alias, v),
    check_epoch: lambda _, f, v: v is None or check_epoch(f.alias, v),
    check_required_str: lambda _, f, v: (type(v) is str and v and v.isascii()) or check_required_str(f.alias, v),
}
