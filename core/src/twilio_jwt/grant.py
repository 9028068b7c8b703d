"""Grants: the per-service permissions carried inside an access token.

A grant class has a ``key`` (its name under ``grants`` in the token), builds its
payload with :meth:`Grant.to_payload` and can be rebuilt from a decoded payload with
:meth:`Grant.from_payload`. Plugins provide grant classes; core never imports one.
"""

from __future__ import annotations

import abc
import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

import attrs

from twilio_jwt.checks import (
    check_json,
    check_mapping,
    check_optional_sid,
    check_optional_str,
    check_required_str,
    type_name,
    validator,
)
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError

G = TypeVar("G", bound="Grant")


class Grant(abc.ABC):
    """Base class of every grant.

    Subclasses set ``key`` and implement :meth:`to_payload`. They should check their
    input when built (wrong types raise ``TypeError`` then, not at ``to_jwt()``) and
    return a JSON-serialisable dict.
    """

    __slots__ = ()

    key: ClassVar[str]

    @abc.abstractmethod
    def to_payload(self) -> dict[str, Any]:
        """The JSON object stored under ``grants[key]``."""

    @classmethod
    @abc.abstractmethod
    def from_payload(cls: type[G], payload: Mapping[str, Any]) -> G:
        """Rebuild a grant from the payload found in a decoded token."""


def optional_str_field() -> Any:
    """An attrs field for an optional str grant field (``None`` or ``""`` is left out of the payload).

    Messages name the field itself (the validator receives the attribute).
    """
    return attrs.field(default=None, validator=_OPTIONAL_STR)


def optional_sid_field() -> Any:
    """Like :func:`optional_str_field` for a SID: white space and control characters are refused
    (see :func:`~twilio_jwt.checks.check_optional_sid`)."""
    return attrs.field(default=None, validator=_OPTIONAL_SID)


_OPTIONAL_STR = validator(check_optional_str)
_OPTIONAL_SID = validator(check_optional_sid)
#: The ``extra_fields`` of a grant built by its constructor (declared inline: mypy's attrs plugin reads only that).
NO_EXTRA_FIELDS: Mapping[str, Any] = MappingProxyType({})


def keep_extra_fields(grant: G, extra: Mapping[str, Any]) -> G:
    """``grant`` holding ``extra`` (checked to encode as JSON) as its read-only ``extra_fields``."""
    if extra:
        check_json("payload", extra)  # a payload built by hand, not decoded, must still encode
        object.__setattr__(grant, "extra_fields", MappingProxyType(dict(extra)))
    return grant


def attrs_repr(instance: Any) -> str:
    """The ``repr`` attrs would write for ``instance``'s class, from its fields, with no code compiled."""
    shown = ", ".join(f"{name}={show(getattr(instance, name))}" for name, show in _fields(instance.__class__)[2])
    return f"{type(instance).__qualname__.rsplit('>.', 1)[-1]}({shown})"


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, Any], ...]]:
    """The names attrs' ``__eq__`` and ``__hash__`` compare, and the fields its ``__repr__`` shows."""
    fields = attrs.fields(cls)
    hashed = tuple(f.name for f in fields if f.hash or (f.hash is None and f.eq))
    shown = tuple((f.name, repr if f.repr is True else f.repr) for f in fields if f.repr)
    return tuple(f.name for f in fields if f.eq), hashed, shown


class ValueGrant(Grant):
    """A grant whose ``repr``, equality and hash come from its attrs fields, as attrs would write them.

    attrs compiles a ``__repr__``, ``__eq__`` and ``__hash__`` for each class it builds;
    every process that looks up a grant builds every installed grant class, so the
    first-party ones are declared ``@attrs.frozen(repr=False, eq=False)`` and share
    these three, written once. A subclass decorated with plain ``@attrs.frozen`` gets
    attrs' own, which behave the same.
    """

    __slots__ = ()

    __repr__ = attrs_repr

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = _fields(type(self))[0]
        return [getattr(self, name) for name in names] == [getattr(other, name) for name in names]

    def __hash__(self) -> int:
        return hash((type(self), *(getattr(self, name) for name in _fields(type(self))[1])))


@attrs.frozen(repr=False, eq=False)
class FieldGrant(ValueGrant):
    """A grant whose payload is its non-empty str fields under their own names.

    Video, chat, sync and TaskRouter grants are all of this shape, and so are most
    third-party grants: declare fields with :func:`optional_str_field` and set ``key``.

    Decoding is forward compatible: Twilio adds grant fields over time, so a field of a
    decoded payload that the class does not declare is kept, read-only, in
    :attr:`extra_fields` and written back unchanged by :meth:`to_payload` (after the
    declared ones). Minting accepts only the declared fields: ``extra_fields`` is no
    constructor parameter, and ``attrs.evolve`` starts without it.
    """

    #: Fields a decoded payload carried that this class does not declare, in their order.
    extra_fields: Mapping[str, Any] = attrs.field(init=False, default=NO_EXTRA_FIELDS, hash=False, repr=False)

    def to_payload(self) -> dict[str, Any]:
        payload = {name: value for name in _field_names(type(self)) if (value := getattr(self, name))}
        if self.extra_fields:
            payload.update(self.extra_fields)
        return payload

    @classmethod
    def from_payload(cls: type[G], payload: Mapping[str, Any]) -> G:
        if payload.__class__ is not dict and not isinstance(payload, Mapping):  # a dict, when decoded: checked first
            raise InvalidParameterTypeError("payload", f"expected a mapping, got {type_name(payload)}")
        if _field_set(cls).issuperset(payload):  # the usual payload: nothing undeclared to keep
            return cls(**payload)
        names = _field_names(cls)
        grant = cls(**{name: payload[name] for name in names if name in payload})
        return keep_extra_fields(grant, {name: value for name, value in payload.items() if name not in names})


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    """The declared fields a payload holds: every constructor field (so not ``extra_fields``)."""
    return tuple(field.name for field in attrs.fields(cls) if field.init)


@functools.cache
def _field_set(cls: type) -> frozenset[str]:
    return frozenset(_field_names(cls))


def check_grant_key(parameter: str, value: object) -> str:
    """A key under ``grants``: a non-empty str other than ``identity``, which holds the token's identity.

    A grant stored under ``identity`` would replace the identity in the minted token.
    """
    key = check_required_str(parameter, value)
    if key == "identity":
        raise InvalidParameterError(parameter, "'identity' is not a grant key: it holds the token's identity")
    return key


def grant_key_of(grant: Grant) -> str:
    """The key a grant is stored under (a raw grant remembers its own), checked: a third-party
    grant class could have any ``key``."""
    cls = grant.__class__
    if RawGrant in cls.__mro__:  # not isinstance: its ABC hook is a Python call
        return grant.grant_key  # type: ignore[attr-defined,no-any-return]
    key = getattr(cls, "key", None)
    return key if key.__class__ is str and key and key != "identity" else check_grant_key("grant.key", key)


@attrs.frozen(repr=False, eq=False)
class RawGrant(ValueGrant):
    """A grant whose plugin is not installed, kept as the payload that was decoded.

    It re-encodes to exactly the same JSON, so decoding and re-minting a token never
    loses a grant just because this process lacks its plugin.
    """

    grant_key: str = attrs.field(validator=validator(check_grant_key))
    payload: Any = attrs.field(validator=validator(check_json))

    key: ClassVar[str] = "raw"

    def to_payload(self) -> Any:
        return self.payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> RawGrant:
        check_mapping("payload", payload)
        return cls("raw", payload)
