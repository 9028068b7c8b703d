"""What the plugin host knows about each plugin: one record per loaded plugin, failures and conflicts.

The host keeps its own record of every plugin instead of reading pluggy's private
attributes, so ``twilio-jwt plugins`` and error messages can name the plugin, its
distribution and version, and the registries are built from the records alone.
They are plain :class:`Value` classes rather than attrs classes or named tuples: every
process that mints a token defines them, and both of those generate and compile code
for each class (about a quarter of a millisecond each, here), a plain class none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twilio_jwt.algorithm import SigningAlgorithm
    from twilio_jwt.grant import Grant
    from twilio_jwt.scope import Scope


class Value:
    """Equality, hash and ``repr`` from ``__slots__``, and no assignment after ``__init__`` (as attrs' frozen)."""

    __slots__: tuple[str, ...] = ()

    def __init__(self, *values: object) -> None:
        for name, value in zip(self.__slots__, values, strict=True):
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self.__slots__)})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    __delattr__ = __setattr__  # type: ignore[assignment]


class PluginLoadWarning(UserWarning):
    """A plugin failed to load or misbehaved; the others were loaded anyway."""


def describe(name: str, distribution: str | None, version: str | None) -> str:
    """``voice (twilio-jwt-voice 1.0.0)``, or just the name for a plugin with no distribution."""
    return f"{name} (no distribution)" if distribution is None else f"{name} ({distribution} {version or '?'})"


class PluginRecord(Value):
    """A loaded plugin and what its hooks returned."""

    __slots__ = ("name", "distribution", "version", "grants", "scopes", "algorithms")  # noqa: RUF023 - in constructor order
    name: str
    distribution: str | None
    version: str | None
    grants: tuple[type[Grant], ...]
    scopes: tuple[type[Scope], ...]
    algorithms: tuple[SigningAlgorithm, ...]

    @property
    def grant_keys(self) -> tuple[str, ...]:
        return tuple(grant.key for grant in self.grants)

    @property
    def scope_names(self) -> tuple[str, ...]:
        return tuple(scope.__name__ for scope in self.scopes)

    @property
    def algorithm_names(self) -> tuple[str, ...]:
        return tuple(algorithm.name for algorithm in self.algorithms)

    def offers(self) -> Iterator[tuple[str, str, Any]]:
        """``(kind, name, item)`` for everything the plugin provides, keyed as the registries are."""
        yield from (("grant key", grant.key, grant) for grant in self.grants)
        yield from (("scope", scope.__name__, scope) for scope in self.scopes)
        yield from (("algorithm", algorithm.name, algorithm) for algorithm in self.algorithms)

    def describe(self) -> str:
        return describe(self.name, self.distribution, self.version)


class PluginFailure(Value):
    """A plugin that could not be used, and why (stage: import, register, hook, collision)."""

    __slots__ = ("name", "distribution", "version", "stage", "reason")  # noqa: RUF023 - in constructor order
    name: str
    distribution: str | None
    version: str | None
    stage: str
    reason: str

    def describe(self) -> str:
        return f"plugin {describe(self.name, self.distribution, self.version)} failed at {self.stage}: {self.reason}"


class Conflict(Value):
    """One name offered by several plugins with no choice made between them."""

    __slots__ = ("kind", "name", "providers", "reason")
    kind: str
    name: str
    providers: tuple[PluginRecord, ...]
    reason: str | None

    def describe(self) -> str:
        if self.reason is not None:
            return f"{self.kind} {self.name!r} is unusable: {self.reason}"
        offered = f"{self.kind} {self.name!r} is offered by {' and '.join(p.describe() for p in self.providers)}"
        if self.kind == "algorithm":
            return f"{offered}; choose one with TWILIO_JWT_ALGORITHM_BACKENDS='{self.name}=<plugin>'"
        return f"{offered}; uninstall or disable one (TWILIO_JWT_DISABLE_PLUGINS)"
