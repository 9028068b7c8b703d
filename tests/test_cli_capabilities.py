"""``twilio-jwt mint client-capability`` and ``twilio-jwt mint taskrouter`` with everything installed.

Most runs call ``main()`` in-process and read what it printed; a few run the real
program (the ``cli`` fixture) to prove that a mistake is one line on stderr with exit
status 2, never a traceback and never the auth token.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from typing import Any

import jwt
import pytest

from twilio_jwt import PluginHost, use_host
from twilio_jwt.cli.main import main

ACCOUNT_SID = "AC" + "9" * 32
AUTH_TOKEN = "cli-auth-token-0123456789abcdef01"
WS = "WS" + "a" * 32
WK = "WK" + "b" * 32
WQ = "WQ" + "c" * 32
APP = "AP" + "d" * 32
WORKSPACE = f"https://taskrouter.twilio.com/v1/Workspaces/{WS}"

Run = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)


def mint(capsys: pytest.CaptureFixture[str], *argv: str, key: str = AUTH_TOKEN) -> dict[str, Any]:
    status = main(["mint", *argv])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    claims: dict[str, Any] = jwt.decode(out.strip(), key, algorithms=["HS256"])
    return claims


def fails(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run, expect exit status 2 and nothing on stdout, return the one error line."""
    status = main(["mint", *argv])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("twilio-jwt: error: ")
    assert AUTH_TOKEN not in err
    return err.removeprefix("twilio-jwt: error: ").strip()


# -- client-capability ---------------------------------------------------------------------------


def test_client_capability_scopes_in_command_line_order(capsys: pytest.CaptureFixture[str]) -> None:
    claims = mint(
        capsys,
        "client-capability",
        "--event-stream",
        "--filter",
        "type=calls",
        "--outgoing",
        f"{APP}:alice",
        "--param",
        "to=+1 555",
        "--incoming",
        "alice",
        "--param",
        "flag=true",
        "--outgoing",
        APP,
        "--ttl",
        "60",
    )
    assert claims["scope"] == " ".join(
        [
            "scope:stream:subscribe?path=/2010-04-01/Events&appParams=type%3Dcalls",
            f"scope:client:outgoing?appSid={APP}&clientName=alice&appParams=to%3D%252B1%2520555%26flag%3Dtrue",
            "scope:client:incoming?clientName=alice",
            f"scope:client:outgoing?appSid={APP}",
        ]
    )
    assert (claims["iss"], claims["exp"] - claims["iat"]) == (ACCOUNT_SID, 60)


def test_client_capability_options_override_the_environment(capsys: pytest.CaptureFixture[str]) -> None:
    other_sid, other_token = "AC" + "e" * 32, "another-auth-token-0123456789abcd"
    claims = mint(
        capsys,
        "client-capability",
        "--incoming",
        "bob",
        "--account-sid",
        other_sid,
        "--auth-token",
        other_token,
        key=other_token,
    )
    assert (claims["iss"], claims["scope"]) == (other_sid, "scope:client:incoming?clientName=bob")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--param", "a=b"], "--param must come after an --outgoing"),
        (["--incoming", "a", "--filter", "a=b"], "--filter must come after an --event-stream"),
        (["--outgoing", APP, "--param", "novalue"], "--param expects NAME=VALUE, got 'novalue'"),
        (["--outgoing", APP, "--param", "=v"], "--param expects NAME=VALUE, got '=v'"),
        ([], "add at least one scope: --incoming, --outgoing or --event-stream"),
        (["--incoming", ""], "--incoming/--outgoing CLIENT_NAME: is required and must be a non-empty str"),
        (["--outgoing", ":alice"], "--outgoing: is required and must be a non-empty str"),
        (["--incoming", "a", "--ttl", "0"], "--ttl: must be between 1 and 86400 seconds, got 0"),
        (
            ["--incoming", "a", "--ttl", "1h"],
            "twilio-jwt mint client-capability: argument --ttl: invalid int value: '1h'",
        ),
        (
            ["--incoming", "a", "--account-sid", "SK" + "0" * 32],
            "--account-sid/TWILIO_ACCOUNT_SID: expected an Account SID starting with 'AC'",
        ),
        (["--incoming", "a", "--nope"], "twilio-jwt: unrecognized arguments: --nope"),
    ],
)
def test_client_capability_mistakes_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert fails(capsys, "client-capability", *argv).startswith(message)


@pytest.mark.parametrize(
    ("variable", "option"), [("TWILIO_ACCOUNT_SID", "--account-sid"), ("TWILIO_AUTH_TOKEN", "--auth-token")]
)
@pytest.mark.parametrize("kind", [["client-capability", "--incoming", "a"], ["taskrouter", "--workspace-sid", WS]])
def test_missing_credentials_name_the_option_and_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, variable: str, option: str, kind: list[str]
) -> None:
    monkeypatch.delenv(variable)
    assert fails(capsys, *kind) == f"{option} is required (or set {variable})"


def test_a_pem_auth_token_is_refused_without_being_shown(capsys: pytest.CaptureFixture[str]) -> None:
    pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEsecretbody\n-----END RSA PRIVATE KEY-----"
    message = fails(capsys, "client-capability", "--incoming", "a", "--auth-token", pem)
    assert message.startswith("--auth-token/TWILIO_AUTH_TOKEN: looks like a PEM or SSH key")
    assert "MIIEsecretbody" not in message


# -- taskrouter ------------------------------------------------------------------------------------


def _methods(claims: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["method"], p["url"]) for p in claims["policies"]]


def test_taskrouter_worker_starts_from_the_ready_made_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    claims = mint(capsys, "taskrouter", "--workspace-sid", WS, "--channel", WK, "--friendly-name", "Ann", "--ttl", "90")
    bridge = f"https://event-bridge.twilio.com/v1/wschannels/{ACCOUNT_SID}/{WK}"
    assert _methods(claims) == [
        ("GET", bridge),
        ("POST", bridge),
        ("GET", f"{WORKSPACE}/Workers/{WK}"),
        ("GET", f"{WORKSPACE}/Activities"),
        ("GET", f"{WORKSPACE}/Tasks/**"),
        ("GET", f"{WORKSPACE}/Workers/{WK}/Reservations/**"),
    ]
    assert (claims["worker_sid"], claims["friendly_name"], claims["exp"] - claims["iat"]) == (WK, "Ann", 90)


def test_taskrouter_allow_and_deny_switch_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    denied = "--deny web_sockets --deny allow_fetch_self --deny fetch-activities --deny fetch_reservations"
    argv = f"--workspace-sid {WS} --channel {WK} {denied} --deny fetch_worker_reservations --allow update_activities"
    claims = mint(capsys, "taskrouter", *argv.split())
    assert claims["policies"] == [
        {
            "url": f"{WORKSPACE}/Workers/{WK}",
            "method": "POST",
            "query_filter": {},
            "post_filter": {"ActivitySid": {"required": True}},
            "allow": True,
        }
    ]


@pytest.mark.parametrize(("channel", "own"), [(WQ, f"{WORKSPACE}/TaskQueues/{WQ}"), (None, WORKSPACE), (WS, WORKSPACE)])
def test_taskrouter_task_queue_and_workspace_defaults(
    capsys: pytest.CaptureFixture[str], channel: str | None, own: str
) -> None:
    claims = mint(capsys, "taskrouter", "--workspace-sid", WS, *(["--channel", channel] if channel else []))
    bridge = f"https://event-bridge.twilio.com/v1/wschannels/{ACCOUNT_SID}/{claims['channel']}"
    assert _methods(claims) == [("GET", bridge), ("POST", bridge), ("GET", own)]
    assert claims["channel"] == (channel or WS)


def test_taskrouter_bare_with_the_worker_conveniences(capsys: pytest.CaptureFixture[str]) -> None:
    conveniences = "--worker-fetch-reservations --worker-reservations-update --worker-activity-updates"
    claims = mint(capsys, "taskrouter", *f"--workspace-sid {WS} --channel {WK} --bare {conveniences}".split())
    assert _methods(claims) == [
        ("POST", f"{WORKSPACE}/Workers/{WK}"),
        ("GET", f"{WORKSPACE}/Tasks/**"),
        ("GET", f"{WORKSPACE}/Workers/{WK}/Reservations/**"),
        ("POST", f"{WORKSPACE}/Tasks/**"),
        ("POST", f"{WORKSPACE}/Workers/{WK}/Reservations/**"),
    ]


def test_taskrouter_bare_gives_no_policy(capsys: pytest.CaptureFixture[str]) -> None:
    assert mint(capsys, "taskrouter", "--workspace-sid", WS, "--channel", WQ, "--bare")["policies"] == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--channel", WQ, "--allow", "update_activities"],
            "--allow: 'update_activities' is not a switch of TaskQueueCapability",
        ),
        (["--channel", WK, "--deny", "everything"], "--deny: 'everything' is not a switch of WorkerCapability"),
        (["--channel", WQ, "--worker-activity-updates"], "--worker-activity-updates needs a worker channel"),
        ([], "--worker-fetch-reservations needs a worker channel"),
        (["--channel", "XX1"], "--channel expects a worker (WK...), task queue (WQ...) or workspace (WS...) SID"),
        (["--channel", WK, "--bare", "--allow", "update_self"], "--allow and --deny change the ready-made defaults"),
        (["--channel", "WS" + "f" * 32], "a workspace channel is the workspace itself"),
        (["--channel", WK, "--ttl", "86401"], "--ttl: must be between 1 and 86400 seconds, got 86401"),
    ],
)
def test_taskrouter_mistakes_are_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    if not argv:
        argv = ["--worker-fetch-reservations"]
    assert fails(capsys, "taskrouter", "--workspace-sid", WS, *argv).startswith(message)


def test_taskrouter_workspace_sid_is_required_and_checked(capsys: pytest.CaptureFixture[str]) -> None:
    assert "--workspace-sid" in fails(capsys, "taskrouter", "--channel", WK)
    assert fails(capsys, "taskrouter", "--workspace-sid", WK).startswith("--workspace-sid: expected a workspace SID")


def test_taskrouter_without_its_plugin_names_the_distribution(capsys: pytest.CaptureFixture[str]) -> None:
    import twilio_jwt_hmac
    import twilio_jwt_voice

    with use_host(PluginHost(plugins={"hmac": twilio_jwt_hmac, "voice": twilio_jwt_voice})):
        message = fails(capsys, "taskrouter", "--workspace-sid", WS, "--channel", WK)
        assert fails(capsys, "taskrouter", "--help") == message
    assert message == "twilio-jwt mint taskrouter needs the task_router plugin; install twilio-jwt-task-router"


@pytest.mark.parametrize(
    "env", [{"TWILIO_JWT_DISABLE_PLUGINS": "task_router"}, {"TWILIO_JWT_LOAD_PLUGINS": "hmac,voice"}]
)
def test_taskrouter_with_its_plugin_disabled_says_disabled_not_install(cli: Run, env: dict[str, str]) -> None:
    result = cli("mint", "taskrouter", "--workspace-sid", WS, env={"TWILIO_AUTH_TOKEN": AUTH_TOKEN, **env})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "twilio-jwt: error: twilio-jwt mint taskrouter: the task_router plugin (twilio-jwt-task-router) "
        "is installed but disabled here (TWILIO_JWT_LOAD_PLUGINS/TWILIO_JWT_DISABLE_PLUGINS)\n"
    )


# -- help and the real program ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "example"),
    [
        ("client-capability", "twilio-jwt mint client-capability --incoming alice"),
        ("taskrouter", f"twilio-jwt mint taskrouter --workspace-sid WS{'0' * 32}   # the workspace's own token"),
    ],
)
def test_help_shows_examples(capsys: pytest.CaptureFixture[str], kind: str, example: str) -> None:
    with pytest.raises(SystemExit) as info:
        main(["mint", kind, "--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0
    assert "examples:" in out
    assert example in out


@pytest.mark.parametrize(
    "argv",
    [
        ["client-capability", "--incoming", "a", "--param", "x=1"],
        ["client-capability", "--incoming", "a", "--ttl", "1.5"],
        ["taskrouter", "--workspace-sid", WS, "--channel", WQ, "--worker-reservations-update"],
        ["taskrouter", "--workspace-sid", WS, "--channel", WK, "--ttl", "-5"],
    ],
)
def test_the_real_program_fails_in_one_line_without_traceback_or_secret(cli: Run, argv: list[str]) -> None:
    result = cli("mint", *argv, env={"TWILIO_AUTH_TOKEN": AUTH_TOKEN})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert AUTH_TOKEN not in result.stderr


def test_the_real_program_mints_a_client_capability(cli: Run) -> None:
    result = cli(
        "mint",
        "client-capability",
        "--outgoing",
        "AP1",
        "--param",
        "k=[not json",
        env={"TWILIO_AUTH_TOKEN": AUTH_TOKEN},
    )
    assert (result.returncode, result.stderr) == (0, "")
    claims = jwt.decode(result.stdout.strip(), AUTH_TOKEN, algorithms=["HS256"])
    assert claims["scope"] == "scope:client:outgoing?appSid=AP1&appParams=k%3D%255Bnot%2520json"
