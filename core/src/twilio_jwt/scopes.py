"""Client-capability scope classes by name, from whichever installed plugin provides them.

``from twilio_jwt.scopes import IncomingClientScope`` works whenever the plugin that
provides it (``twilio-jwt-voice``) is installed; otherwise the ``ImportError`` says
which distribution to install.
"""

from __future__ import annotations

from twilio_jwt.host import default_host
from twilio_jwt.scope import Scope


def __getattr__(name: str) -> type[Scope]:
    if name.startswith("__"):
        raise AttributeError(name)
    return default_host().scope_class(name)


def __dir__() -> list[str]:
    return sorted(default_host().registry.scope_classes)
