"""``twilio-jwt mint access-token`` with every plugin installed, run as a real subprocess."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from typing import Any

import jwt
import pytest

from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, decode_hs

Run = Callable[..., subprocess.CompletedProcess[str]]  # the ``cli`` fixture of tests/conftest.py
MINT = ("mint", "access-token")
APP = "AP" + "3" * 32
WORKSPACE = "WS" + "4" * 32
PEM = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEzzz\n-----END PUBLIC KEY-----"


def minted(
    result: subprocess.CompletedProcess[str], secret: str = TEST_SECRET
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The verified header and claims of the one token a successful run printed."""
    assert (result.returncode, result.stderr) == (0, "")
    (token,) = result.stdout.splitlines()
    header, claims = decode_hs(token, secret)
    assert jwt.decode(token, secret, algorithms=[header["alg"]])["grants"] == claims["grants"]
    return header, claims


def test_credentials_from_the_environment(cli: Run) -> None:
    header, claims = minted(cli(*MINT, "--identity", "alice", "--grant", "voice:incoming_allow=true"))
    assert header == {"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1"}
    assert (claims["sub"], claims["iss"], claims["exp"] - claims["iat"]) == (TEST_ACCOUNT_SID, TEST_KEY_SID, 3600)
    assert claims["grants"] == {"identity": "alice", "voice": {"incoming": {"allow": True}}}
    assert "nbf" not in claims


def test_options_win_over_the_environment(cli: Run) -> None:
    account, key, secret = "AC" + "9" * 32, "SK" + "8" * 32, "an-option-secret-" + "x" * 48
    result = cli(*MINT, "--identity", "7", "--account-sid", account, "--api-key", key, "--api-secret", secret)
    _, claims = minted(result, secret)
    assert (claims["sub"], claims["iss"], claims["grants"]) == (account, key, {"identity": "7"})


def test_credentials_from_options_alone(cli: Run) -> None:
    argv = ("--account-sid", TEST_ACCOUNT_SID, "--api-key", TEST_KEY_SID, "--api-secret", TEST_SECRET)
    _, claims = minted(cli(*MINT, "--identity", "bob", *argv, credentials=False))
    assert claims["grants"] == {"identity": "bob"}


def test_ttl_nbf_region_and_algorithm(cli: Run) -> None:
    result = cli(
        *MINT, "--identity", "a", "--ttl", "600", "--nbf", "1700000000", "--region", "ie1", "--algorithm", "HS512"
    )
    header, claims = minted(result)
    assert (header["alg"], header["twr"]) == ("HS512", "ie1")
    assert (claims["exp"] - claims["iat"], claims["nbf"]) == (600, 1700000000)


@pytest.mark.parametrize(
    ("grants", "expected"),
    [
        (
            [
                "voice:outgoing_application_sid="
                + APP
                + ',outgoing_application_params={"to":"+15550100","tags":["a","b"]},'
                "incoming_allow=true,endpoint_id=alice-phone"
            ],
            {
                "voice": {
                    "outgoing": {"application_sid": APP, "params": {"to": "+15550100", "tags": ["a", "b"]}},
                    "incoming": {"allow": True},
                    "endpoint_id": "alice-phone",
                }
            },
        ),
        (["video:room=r1", "video:room=r2"], {"video": {"room": "r2"}}),  # last one wins
        (["video:room=123"], {"video": {"room": "123"}}),  # only JSON literals and containers are parsed
        (["video:room=null", "video"], {"video": {}}),
        (["sync:service_sid=IS1,endpoint_id=e"], {"data_sync": {"service_sid": "IS1", "endpoint_id": "e"}}),
        (["data_sync:service_sid=IS1"], {"data_sync": {"service_sid": "IS1"}}),
        (
            ["chat:service_sid=IS2, push_credential_sid=CR1"],
            {"chat": {"service_sid": "IS2", "push_credential_sid": "CR1"}},
        ),
        (
            [f"task_router:workspace_sid={WORKSPACE},role=worker"],
            {"task_router": {"workspace_sid": WORKSPACE, "role": "worker"}},
        ),
        (
            ['playback:grant={"playbackUrl":"https://x.test/a.m3u8","n":[1,{"k":null}]}'],
            {"player": {"playbackUrl": "https://x.test/a.m3u8", "n": [1, {"k": None}]}},
        ),
        (["player"], {"player": {}}),
        (["voice:incoming_allow=false", "chat"], {"voice": {}, "chat": {}}),
        (["voice:incoming_allow=True"], {"voice": {"incoming": {"allow": True}}}),  # booleans in any case
        (["voice:incoming_allow=FALSE,endpoint_id=True"], {"voice": {"endpoint_id": "True"}}),  # str stays str
        (
            [f"task-router:workspace_sid={WORKSPACE},role=worker"],  # the distribution's spelling works too
            {"task_router": {"workspace_sid": WORKSPACE, "role": "worker"}},
        ),
    ],
)
def test_grant_parsing(cli: Run, grants: list[str], expected: dict[str, Any]) -> None:
    argv = [argument for grant in grants for argument in ("--grant", grant)]
    _, claims = minted(cli(*MINT, "--identity", "alice", *argv))
    assert claims["grants"] == {"identity": "alice", **expected}


# Each row: extra arguments, environment overrides (None removes a credential), the start of the one error line.
BAD: list[tuple[list[str], dict[str, str | None], str]] = [
    ([], {"TWILIO_ACCOUNT_SID": None}, "--account-sid is required (or set TWILIO_ACCOUNT_SID)"),
    ([], {"TWILIO_API_KEY": None}, "--api-key is required (or set TWILIO_API_KEY)"),
    ([], {"TWILIO_API_SECRET": None}, "--api-secret is required (or set TWILIO_API_SECRET)"),
    (
        ["--api-key", TEST_ACCOUNT_SID],
        {},
        "--api-key/TWILIO_API_KEY: expected an API key SID starting with 'SK'; got an Account SID",
    ),
    (
        ["--account-sid", TEST_KEY_SID],
        {},
        "--account-sid/TWILIO_ACCOUNT_SID: expected an Account SID starting with 'AC'; got an API key SID",
    ),
    (["--api-secret", PEM], {}, "--api-secret/TWILIO_API_SECRET: looks like a PEM or SSH key"),
    (
        [],
        {"TWILIO_API_SECRET": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 me@host"},
        "--api-secret/TWILIO_API_SECRET: looks like a PEM or SSH key",
    ),
    (["--ttl", "0"], {}, "--ttl: must be between 1 and 86400 seconds, got 0"),
    (["--ttl", "86401"], {}, "--ttl: must be between 1 and 86400 seconds, got 86401"),
    (["--ttl", "an hour"], {}, "twilio-jwt mint access-token: argument --ttl: invalid int value: 'an hour'"),
    (["--nbf", "soon"], {}, "twilio-jwt mint access-token: argument --nbf: invalid int value: 'soon'"),
    (["--algorithm", "none"], {}, "--algorithm: 'none' is not allowed here; use one of HS256, HS384, HS512"),
    (["--algorithm", "RS256"], {}, "--algorithm: 'RS256' is not allowed here; use one of HS256, HS384, HS512"),
    (["--algorithm", "hs256"], {}, "--algorithm: 'hs256' is not allowed here"),
    (["--grant", "nosuch"], {}, "--grant: no installed plugin provides a grant called 'nosuch' (installed: "),
    (["--grant", "video:room"], {}, "--grant video expects NAME=VALUE, got 'room'"),
    (["--grant", "video:=x"], {}, "--grant video expects NAME=VALUE, got '=x'"),
    (["--grant", "video:nope=1"], {}, "--grant video: VideoGrant has no field 'nope' (its fields: room)"),
    (
        ["--grant", "voice:incoming=true"],
        {},
        "--grant voice: VoiceGrant has no field 'incoming' (its fields: incoming_allow, outgoing_application_sid, "
        "outgoing_application_params, push_credential_sid, endpoint_id)",
    ),
    (["--grant", "voice:incoming_allow=yes"], {}, "--grant voice: incoming_allow is true or false, got 'yes'"),
    (
        ["--grant", "voice:incoming_allow=yes"],
        {"TWILIO_JWT_DISABLE_PLUGINS": "voice"},
        "--grant voice: the voice plugin (twilio-jwt-voice) is installed but disabled here "
        "(TWILIO_JWT_LOAD_PLUGINS/TWILIO_JWT_DISABLE_PLUGINS)",
    ),
    (
        ["--grant", "task-router:role=worker"],
        {"TWILIO_JWT_LOAD_PLUGINS": "hmac,voice"},
        "--grant task_router: the task_router plugin (twilio-jwt-task-router) is installed but disabled here",
    ),
    (
        ["--grant", 'voice:outgoing_application_params={"to":1'],
        {},
        "--grant voice outgoing_application_params: value is not valid JSON",
    ),
    (
        ["--grant", 'voice:outgoing_application_params={"to":"x"}'],
        {},
        "--grant voice: outgoing_application_params: needs outgoing_application_sid",
    ),
    (["--grant", "video:room=[1]"], {}, "--grant video: room: expected a str or None, got list"),
    (["--grant", "playback:grant=[1]"], {}, "--grant playback: grant: expected a mapping or None, got list"),
    (["--bogus"], {}, "twilio-jwt: unrecognized arguments: --bogus"),
]


@pytest.mark.parametrize(("extra", "env", "message"), BAD, ids=[row[2][:48] for row in BAD])
def test_bad_options_exit_2_with_one_line_and_no_secret(
    cli: Run, extra: list[str], env: dict[str, str | None], message: str
) -> None:
    environ = {name: value for name, value in env.items() if value is not None}
    removed = [name for name, value in env.items() if value is None]
    argv = [*MINT, "--identity", "alice", *extra]
    result = cli(*argv, env=environ) if not removed else _without(cli, argv, removed)
    assert (result.returncode, result.stdout) == (2, "")
    (line,) = result.stderr.splitlines()  # one line: no traceback, no usage dump
    assert line.startswith("twilio-jwt: error: " + message), line
    for secret in (TEST_SECRET, PEM.splitlines()[1], *environ.values()):
        if secret not in (TEST_ACCOUNT_SID, TEST_KEY_SID) and len(secret) > 12:
            assert secret[12:] not in result.stderr


def _without(cli: Run, argv: list[str], removed: list[str]) -> subprocess.CompletedProcess[str]:
    """Run with credentials from options except the ``removed`` ones (and none from the environment)."""
    options = {
        "TWILIO_ACCOUNT_SID": "--account-sid",
        "TWILIO_API_KEY": "--api-key",
        "TWILIO_API_SECRET": "--api-secret",
    }
    values = {"TWILIO_ACCOUNT_SID": TEST_ACCOUNT_SID, "TWILIO_API_KEY": TEST_KEY_SID, "TWILIO_API_SECRET": TEST_SECRET}
    given = [part for name, option in options.items() if name not in removed for part in (option, values[name])]
    return cli(*argv, *given, credentials=False)


def test_missing_identity_is_an_argparse_error(cli: Run) -> None:
    result = cli(*MINT)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "twilio-jwt: error: twilio-jwt mint access-token: the following arguments are required: --identity"
    ]
