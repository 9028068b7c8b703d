# For type checkers only: at run time ``twilio_jwt.scopes`` finds each class through the
# plugin host, so core never imports a plugin. A plugin that is not installed makes its
# names ``Any`` here (mypy cannot follow the import), as does any third-party scope name.
from typing import Any

from twilio_jwt_voice import EventStreamScope as EventStreamScope
from twilio_jwt_voice import IncomingClientScope as IncomingClientScope
from twilio_jwt_voice import OutgoingClientScope as OutgoingClientScope

def __getattr__(name: str) -> Any: ...
def __dir__() -> list[str]: ...
