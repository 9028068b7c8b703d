"""The RSA plugin's command line: ``twilio-jwt mint validation``, the Twilio-Client-Validation header.

Imported only when the ``twilio-jwt`` program asks for it (through the
``twilio_jwt_cli_commands`` hook). For trying Public Key Client Validation with curl,
or checking another client's canonicalisation: ``--show-canonical`` writes the
canonical request to stderr, so stdout stays the header value alone. The request is
described as ``ValidationToken.get_request_canonicalizer`` reads it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from twilio_jwt.cli.commands import (
    Command,
    UsageError,
    add_epilog,
    credential,
    options_for,
    printable,
    read_file,
    secret_from_env,
)

__all__ = ["COMMAND"]

HELP = "sign one REST request for Public Key Client Validation (the Twilio-Client-Validation header)"

#: ValidationToken's and the request's parameters -> the option (and variable) the user typed.
OPTIONS = {
    "account_sid": "--account-sid/TWILIO_ACCOUNT_SID",
    "credential_sid": "--credential-sid/TWILIO_CREDENTIAL_SID",
    "signing_key": "--api-key/TWILIO_API_KEY",
    "private_key": "--private-key",
    "algorithm": "--algorithm",
    "ttl": "--ttl",
    "signed_headers": "--signed-header",
    "method": "--method",
    "url": "--url",
    "headers": "--header",
    "data": "--data",
    "auth": "--api-key/--api-secret-env",
}


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--account-sid", help="Account SID (AC...); default $TWILIO_ACCOUNT_SID")
    parser.add_argument("--api-key", help="API key SID (SK...) the request is made with; default $TWILIO_API_KEY")
    parser.add_argument("--credential-sid", help="public key credential SID (CR...); default $TWILIO_CREDENTIAL_SID")
    parser.add_argument("--private-key", required=True, metavar="FILE", help="PEM file of the RSA private key")
    parser.add_argument("--method", required=True, help="HTTP method, e.g. POST")
    parser.add_argument("--url", required=True, help="the absolute request URL, query string included")
    parser.add_argument(
        "--header", action="append", default=[], metavar="NAME:VALUE", help="a request header (repeatable)"
    )
    parser.add_argument("--data", help="the request body, exactly as sent")
    parser.add_argument(
        "--api-secret-env",
        metavar="VAR",
        help="sign the request's Basic Authorization header made of the API key and the secret in environment "
        "variable VAR (as Twilio's clients send it), instead of an Authorization --header",
    )
    parser.add_argument(
        "--signed-header",
        action="append",
        default=[],
        metavar="NAME",
        help="sign this header too (authorization and host always are; repeatable)",
    )
    parser.add_argument("--algorithm", default="RS256", help="RS256 (default) or PS256")
    parser.add_argument("--ttl", type=int, default=300, help="lifetime in seconds (1..300, default 300)")
    parser.add_argument(
        "--show-canonical",
        action="store_true",
        help="also write the canonical request (Authorization value shown as ***) and its hash to stderr",
    )
    parser.add_argument(
        "--reveal-authorization",
        action="store_true",
        help="with --show-canonical, show the Authorization value too (it holds your credentials)",
    )
    add_epilog(
        parser,
        """
  export TWILIO_ACCOUNT_SID=AC00000000000000000000000000000000 TWILIO_API_KEY=SK00000000000000000000000000000000
  twilio-jwt mint validation --credential-sid CR00000000000000000000000000000000 --private-key key.pem \\
      --method POST --url https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json \\
      --api-secret-env TWILIO_API_SECRET --data "To=%2B15558675310&Body=hi" --show-canonical
  twilio-jwt mint validation --credential-sid CR00000000000000000000000000000000 --private-key key.pem \\
      --method GET --url https://api.twilio.com/2010-04-01/Accounts.json --header "Authorization: Bearer x"
""",
    )


def parse_headers(texts: list[str]) -> dict[str, list[str]]:
    """``NAME:VALUE`` options; a name given twice keeps both values."""
    headers: dict[str, list[str]] = {}
    for text in texts:
        name, sep, value = text.partition(":")
        if not sep or not name.strip():
            raise UsageError("--header expects NAME:VALUE; one --header has no ':' (its value is not shown)")
        headers.setdefault(name.strip(), []).append(value.strip())
    return headers


def _run(args: argparse.Namespace) -> int:
    from twilio_jwt_rsa.validation_token import ValidationToken  # only when this command runs

    api_key = credential(args.api_key, "TWILIO_API_KEY", "--api-key")
    headers = parse_headers(args.header)
    request: dict[str, Any] = {"method": args.method, "url": args.url, "headers": headers, "data": args.data}
    if args.api_secret_env is not None:
        if any(name.lower() == "authorization" for name in headers):
            raise UsageError("--api-secret-env makes the Authorization header: leave out --header 'Authorization: ...'")
        request["auth"] = (api_key, secret_from_env(args.api_secret_env, "--api-secret-env"))
    with options_for(OPTIONS):
        token = ValidationToken(
            credential(args.account_sid, "TWILIO_ACCOUNT_SID", "--account-sid"),
            credential(args.credential_sid, "TWILIO_CREDENTIAL_SID", "--credential-sid"),
            api_key,
            read_file(args.private_key, "--private-key"),
            algorithm=args.algorithm,
            ttl=args.ttl,
            signed_headers=args.signed_header,
        )
        canonicalizer = token.get_request_canonicalizer(request)
    if args.show_canonical:
        shown = canonicalizer.canonicalized_request if args.reveal_authorization else canonicalizer.redacted()
        print("\n".join(printable(line) for line in shown.split("\n")), file=sys.stderr)
        print(f"sha256: {canonicalizer.get_signature_hash()}", file=sys.stderr)
    print(token.generate_token(canonicalizer))
    return 0


COMMAND = Command("validation", HELP, _add_arguments, _run)
