"""The command line against explicit hosts: grant look-up by key or plugin name, conflicts, missing plugins."""

from __future__ import annotations

import subprocess
import sys

import pytest
from core_fakes import ACCOUNT_SID, KEY_SID, SECRET, GrantPlugin, OtherPetGrant, PetGrant, load_warnings

from twilio_jwt import PluginHost, use_host
from twilio_jwt.cli import decode_command
from twilio_jwt.cli.common import UsageError
from twilio_jwt.cli.main import main
from twilio_jwt.errors import InvalidParameterError, InvalidParameterTypeError
from twilio_jwt.testing import ReferenceHMACPlugin, decode_hs


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
    monkeypatch.setenv("TWILIO_API_KEY", KEY_SID)
    monkeypatch.setenv("TWILIO_API_SECRET", SECRET)


def run(host: PluginHost, capsys: pytest.CaptureFixture[str], *grants: str) -> tuple[int, str, str]:
    argv = ["mint", "access-token", "--identity", "alice"]
    for grant in grants:
        argv += ["--grant", grant]
    with use_host(host):
        status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("spec", ["pet:name=rex", "pets:name=rex", " pet :name=rex"])
def test_grant_by_key_or_by_plugin_name(host: PluginHost, capsys: pytest.CaptureFixture[str], spec: str) -> None:
    status, out, err = run(host, capsys, spec)
    assert (status, err) == (0, "")
    assert decode_hs(out.strip(), SECRET)[1]["grants"] == {"identity": "alice", "pet": {"name": "rex"}}


@pytest.mark.parametrize("spec", ["pet:name=x", "cats", "dogs:colour=red"])
def test_a_conflicted_grant_exits_2_naming_both_plugins(capsys: pytest.CaptureFixture[str], spec: str) -> None:
    host = PluginHost(
        plugins={"ref_hmac": ReferenceHMACPlugin(), "cats": GrantPlugin(PetGrant), "dogs": GrantPlugin(OtherPetGrant)}
    )
    load_warnings(host)
    status, out, err = run(host, capsys, spec)
    assert (status, out) == (2, "")
    assert err == (
        "twilio-jwt: error: grant key 'pet' is offered by cats (no distribution) and dogs (no distribution); "
        "uninstall or disable one (TWILIO_JWT_DISABLE_PLUGINS)\n"
    )


def test_a_first_party_grant_that_is_not_installed_names_its_distribution(
    host: PluginHost, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(host, capsys, "video:room=r")
    assert (status, out) == (2, "")
    assert err == (
        "twilio-jwt: error: --grant: no installed plugin provides a grant called 'video'; "
        "install twilio-jwt-video (installed: pet, pets)\n"
    )


def test_with_no_grant_plugin_at_all_the_missing_distribution_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(PluginHost(plugins={"ref_hmac": ReferenceHMACPlugin()}), capsys, "chat")
    assert status == 2
    assert (
        err
        == "twilio-jwt: error: no installed twilio-jwt plugin provides the grant key 'chat'; install twilio-jwt-chat\n"
    )


def test_plugins_command_lists_explicit_plugins(host: PluginHost, capsys: pytest.CaptureFixture[str]) -> None:
    with use_host(host):
        assert main(["plugins"]) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert lines == [
        ["ref_hmac", "no", "distribution", "algorithms:", "HS256,", "HS384,", "HS512"],
        ["pets", "no", "distribution", "grants:", "pet"],
    ]


@pytest.mark.parametrize(
    "error",
    [
        InvalidParameterError("ttl", "must be at least 1"),
        InvalidParameterTypeError("identity", "expected str, got int"),
        UsageError("--identity is required"),
    ],
)
def test_deliberate_parameter_errors_are_one_usage_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], error: Exception
) -> None:
    def run(args: object) -> int:
        raise error

    monkeypatch.setattr(decode_command, "run", run)
    assert main(["decode", "x"]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"twilio-jwt: error: {error}\n")


@pytest.mark.parametrize(
    "bug", [TypeError("'int' object is not iterable"), ValueError("max() arg is an empty sequence"), KeyError("x")]
)
def test_any_other_exception_is_not_dressed_up_as_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], bug: Exception
) -> None:
    def run(args: object) -> int:
        raise bug

    monkeypatch.setattr(decode_command, "run", run)
    with pytest.raises(type(bug)) as raised:
        main(["decode", "x"])
    assert raised.value is bug
    assert capsys.readouterr().err == ""


def test_a_bug_in_a_real_process_is_a_traceback_and_a_nonzero_exit() -> None:
    program = (
        "import sys, twilio_jwt.cli.decode_command as d\n"
        "def render(data): raise TypeError('a bug in render')\n"
        "d.render = render\n"
        "from twilio_jwt.cli.main import main\n"
        "sys.exit(main(['decode', sys.argv[1]]))\n"
    )
    token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"
    result = subprocess.run(
        [sys.executable, "-c", program, token], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.rstrip().endswith("TypeError: a bug in render")
    assert "twilio-jwt: error:" not in result.stderr
