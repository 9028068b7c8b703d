"""Every token type and its algorithm allow-list, kept safe from plugins.

Each token type owns the algorithms it accepts: ``ALGORITHMS``, ``DEFAULT_ALGORITHM``
and ``DECODING`` (whose ``algorithms`` decoding pins PyJWT to). A plugin runs
arbitrary code when it is imported or its hooks are called, so nothing but this guard
stops one from appending ``"none"`` or ``"RS256"`` to ``AccessToken.ALGORITHMS``. The
plugin host calls :func:`rebase` before it loads plugins and :func:`restore_changed`
after each one: a change is put back and the plugin reported (and not used).

Token types register themselves when they are defined (:func:`guard`, and every
:class:`~twilio_jwt.capability.CapabilityToken` subclass automatically) instead of
being listed here, because ``ValidationToken`` is imported lazily and
``TaskRouterCapability`` lives in a plugin: a snapshot taken at definition is taken
before any plugin could have touched the class, even one that imports it first.
"""

from __future__ import annotations

import copy
import threading
import weakref
from typing import TypeVar

__all__ = ["GUARDED", "guard", "token_types", "rebase", "restore_changed"]

#: The class attributes that decide which algorithms a token type signs and accepts.
GUARDED = ("ALGORITHMS", "DEFAULT_ALGORITHM", "DECODING")

C = TypeVar("C", bound=type)

_ABSENT = object()  # the attribute is inherited, not set on the class itself
_lock = threading.Lock()
# class -> {attribute: (the object set on the class, a copy of it)}. Weak keys: attrs replaces a
# class by a slotted copy, and the first one may be registered too.
_SNAPSHOTS: weakref.WeakKeyDictionary[type, dict[str, tuple[object, object]]] = weakref.WeakKeyDictionary()


def _read(cls: type) -> dict[str, tuple[object, object]]:
    return {name: _pair(vars(cls).get(name, _ABSENT)) for name in GUARDED}


def _pair(value: object) -> tuple[object, object]:
    # The copy tells a frozen object changed in place (object.__setattr__) from its snapshot.
    return value, copy.copy(value)


def guard(cls: C) -> C:
    """Register a token type with its allow-list as it is now (use as a class decorator)."""
    with _lock:
        _SNAPSHOTS[cls] = _read(cls)
    return cls


def token_types() -> list[type]:
    """Every registered token type, by name (core's, and the ones plugins defined so far).

    The classes attrs threw away when it made their slotted copies are left out.
    """
    with _lock:
        return sorted((cls for cls in _SNAPSHOTS if "__attrs_attrs__" in vars(cls)), key=lambda cls: cls.__qualname__)


def rebase() -> None:
    """Take the current allow-lists as the reference (what the application set before plugins load)."""
    with _lock:
        for cls in list(_SNAPSHOTS):
            _SNAPSHOTS[cls] = _read(cls)


def restore_changed() -> list[str]:
    """Put back every guarded attribute that changed since its reference; their names, sorted.

    Changed means another object (even an equal one: nobody has a reason to set these)
    or the same object changed in place. Names read ``"AccessToken.ALGORITHMS"``.
    """
    changed: list[str] = []
    with _lock:
        for cls, snapshot in list(_SNAPSHOTS.items()):
            for name, (original, saved) in snapshot.items():
                current = vars(cls).get(name, _ABSENT)
                if current is original and (current is _ABSENT or current == saved):
                    continue
                changed.append(f"{cls.__qualname__}.{name}")
                if original is _ABSENT:
                    delattr(cls, name)
                else:
                    snapshot[name] = _pair(copy.copy(saved))
                    setattr(cls, name, snapshot[name][0])
    return sorted(changed)
