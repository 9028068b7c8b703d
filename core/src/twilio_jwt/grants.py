"""Grant classes by name, from whichever installed plugin provides them.

``from twilio_jwt.grants import VoiceGrant`` works whenever ``twilio-jwt-voice`` is
installed; when it is not, the ``ImportError`` says which distribution to install.
The plugin packages export the same classes (``from twilio_jwt_voice import
VoiceGrant``) for code that wants static types.
"""

from __future__ import annotations

from twilio_jwt.grant import Grant
from twilio_jwt.host import default_host


def __getattr__(name: str) -> type[Grant]:
    if name.startswith("__"):
        raise AttributeError(name)
    return default_host().grant_class(name)


def __dir__() -> list[str]:
    return sorted(default_host().registry.grant_classes)
