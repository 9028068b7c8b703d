"""``twilio-jwt decode``, run as a user runs it (a subprocess with everything installed)."""

from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import sys
import time
from typing import Any

import pytest

from twilio_jwt import AccessToken, ClientCapability, RawGrant
from twilio_jwt.cli.main import build_parser
from twilio_jwt.grants import VideoGrant, VoiceGrant
from twilio_jwt.scopes import OutgoingClientScope
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET
from twilio_jwt_rsa import ValidationToken
from twilio_jwt_task_router import Policy, TaskRouterCapability

KEYS = pathlib.Path(__file__).parent / "conformance" / "keys"
AUTH_TOKEN = "auth-token-" + "9" * 32
NOT_VERIFIED = "NOT VERIFIED: no key given; anyone could have written this token"


def access_token(ttl: int = 3600) -> str:
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="alice", ttl=ttl, region="ie1")
    token.add_grant(
        VoiceGrant(incoming_allow=True, outgoing_application_sid="AP123", outgoing_application_params={"to": "+1"})
    )
    token.add_grant(VideoGrant(room="r1"))
    token.add_grant(RawGrant("ip_messaging", {"service_sid": "IS1"}))
    return token.to_jwt()


def expired_access_token(monkeypatch: pytest.MonkeyPatch) -> str:
    """A token minted in 2023 that lived one minute."""
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: 1_700_000_000)
        return access_token(ttl=60)


def test_without_a_key_it_decodes_and_says_loudly_that_nothing_was_checked(cli: Any) -> None:
    result = cli("decode", access_token())
    assert result.returncode == 0
    assert result.stderr == f"{NOT_VERIFIED} (to check it: --secret-env TWILIO_API_SECRET)\n"
    lines = result.stdout.splitlines()
    assert lines[:2] == ["type       AccessToken", f"signature  {NOT_VERIFIED}"]
    assert "  twr  ie1" in lines
    assert any(line.startswith("  exp  ") and "Z  expires in " in line for line in lines)
    assert any(line.startswith("  iat  ") and "Z  issued " in line for line in lines)
    grants = lines[lines.index("grants") :]
    assert grants[1:3] == [
        "  identity      alice",
        "  voice         VoiceGrant from plugin voice (twilio-jwt-voice 0.1.0)",
    ]
    assert "      outgoing.params.to        +1" in grants
    assert "  video         VideoGrant from plugin video (twilio-jwt-video 0.1.0)" in grants
    assert "  ip_messaging  no installed plugin (kept as raw JSON)" in grants
    assert "      service_sid  IS1" in grants
    assert "{" not in result.stdout  # no raw dict dumps


def test_with_the_secret_from_the_environment_it_verifies(cli: Any) -> None:
    result = cli("decode", "--secret-env", "TWILIO_API_SECRET", access_token())
    assert (result.returncode, result.stderr) == (0, "")
    assert "signature  verified: HS256 signature checked with $TWILIO_API_SECRET; within its validity period" in (
        result.stdout
    )
    assert TEST_SECRET not in result.stdout


def test_the_wrong_secret_is_invalid_and_never_shown(cli: Any) -> None:
    wrong = "wrong-secret-" + "x" * 20
    result = cli("decode", "--secret", wrong, access_token())
    assert result.returncode == 1
    message = (
        "INVALID: the AccessToken's HS256 signature does not match: "
        "it was signed with another key, or changed after signing"
    )
    assert result.stderr == f"twilio-jwt: {message}\n"
    assert f"signature  {message}" in result.stdout
    assert wrong not in result.stdout + result.stderr


def test_an_expired_token_says_so_with_and_without_a_key(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    token = expired_access_token(monkeypatch)
    shown = cli("decode", token)
    assert shown.returncode == 0
    assert "  exp  1700000060  2023-11-14T22:14:20Z  EXPIRED " in shown.stdout
    checked = cli("decode", "--secret-env", "TWILIO_API_SECRET", token)
    assert checked.returncode == 1
    assert checked.stderr.startswith("twilio-jwt: INVALID: the AccessToken expired at 2023-11-14T22:14:20Z, ")


def test_json_output_is_machine_readable(cli: Any) -> None:
    result = cli("decode", "--secret-env", "TWILIO_API_SECRET", "--json", access_token())
    data = json.loads(result.stdout)
    assert (data["type"], data["verified"]) == ("AccessToken", True)
    assert data["header"] == {"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1", "twr": "ie1"}
    assert data["claims"]["grants"]["video"] == {"room": "r1"}
    voice = data["grants"][0]
    assert (voice["key"], voice["grant_class"], voice["plugin"], voice["distribution"]) == (
        "voice",
        "VoiceGrant",
        "voice",
        "twilio-jwt-voice",
    )
    assert data["grants"][2] == {
        "key": "ip_messaging",
        "payload": {"service_sid": "IS1"},
        "provider": "no installed plugin (kept as raw JSON)",
    }
    exp = data["times"]["exp"]
    assert exp["epoch"] == data["claims"]["exp"]
    assert exp["iso8601"].endswith("Z")
    assert exp["relative"].startswith("in ")


def test_capability_tokens_verify_with_the_auth_token(cli: Any) -> None:
    capability = ClientCapability(TEST_ACCOUNT_SID, AUTH_TOKEN)
    capability.add_scope(OutgoingClientScope("AP123", client_name="bob", params={"to": "a b"}))
    result = cli(
        "decode", "--secret-env", "TWILIO_AUTH_TOKEN", capability.to_jwt(), env={"TWILIO_AUTH_TOKEN": AUTH_TOKEN}
    )
    assert result.returncode == 0, result.stderr
    scopes = result.stdout.splitlines()[result.stdout.splitlines().index("scopes") :]
    assert scopes[1:6] == [
        "  OutgoingClientScope  from plugin voice (twilio-jwt-voice 0.1.0)",
        "      scope            scope:client:outgoing?appSid=AP123&clientName=bob&appParams=to%3Da%2520b",
        "      application_sid  AP123",
        "      client_name      bob",
        "      params.to        a b",
    ]

    unverified = cli("decode", capability.to_jwt())
    assert unverified.stderr == f"{NOT_VERIFIED} (to check it: --secret-env TWILIO_AUTH_TOKEN)\n"


def test_taskrouter_policies_are_one_line_each(cli: Any) -> None:
    capability = TaskRouterCapability(TEST_ACCOUNT_SID, AUTH_TOKEN, "WS" + "1" * 32, "WK" + "2" * 32)
    capability.add_policy(Policy("https://example.com/a"))
    capability.add_policy(
        Policy("https://example.com/b", "post", post_filter={"ActivitySid": {"required": True}}, allow=False)
    )
    result = cli("decode", "--secret", AUTH_TOKEN, capability.to_jwt())
    assert result.returncode == 0, result.stderr
    assert "type       TaskRouterCapability" in result.stdout
    assert "  [0]  allow  GET     https://example.com/a" in result.stdout
    assert (
        '  [1]  DENY   POST    https://example.com/b  post_filter {"ActivitySid": {"required": true}}' in result.stdout
    )


def test_validation_tokens_verify_with_a_public_key_file(cli: Any) -> None:
    private_key = (KEYS / "rsa2048_pkcs8.pem").read_text("utf-8")
    token = ValidationToken(TEST_ACCOUNT_SID, "CR" + "8" * 32, TEST_KEY_SID, private_key)
    jwt = token.generate_token(token.get_request_canonicalizer({"method": "GET", "url": "https://api.twilio.com/"}))
    public = str(KEYS / "rsa2048_public.pem")
    result = cli("decode", "--public-key", public, jwt)
    assert result.returncode == 0, result.stderr
    assert f"signature  verified: RS256 signature checked with the public key in {public}; within" in result.stdout
    assert "  hrh  authorization;host" in result.stdout

    other = cli("decode", "--public-key", str(KEYS / "rsa3072_pkcs8.pem"), jwt)
    assert other.returncode == 1
    assert other.stderr.startswith("twilio-jwt: INVALID: the ValidationToken's RS256 signature does not match")

    wrong_option = cli("decode", "--secret", "x", jwt)
    assert (wrong_option.returncode, wrong_option.stderr) == (
        2,
        "twilio-jwt: error: a ValidationToken is signed with an RSA key: verify it with --public-key FILE\n",
    )


@pytest.mark.parametrize(
    ("args", "status", "stderr"),
    [
        (["decode", "not-a-token"], 1, "twilio-jwt: INVALID: a JWT is three base64url segments joined by dots"),
        (["decode", "a.b.c"], 1, "twilio-jwt: INVALID: the header segment is not valid base64url"),
        (["decode", "bm90.e30.c2ln"], 1, "twilio-jwt: INVALID: the header segment is not a JSON object"),
        (
            ["decode", "--secret-env", "TWILIO_NOT_SET"],
            2,
            "twilio-jwt: error: --secret-env: the environment variable TWILIO_NOT_SET is not set",
        ),
        (["decode", "--public-key", "/no/such/file.pem"], 2, "twilio-jwt: error: --public-key verifies validation"),
        (
            ["decode", "--secret", "s", "--secret-env", "X"],
            2,
            "twilio-jwt: error: twilio-jwt decode: argument --secret-env",
        ),
        (["decode", "--leeway", "-1", "--secret", "s"], 2, "twilio-jwt: error: --leeway: must be a finite number"),
    ],
)
def test_bad_input_is_one_line_and_an_exit_status(cli: Any, args: list[str], status: int, stderr: str) -> None:
    if args[-1] in ("TWILIO_NOT_SET", "/no/such/file.pem", "X", "s"):
        args = [*args, access_token()]
    result = cli(*args)
    assert result.returncode == status
    assert result.stderr.startswith(stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_an_unknown_token_type_decodes_but_cannot_be_verified(cli: Any) -> None:
    from twilio_jwt._jws import b64url, encode
    from twilio_jwt.testing import ReferenceHMAC

    token = encode(b64url(b'{"alg":"HS256","typ":"JWT"}'), {"sub": "x", "exp": 2**40}, ReferenceHMAC("HS256"), b"k")
    shown = cli("decode", token)
    assert shown.returncode == 0
    assert shown.stdout.splitlines()[0] == "type       unknown (not a token type twilio-jwt knows)"
    assert "cannot be verified here" in shown.stderr
    checked = cli("decode", "--secret", "k", token)
    assert checked.returncode == 2
    assert "cannot verify: this is not a token type twilio-jwt knows" in checked.stderr


def _commands(parser: argparse.ArgumentParser, path: str = "twilio-jwt") -> list[tuple[str, argparse.ArgumentParser]]:
    found = [(path, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, f"{path} {name}")
    return found


@pytest.mark.parametrize(("path", "parser"), _commands(build_parser()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_shows_examples_under_help(path: str, parser: argparse.ArgumentParser) -> None:
    help_text = parser.format_help()
    assert "\nexamples:\n" in help_text, f"{path} --help has no examples"
    examples = help_text.split("\nexamples:\n", 1)[1]
    assert f"  {path.split(' ')[0]} " in examples


def test_the_readme_pipeline_mints_and_verifies_a_token_with_no_grants(clean_environ: Any) -> None:
    """``twilio-jwt mint access-token --identity alice | twilio-jwt decode --secret-env TWILIO_API_SECRET -``.

    Two real processes joined by a pipe, as the README runs them. A token with no
    grants once crashed the text report (exit 2, "'int' object is not iterable").
    """
    program = [sys.executable, "-m", "twilio_jwt"]
    env = clean_environ()
    with subprocess.Popen(
        [*program, "mint", "access-token", "--identity", "alice"], stdout=subprocess.PIPE, env=env
    ) as minting:
        decoded = subprocess.run(
            [*program, "decode", "--secret-env", "TWILIO_API_SECRET", "-"],
            stdin=minting.stdout,
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=120,
        )
    assert minting.returncode == 0
    assert (decoded.returncode, decoded.stderr) == (0, "")
    lines = decoded.stdout.splitlines()
    assert lines[:2] == [
        "type       AccessToken",
        "signature  verified: HS256 signature checked with $TWILIO_API_SECRET; within its validity period",
    ]
    assert lines[lines.index("grants") + 1 :] == ["  identity  alice"]


def test_a_public_key_file_that_cannot_be_read_names_its_option(cli: Any) -> None:
    private_key = (KEYS / "rsa2048_pkcs8.pem").read_text("utf-8")
    token = ValidationToken(TEST_ACCOUNT_SID, "CR" + "8" * 32, TEST_KEY_SID, private_key)
    jwt = token.generate_token(token.get_request_canonicalizer({"method": "GET", "url": "https://api.twilio.com/"}))
    result = cli("decode", "--public-key", "/no/such/file.pem", jwt)
    assert (result.returncode, result.stdout) == (2, "")
    assert (
        result.stderr
        == "twilio-jwt: error: --public-key: cannot read '/no/such/file.pem' (No such file or directory)\n"
    )


@pytest.mark.parametrize("given", [TEST_SECRET, "a7Bf09" * 6, "sk live/with+symbols=", "lowercase_name_unset"])
def test_secret_env_given_the_secret_itself_says_it_takes_a_name_and_never_echoes_it(cli: Any, given: str) -> None:
    result = cli("decode", "--secret-env", given, access_token())
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "twilio-jwt: error: --secret-env takes the NAME of an environment variable holding the secret "
        "(for example --secret-env TWILIO_API_SECRET), not the secret itself; no variable of that name is set "
        "(the value given is not shown)\n"
    )
    assert given not in result.stderr


def _forged(claims: dict[str, Any]) -> str:
    """An AccessToken-shaped token signed with the test secret, holding ``claims``."""
    import jwt as pyjwt

    return pyjwt.encode(claims, TEST_SECRET, algorithm="HS256", headers={"cty": "twilio-fpa;v=1"})


ESCAPES = "\x1b[2K\r\x1b[1A\x9b2Ksignature  verified\u202e\x07"


@pytest.mark.parametrize("json_output", [False, True])
def test_decode_escapes_terminal_control_characters_in_claims(cli: Any, json_output: bool) -> None:
    now = int(time.time())
    claims = {
        "jti": f"{TEST_KEY_SID}-{now}",
        "iss": TEST_KEY_SID,
        "sub": TEST_ACCOUNT_SID,
        "iat": now,
        "exp": now + 60,
        "grants": {"identity": ESCAPES, f"k{ESCAPES}": {ESCAPES: ESCAPES}},
        ESCAPES: ESCAPES,
    }
    result = cli(
        "decode", "--secret", "wrong-secret-for-this-token", *(["--json"] if json_output else []), _forged(claims)
    )
    assert result.returncode == 1
    for text in (result.stdout, result.stderr):
        assert not any(char in text for char in "\x1b\r\x9b\u202e\x07"), text
    if json_output:
        data = json.loads(result.stdout)
        assert data["claims"][ESCAPES] == ESCAPES
        assert data["verified"] is False
    else:
        shown = "\\x1b[2K\\r\\x1b[1A\\x9b2Ksignature  verified\\u202e\\x07"
        assert f"  identity{' ' * 2}" in result.stdout
        assert f"  {shown}  {shown}" in result.stdout
        assert result.stdout.splitlines()[1].startswith("signature  INVALID: ")


@pytest.mark.parametrize("pasted", ["{}\n", "Bearer {}", "  bearer {}\n", "\n\t{}  \n", "BEARER   {}"])
def test_decode_reads_stdin_and_accepts_a_pasted_bearer_token_and_white_space(clean_environ: Any, pasted: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "twilio_jwt", "decode", "--secret-env", "TWILIO_API_SECRET", "--json", "-"],
        input=pasted.format(access_token()),
        capture_output=True,
        text=True,
        env=clean_environ(),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verified"] is True


def test_decode_accepts_a_bearer_token_as_an_argument(cli: Any) -> None:
    result = cli("decode", "--secret-env", "TWILIO_API_SECRET", f"Bearer {access_token()}")
    assert (result.returncode, result.stderr) == (0, "")


def test_version(cli: Any) -> None:
    import twilio_jwt

    result = cli("--version")
    assert (result.returncode, result.stdout, result.stderr) == (0, f"twilio-jwt {twilio_jwt.__version__}\n", "")
