"""A holder for secrets that refuses to show or pickle what it holds, and the door that keeps them out of tracebacks.

Tokens keep their HMAC secret or auth token in a :class:`Secret`, so ``repr``,
``str``, logging and pickling of a token never carry the secret anywhere. The HMAC
key-confusion guard lives here too, because both core (checking input early) and the
HMAC plugin (checking any key it is handed) need it.

Tracebacks with locals (what Sentry and similar reporters record) are kept clean at
the door: every public entry point that takes a secret or key (the constructors of
``AccessToken``, ``ClientCapability``, ``TaskRouterCapability`` and every other
:class:`~twilio_jwt.capability.CapabilityToken`, ``ValidationToken``, and each type's
``from_jwt``) rebinds that parameter to a :class:`Secret` as its first statement and runs
its body so that :func:`without_inner_frames` cuts the frames *below* the entry point
out of any exception leaving it. Those inner frames (attrs' generated ``__init__``,
converters, PyJWT, the HMAC and RSA plugins' ``prepare_key``/``sign``/``verify``)
hold the raw key as a local; the entry point's own frame holds only the holder. For
the constructors the entry point is the door :class:`HidesSecretArguments` puts in front
of attrs' generated ``__init__``, which necessarily has the raw argument as a local.

What is not promised: the caller's own frames (the secret is the caller's local there),
and ``to_jwt()``/``generate_token()``, which take no key: the prepared key is a local
of :func:`twilio_jwt._jws.encode` while it signs, so an exception raised by a signing
plugin there can show it.
"""

from __future__ import annotations

import functools
import hmac
import inspect
import sys
from types import FrameType
from typing import Any, ClassVar, Generic, NoReturn, TypeVar

from twilio_jwt.checks import type_name
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError

__all__ = [
    "HidesSecretArguments",
    "Secret",
    "check_hmac_secret",
    "hide",
    "looks_like_asymmetric_key",
    "reveal",
    "without_inner_frames",
]

_ASYMMETRIC_MARKERS = (
    b"-----BEGIN ",
    b"ssh-rsa ",
    b"ssh-ed25519 ",
    b"ssh-dss ",
    b"ecdsa-sha2-",
    b"sk-ssh-ed25519@openssh.com ",
    b"sk-ecdsa-sha2-",
)

#: The first bytes a marker can follow (white space) or start with: any other first byte rules out a marker there.
_MAY_START_A_KEY = b" \t\n\r\x0b\x0c-se"


def looks_like_asymmetric_key(key: bytes) -> bool:
    """True for PEM blocks and OpenSSH public keys: never a sensible HMAC secret.

    Signing HS256 with a server's RSA public key is the classic algorithm-confusion
    attack (PyJWT's ``HMACAlgorithm.prepare_key`` refuses the same shapes).
    """
    if key[:1] not in _MAY_START_A_KEY and b"-----BEGIN " not in key:  # the usual secret: no copy, no scan
        return False
    stripped = key.lstrip()
    return stripped.startswith(_ASYMMETRIC_MARKERS) or b"-----BEGIN " in stripped[:200]


def check_hmac_secret(parameter: str, value: object) -> bytes:
    """A non-empty str (UTF-8) or bytes that is not a PEM or SSH key."""
    if value is None or value == "" or value == b"":
        raise InvalidParameterError(parameter, "is required and must not be empty")
    if isinstance(value, str):
        key = value.encode("utf-8", "surrogatepass")
    elif isinstance(value, (bytes, bytearray, memoryview)):
        key = bytes(value)
    else:
        raise InvalidParameterTypeError(parameter, f"expected a str or bytes, got {type_name(value)}")
    if looks_like_asymmetric_key(key):
        raise InvalidParameterError(
            parameter, "looks like a PEM or SSH key; an HMAC secret must be the API key secret or auth token"
        )
    return key


T = TypeVar("T")


class Secret(Generic[T]):
    """A secret or key that is used but never shown: ``repr`` hides it and pickling is refused.

    One holder for everything secret: an HMAC secret's bytes (``Secret[bytes]``), a
    private key as PEM text or a loaded key object, and what :func:`hide` wraps at an
    entry point's door. Equal holders hold equal values, compared in constant time for
    str and bytes, so a holder can key a dict without the secret itself being a key;
    the hash says only the value's length.
    """

    __slots__ = ("_value",)

    def __init__(self, value: T) -> None:
        self._value = value

    def reveal(self) -> T:
        """What is held, for the one place that uses it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        mine, theirs = self._value, other._value
        if isinstance(mine, str) and isinstance(theirs, str):
            return hmac.compare_digest(mine.encode("utf-8", "surrogatepass"), theirs.encode("utf-8", "surrogatepass"))
        if isinstance(mine, (bytes, bytearray)) and isinstance(theirs, (bytes, bytearray)):
            return hmac.compare_digest(mine, theirs)
        if isinstance(mine, (str, bytes, bytearray)) or isinstance(theirs, (str, bytes, bytearray)):
            return False  # text and bytes, or text and a key object: never the same secret
        return mine is theirs or bool(mine == theirs)

    def __hash__(self) -> int:
        value = self._value
        return hash(("Secret", len(value) if isinstance(value, (str, bytes, bytearray)) else id(type(value))))

    def __reduce__(self) -> NoReturn:
        raise TypeError("a twilio-jwt Secret cannot be pickled: it would write the secret out")


def hide(value: object) -> Secret[Any]:
    """``value`` in a :class:`Secret` (a :class:`Secret` is returned as it is)."""
    return value if isinstance(value, Secret) else Secret(value)


def reveal(value: object) -> object:
    """What a :class:`Secret` holds; any other value unchanged."""
    return value.reveal() if isinstance(value, Secret) else value


def without_inner_frames(exc: Exception, door: FrameType) -> Exception:
    """``exc`` without the frames below ``door``, for an entry point that takes a secret to re-raise.

    Use as ``except Exception as exc: raise without_inner_frames(exc, sys._getframe())``
    around the body of a public entry point, after rebinding the secret parameter with
    :func:`hide`: the inner frames hold the raw key as a local. The exception itself
    (type, message, chaining) is unchanged, and chained exceptions raised inside lose
    their frames too. For an exception that is not one of the library's own errors (a
    bug) the places it passed through are kept as a note (file, line, function and the
    source line, no values), so it can still be found.
    """
    from twilio_jwt.errors import TwilioJWTError

    tb = exc.__traceback__
    if tb is not None and not isinstance(exc, (TwilioJWTError, ValueError, TypeError)) and hasattr(exc, "add_note"):
        import traceback

        places = "".join(traceback.format_list(traceback.extract_tb(tb)[1:]))
        exc.add_note(f"raised inside twilio-jwt (frames below the entry point are not kept):\n{places}")
    seen = {id(exc)}
    chained = [exc.__cause__, exc.__context__]
    while chained:
        link = chained.pop()
        if link is None or id(link) in seen:
            continue
        seen.add(id(link))
        if _raised_inside(link, door):
            link.__traceback__ = None
            chained += [link.__cause__, link.__context__]
    return exc.with_traceback(None)


def _raised_inside(exc: BaseException, door: FrameType) -> bool:
    """True when ``exc`` was raised below ``door`` (not, say, the exception the caller was handling)."""
    tb = exc.__traceback__
    frame = tb.tb_frame if tb is not None else None
    while frame is not None:
        if frame is door:
            return True
        frame = frame.f_back
    return tb is None


class HidesSecretArguments(type):
    """Metaclass of token types whose constructor takes a secret or key: the door of their constructor.

    attrs' generated ``__init__`` holds every argument as a local, so an error raised
    by any converter (a bad ``identity`` next to a good secret) would carry the secret
    in its traceback's locals. So every ``__init__`` a class made with this metaclass
    gets (attrs' own, as attrs puts it there) is wrapped in a door, which runs first: it
    rebinds the arguments named in the class's ``SECRET_ARGUMENTS`` (``(name,
    position)`` pairs) to :func:`hide` holders, and cuts the frames below it out of
    any exception (:func:`without_inner_frames`). The converters take the holders (see
    :func:`reveal`). Subclasses get their own door, a plugin's too (``TaskRouterCapability``).

    A door on ``__init__``, not a ``__call__`` on the metaclass: calling a class whose
    metaclass defines ``__call__`` takes CPython's slow generic path, which cost about
    a third of what building an AccessToken costs.
    """

    SECRET_ARGUMENTS: ClassVar[tuple[tuple[str, int], ...]] = ()

    def __init__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], /, **kwargs: Any) -> None:
        super().__init__(name, bases, namespace, **kwargs)
        init = namespace.get("__init__")
        if init is not None:
            type.__setattr__(cls, "__init__", _door(cls, init))

    def __setattr__(cls, name: str, value: Any) -> None:
        super().__setattr__(name, _door(cls, value) if name == "__init__" else value)


def _door(cls: type, init: Any) -> Any:
    """``init`` behind the door of :class:`HidesSecretArguments` (unless it is one already, or nothing is secret)."""
    secrets = cls.SECRET_ARGUMENTS  # type: ignore[attr-defined]
    if not secrets or not callable(init) or getattr(init, "__wrapped__", None) is not None:
        return init
    door = _written_door(init, secrets)
    if door is None:
        raise TypeError(
            f"{cls.__name__}.__init__ cannot get the door that hides its secret arguments: it needs named "
            f"parameters (as attrs writes them), with {', '.join(name for name, _ in secrets)} at its position"
        )
    return functools.update_wrapper(door, init)


#: The names a written door's own code uses: no parameter may have one of these names.
_DOOR_NAMES = frozenset({"self", "init", "exc", "Secret", "isinstance", "_cut", "_getframe"})


def _written_door(init: Any, secrets: tuple[tuple[str, int], ...]) -> Any:
    """A door with ``init``'s own parameters (as attrs writes ``__init__``), or ``None`` when it has others.

    It runs on every construction: passing named parameters on costs far less than
    packing them into a tuple and a dict and unpacking them again. Each secret
    parameter is rebound to its holder as the first statement, so the frame holds
    only holders by the time anything can fail.
    """
    try:
        parameters = list(inspect.signature(init).parameters.values())[1:]
    except (TypeError, ValueError):
        return None
    plain, keyword = inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY
    names = [parameter.name for parameter in parameters]
    if (
        any(parameter.kind not in (plain, keyword) for parameter in parameters)
        or any(not name.isidentifier() or name in _DOOR_NAMES for name in names)
        or any(name not in names or names.index(name) != position for name, position in secrets)
    ):
        return None
    listed, passed, star = [], [], False
    for parameter in parameters:
        if parameter.kind is keyword and not star:
            listed.append("*")
            star = True
        listed.append(parameter.name + ("=None" if parameter.default is not parameter.empty else ""))
        passed.append(parameter.name if parameter.kind is plain else f"{parameter.name}={parameter.name}")
    hiding = "".join(
        f"    if not isinstance({name}, Secret):\n        {name} = Secret({name})\n" for name, _ in secrets
    )
    source = (
        f"def door(self, {', '.join(listed)}):\n{hiding}"
        f"    try:\n        init(self, {', '.join(passed)})\n"
        "    except Exception as exc:\n        del self\n        raise _cut(exc, _getframe())\n"
    )
    scope = {"init": init, "Secret": Secret, "_cut": without_inner_frames, "_getframe": sys._getframe}
    # Our own text, from the parameters' names only, as attrs writes the __init__ it wraps.
    exec(compile(source, f"<twilio-jwt door of {init.__qualname__}>", "exec"), scope)
    door = scope["door"]
    door.__defaults__, door.__kwdefaults__ = init.__defaults__, init.__kwdefaults__
    return door
