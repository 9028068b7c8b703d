"""``twilio-jwt plugins``: what is installed, what it provides, which plugin signs each algorithm, and what failed.

Exits 1 when it reports a failed plugin or a conflict, so a deployment check can run it.
"""

from __future__ import annotations

import argparse
import json
import warnings
from typing import Any

from twilio_jwt._records import PluginLoadWarning, describe
from twilio_jwt.cli.common import add_epilog
from twilio_jwt.host import ENV_BACKENDS, default_host

NAME = "plugins"
HELP = "list the loaded plugins, what each provides, which signs each algorithm, and any that failed to load"


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
        # The one backend that signs and verifies each algorithm (conflicted ones are listed below instead).
        "algorithms": {
            name: {
                "plugin": r.name,
                "distribution": r.distribution,
                "version": r.version,
                "chosen": registry.chosen.get(name) == r.name,
            }
            for (kind, name), r in sorted(registry.providers.items())
            if kind == "algorithm"
        },
        "conflicts": [c.describe() for c in registry.conflicts.values()],
        "disabled": list(host.disabled),
    }


def run(args: argparse.Namespace) -> int:
    data = report()
    status = 1 if data["failed"] or data["conflicts"] else 0
    if args.json:
        print(json.dumps(data, indent=2))
        return status
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
    for name, signer in data["algorithms"].items():
        how = f", chosen by {ENV_BACKENDS}" if signer["chosen"] else ""
        where = describe(signer["plugin"], signer["distribution"], signer["version"])
        print(f"algorithm {name} is signed and verified by {where}{how}")
    for failure in data["failed"]:
        where = describe(failure["name"], failure["distribution"], failure["version"])
        print(f"FAILED {where} at {failure['stage']}: {failure['reason']}")
    for conflict in data["conflicts"]:
        print(f"CONFLICT {conflict}")
    for name in data["disabled"]:
        print(f"disabled {name}")
    return status
