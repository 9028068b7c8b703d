"""Collect what the loaded plugins add to the command line, and say why a command is missing.

The command-line hooks are called only here, when the program runs, never when a
token is minted. Each plugin's implementation is called on its own through pluggy
(a subset hook caller), so a result is pinned on the plugin that returned it: a
plugin whose hook raises or returns something else is named in one warning line on
stderr and left out, and every other command keeps working.
"""

from __future__ import annotations

import sys
from typing import Any, TypeVar

from twilio_jwt._records import PluginRecord
from twilio_jwt.cli.commands import FIRST_PARTY
from twilio_jwt.host import ENV_DISABLE, ENV_LOAD, PluginHost

__all__ = ["collect", "not_usable", "why_missing"]

T = TypeVar("T")


def collect(host: PluginHost, hook: str, kind: type[T]) -> list[tuple[PluginRecord, T]]:
    """Every ``kind`` item the loaded plugins return from ``hook``, with the plugin that returned it."""
    manager = host.manager
    everyone = [plugin for _, plugin in manager.list_name_plugin() if plugin is not None]
    found: list[tuple[PluginRecord, T]] = []
    for record in host.records:
        mine = manager.get_plugin(record.name)
        if mine is None:
            continue
        caller = manager.subset_hook_caller(hook, remove_plugins=[p for p in everyone if p is not mine])
        try:
            results: list[Any] = caller()
            items = [item for result in results for item in result]
            wrong = [item for item in items if not isinstance(item, kind)]
            if wrong:
                raise TypeError(f"returned {wrong[0]!r}, which is not a {kind.__name__}")
        except Exception as exc:  # noqa: BLE001 - one broken plugin must not take the whole command line down
            print(f"twilio-jwt: warning: plugin {record.describe()}: {hook}: {exc}", file=sys.stderr)
            continue
        found += [(record, item) for item in items]
    return found


def why_missing(host: PluginHost, name: str) -> str | None:
    """Why ``twilio-jwt mint NAME`` of a first-party plugin is not there; ``None`` for other names."""
    if name not in FIRST_PARTY:
        return None
    plugin, distribution = FIRST_PARTY[name]
    command = f"twilio-jwt mint {name}"
    unusable = not_usable(host, plugin, distribution, command)
    if unusable is not None:
        return unusable
    if any(record.name == plugin for record in host.records):
        return f"{command}: the {plugin} plugin is loaded but does not offer this command (is it an older version?)"
    return f"{command} needs the {plugin} plugin; install {distribution}"


def not_usable(host: PluginHost, plugin: str, distribution: str, what: str) -> str | None:
    """Why an installed ``plugin`` cannot give ``what`` (a command, ``--grant NAME``): disabled or failed."""
    if plugin in host.disabled:
        return f"{what}: the {plugin} plugin ({distribution}) is installed but disabled here ({ENV_LOAD}/{ENV_DISABLE})"
    failed = next((failure for failure in host.failures if failure.name == plugin), None)
    return None if failed is None else f"{what}: {failed.describe()}"
