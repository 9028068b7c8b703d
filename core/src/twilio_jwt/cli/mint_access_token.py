"""``twilio-jwt mint access-token``: an access token with grants from the installed plugins.

``--grant PLUGIN:FIELD=VALUE,...`` names a grant by its key (``data_sync``) or by its
plugin (``sync``, ``task-router`` or ``task_router``). A mistake is answered with what
to type instead: the grant's fields, ``true``/``false`` for a yes-or-no field, whether
the plugin is missing, disabled or broken.
"""

from __future__ import annotations

import argparse
import inspect
from typing import Any

import attrs

from twilio_jwt._known import DISTRIBUTION_FOR
from twilio_jwt.access_token import AccessToken
from twilio_jwt.cli.common import UsageError, add_epilog, credential, options_for, parse_assignment
from twilio_jwt.cli.contributed import not_usable
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError
from twilio_jwt.grant import Grant
from twilio_jwt.host import default_host

NAME = "access-token"
HELP = "mint an access token for the Voice, Video, Chat, Sync, Playback or TaskRouter SDKs"

#: AccessToken's parameters -> the option (and variable) the user typed.
OPTIONS = {
    "account_sid": "--account-sid/TWILIO_ACCOUNT_SID",
    "key_sid": "--api-key/TWILIO_API_KEY",
    "secret": "--api-secret/TWILIO_API_SECRET",
    "identity": "--identity",
    "ttl": "--ttl",
    "nbf": "--nbf",
    "region": "--region",
    "algorithm": "--algorithm",
}


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
  export TWILIO_ACCOUNT_SID=AC00000000000000000000000000000000 TWILIO_API_KEY=SK00000000000000000000000000000000
  export TWILIO_API_SECRET=your_api_secret
  twilio-jwt mint access-token --identity alice --grant voice:incoming_allow=true
  twilio-jwt mint access-token --identity alice --grant video:room=r1 --ttl 600 --region us1
  twilio-jwt mint access-token --identity bob \\
      --grant 'voice:outgoing_application_sid=AP00000000000000000000000000000000,outgoing_application_params={"to":"b"}'
""",
    )


def fields_of(cls: type[Grant]) -> list[str]:
    """The keyword arguments a grant class takes, in declaration order."""
    if attrs.has(cls):
        return [field.alias or field.name for field in attrs.fields(cls) if field.init]
    parameters = inspect.signature(cls).parameters.values()
    return [p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


def _is_bool(cls: type[Grant], name: str) -> bool:
    """True when the grant declares field ``name`` as a bool (its annotation says so)."""
    if not attrs.has(cls):
        return False
    field = next((f for f in attrs.fields(cls) if (f.alias or f.name) == name), None)
    return field is not None and "bool" in str(field.type)


def parse_grant(text: str) -> Grant:
    """``voice:incoming_allow=true,endpoint_id=x`` -> a grant from the installed plugins."""
    plugin, _, fields_text = text.partition(":")
    plugin = plugin.strip()
    cls = grant_class_for(plugin)
    option = f"--grant {plugin}"
    known = fields_of(cls)
    fields: dict[str, Any] = {}
    for item in _split_fields(fields_text):
        name, value = parse_assignment(item, option)
        if name not in known:
            raise UsageError(f"{option}: {cls.__name__} has no field {name!r} (its fields: {', '.join(known)})")
        if _is_bool(cls, name) and isinstance(value, str):
            if value.strip().lower() not in ("true", "false"):
                raise UsageError(f"{option}: {name} is true or false, got {value!r}")
            value = value.strip().lower() == "true"
        fields[name] = value
    try:
        return cls(**fields)
    except (InvalidParameterError, InvalidParameterTypeError) as exc:
        raise UsageError(f"{option}: {exc}") from None


def grant_class_for(name: str) -> type[Grant]:
    """A grant class by grant key (``data_sync``) or by plugin name (``sync``, ``task-router``)."""
    host = default_host()
    registry = host.registry
    for candidate in dict.fromkeys((name, name.replace("-", "_"))):
        if candidate in registry.grants or ("grant key", candidate) in registry.conflicts:
            return host.grant_for_key(candidate)  # a conflicted key raises PluginConflictError naming both plugins
        for record in host.records:
            if record.name == candidate and len(record.grant_keys) == 1:
                return host.grant_for_key(record.grant_keys[0])
    raise UsageError(_unavailable(name.replace("-", "_")))


def _unavailable(name: str) -> str:
    """Why no grant ``name`` is here: the plugin is disabled, broken, not installed, or unknown."""
    host = default_host()
    distribution = DISTRIBUTION_FOR.get(name) or f"twilio-jwt-{name.replace('_', '-')}"
    plugin = distribution.removeprefix("twilio-jwt-").replace("-", "_")
    known = sorted({r.name for r in host.records if r.grant_keys} | set(host.registry.grants))
    installed = f" (installed: {', '.join(known)})" if known else ""
    unusable = not_usable(host, plugin, distribution, f"--grant {name}")
    if unusable is not None:
        return unusable
    hint = f"; install {distribution}" if distribution in DISTRIBUTION_FOR.values() else ""
    return f"--grant: no installed plugin provides a grant called {name!r}{hint}{installed}"


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
    with options_for(OPTIONS):
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
    with options_for(OPTIONS):
        print(token.to_jwt(args.algorithm))
    return 0
