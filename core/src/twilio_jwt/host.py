"""The plugin host: finds plugins, loads each in isolation and builds the registries.

Plugins are trusted code (see ``docs/security.md (Plugins)``): the host isolates their
failures, not their intentions. pluggy's ``load_setuptools_entrypoints`` is not used:
one broken plugin would stop every plugin after it, and a second distribution with the
same entry-point name would vanish silently. Instead the host takes discovery's entry
points sorted (so the result does not depend on install order), loads and registers
each inside its own ``try``, and calls each plugin's implementations of a hook on their
own, so a hook that raises or returns nonsense is pinned on its plugin. From the records
of the plugins that loaded it builds plain dict registries.
Everything happens once, lazily, under a lock, and each kind of hook (grant types,
scope types, algorithms) is called only when its kind is first looked up, so a plugin
that imports its classes inside the hook costs a process nothing it does not use; after
that, minting a token is dict look-ups with no hook call and no metadata access.

One plugin signs and verifies each algorithm: the only one offering it, or, when several
do, the one named in ``algorithm_backends=`` / ``TWILIO_JWT_ALGORITHM_BACKENDS``; until
one is named the algorithm is a conflict and unusable.
"""

from __future__ import annotations

import os
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from types import FunctionType, MethodType, ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import pluggy

from twilio_jwt._discovery import Found, find_entry_points
from twilio_jwt._records import Conflict, PluginFailure, PluginLoadWarning, PluginRecord, Value
from twilio_jwt.algorithm import SigningAlgorithm
from twilio_jwt.checks import type_name
from twilio_jwt.errors import (
    InvalidParameterError,
    InvalidParameterTypeError,
    MissingPluginError,
    PluginConflictError,
    PluginError,
)
from twilio_jwt.grant import Grant
from twilio_jwt.hookspecs import PROJECT_NAME, Spec

if TYPE_CHECKING:
    from twilio_jwt.scope import Scope

__all__ = ["PluginHost", "Registry", "by_name", "check_host", "default_host", "set_default_host", "use_host"]

ENV_LOAD = "TWILIO_JWT_LOAD_PLUGINS"
ENV_DISABLE = "TWILIO_JWT_DISABLE_PLUGINS"
ENV_STRICT = "TWILIO_JWT_STRICT_PLUGINS"
ENV_BACKENDS = "TWILIO_JWT_ALGORITHM_BACKENDS"

T = TypeVar("T")


class Registry(Value):
    """What the loaded plugins provide, keyed for look-up, and who provides it."""

    __slots__ = (  # noqa: RUF023 - in constructor order
        "grants",
        "grant_classes",
        "scope_classes",
        "algorithms",
        "conflicts",
        "providers",
        "chosen",
        "lookup",
        "records",
        "failures",
        "disabled",
    )
    grants: Mapping[str, type[Grant]]
    grant_classes: Mapping[str, type[Grant]]
    scope_classes: Mapping[str, type[Scope]]
    algorithms: Mapping[str, SigningAlgorithm]
    conflicts: Mapping[tuple[str, str], Conflict]
    providers: Mapping[tuple[str, str], PluginRecord]
    #: Algorithm name -> the plugin chosen for it (``algorithm_backends=`` or the variable).
    chosen: Mapping[str, str]
    #: (kind, name) -> what a look-up finds: the item, or the conflict that makes it unusable.
    #: Kinds: "grant key", "grant class" (a grant's class name), "scope", "algorithm".
    lookup: Mapping[tuple[str, str], Any]
    #: Every plugin that loaded (in load order), every one that could not be used, every one disabled.
    records: tuple[PluginRecord, ...]
    failures: tuple[PluginFailure, ...]
    disabled: tuple[str, ...]


def _parse_backends(text: str) -> dict[str, str]:
    """``"HS256=kms,RS256=rsa"`` -> ``{"HS256": "kms", "RS256": "rsa"}``."""
    chosen: dict[str, str] = {}
    for item in _names(text) or ():
        algorithm, sep, plugin = (piece.strip() for piece in item.partition("="))
        if not sep or not algorithm or not plugin:
            raise InvalidParameterError(
                ENV_BACKENDS, f"expected ALGORITHM=PLUGIN items separated by commas, got {item!r}"
            )
        chosen[algorithm] = plugin
    return chosen


def _names(text: str | None) -> list[str] | None:
    return None if text is None else [part.strip() for part in text.split(",") if part.strip()]


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
        self._explicit = dict(plugins) if isinstance(plugins, Mapping) else _by_name(plugins or ())
        self._use_entry_points = (plugins is None) if entry_points is None else entry_points
        if environ is None:
            environ = os.environ if self._use_entry_points else {}
        self._environ = environ
        #: Why loading is strict, for the error: the variable, or the argument.
        self._strict_because = f"{ENV_STRICT} is set" if strict is None else "PluginHost(strict=True)"
        if strict is None:
            strict = environ.get(ENV_STRICT, "").strip().lower() in {"1", "true", "yes", "on"}
        self._strict = strict
        self._backends = algorithm_backends
        self._lock = threading.Lock()
        #: The registries as far as the hooks called so far fill them, and those hooks' names.
        self._view: tuple[Registry, frozenset[str]] | None = None
        #: Set by the load (``None`` until then, and after a load that failed): the plugins
        #: registered and still usable, with their position in load order, and what went wrong.
        self._live: list[tuple[Found, object]] | None = None
        self._order: dict[tuple[str, str | None], int] = {}
        self._failures: list[PluginFailure] = []
        self._disabled: list[str] = []
        self._chosen: dict[str, str] = {}
        self._items: dict[str, dict[str, tuple[Any, ...]]] = {}  # hook -> plugin name -> what it returned
        self._warned: set[str] = set()
        self._manager: pluggy.PluginManager  # made by the load: a failed (strict) load leaves nothing behind

    @property
    def registry(self) -> Registry:
        """The registries, loading the plugins on first use."""
        return self.load()

    @property
    def records(self) -> tuple[PluginRecord, ...]:
        """Every plugin that loaded, in load order."""
        return self.registry.records

    @property
    def failures(self) -> tuple[PluginFailure, ...]:
        """Every plugin that could not be used, with the reason."""
        return self.registry.failures

    @property
    def disabled(self) -> tuple[str, ...]:
        """Plugins found but not loaded because the environment said so."""
        return self.registry.disabled

    @property
    def manager(self) -> pluggy.PluginManager:
        """The underlying pluggy manager (for embedders that add their own hooks)."""
        self.load()
        return self._manager

    def grant_for_key(self, key: str) -> type[Grant]:
        """The grant class stored under ``grants[key]``."""
        return self._lookup("twilio_jwt_grant_types", "grant key", key)  # type: ignore[no-any-return]

    def grant_named(self, name: str) -> type[Grant]:
        """A grant class by its class name (``"VoiceGrant"``)."""
        return self._lookup("twilio_jwt_grant_types", "grant class", name)  # type: ignore[no-any-return]

    def scope_named(self, name: str) -> type[Scope]:
        """A scope class by its class name (``"IncomingClientScope"``)."""
        return self._lookup("twilio_jwt_scope_types", "scope", name)  # type: ignore[no-any-return]

    def algorithm(self, name: str) -> SigningAlgorithm:
        """The signing backend for an algorithm name (``"HS256"``)."""
        return self._lookup("twilio_jwt_signing_algorithms", "algorithm", name)  # type: ignore[no-any-return]

    def _lookup(self, hook: str, kind: str, name: str) -> Any:
        view = self._view
        registry = view[0] if view is not None and hook in view[1] else self._registry_for((hook,))
        found = registry.lookup.get((kind, name))
        if isinstance(found, Conflict):
            raise PluginConflictError(found.describe())
        if found is not None:
            return found
        from twilio_jwt._known import DISTRIBUTION_FOR  # only a name no plugin provides needs it

        distribution = DISTRIBUTION_FOR.get(name)
        where = f"; install {distribution}" if distribution else ""
        if distribution and registry.disabled:
            where += f" (or check {ENV_LOAD}/{ENV_DISABLE}: disabled here: {', '.join(registry.disabled)})"
        raise MissingPluginError(f"no installed twilio-jwt plugin provides the {kind} {name!r}{where}")

    def load(self) -> Registry:
        """Load every plugin once (thread-safe), call every hook, and return the registries."""
        view = self._view
        return view[0] if view is not None and len(view[1]) == len(_HOOKS) else self._registry_for(tuple(_HOOKS))

    def _registry_for(self, hooks: tuple[str, ...]) -> Registry:
        """The registries as far as ``hooks`` (and those called before them) fill them.

        A look-up needs one kind of item: grant classes, scope classes or algorithms.
        Plugins are imported and registered once, but each hook is called on them only
        when its kind is first looked up, so minting an access token never imports a
        plugin's scope or capability modules. A plugin whose hook fails then is
        dropped from every kind, as in a full load. Strict mode loads everything at
        once: its promise is that any problem stops the first look-up.
        """
        with self._lock:
            view = self._view
            if view is not None and view[1].issuperset(hooks):
                return view[0]
            try:
                if self._live is None:
                    self._load()
                for hook in _HOOKS if self._strict else hooks:
                    self._hook(hook)
                records = [
                    PluginRecord(*found.where, *(self._items.get(hook, {}).get(found.name, ()) for hook in _HOOKS))
                    for found, _ in self._live or ()
                ]
                chosen = self._chosen if "twilio_jwt_signing_algorithms" in self._items else {}
                # Reported in load order whichever hook found them (collisions, found before any load, first).
                failures = sorted(self._failures, key=self._position)
                registry = _build(records, chosen, failures, self._disabled)
            except BaseException:
                self._live = None  # a failed load leaves nothing behind
                raise
            problems = [f.describe() for f in registry.failures] + [c.describe() for c in registry.conflicts.values()]
            if self._strict and problems:
                self._live = None
                because = self._strict_because
                raise PluginError(f"{because} and plugin loading had problems:\n  " + "\n  ".join(problems))
            for problem in problems:
                if problem not in self._warned:
                    self._warned.add(problem)
                    warnings.warn(problem, PluginLoadWarning, stacklevel=4)
            self._view = (registry, frozenset(self._items))
            return registry

    def _load(self) -> None:
        """Import and register every plugin (once per host); hooks are called by :meth:`_hook`."""
        backends = self._backends
        self._chosen = dict(backends) if backends is not None else _parse_backends(self._environ.get(ENV_BACKENDS, ""))
        self._manager = _Manager(PROJECT_NAME)
        self._manager.add_hookspecs(Spec)
        self._failures, self._disabled, self._items, self._warned = [], [], {}, set()
        wanted = _names(self._environ.get(ENV_LOAD))
        blocked = _names(self._environ.get(ENV_DISABLE)) or []
        candidates = self._candidates()
        self._order = {(found.name, found.distribution): position for position, found in enumerate(candidates)}
        live: list[tuple[Found, object]] = []
        for found in candidates:
            if (wanted is not None and found.name not in wanted) or found.name in blocked:
                self._manager.set_blocked(found.name)
                self._disabled.append(found.name)
            elif (plugin := self._register(found)) is not None:
                live.append((found, plugin))
        self._live = live

    def _hook(self, hook: str) -> None:
        """Call ``hook`` on every live plugin (once); a plugin whose hook fails is dropped from every kind."""
        if hook in self._items or self._live is None:
            return
        results: dict[str, tuple[Any, ...]] = {}
        impls = getattr(self._manager.hook, hook).get_hookimpls()
        for found, plugin in list(self._live):
            try:
                results[found.name] = _call(self._manager, plugin, hook, impls)
            except Exception as exc:  # noqa: BLE001 - isolation is the point: any failure is recorded
                self._manager.unregister(plugin)
                self._live.remove((found, plugin))
                for items in self._items.values():
                    items.pop(found.name, None)
                self._failed(found, "hook", exc)
        self._items[hook] = results

    def _position(self, failure: PluginFailure) -> tuple[bool, int]:
        return failure.stage != "collision", self._order.get((failure.name, failure.distribution), 0)

    def _failed(self, found: Found, stage: str, reason: Exception | str) -> None:
        if isinstance(reason, Exception):
            reason = f"{type(reason).__name__}: {reason}"
        self._failures.append(PluginFailure(*found.where, stage, reason))

    def _candidates(self) -> list[Found]:
        """Explicit plugins in the given order, then entry points by name; a second of one name is a collision."""
        candidates = [Found(name, None, None, _constant(plugin)) for name, plugin in self._explicit.items()]
        if self._use_entry_points:
            taken = {found.name: found for found in candidates}
            for found in sorted(find_entry_points(PROJECT_NAME), key=lambda f: (f.name, f.distribution or "")):
                first = taken.setdefault(found.name, found)
                if first is found:
                    candidates.append(found)
                elif first.distribution != found.distribution:
                    used = first.distribution or "an explicit plugin"
                    reason = f"entry point name {found.name!r} is also used by {used}; only that one was loaded"
                    self._failed(found, "collision", reason)
        return candidates

    def _register(self, found: Found) -> object | None:
        """Import and register one plugin; any failure is recorded, never raised."""
        manager, stage, plugin, registered = self._manager, "import", None, False
        try:
            plugin = found.load()
            stage = "register"
            registered = manager.register(plugin, name=found.name) is not None
            manager.check_pending()  # a hook no spec knows is this plugin's: the others passed before
            return plugin
        except Exception as exc:  # noqa: BLE001 - isolation is the point: any failure is recorded
            if registered:
                manager.unregister(plugin)
            self._failed(found, stage, exc)
            return None


class _Manager(pluggy.PluginManager):
    """pluggy's manager, told up front that what a module plugin holds other than functions is no hook.

    ``register`` looks at every name in ``dir(plugin)`` through ``inspect.getattr_static``
    (about a millisecond for the first-party plugins, in every process that mints);
    a module's attributes are its namespace, so anything there but a function or method
    is no hook either way, and pluggy decides the rest as usual.
    """

    def parse_hookimpl_opts(self, plugin: object, name: str) -> Any:
        if type(plugin) is ModuleType and not isinstance(vars(plugin).get(name), _HOOKABLE):
            return None
        return super().parse_hookimpl_opts(plugin, name)


_HOOKABLE = (FunctionType, MethodType, staticmethod, classmethod)


def _build(
    records: list[PluginRecord], chosen: Mapping[str, str], failures: list[PluginFailure], disabled: list[str]
) -> Registry:
    """The registries: each name offered once (or chosen among several) maps to its item, else to a conflict."""
    offers: dict[tuple[str, str], list[tuple[PluginRecord, Any]]] = {}
    for record in records:
        for kind, name, item in record.offers():
            offers.setdefault((kind, name), []).append((record, item))
    conflicts = {
        ("algorithm", name): Conflict("algorithm", name, (), f"the chosen backend {pick!r} is not loaded")
        for name, pick in chosen.items()
        if not any(record.name == pick for record, _ in offers.get(("algorithm", name), ()))
    }
    index: dict[tuple[str, str], Any] = dict(conflicts)
    providers: dict[tuple[str, str], PluginRecord] = {}
    for (kind, name), offered in offers.items():
        if (kind, name) in conflicts:
            continue
        if kind == "algorithm" and name in chosen:
            offered = [offer for offer in offered if offer[0].name == chosen[name]]
        if len(offered) > 1:
            index[(kind, name)] = conflicts[(kind, name)] = Conflict(kind, name, tuple(r for r, _ in offered), None)
        else:
            providers[(kind, name)], index[(kind, name)] = offered[0]
        if kind == "grant key":  # a grant class by name finds its class, or the conflict over its key
            index.update((("grant class", cls.__name__), index[(kind, name)]) for _, cls in offered)

    def table(kind: str) -> dict[str, Any]:
        return {name: item for (k, name), item in index.items() if k == kind and not isinstance(item, Conflict)}

    grants, classes, scopes, algorithms = (table(kind) for kind in ("grant key", "grant class", "scope", "algorithm"))
    loaded = (tuple(records), tuple(failures), tuple(disabled))
    return Registry(grants, classes, scopes, algorithms, conflicts, providers, chosen, index, *loaded)


def check_host(value: object) -> PluginHost | None:
    """Every token type's ``host``: a :class:`PluginHost`, or ``None`` for the default one.

    Checked when the token is built, so a wrong object is an error naming ``host`` there,
    not an ``AttributeError`` from deep inside the first ``to_jwt()``.
    """
    if value is not None and not isinstance(value, PluginHost):
        raise InvalidParameterTypeError("host", f"expected a twilio_jwt PluginHost or None, got {type_name(value)}")
    return value


def _constant(plugin: object) -> Callable[[], object]:
    """A loader for a plugin object that is already in hand."""
    return lambda: plugin


def _by_name(plugins: Iterable[object]) -> dict[str, object]:
    """Name explicit plugins; two with one name would silently drop the first, so refuse them."""
    named: dict[str, object] = {}
    for plugin in plugins:
        name = str(getattr(plugin, "__name__", None) or type(plugin).__name__)
        if name in named:
            raise InvalidParameterError("plugins", f"two plugins are named {name!r}; pass a mapping of names")
        named[name] = plugin
    return named


def _call(manager: pluggy.PluginManager, plugin: object, hook: str, impls: list[Any]) -> tuple[Any, ...]:
    """Call ``plugin``'s implementations of ``hook`` alone, as pluggy would, and check what they returned.

    ``impls`` are the hook's (``get_hookimpls()``, in pluggy's order: it calls them last
    first). Each plain implementation is called directly (``subset_hook_caller`` would
    build a caller per plugin per hook): the hooks take no arguments, and registering
    refused an implementation asking for one the spec lacks. A hook that gains arguments
    passes each implementation those in its ``argnames``, pluggy's rule. A wrapper still
    goes through pluggy, and a ``None`` result is no result.
    """
    mine = [impl for impl in reversed(impls) if impl.plugin is plugin]
    if any(impl.wrapper or impl.hookwrapper for impl in mine):
        results = manager.subset_hook_caller(hook, [other for other in manager.get_plugins() if other is not plugin])()
    else:
        results = [result for impl in mine if (result := impl.function()) is not None]
    items: list[Any] = []
    for result in results:
        if not isinstance(result, (list, tuple)):
            raise TypeError(f"{hook} must return a list, got {type(result).__name__}")
        items.extend(result)
    names = [_HOOKS[hook](item) for item in items]
    if len(set(names)) != len(names):
        raise ValueError(f"{hook} returned the same name twice: {sorted(names)}")
    return tuple(items)


def _grant_name(item: Any) -> str:
    if not (isinstance(item, type) and issubclass(item, Grant)):
        raise TypeError(f"twilio_jwt_grant_types returned {item!r}, which is not a Grant subclass")
    key = getattr(item, "key", None)
    if not isinstance(key, str) or not key:
        raise TypeError(f"grant class {item.__name__} has no str key")
    return _decorated("grant", item, key)


def _scope_name(item: Any) -> str:
    from twilio_jwt.scope import Scope  # only plugins that offer scopes need it

    if not (isinstance(item, type) and issubclass(item, Scope)):
        raise TypeError(f"twilio_jwt_scope_types returned {item!r}, which is not a Scope subclass")
    return _decorated("scope", item, item.__name__)


def _decorated(kind: str, cls: type, name: str) -> str:
    """A subclass of an attrs class (``FieldGrant``) that was not decorated itself would ignore its fields."""
    if attrs.has(cls) and "__attrs_attrs__" not in vars(cls):
        base = next(b for b in cls.__mro__[1:] if "__attrs_attrs__" in vars(b))
        raise TypeError(
            f"{kind} class {cls.__name__} subclasses the attrs class {base.__name__} but is not decorated "
            "itself: add @attrs.frozen, or its fields are ignored"
        )
    return name


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


#: Each hook and the check of every item it returns, in :class:`PluginRecord` field order.
_HOOKS: dict[str, Callable[[Any], str]] = {
    "twilio_jwt_grant_types": _grant_name,
    "twilio_jwt_scope_types": _scope_name,
    "twilio_jwt_signing_algorithms": _algorithm_name,
}


# -- the default host: what tokens use when they are given none --------------------------------------------------

_default_lock = threading.Lock()
_default: PluginHost | None = None
#: Module name -> the names :func:`by_name` stored on it, all from the current default host.
_stored: dict[str, set[str]] = {}


def default_host() -> PluginHost:
    """The process-wide host (created lazily; plugins load on its first look-up)."""
    host = _default
    if host is None:
        with _default_lock:
            host = _default or _switch(PluginHost())
    return host


def set_default_host(host: PluginHost | None) -> None:
    """Replace the process-wide host; ``None`` makes the next use rediscover plugins."""
    with _default_lock:
        _switch(host)


@contextmanager
def use_host(host: PluginHost) -> Iterator[PluginHost]:
    """Make ``host`` the default inside a ``with`` block, restoring the previous one after."""
    with _default_lock:
        previous = _default
        _switch(host)
    try:
        yield host
    finally:
        with _default_lock:
            _switch(previous)


def _switch(host: T) -> T:
    """Make ``host`` the default (under the lock), forgetting the names resolved through the old one."""
    global _default
    for module, names in _stored.items():
        namespace = vars(sys.modules[module])
        for name in names:
            namespace.pop(name, None)
        names.clear()
    _default = host  # type: ignore[assignment]
    return host


def by_name(
    module: str, look_up: Callable[[PluginHost, str], T], names: Callable[[Registry], Iterable[str]]
) -> tuple[Callable[[str], T], Callable[[], list[str]]]:
    """A module's ``__getattr__`` and ``__dir__`` (PEP 562) resolving names through the default host.

    ``twilio_jwt.grants`` and ``twilio_jwt.scopes`` are such modules. A resolved name is
    stored on the module, so the next ``from twilio_jwt.grants import VoiceGrant`` is a
    plain attribute read; changing the default host forgets the stored names.
    """
    stored = _stored.setdefault(module, set())

    def __getattr__(name: str) -> T:
        if name.startswith("__"):
            raise AttributeError(name)
        host = default_host()
        value = look_up(host, name)
        with _default_lock:
            if _default is host:  # not if the default changed meanwhile: that would store a stale name
                setattr(sys.modules[module], name, value)
                stored.add(name)
        return value

    def __dir__() -> list[str]:
        return sorted(names(default_host().registry))

    return __getattr__, __dir__
