"""The TaskRouter plugin's command line: ``twilio-jwt mint taskrouter`` and how ``decode`` shows policies.

Imported only when the ``twilio-jwt`` program asks for it (through the
``twilio_jwt_cli_commands`` and ``twilio_jwt_claim_views`` hooks), never when a token
is minted. By default the token starts with the ready-made defaults of its channel
kind (twilio-python's ``WorkerCapabilityToken`` and friends), adjusted with
``--allow`` / ``--deny``; ``--bare`` starts with no policy.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from twilio_jwt.cli.commands import ClaimView, Command, UsageError, add_epilog, credential, options_for
from twilio_jwt_task_router.capability import TaskRouterCapability
from twilio_jwt_task_router.urls import CHANNEL_PREFIXES

__all__ = ["COMMAND", "POLICIES_VIEW"]

HELP = "mint a TaskRouter capability token for a worker, task queue or workspace"

#: The capability's parameters -> the option (and variable) the user typed.
OPTIONS = {
    "account_sid": "--account-sid/TWILIO_ACCOUNT_SID",
    "auth_token": "--auth-token/TWILIO_AUTH_TOKEN",
    "workspace_sid": "--workspace-sid",
    "channel_id": "--channel",
    "worker_sid": "--channel",
    "task_queue_sid": "--channel",
    "ttl": "--ttl",
    "friendly_name": "--friendly-name",
}

#: Worker conveniences: option destination -> TaskRouterCapability method.
_WORKER_OPTIONS = {
    "worker_activity_updates": "allow_worker_activity_updates",
    "worker_fetch_reservations": "allow_worker_fetch_reservations",
    "worker_reservations_update": "allow_worker_reservations_update",
}


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--account-sid", help="Account SID (AC...); default $TWILIO_ACCOUNT_SID")
    parser.add_argument(
        "--auth-token", help="the account's auth token; default $TWILIO_AUTH_TOKEN (prefer the variable)"
    )
    parser.add_argument("--workspace-sid", required=True, help="the TaskRouter workspace (WS...)")
    parser.add_argument(
        "--channel", metavar="WK...|WQ...|WS...", help="a worker, task queue or the workspace (default: the workspace)"
    )
    parser.add_argument("--friendly-name", help="a friendly_name claim")
    parser.add_argument("--ttl", type=int, default=3600, help="lifetime in seconds (1..86400, default 3600)")
    parser.add_argument("--bare", action="store_true", help="start with no policy instead of the ready-made defaults")
    parser.add_argument(
        "--allow", action="append", default=[], metavar="SWITCH", help="turn a ready-made switch on, e.g. update_self"
    )
    parser.add_argument(
        "--deny", action="append", default=[], metavar="SWITCH", help="turn a ready-made switch off, e.g. web_sockets"
    )
    for option, method in _WORKER_OPTIONS.items():
        parser.add_argument(f"--{option.replace('_', '-')}", action="store_true", help=f"worker channels: {method}()")
    add_epilog(
        parser,
        """
  export TWILIO_ACCOUNT_SID=AC00000000000000000000000000000000 TWILIO_AUTH_TOKEN=your_auth_token
  twilio-jwt mint taskrouter --workspace-sid WS00000000000000000000000000000000 \\
      --channel WK00000000000000000000000000000000 --allow update_activities --allow update_reservations
  twilio-jwt mint taskrouter --workspace-sid WS00000000000000000000000000000000 \\
      --channel WQ00000000000000000000000000000000 --deny web_sockets --ttl 600
  twilio-jwt mint taskrouter --workspace-sid WS00000000000000000000000000000000   # the workspace's own token
  twilio-jwt mint taskrouter --workspace-sid WS00000000000000000000000000000000 \\
      --channel WK00000000000000000000000000000000 --bare --worker-fetch-reservations

switches (as twilio-python's allow_* keywords; on by default: web_sockets, fetch_self, and for
workers fetch_activities, fetch_reservations, fetch_worker_reservations):
  web_sockets fetch_self update_self delete_self fetch_subresources update_subresources
  delete_subresources; workers also: fetch_activities fetch_reservations
  fetch_worker_reservations update_activities update_reservations
""",
    )


def _switches(cls: Any, allow: list[str], deny: list[str]) -> dict[str, bool]:
    """``--allow``/``--deny`` words as the ready-made class's ``allow_*`` keywords."""
    chosen: dict[str, bool] = {}
    for option, words, value in (("--allow", allow, True), ("--deny", deny, False)):
        for word in words:
            name = word if word.startswith("allow_") else f"allow_{word.replace('-', '_')}"
            if name not in cls.SWITCHES:
                known = " ".join(switch.removeprefix("allow_") for switch in cls.SWITCHES)
                raise UsageError(f"{option}: {word!r} is not a switch of {cls.__name__} (choose from: {known})")
            chosen[name] = value
    return chosen


def _run(args: argparse.Namespace) -> int:
    with options_for(OPTIONS):
        return _mint(args)


def _mint(args: argparse.Namespace) -> int:
    from twilio_jwt_task_router import ready_made

    workspace_sid = args.workspace_sid
    channel = args.channel or workspace_sid
    if not channel.startswith(CHANNEL_PREFIXES):
        raise UsageError("--channel expects a worker (WK...), task queue (WQ...) or workspace (WS...) SID")
    for option in _WORKER_OPTIONS:
        if getattr(args, option) and not channel.startswith("WK"):
            raise UsageError(f"--{option.replace('_', '-')} needs a worker channel (--channel WK...)")
    credentials = (
        credential(args.account_sid, "TWILIO_ACCOUNT_SID", "--account-sid"),
        credential(args.auth_token, "TWILIO_AUTH_TOKEN", "--auth-token"),
        workspace_sid,
    )
    options: dict[str, Any] = {"ttl": args.ttl, "friendly_name": args.friendly_name}
    cls: Any  # the ready-made classes differ in how they take their channel
    capability: TaskRouterCapability
    if args.bare:
        if args.allow or args.deny:
            raise UsageError("--allow and --deny change the ready-made defaults; they do not go with --bare")
        capability = TaskRouterCapability(*credentials, channel, **options)
    elif channel.startswith("WS"):
        if channel != workspace_sid:
            raise UsageError("a workspace channel is the workspace itself: leave --channel out, or use --bare")
        cls = ready_made.WorkspaceCapability
        capability = cls(*credentials, **options, **_switches(cls, args.allow, args.deny))
    else:
        cls = ready_made.WorkerCapability if channel.startswith("WK") else ready_made.TaskQueueCapability
        capability = cls(*credentials, channel, **options, **_switches(cls, args.allow, args.deny))
    for option, method in _WORKER_OPTIONS.items():
        if getattr(args, option):
            getattr(capability, method)()
    print(capability.to_jwt())
    return 0


def _policy(policy: Any) -> str:
    """``allow  POST  https://...  post_filter {...}``: one policy on one line."""
    if not isinstance(policy, dict):
        return _text(policy)
    verdict = "allow" if policy.get("allow") is True else "DENY "
    text = f"{verdict}  {_text(policy.get('method')):<6}  {_text(policy.get('url'))}"
    extra = [
        f"{name} {_text(value)}" for name, value in policy.items() if name not in ("allow", "method", "url") and value
    ]
    return "  ".join([text, *extra])


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _policies(value: Any) -> list[tuple[str, str]] | None:
    """The ``policies`` claim as ``[index]  allow  GET  url`` rows; ``None`` when it is no list."""
    if not isinstance(value, list):
        return None
    return [(f"[{index}]", _policy(policy)) for index, policy in enumerate(value)]


COMMAND = Command("taskrouter", HELP, _add_arguments, _run)
POLICIES_VIEW = ClaimView(TaskRouterCapability.DECODING.name, "policies", _policies)
