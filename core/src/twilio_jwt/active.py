"""The plugin host that tokens use when they are not given one.

It is created on first use from the installed entry points and the environment.
Tests and embedders can swap it for a host built from explicit plugin objects with
:func:`use_host`, without touching global installation state.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from twilio_jwt.host import PluginHost

__all__ = ["default_host", "set_default_host", "use_host"]

_lock = threading.Lock()
_host: PluginHost | None = None


def default_host() -> PluginHost:
    """The process-wide host (created lazily; plugins load on its first look-up)."""
    host = _host
    if host is None:
        with _lock:
            host = _host if _host is not None else _replace(PluginHost())
    return host


def _replace(host: PluginHost | None) -> PluginHost:
    global _host
    _host = host
    return host  # type: ignore[return-value]


def set_default_host(host: PluginHost | None) -> None:
    """Replace the process-wide host; ``None`` makes the next use rediscover plugins."""
    with _lock:
        _replace(host)


@contextmanager
def use_host(host: PluginHost) -> Iterator[PluginHost]:
    """Make ``host`` the default inside a ``with`` block, restoring the previous one after."""
    with _lock:
        previous = _host
        _replace(host)
    try:
        yield host
    finally:
        with _lock:
            _replace(previous)
