"""The TaskRouter resource URLs that policies grant access to (contract section 4).

The same helpers as twilio-node's ``taskrouter/util``: each builds on the one above it,
an omitted (``None`` or ``""``) trailing SID gives the list URL, and ``"**"`` in place
of a SID is a wildcard (``.../Tasks/**``). Every SID must be one path segment, so a
value holding ``/``, ``?``, ``#`` or white space is refused rather than widening what
the policy grants.
"""

from __future__ import annotations

import re

from twilio_jwt.checks import check_optional_str, check_sid
from twilio_jwt.errors import InvalidParameterError

__all__ = [
    "TASKROUTER_BASE_URL",
    "EVENT_BRIDGE_BASE_URL",
    "DEFAULT_VERSION",
    "CHANNEL_PREFIXES",
    "check_version",
    "workspaces_url",
    "task_queues_url",
    "tasks_url",
    "activities_url",
    "workers_url",
    "reservations_url",
    "build_workspace_url",
    "event_bridge_url",
]

TASKROUTER_BASE_URL = "https://taskrouter.twilio.com"
EVENT_BRIDGE_BASE_URL = "https://event-bridge.twilio.com/v1/wschannels"
DEFAULT_VERSION = "v1"
#: A TaskRouter capability's channel is a worker, a task queue or a whole workspace.
CHANNEL_PREFIXES = ("WK", "WQ", "WS")

_NOT_IN_SEGMENT = re.compile(r"[/?#\s\x00-\x1f\x7f]")


def _segment(parameter: str, value: object, *, required: bool = False) -> str | None:
    """One path segment; ``None``/``""`` is absent (an error when ``required``)."""
    text = check_optional_str(parameter, value)
    if not text:
        if required:
            raise InvalidParameterError(parameter, "is required and must be a non-empty str")
        return None
    if _NOT_IN_SEGMENT.search(text):
        raise InvalidParameterError(
            parameter, "must be one URL path segment (no '/', '?', '#', white space or control characters)"
        )
    return text


def check_version(parameter: str, value: object) -> str:
    """The API version segment; ``None`` or ``""`` mean ``v1``."""
    return _segment(parameter, value) or DEFAULT_VERSION


def _join(*parts: str | None) -> str:
    return "/".join(part for part in parts if part)


def workspaces_url(workspace_sid: str | None = None, *, version: str = DEFAULT_VERSION) -> str:
    """``https://taskrouter.twilio.com/v1/Workspaces`` or ``.../Workspaces/{workspace_sid}``."""
    version = check_version("version", version)
    return _join(TASKROUTER_BASE_URL, version, "Workspaces", _segment("workspace_sid", workspace_sid))


def _in_workspace(workspace_sid: str, collection: str, *parts: str | None, version: str) -> str:
    base = workspaces_url(_segment("workspace_sid", workspace_sid, required=True), version=version)
    return _join(base, collection, *parts)


def task_queues_url(workspace_sid: str, task_queue_sid: str | None = None, *, version: str = DEFAULT_VERSION) -> str:
    """``.../Workspaces/{ws}/TaskQueues`` or ``.../TaskQueues/{task_queue_sid}``."""
    return _in_workspace(workspace_sid, "TaskQueues", _segment("task_queue_sid", task_queue_sid), version=version)


def tasks_url(workspace_sid: str, task_sid: str | None = None, *, version: str = DEFAULT_VERSION) -> str:
    """``.../Workspaces/{ws}/Tasks`` or ``.../Tasks/{task_sid}`` (``"**"``: every task)."""
    return _in_workspace(workspace_sid, "Tasks", _segment("task_sid", task_sid), version=version)


def activities_url(workspace_sid: str, activity_sid: str | None = None, *, version: str = DEFAULT_VERSION) -> str:
    """``.../Workspaces/{ws}/Activities`` or ``.../Activities/{activity_sid}``."""
    return _in_workspace(workspace_sid, "Activities", _segment("activity_sid", activity_sid), version=version)


def workers_url(workspace_sid: str, worker_sid: str | None = None, *, version: str = DEFAULT_VERSION) -> str:
    """``.../Workspaces/{ws}/Workers`` or ``.../Workers/{worker_sid}``."""
    return _in_workspace(workspace_sid, "Workers", _segment("worker_sid", worker_sid), version=version)


def reservations_url(
    workspace_sid: str, worker_sid: str, reservation_sid: str | None = None, *, version: str = DEFAULT_VERSION
) -> str:
    """``.../Workers/{worker_sid}/Reservations`` or ``.../Reservations/{reservation_sid}``."""
    worker = _segment("worker_sid", worker_sid, required=True)
    reservation = _segment("reservation_sid", reservation_sid)
    return _in_workspace(workspace_sid, "Workers", worker, "Reservations", reservation, version=version)


def build_workspace_url(account_sid: str, workspace_sid: str, channel_id: str, version: str = DEFAULT_VERSION) -> str:
    """The channel's own resource: its worker, its task queue, or (``WS`` channel) the workspace.

    ``account_sid`` is not part of the URL; it is checked (``AC...``) so that arguments
    passed in the wrong order fail loudly, and kept for twilio-node's signature.
    """
    check_sid("account_sid", account_sid, "AC")
    channel = check_sid("channel_id", channel_id, *CHANNEL_PREFIXES)
    if channel.startswith("WK"):
        return workers_url(workspace_sid, channel, version=version)
    if channel.startswith("WQ"):
        return task_queues_url(workspace_sid, channel, version=version)
    return workspaces_url(_segment("workspace_sid", workspace_sid, required=True), version=version)


def event_bridge_url(account_sid: str, channel_id: str) -> str:
    """``https://event-bridge.twilio.com/v1/wschannels/{account_sid}/{channel_id}``: the channel's websocket."""
    account = check_sid("account_sid", account_sid, "AC")
    channel = check_sid("channel_id", channel_id, *CHANNEL_PREFIXES)
    return _join(EVENT_BRIDGE_BASE_URL, _segment("account_sid", account), _segment("channel_id", channel))
