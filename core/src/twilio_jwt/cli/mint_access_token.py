"""``twilio-jwt mint access-token``."""

from __future__ import annotations

import argparse
from typing import Any

from twilio_jwt.access_token import AccessToken
from twilio_jwt.cli.common import UsageError, add_epilog, credential, parse_assignment
from twilio_jwt.grant import Grant
from twilio_jwt.host import default_host
from twilio_jwt.known import DISTRIBUTION_FOR

NAME = "access-token"
HELP = "mint an access token for the Voice, Video, Chat, Sync, Playback or TaskRouter SDKs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--account-sid", help="Account SID (AC...); default $TWILIO_ACCOUNT_SID")
    parser.add_argument("--api-key", help="API key SID (SK...); default $TWILIO_API_KEY")
    parser.add_argument("--api-secret", help="API key secret; default $TWILIO_API_SECRET (prefer the variable)")
    parser.add_argument("--identity", required=True, help="the user's identity")
    parser.add_argument(
        "--grant",
        action="append",
        default=[],
        metavar="PLUGIN[:FIELD=VALUE,...]",
        help="add a grant, e.g. voice:incoming_allow=true or video:room=r1 (repeatable)",
    )
    parser.add_argument("--ttl", type=int, default=3600, help="lifetime in seconds (1..86400, default 3600)")
    parser.add_argument("--nbf", type=int, help="not-before time, epoch seconds")
    parser.add_argument("--region", help="Twilio region for the twr header, e.g. us1")
    parser.add_argument("--algorithm", default="HS256", help="HS256 (default), HS384 or HS512")
    add_epilog(
        parser,
        """
  export TWILIO_ACCOUNT_SID=AC... TWILIO_API_KEY=SK... TWILIO_API_SECRET=...
  twilio-jwt mint access-token --identity alice --grant voice:incoming_allow=true
  twilio-jwt mint access-token --identity alice --grant video:room=r1 --ttl 600 --region us1
  twilio-jwt mint access-token --identity bob \\
      --grant 'voice:outgoing_application_sid=AP123,outgoing_application_params={"to":"+15550100"}'
""",
    )


def parse_grant(text: str) -> Grant:
    """``voice:incoming_allow=true,endpoint_id=x`` -> a grant from the installed plugins."""
    plugin, _, fields_text = text.partition(":")
    cls = grant_class_for(plugin.strip())
    fields: dict[str, Any] = {}
    for item in _split_fields(fields_text):
        name, value = parse_assignment(item, f"--grant {plugin}")
        fields[name] = value
    try:
        return cls(**fields)
    except TypeError as exc:
        if "unexpected keyword" in str(exc):
            raise UsageError(f"--grant {plugin}: unknown field ({exc})") from None
        raise


def grant_class_for(name: str) -> type[Grant]:
    """A grant class by grant key (``data_sync``) or by plugin name (``sync``)."""
    host = default_host()
    registry = host.registry
    if name in registry.grants or ("grant key", name) in registry.conflicts:
        return host.grant_type(name)  # a conflicted key raises PluginConflictError naming both plugins
    for record in host.records:
        if record.name == name and len(record.grant_keys) == 1:
            return host.grant_type(record.grant_keys[0])
    known = sorted({r.name for r in host.records if r.grant_keys} | set(registry.grants))
    return host.grant_type(name) if not known else _unknown(name, known)


def _unknown(name: str, known: list[str]) -> type[Grant]:
    first_party = {*DISTRIBUTION_FOR.values()}
    dist = DISTRIBUTION_FOR.get(name) or f"twilio-jwt-{name.replace('_', '-')}"
    hint = f"; install {dist}" if dist in first_party else ""
    raise UsageError(
        f"--grant: no installed plugin provides a grant called {name!r}{hint} (installed: {', '.join(known)})"
    )


def _split_fields(text: str) -> list[str]:
    """Split on commas that are not inside a JSON value."""
    items, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(text[start:index])
            start = index + 1
    items.append(text[start:])
    return [item for item in items if item.strip()]


def run(args: argparse.Namespace) -> int:
    token = AccessToken(
        credential(args.account_sid, "TWILIO_ACCOUNT_SID", "--account-sid"),
        credential(args.api_key, "TWILIO_API_KEY", "--api-key"),
        credential(args.api_secret, "TWILIO_API_SECRET", "--api-secret"),
        identity=args.identity,
        ttl=args.ttl,
        nbf=args.nbf,
        region=args.region,
    )
    for text in args.grant:
        token.add_grant(parse_grant(text))
    print(token.to_jwt(args.algorithm))
    return 0
