"""Grant classes by name, from whichever installed plugin provides them.

``from twilio_jwt.grants import VoiceGrant`` works whenever ``twilio-jwt-voice`` is
installed; when it is not, the ``ImportError`` says which distribution to install.
The plugin packages export the same classes (``from twilio_jwt_voice import
VoiceGrant``) for code that wants static types. After the first time, a name is a
plain module attribute.
"""

from __future__ import annotations

from twilio_jwt.host import PluginHost, by_name

__getattr__, __dir__ = by_name(__name__, PluginHost.grant_named, lambda registry: registry.grant_classes)

#: No submodules, but a search path all the same: ``from twilio_jwt.grants import X`` looks up
#: ``__path__`` on every import statement, and on a module without one that look-up would
#: call ``__getattr__`` above and raise and drop an ``AttributeError`` each time. With it,
#: a name resolved once costs less to import than an attribute of a plain module.
__path__: list[str] = []
