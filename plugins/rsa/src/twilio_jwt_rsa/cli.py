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

from twilio_jwt.cli.commands import Command, UsageError, add_epilog, credential, printable, read_file
from twilio_jwt.validation_token import ValidationToken

__all__ = ["COMMAND"]

HELP = "sign one REST request for Public Key Client Validation (the Twilio-Client-Validation header)"


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
  export TWILIO_ACCOUNT_SID=AC... TWILIO_API_KEY=SK...
  twilio-jwt mint validation --credential-sid CR... --private-key key.pem --method POST \\
      --url https://api.twilio.com/2010-04-01/Accounts/AC.../Messages.json \\
      --header "Authorization: Basic ..." --data "To=%2B15558675310&Body=hi" --show-canonical
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
    token = ValidationToken(
        credential(args.account_sid, "TWILIO_ACCOUNT_SID", "--account-sid"),
        credential(args.credential_sid, "TWILIO_CREDENTIAL_SID", "--credential-sid"),
        credential(args.api_key, "TWILIO_API_KEY", "--api-key"),
        read_file(args.private_key, "--private-key"),
        algorithm=args.algorithm,
        ttl=args.ttl,
        signed_headers=args.signed_header,
    )
    request = {"method": args.method, "url": args.url, "headers": parse_headers(args.header), "data": args.data}
    canonicalizer = token.get_request_canonicalizer(request)
    if args.show_canonical:
        shown = canonicalizer.canonicalized_request if args.reveal_authorization else canonicalizer.redacted()
        print("\n".join(printable(line) for line in shown.split("\n")), file=sys.stderr)
        print(f"sha256: {canonicalizer.get_signature_hash()}", file=sys.stderr)
    print(token.generate_token(canonicalizer))
    return 0


COMMAND = Command("validation", HELP, _add_arguments, _run)
