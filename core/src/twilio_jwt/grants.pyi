# For type checkers only: at run time ``twilio_jwt.grants`` finds each class through the
# plugin host, so core never imports a plugin. A plugin that is not installed makes its
# names ``Any`` here (mypy cannot follow the import), as does any third-party grant name.
from typing import Any

from twilio_jwt_chat import ChatGrant as ChatGrant
from twilio_jwt_playback import PlaybackGrant as PlaybackGrant
from twilio_jwt_sync import SyncGrant as SyncGrant
from twilio_jwt_task_router import TaskRouterGrant as TaskRouterGrant
from twilio_jwt_video import VideoGrant as VideoGrant
from twilio_jwt_voice import VoiceGrant as VoiceGrant

def __getattr__(name: str) -> Any: ...
def __dir__() -> list[str]: ...
