"""``twilio-jwt decode``: what a token says, which plugin reads each grant, and whether it holds.

Without a key the token is only decoded, and stderr says loudly that nothing was
checked. With a key the token is verified exactly as its type's ``from_jwt`` does
(the type's own algorithm list, ``cty``, signature, ``exp``/``nbf``, SID claims);
the type is recognised from the ``cty`` header and the claim only that type carries.
Token types are those registered in :mod:`twilio_jwt._token_type` once the plugins are
loaded, so a plugin's token type (TaskRouter's, the rsa plugin's validation token) is
decoded without core importing the plugin: the plugin imports it when asked through the
``twilio_jwt_claim_views`` hook, which also shows its claims (TaskRouter's policies).

PyJWT and the decoding machinery are imported only when this command runs, so every
other command starts without them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from twilio_jwt._known import DISTRIBUTION_FOR
from twilio_jwt._times import iso8601, relative
from twilio_jwt._token_type import token_types
from twilio_jwt.cli.commands import ClaimView
from twilio_jwt.cli.common import (
    UsageError,
    add_epilog,
    json_printable,
    options_for,
    printable,
    read_file,
    secret_from_env,
)
from twilio_jwt.cli.contributed import collect
from twilio_jwt.errors import TokenError
from twilio_jwt.host import default_host
from twilio_jwt.scope import RawScope

if TYPE_CHECKING:
    from twilio_jwt.decoding import DecodedJWT, TokenSpec

NAME = "decode"
HELP = "show a token's header, claims and grants, and verify it when given its secret or public key"

#: Token type -> the environment variable holding the secret that signs it (others: the auth token).
SECRET_VARIABLES = {"AccessToken": "TWILIO_API_SECRET"}
DEFAULT_SECRET_VARIABLE = "TWILIO_AUTH_TOKEN"
_TIME_CLAIMS = ("iat", "nbf", "exp")
EXIT_INVALID = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "token", metavar="TOKEN", help="the token (a pasted 'Bearer TOKEN' works too), or - to read it from stdin"
    )
    key = parser.add_mutually_exclusive_group()
    key.add_argument(
        "--secret-env",
        metavar="VAR",
        help="verify with the secret in environment variable VAR: TWILIO_API_SECRET for access tokens, "
        "TWILIO_AUTH_TOKEN for capability tokens",
    )
    key.add_argument(
        "--secret", help="verify with this API key secret or auth token (visible to ps: prefer --secret-env)"
    )
    key.add_argument("--public-key", metavar="FILE", help="verify a validation token with this PEM public key file")
    parser.add_argument("--leeway", type=float, default=0, help="seconds of clock skew to allow on exp and nbf")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    add_epilog(
        parser,
        """
  twilio-jwt decode eyJhbGciOi...                                  # decode only: NOT VERIFIED
  twilio-jwt decode --secret-env TWILIO_API_SECRET eyJhbGciOi...   # verify an access token
  twilio-jwt decode --secret-env TWILIO_AUTH_TOKEN "$CAPABILITY_TOKEN" --leeway 30
  twilio-jwt decode --public-key twilio_public.pem "$VALIDATION_TOKEN"
  twilio-jwt mint access-token --identity alice | twilio-jwt decode --secret-env TWILIO_API_SECRET --json -
""",
    )


def run(args: argparse.Namespace) -> int:
    from twilio_jwt.decoding import read_unverified, verify

    text = bare_token(sys.stdin.read() if args.token == "-" else args.token)
    try:
        decoded = read_unverified(text)
    except TokenError as exc:
        print(printable(f"twilio-jwt: INVALID: {exc}"), file=sys.stderr)
        return EXIT_INVALID
    spec = token_type(decoded)
    key, source = _key(args, spec)
    status = 0
    if key is None or spec is None:
        verdict = "NOT VERIFIED: no key given; anyone could have written this token"
        print(printable(f"{verdict} ({_how_to_verify(spec)})"), file=sys.stderr)
    else:
        try:
            with options_for({"leeway": "--leeway"}):
                decoded = verify(text, key, spec, leeway=args.leeway)
            verdict = f"verified: {decoded.header['alg']} signature checked with {source}; within its validity period"
        except TokenError as exc:
            verdict = f"INVALID: {exc}"
            print(printable(f"twilio-jwt: {verdict}"), file=sys.stderr)
            status = EXIT_INVALID
    data = report(decoded, spec, verdict, time.time())
    if args.json:
        print(json_printable(json.dumps(data, indent=2, ensure_ascii=False)))
    else:
        views = [view for _, view in collect(default_host(), "twilio_jwt_claim_views", ClaimView)]
        print("\n".join(render(data, views)))
    return status


def bare_token(text: str) -> str:
    """The token in what was pasted: surrounding white space and a ``Bearer `` prefix removed."""
    text = text.strip()
    scheme, _, rest = text.partition(" ")
    return rest.strip() if scheme.lower() == "bearer" else text


def token_specs() -> list[TokenSpec]:
    """What every known token type accepts: core's, and those the installed plugins define."""
    import twilio_jwt.client_capability  # noqa: F401 - imported lazily elsewhere; registers its type

    # Plugins import their token types when asked how to show them (and not when they load).
    collect(default_host(), "twilio_jwt_claim_views", ClaimView)
    specs: list[TokenSpec] = []
    for cls in token_types():
        spec = getattr(cls, "DECODING", None)
        if spec is not None and spec not in specs:
            specs.append(spec)
    return specs


def token_type(decoded: DecodedJWT) -> TokenSpec | None:
    """The token type whose ``cty`` and marker claim the (unverified) token has, if any."""
    return next((spec for spec in token_specs() if spec.matches(decoded.header, decoded.claims)), None)


def _how_to_verify(spec: TokenSpec | None) -> str:
    if spec is None:
        return "and it is no token type twilio-jwt knows, so it cannot be verified here"
    if all(name.startswith("HS") for name in spec.algorithms):
        return f"to check it: --secret-env {SECRET_VARIABLES.get(spec.name, DEFAULT_SECRET_VARIABLE)}"
    return "to check it: --public-key FILE"


def _key(args: argparse.Namespace, spec: TokenSpec | None) -> tuple[Any, str | None]:
    """The key the options name, and how to describe it; ``(None, None)`` when none was given."""
    if args.secret_env is None and args.secret is None and args.public_key is None:
        return None, None
    if spec is None:
        raise UsageError("cannot verify: this is not a token type twilio-jwt knows, so there is no algorithm list")
    hmac = all(name.startswith("HS") for name in spec.algorithms)
    if args.public_key is not None:
        if hmac:
            raise UsageError(f"--public-key verifies validation tokens; {spec.a_name} is checked with --secret-env")
        return read_file(args.public_key, "--public-key"), f"the public key in {args.public_key}"
    if not hmac:
        raise UsageError(f"{spec.a_name} is signed with an RSA key: verify it with --public-key FILE")
    if args.secret is not None:
        return args.secret, "the given secret"
    return secret_from_env(args.secret_env, "--secret-env"), f"${args.secret_env}"


# -- the report --------------------------------------------------------------------------


def report(decoded: DecodedJWT, spec: TokenSpec | None, verdict: str, now: float) -> dict[str, Any]:
    """Everything shown, as plain data (what ``--json`` prints)."""
    claims = decoded.claims
    data: dict[str, Any] = {
        "type": spec.name if spec else None,
        "verified": decoded.verified,
        "verification": verdict,
        "header": decoded.header,
        "claims": claims,
        "times": {
            name: {"epoch": value, "iso8601": iso8601(value), "relative": relative(value, now)}
            for name in _TIME_CLAIMS
            if isinstance(value := claims.get(name), (int, float)) and not isinstance(value, bool)
        },
    }
    grants = claims.get("grants")
    if isinstance(grants, dict):
        data["grants"] = [_grant(key, payload) for key, payload in grants.items() if key != "identity"]
    scope = claims.get("scope")
    if isinstance(scope, str):
        data["scopes"] = [_scope(text) for text in scope.split(" ") if text]
    return data


def _grant(key: str, payload: Any) -> dict[str, Any]:
    registry = default_host().registry
    record = registry.providers.get(("grant key", key))
    entry: dict[str, Any] = {"key": key, "payload": payload}
    if record is not None:
        cls = registry.grants[key].__name__
        entry.update(grant_class=cls, plugin=record.name, distribution=record.distribution, version=record.version)
        entry["provider"] = f"{cls} from plugin {record.describe()}"
    else:
        entry["provider"] = _missing("grant key", key)
    return entry


def _scope(text: str) -> dict[str, Any]:
    """A scope string, with the class that reads it and the fields it holds when a plugin can read it."""
    from twilio_jwt.rebuild import rebuild_scope

    try:
        scope = rebuild_scope(text)
    except TokenError as exc:
        return {"scope": text, "scope_class": None, "provider": f"unreadable: {exc}", "fields": {}}
    cls = type(scope)
    if cls is RawScope:
        return {"scope": text, "scope_class": None, "provider": "no installed plugin reads it", "fields": {}}
    record = default_host().registry.providers[("scope", cls.__name__)]
    fields = {a.name: _plain(getattr(scope, a.name)) for a in attrs.fields(cls) if a.init} if attrs.has(cls) else {}
    return {
        "scope": text,
        "scope_class": cls.__name__,
        "provider": f"from plugin {record.describe()}",
        "fields": fields,
    }


def _plain(value: Any) -> Any:
    """Read-only mappings (as scopes keep their params) as plain dicts, for JSON."""
    return dict(value) if isinstance(value, Mapping) else value


def _missing(kind: str, name: str) -> str:
    if (kind, name) in default_host().registry.conflicts:
        return "offered by more than one plugin (see twilio-jwt plugins)"
    distribution = DISTRIBUTION_FOR.get(name)
    hint = f": install {distribution}" if distribution else ""
    return f"no installed plugin{hint} (kept as raw JSON)"


# -- rendering ---------------------------------------------------------------------------


def render(data: dict[str, Any], views: Sequence[ClaimView] = ()) -> list[str]:
    """The report as aligned text for a terminal; ``views`` show plugin claims in sections of their own."""
    lines = _table(
        "",
        [("type", data["type"] or "unknown (not a token type twilio-jwt knows)"), ("signature", data["verification"])],
    )
    lines += ["", "header", *_table("  ", _flat(data["header"]))]
    claims = data["claims"]
    times = data["times"]
    sections = {
        view.claim: rows
        for view in views
        if view.token_type == data["type"] and view.claim in claims
        if (rows := view.render(claims[view.claim])) is not None
    }
    own = {"grants": "grants" in data, "scope": "scopes" in data, **dict.fromkeys(sections, True)}
    rows = [
        row
        for name, value in claims.items()
        if not own.get(name)
        for row in ([(name, _time_phrase(name, times[name]))] if name in times else _flat(value, name))
    ]
    lines += ["", "claims", *_table("  ", rows)]
    if "grants" in data:
        width = max([len("identity"), *(len(grant["key"]) for grant in data["grants"])])
        lines += ["", "grants", *_table("  ", [("identity", _text(claims["grants"].get("identity")))], width)]
        for grant in data["grants"]:
            lines += _table("  ", [(grant["key"], grant["provider"])], width)
            lines += _table("      ", _flat(grant["payload"]) if grant["payload"] else [("(no fields)", "")])
    if "scopes" in data:
        labels = [scope["scope_class"] or "(unknown scope)" for scope in data["scopes"]]
        width = max(map(len, labels), default=0)
        lines += ["", "scopes"]
        for label, scope in zip(labels, data["scopes"], strict=True):
            lines += _table("  ", [(label, scope["provider"])], width)
            fields = {name: value for name, value in scope["fields"].items() if value is not None}
            lines += _table("      ", [("scope", scope["scope"]), *(_flat(fields) if fields else [])])
    for claim, section in sections.items():
        lines += ["", printable(claim), *_table("  ", list(section))]
    return lines


def _time_phrase(name: str, when: dict[str, Any]) -> str:
    moment = when["relative"]
    future = moment.startswith("in ")
    phrase = {
        "exp": f"expires {moment}" if future else f"EXPIRED {moment}",
        "nbf": f"NOT VALID YET: valid {moment}" if future else f"valid since {moment}",
        "iat": f"issued {moment}" + (" (clock skew?)" if future else ""),
    }[name]
    return f"{when['epoch']}  {when['iso8601']}  {phrase}"


def _flat(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Nested JSON as ``(dotted.path, text)`` rows; empty objects and arrays stay visible."""
    if isinstance(value, dict) and value:
        return [row for key, item in value.items() for row in _flat(item, f"{prefix}.{key}" if prefix else str(key))]
    if isinstance(value, list) and value:
        return [row for index, item in enumerate(value) for row in _flat(item, f"{prefix}[{index}]")]
    return [(prefix, _text(value))]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _table(indent: str, rows: list[tuple[str, str]], width: int = 0) -> list[str]:
    """Rows of ``label  text`` with the labels padded to one width (at least ``width``).

    Every label and text is escaped here, whoever made it (a claim, a plugin's view).
    """
    rows = [(printable(label), printable(text)) for label, text in rows]
    width = max([width, *(len(label) for label, _ in rows)])
    return [f"{indent}{label:<{width}}  {text}".rstrip() for label, text in rows]
