"""``twilio-jwt plugins``: what is installed, what it provides, and what failed."""

from __future__ import annotations

import argparse
import json
import warnings
from typing import Any

from twilio_jwt.active import default_host
from twilio_jwt.cli.common import add_epilog
from twilio_jwt.records import PluginLoadWarning, describe

NAME = "plugins"
HELP = "list the loaded plugins, what each provides, and any that failed to load"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    add_epilog(
        parser,
        """
  twilio-jwt plugins
  twilio-jwt plugins --json
  TWILIO_JWT_LOAD_PLUGINS=voice,hmac twilio-jwt plugins
""",
    )


def report() -> dict[str, Any]:
    """The plugin report as plain data (what ``--json`` prints)."""
    host = default_host()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginLoadWarning)  # reported below instead
        registry = host.registry
    return {
        "plugins": [
            {
                "name": r.name,
                "distribution": r.distribution,
                "version": r.version,
                "grants": list(r.grant_keys),
                "scopes": list(r.scope_names),
                "algorithms": list(r.algorithm_names),
            }
            for r in host.records
        ],
        "failed": [
            {"name": f.name, "distribution": f.distribution, "version": f.version, "stage": f.stage, "reason": f.reason}
            for f in host.failures
        ],
        "conflicts": [c.describe() for c in registry.conflicts.values()],
        "disabled": list(host.disabled),
    }


def run(args: argparse.Namespace) -> int:
    data = report()
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    for plugin in data["plugins"]:
        provides = [
            f"{label}: {', '.join(items)}"
            for label, items in (
                ("grants", plugin["grants"]),
                ("scopes", plugin["scopes"]),
                ("algorithms", plugin["algorithms"]),
            )
            if items
        ]
        dist = f"{plugin['distribution']} {plugin['version']}" if plugin["distribution"] else "no distribution"
        print(f"{plugin['name']:<14} {dist:<32} {'; '.join(provides) or 'nothing'}")
    if not data["plugins"]:
        print("no plugins loaded")
    for failure in data["failed"]:
        where = describe(failure["name"], failure["distribution"], failure["version"])
        print(f"FAILED {where} at {failure['stage']}: {failure['reason']}")
    for conflict in data["conflicts"]:
        print(f"CONFLICT {conflict}")
    for name in data["disabled"]:
        print(f"disabled {name}")
    return 0
