"""``twilio-jwt mint client-capability``, contributed by this plugin through ``twilio_jwt_cli_commands``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import twilio_jwt_voice
from twilio_jwt import PluginHost, use_host
from twilio_jwt.cli.main import main
from twilio_jwt.testing import TEST_ACCOUNT_SID, ReferenceHMACPlugin, decode_hs

AUTH_TOKEN = "plugin-cli-auth-token-0123456789ab"
APP = "AP" + "d" * 32


@pytest.fixture(autouse=True)
def host(monkeypatch: pytest.MonkeyPatch) -> Iterator[PluginHost]:
    """This plugin and a reference HMAC signer, whatever else is installed."""
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", TEST_ACCOUNT_SID)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    host = PluginHost(plugins={"voice": twilio_jwt_voice, "ref_hmac": ReferenceHMACPlugin()})
    with use_host(host):
        yield host


def test_the_plugin_contributes_mint_client_capability(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--incoming", "alice", "--outgoing", f"{APP}:alice", "--param", "to=+1", "--event-stream"]
    status = main(["mint", "client-capability", *argv, "--filter", "type=calls"])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    _, claims = decode_hs(out.strip(), AUTH_TOKEN)
    assert claims["scope"] == (
        f"scope:client:incoming?clientName=alice scope:client:outgoing?appSid={APP}&clientName=alice"
        "&appParams=to%3D%252B1 scope:stream:subscribe?path=/2010-04-01/Events&appParams=type%3Dcalls"
    )


def test_a_mistake_is_one_usage_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mint", "client-capability", "--param", "x=1"]) == 2
    assert capsys.readouterr() == ("", "twilio-jwt: error: --param must come after an --outgoing\n")


def test_without_the_plugin_the_command_says_what_to_install(capsys: pytest.CaptureFixture[str]) -> None:
    with use_host(PluginHost(plugins={"ref_hmac": ReferenceHMACPlugin()})):
        assert main(["mint", "client-capability", "--incoming", "alice"]) == 2
    assert capsys.readouterr() == (
        "",
        "twilio-jwt: error: twilio-jwt mint client-capability needs the voice plugin; install twilio-jwt-voice\n",
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--incoming", ""], "--incoming/--outgoing CLIENT_NAME: is required and must be a non-empty str"),
        (["--event-stream", "--filter", "a=\udc80"], "--filter: contains a lone surrogate, which has no UTF-8 form"),
        (["--incoming", "a", "--ttl", "0"], "--ttl: must be between 1 and 86400 seconds, got 0"),
    ],
)
def test_errors_name_the_option(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    assert main(["mint", "client-capability", *argv]) == 2
    assert capsys.readouterr() == ("", f"twilio-jwt: error: {message}\n")
