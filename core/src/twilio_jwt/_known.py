"""Which first-party distribution provides which name.

Core never imports a plugin, but when a name is asked for whose plugin is missing
it can still say what to install.
"""

from __future__ import annotations

_PLUGINS: dict[str, tuple[str, ...]] = {
    "twilio-jwt-voice": ("VoiceGrant", "voice", "IncomingClientScope", "OutgoingClientScope", "EventStreamScope"),
    "twilio-jwt-video": ("VideoGrant", "video"),
    "twilio-jwt-chat": ("ChatGrant", "chat"),
    "twilio-jwt-sync": ("SyncGrant", "data_sync"),
    "twilio-jwt-playback": ("PlaybackGrant", "player"),
    "twilio-jwt-task-router": (
        "TaskRouterGrant",
        "task_router",
        "TaskRouterCapability",
        "WorkerCapability",
        "TaskQueueCapability",
        "WorkspaceCapability",
    ),
    "twilio-jwt-hmac": ("HS256", "HS384", "HS512"),
    "twilio-jwt-rsa": ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"),
}

#: Grant class names, grant keys, scope class names and algorithm names -> distribution.
DISTRIBUTION_FOR: dict[str, str] = {name: dist for dist, names in _PLUGINS.items() for name in names}
