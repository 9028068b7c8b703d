"""What the plugin host knows about each plugin: records, failures and conflicts.

The host keeps its own record of every plugin instead of reading pluggy's private
attributes, so ``twilio-jwt plugins`` and error messages can name the plugin, its
distribution and version.
"""

from __future__ import annotations

import attrs

__all__ = ["PluginRecord", "PluginFailure", "Conflict", "PluginLoadWarning", "describe"]


class PluginLoadWarning(UserWarning):
    """A plugin failed to load or misbehaved; the others were loaded anyway."""


def describe(name: str, distribution: str | None, version: str | None) -> str:
    """``voice (twilio-jwt-voice 1.0.0)``, or just the name for a plugin with no distribution."""
    if distribution is None:
        return f"{name} (no distribution)"
    return f"{name} ({distribution} {version or '?'})"


@attrs.frozen
class PluginRecord:
    """A loaded plugin and what it provides."""

    name: str
    distribution: str | None
    version: str | None
    grant_keys: tuple[str, ...] = ()
    scope_names: tuple[str, ...] = ()
    algorithm_names: tuple[str, ...] = ()

    def describe(self) -> str:
        return describe(self.name, self.distribution, self.version)


@attrs.frozen
class PluginFailure:
    """A plugin that could not be used, and why (stage: import, register, hook, collision)."""

    name: str
    distribution: str | None
    version: str | None
    stage: str
    reason: str

    def describe(self) -> str:
        return f"plugin {describe(self.name, self.distribution, self.version)} failed at {self.stage}: {self.reason}"


@attrs.frozen
class Conflict:
    """One name offered by several plugins with no choice made between them."""

    kind: str
    name: str
    providers: tuple[PluginRecord, ...]
    reason: str | None = None

    def describe(self) -> str:
        if self.reason is not None:
            return f"{self.kind} {self.name!r} is unusable: {self.reason}"
        names = " and ".join(p.describe() for p in self.providers)
        hint = (
            f"; choose one with TWILIO_JWT_ALGORITHM_BACKENDS='{self.name}=<plugin>'"
            if self.kind == "algorithm"
            else "; uninstall or disable one (TWILIO_JWT_DISABLE_PLUGINS)"
        )
        return f"{self.kind} {self.name!r} is offered by {names}{hint}"
