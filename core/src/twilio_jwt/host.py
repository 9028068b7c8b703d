"""The plugin host: finds plugins, loads each in isolation and builds the registries.

pluggy's ``load_setuptools_entrypoints`` is not used: one broken plugin would stop
every plugin after it, and a second distribution with the same entry-point name would
vanish silently. Instead the host reads the entry points once, sorts them so the
result does not depend on install order, loads each inside its own ``try``, calls
each plugin's hooks separately (so a hook that raises or returns nonsense is pinned
on its plugin), and builds plain dict registries. Everything happens once, lazily,
under a lock; after that, minting a token is dict look-ups with no hook call and no
``importlib.metadata`` access.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs
import pluggy

from twilio_jwt.algorithm import SigningAlgorithm
from twilio_jwt.checks import type_name
from twilio_jwt.discovery import find_entry_points
from twilio_jwt.errors import (
    InvalidParameterError,
    InvalidParameterTypeError,
    MissingPluginError,
    PluginConflictError,
    PluginError,
)
from twilio_jwt.grant import Grant
from twilio_jwt.hookspecs import PROJECT_NAME, Spec
from twilio_jwt.known import DISTRIBUTION_FOR
from twilio_jwt.records import Conflict, PluginFailure, PluginLoadWarning, PluginRecord
from twilio_jwt.scope import Scope

__all__ = [
    "ENV_LOAD",
    "ENV_DISABLE",
    "ENV_STRICT",
    "ENV_BACKENDS",
    "Registry",
    "PluginHost",
    "check_host",
    "parse_backends",
]

ENV_LOAD = "TWILIO_JWT_LOAD_PLUGINS"
ENV_DISABLE = "TWILIO_JWT_DISABLE_PLUGINS"
ENV_STRICT = "TWILIO_JWT_STRICT_PLUGINS"
ENV_BACKENDS = "TWILIO_JWT_ALGORITHM_BACKENDS"

_KINDS = ("grant key", "scope", "algorithm")

T = TypeVar("T")


@attrs.frozen
class Registry:
    """What the loaded plugins provide, keyed for look-up."""

    grants: Mapping[str, type[Grant]]
    grant_classes: Mapping[str, type[Grant]]
    scope_classes: Mapping[str, type[Scope]]
    algorithms: Mapping[str, SigningAlgorithm]
    conflicts: Mapping[tuple[str, str], Conflict]
    providers: Mapping[tuple[str, str], PluginRecord]
    #: Algorithm name -> the plugin chosen for it (``algorithm_backends=`` or ``TWILIO_JWT_ALGORITHM_BACKENDS``).
    chosen: Mapping[str, str] = attrs.field(factory=dict)
    #: Class name of a grant whose key is conflicted -> that conflict, so asking for the
    #: class by name reports the conflict instead of "not installed".
    grant_class_conflicts: Mapping[str, Conflict] = attrs.field(factory=dict)


@attrs.frozen
class _Candidate:
    """A plugin not yet loaded: its name, where it comes from and how to get it."""

    name: str
    distribution: str | None
    version: str | None
    load: Callable[[], object]


def parse_backends(text: str) -> dict[str, str]:
    """``"HS256=kms,RS256=rsa"`` -> ``{"HS256": "kms", "RS256": "rsa"}``."""
    chosen: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        algorithm, sep, plugin = (piece.strip() for piece in item.partition("="))
        if not sep or not algorithm or not plugin:
            raise InvalidParameterError(
                ENV_BACKENDS, f"expected ALGORITHM=PLUGIN items separated by commas, got {item!r}"
            )
        chosen[algorithm] = plugin
    return chosen


def _names(text: str | None) -> frozenset[str] | None:
    if text is None:
        return None
    return frozenset(filter(None, (part.strip() for part in text.split(","))))


def _truthy(text: str | None) -> bool:
    return (text or "").strip().lower() in {"1", "true", "yes", "on"}


class PluginHost:
    """Loads plugins and answers "which class or algorithm provides X".

    ``PluginHost()`` discovers plugins through entry points in group ``twilio_jwt`` and
    reads the ``TWILIO_JWT_*`` environment variables. ``PluginHost(plugins=[...])``
    uses exactly the given plugin objects (modules or instances with ``@hookimpl``
    functions), no entry points and no environment, which is how tests and embedders
    avoid global state. Nothing happens until the first look-up.
    """

    def __init__(
        self,
        plugins: Iterable[object] | Mapping[str, object] | None = None,
        *,
        entry_points: bool | None = None,
        environ: Mapping[str, str] | None = None,
        strict: bool | None = None,
        algorithm_backends: Mapping[str, str] | None = None,
    ) -> None:
        explicit = dict(plugins) if isinstance(plugins, Mapping) else _by_name(plugins or ())
        self._explicit = explicit
        self._use_entry_points = (plugins is None) if entry_points is None else entry_points
        if environ is None:
            environ = os.environ if self._use_entry_points else {}
        self._environ = environ
        self._strict = _truthy(environ.get(ENV_STRICT)) if strict is None else strict
        self._backends_arg = algorithm_backends
        self._lock = threading.Lock()
        self._registry: Registry | None = None
        self._records: tuple[PluginRecord, ...] = ()
        self._failures: tuple[PluginFailure, ...] = ()
        self._disabled: tuple[str, ...] = ()
        self._manager: pluggy.PluginManager | None = None

    # -- state -------------------------------------------------------------------------

    @property
    def registry(self) -> Registry:
        """The registries, loading the plugins on first use."""
        registry = self._registry
        return registry if registry is not None else self.load()

    @property
    def records(self) -> tuple[PluginRecord, ...]:
        """Every plugin that loaded, in load order."""
        self.load()
        return self._records

    @property
    def failures(self) -> tuple[PluginFailure, ...]:
        """Every plugin that could not be used, with the reason."""
        self.load()
        return self._failures

    @property
    def disabled(self) -> tuple[str, ...]:
        """Plugins found but not loaded because the environment said so."""
        self.load()
        return self._disabled

    @property
    def manager(self) -> pluggy.PluginManager:
        """The underlying pluggy manager (for embedders that add their own hooks)."""
        self.load()
        assert self._manager is not None
        return self._manager

    # -- look-ups ------------------------------------------------------------------------

    def grant_type(self, key: str) -> type[Grant]:
        """The grant class stored under ``grants[key]``."""
        return self._lookup("grant key", key, self.registry.grants)

    def grant_class(self, name: str) -> type[Grant]:
        """A grant class by its class name (``"VoiceGrant"``)."""
        return self._lookup("grant class", name, self.registry.grant_classes)

    def scope_class(self, name: str) -> type[Scope]:
        """A scope class by its class name (``"IncomingClientScope"``)."""
        return self._lookup("scope", name, self.registry.scope_classes)

    def algorithm(self, name: str) -> SigningAlgorithm:
        """The signing backend for an algorithm name (``"HS256"``)."""
        return self._lookup("algorithm", name, self.registry.algorithms)

    def _lookup(self, kind: str, name: str, table: Mapping[str, T]) -> T:
        found = table.get(name)
        if found is not None:
            return found
        registry = self.registry
        if kind == "grant class":
            conflict = registry.grant_class_conflicts.get(name)
        else:
            conflict = registry.conflicts.get((kind, name))
        if conflict is not None:
            raise PluginConflictError(conflict.describe())
        distribution = DISTRIBUTION_FOR.get(name)
        where = f"; install {distribution}" if distribution else ""
        if distribution and self._disabled:
            where += f" (or check {ENV_LOAD}/{ENV_DISABLE}: disabled here: {', '.join(self._disabled)})"
        raise MissingPluginError(f"no installed twilio-jwt plugin provides the {kind} {name!r}{where}")

    # -- loading -------------------------------------------------------------------------

    def load(self) -> Registry:
        """Load every plugin once (thread-safe) and return the registries."""
        with self._lock:
            if self._registry is None:
                self._registry = self._load()
            return self._registry

    def _load(self) -> Registry:
        manager = pluggy.PluginManager(PROJECT_NAME)
        manager.add_hookspecs(Spec)
        failures: list[PluginFailure] = []
        candidates = self._candidates(failures)
        wanted = _names(self._environ.get(ENV_LOAD))
        blocked = _names(self._environ.get(ENV_DISABLE)) or frozenset()
        records: list[_Loaded] = []
        disabled: list[str] = []
        for candidate in candidates:
            if (wanted is not None and candidate.name not in wanted) or candidate.name in blocked:
                manager.set_blocked(candidate.name)
                disabled.append(candidate.name)
                continue
            loaded = self._load_one(manager, candidate, failures)
            if loaded is not None:
                records.append(loaded)
        manager.check_pending()
        registry = self._build_registry(records, failures)
        self._manager = manager
        self._records = tuple(loaded.record for loaded in records)
        self._disabled = tuple(disabled)
        self._failures = tuple(failures)
        problems = [f.describe() for f in failures] + [c.describe() for c in registry.conflicts.values()]
        if self._strict and problems:
            raise PluginError(f"{ENV_STRICT} is set and plugin loading had problems:\n  " + "\n  ".join(problems))
        for problem in problems:
            warnings.warn(problem, PluginLoadWarning, stacklevel=4)
        return registry

    def _candidates(self, failures: list[PluginFailure]) -> list[_Candidate]:
        candidates = [_Candidate(name, None, None, _constant(plugin)) for name, plugin in self._explicit.items()]
        if self._use_entry_points:
            found = [_Candidate(*entry) for entry in find_entry_points(PROJECT_NAME)]
            found.sort(key=lambda c: (c.name, c.distribution or ""))
            taken = {c.name: c for c in candidates}
            for candidate in found:
                first = taken.get(candidate.name)
                if first is None:
                    taken[candidate.name] = candidate
                    candidates.append(candidate)
                elif first.distribution != candidate.distribution:
                    failures.append(
                        _failure(
                            candidate,
                            "collision",
                            f"entry point name {candidate.name!r} is also used by "
                            f"{first.distribution or 'an explicit plugin'}; only that one was loaded",
                        )
                    )
        return candidates

    def _load_one(
        self, manager: pluggy.PluginManager, candidate: _Candidate, failures: list[PluginFailure]
    ) -> _Loaded | None:
        stage = "import"
        plugin: object = None
        provided: tuple[list[Any], ...] | None = None
        try:
            plugin = candidate.load()
            stage = "register"
            manager.register(plugin, name=candidate.name)
            try:
                manager.check_pending()
            except pluggy.PluginValidationError:
                manager.unregister(plugin)
                raise
            stage = "hook"
            provided = _contributions(manager, plugin)
        except Exception as exc:  # noqa: BLE001 - isolation is the point: any failure is recorded
            if stage == "hook":
                manager.unregister(plugin)
            failures.append(_failure(candidate, stage, f"{type(exc).__name__}: {exc}"))
        if provided is None:
            return None
        grants, scopes, algorithms = provided
        record = PluginRecord(
            candidate.name,
            candidate.distribution,
            candidate.version,
            tuple(g.key for g in grants),
            tuple(s.__name__ for s in scopes),
            tuple(a.name for a in algorithms),
        )
        return _Loaded(
            record,
            tuple((g.key, g) for g in grants),
            tuple((s.__name__, s) for s in scopes),
            tuple((a.name, a) for a in algorithms),
        )

    def _build_registry(self, loaded: list[_Loaded], failures: list[PluginFailure]) -> Registry:
        offers: dict[tuple[str, str], list[tuple[PluginRecord, Any]]] = {}
        for plugin in loaded:
            for kind, items in zip(_KINDS, (plugin.grants, plugin.scopes, plugin.algorithms), strict=True):
                for name, item in items:
                    offers.setdefault((kind, name), []).append((plugin.record, item))
        chosen = (
            dict(self._backends_arg)
            if self._backends_arg is not None
            else parse_backends(self._environ.get(ENV_BACKENDS, ""))
        )
        tables: dict[str, dict[str, Any]] = {kind: {} for kind in _KINDS}
        providers: dict[tuple[str, str], PluginRecord] = {}
        conflicts = {
            ("algorithm", name): Conflict("algorithm", name, (), f"the chosen backend {pick!r} is not loaded")
            for name, pick in chosen.items()
            if not any(record.name == pick for record, _ in offers.get(("algorithm", name), ()))
        }
        for (kind, name), offered in offers.items():
            if (kind, name) in conflicts:
                continue
            if kind == "algorithm" and name in chosen:
                offered = [offer for offer in offered if offer[0].name == chosen[name]]
            if len(offered) > 1:
                conflicts[(kind, name)] = Conflict(kind, name, tuple(record for record, _ in offered))
                continue
            record, item = offered[0]
            tables[kind][name] = item
            providers[(kind, name)] = record
        grants = tables["grant key"]
        class_conflicts = {
            cls.__name__: conflict
            for (kind, name), conflict in conflicts.items()
            if kind == "grant key"
            for _, cls in offers[(kind, name)]
        }
        return Registry(
            grants=grants,
            grant_classes={cls.__name__: cls for cls in grants.values()},
            scope_classes=tables["scope"],
            algorithms=tables["algorithm"],
            conflicts=conflicts,
            providers=providers,
            grant_class_conflicts=class_conflicts,
            chosen=chosen,
        )


def check_host(value: object) -> PluginHost | None:
    """Every token type's ``host``: a :class:`PluginHost`, or ``None`` for the default one.

    Checked when the token is built, so a wrong object is an error naming ``host`` there,
    not an ``AttributeError`` from deep inside the first ``to_jwt()``.
    """
    if value is not None and not isinstance(value, PluginHost):
        raise InvalidParameterTypeError("host", f"expected a twilio_jwt PluginHost or None, got {type_name(value)}")
    return value


@attrs.frozen
class _Loaded:
    """A plugin that loaded, with the (name, item) pairs it offers of each kind."""

    record: PluginRecord
    grants: tuple[tuple[str, type[Grant]], ...]
    scopes: tuple[tuple[str, type[Scope]], ...]
    algorithms: tuple[tuple[str, SigningAlgorithm], ...]


def _constant(plugin: object) -> Callable[[], object]:
    """A loader for a plugin object that is already in hand."""
    return lambda: plugin


def _plugin_name(plugin: object) -> str:
    name = getattr(plugin, "__name__", None) or type(plugin).__name__
    return str(name)


def _by_name(plugins: Iterable[object]) -> dict[str, object]:
    """Name explicit plugins; two with one name would silently drop the first, so refuse them."""
    named: dict[str, object] = {}
    for plugin in plugins:
        name = _plugin_name(plugin)
        if name in named:
            raise InvalidParameterError("plugins", f"two plugins are named {name!r}; pass a mapping of names")
        named[name] = plugin
    return named


def _failure(candidate: _Candidate, stage: str, reason: str) -> PluginFailure:
    return PluginFailure(candidate.name, candidate.distribution, candidate.version, stage, reason)


def _items(hook: str, result: object, check: Callable[[Any], str]) -> list[Any]:
    if not isinstance(result, (list, tuple)):
        raise TypeError(f"{hook} must return a list, got {type(result).__name__}")
    names = [check(item) for item in result]
    if len(set(names)) != len(names):
        raise ValueError(f"{hook} returned the same name twice: {sorted(names)}")
    return list(result)


def _grant_name(item: Any) -> str:
    if not (isinstance(item, type) and issubclass(item, Grant)):
        raise TypeError(f"twilio_jwt_grant_types returned {item!r}, which is not a Grant subclass")
    key = getattr(item, "key", None)
    if not isinstance(key, str) or not key:
        raise TypeError(f"grant class {item.__name__} has no str key")
    return key


def _scope_name(item: Any) -> str:
    if not (isinstance(item, type) and issubclass(item, Scope)):
        raise TypeError(f"twilio_jwt_scope_types returned {item!r}, which is not a Scope subclass")
    return item.__name__


def _algorithm_name(item: Any) -> str:
    name = getattr(item, "name", None)
    if not isinstance(name, str) or not name:
        raise TypeError(f"twilio_jwt_signing_algorithms returned {item!r}, which has no str name")
    if name.strip().lower() == "none":
        raise ValueError(f"an algorithm named {name[:10]!r} is refused: 'none' means an unsigned token")
    for method in ("prepare_key", "sign", "verify"):
        if not callable(getattr(item, method, None)):
            raise TypeError(f"algorithm {name} has no {method}() method")
    return name


_HOOKS: tuple[tuple[str, Callable[[Any], str]], ...] = (
    ("twilio_jwt_grant_types", _grant_name),
    ("twilio_jwt_scope_types", _scope_name),
    ("twilio_jwt_signing_algorithms", _algorithm_name),
)


def _contributions(manager: pluggy.PluginManager, plugin: object) -> tuple[list[Any], ...]:
    """Call one plugin's own hook implementations and check what they return."""
    provided: list[list[Any]] = []
    for hook, check in _HOOKS:
        items: list[Any] = []
        for impl in getattr(manager.hook, hook).get_hookimpls():
            if impl.plugin is plugin:
                items.extend(_items(hook, impl.function(), check))
        provided.append(items)
    return tuple(provided)
