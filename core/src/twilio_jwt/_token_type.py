"""Token types: each owns the algorithms it signs and accepts, as one value that never changes.

A token type's ``ALGORITHMS`` is one tuple: ``to_jwt`` checks against it and its
``DECODING`` spec holds that same tuple (not a copy) for ``from_jwt``; a token's own
``alg`` header only picks among those names. :class:`TokenType` makes the three class
attributes that decide this (``ALGORITHMS``, ``DEFAULT_ALGORITHM``, ``DECODING``)
refuse assignment and deletion, from anyone at any time (before, during or after
plugins load), so there is nothing to snapshot, compare or put back.

Plugins are trusted code, as in pytest, llm and datasette: they run in the process and
could go around this on purpose (``type.__setattr__``), as they could patch any
function. Nothing in a library can stop that, so nothing here pretends to; install only
plugins you trust (see ``docs/security.md (Plugins)``).

Every class made with the metaclass is listed by :func:`token_types` (``twilio-jwt
decode`` tries each), so a plugin's token type (``TaskRouterCapability``) takes part
just by subclassing :class:`~twilio_jwt.capability.CapabilityToken`.
"""

from __future__ import annotations

import abc
import functools
import sys
import types
import typing
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, NamedTuple, TypeVar

from twilio_jwt.secret import HidesSecretArguments, hide, without_inner_frames

if TYPE_CHECKING:
    import datetime

    from twilio_jwt.decoding import DecodedJWT
    from twilio_jwt.host import PluginHost


#: The class attributes that decide which algorithms a token type signs and accepts.
FIXED = frozenset({"ALGORITHMS", "DEFAULT_ALGORITHM", "DECODING"})

_TYPES: weakref.WeakSet[type] = weakref.WeakSet()


class TokenType(HidesSecretArguments, abc.ABCMeta):
    """Metaclass of token types: lists them, keeps their algorithm attributes as defined, and
    hides the secret arguments of their constructors (:class:`~twilio_jwt.secret.HidesSecretArguments`)."""

    def __init__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], /, **kwargs: Any) -> None:
        super().__init__(name, bases, namespace, **kwargs)
        _TYPES.add(cls)

    def __setattr__(cls, name: str, value: Any) -> None:
        _refuse(cls, name)
        super().__setattr__(name, value)

    def __delattr__(cls, name: str) -> None:
        _refuse(cls, name)
        super().__delattr__(name)


def _refuse(cls: type, name: str) -> None:
    if name in FIXED:
        raise AttributeError(f"{cls.__qualname__}.{name} cannot be changed: a token type's algorithms are fixed")


def token_types() -> list[type]:
    """Every token type defined so far (core's and plugins'), by name.

    The classes attrs threw away when it made their slotted copies are left out.
    """
    return sorted((cls for cls in list(_TYPES) if "__attrs_attrs__" in vars(cls)), key=lambda cls: cls.__qualname__)


class TokenSpec(NamedTuple):
    """What one token type accepts when decoding.

    ``algorithms`` is the type's own allow-list (the token's ``alg`` only picks among
    them); ``content_type`` the exact ``cty`` header (``None``: there must be none);
    ``marker`` a claim every token of the type carries, which tells apart types that
    share a ``cty``; ``sids`` the claims that hold SIDs, with their prefixes. Here and
    not in :mod:`twilio_jwt.decoding`, with :class:`Decodable`: every token type needs
    both to be defined, and minting must not import decoding.
    """

    name: str
    algorithms: tuple[str, ...]
    content_type: str | None
    marker: str
    sids: tuple[tuple[str, str], ...] = ()

    @property
    def a_name(self) -> str:
        """``"an AccessToken"``, ``"a ClientCapability"``: the name as a message uses it."""
        return f"{'an' if self.name[:1] in 'AEIOU' else 'a'} {self.name}"

    def matches(self, header: Mapping[str, Any], claims: Mapping[str, Any]) -> bool:
        """True when an (unverified) header and claims look like this type's."""
        return header.get("cty") == self.content_type and self.marker in claims


@functools.cache
def _verify() -> Callable[..., DecodedJWT]:
    """:func:`twilio_jwt.decoding.verify`, imported on the first decode (minting never imports decoding), then kept."""
    from twilio_jwt.decoding import verify

    return verify


K = TypeVar("K")
R = TypeVar("R")


class Decodable(Generic[K, R]):
    """Gives a token type its ``from_jwt``: :func:`verify` with the type's ``DECODING``, then its ``_rebuild``.

    ``K`` is the key type ``from_jwt`` takes, ``R`` what it returns. A subclass writes
    ``_rebuild(cls, decoded, key, host)``, where ``key`` is the :func:`~twilio_jwt.secret.hide`
    holder to pass to its constructor. The docstring of ``_rebuild`` says what that
    type's ``from_jwt`` does: it becomes that ``from_jwt``'s docstring (so ``help()`` and
    the API docs show it), and the annotations show ``K`` and ``R`` spelt out.
    """

    __slots__ = ()
    DECODING: ClassVar[TokenSpec]

    @classmethod
    def from_jwt(
        cls, token: str | bytes, key: K, *, leeway: float | datetime.timedelta = 0, host: PluginHost | None = None
    ) -> R:
        """Verify ``token`` with ``key`` and rebuild the token it carries; a ``TokenError`` says why not."""
        held = hide(key)  # the door: from here on no frame holds the raw key, and errors lose the inner frames
        del key
        try:
            verify = _verify()  # on the first decode: minting never imports decoding
            return cls._rebuild(verify(token, held.reveal(), cls.DECODING, leeway=leeway, host=host), held, host)
        except Exception as exc:  # noqa: BLE001 - re-raised, without the frames below this one
            raise without_inner_frames(exc, sys._getframe())  # noqa: B904 - the same exception

    @classmethod
    def _rebuild(cls, decoded: DecodedJWT, key: Any, host: PluginHost | None) -> R:
        raise NotImplementedError(f"{cls.__name__} does not rebuild itself from a token")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        rebuild = vars(cls).get("_rebuild")
        if rebuild is None:
            return
        shared = Decodable.from_jwt.__func__  # type: ignore[attr-defined]
        own = types.FunctionType(shared.__code__, shared.__globals__, "from_jwt", None, shared.__closure__)
        own.__kwdefaults__, own.__doc__ = shared.__kwdefaults__, rebuild.__func__.__doc__
        own.__qualname__, own.__module__ = f"{cls.__qualname__}.from_jwt", cls.__module__
        bases = getattr(cls, "__orig_bases__", ())
        args = next((typing.get_args(base) for base in bases if typing.get_origin(base) is Decodable), ())
        spelt = {name: getattr(arg, "__forward_arg__", arg) for name, arg in zip(("key", "return"), args, strict=False)}
        own.__annotations__ = {**shared.__annotations__, **spelt}
        cls.from_jwt = classmethod(own)  # type: ignore[assignment,method-assign]
