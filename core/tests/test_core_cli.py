"""The command line against explicit hosts: grant look-up by key or plugin name, conflicts, missing plugins."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import pytest
from core_fakes import ACCOUNT_SID, KEY_SID, SECRET, GrantPlugin, OtherPetGrant, PetGrant, load_warnings

from twilio_jwt import PluginHost, hookimpl, use_host
from twilio_jwt.cli import decode_command
from twilio_jwt.cli.commands import Command
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
        == "twilio-jwt: error: --grant: no installed plugin provides a grant called 'chat'; install twilio-jwt-chat\n"
    )


def test_plugins_command_lists_explicit_plugins(host: PluginHost, capsys: pytest.CaptureFixture[str]) -> None:
    with use_host(host):
        assert main(["plugins"]) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert lines == [
        ["ref_hmac", "no", "distribution", "algorithms:", "HS256,", "HS384,", "HS512"],
        ["pets", "no", "distribution", "grants:", "pet"],
        *(
            f"algorithm {name} is signed and verified by ref_hmac (no distribution)".split()
            for name in ("HS256", "HS384", "HS512")
        ),
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
        "def render(data, views=()): raise TypeError('a bug in render')\n"
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


class CommandPlugin:
    """A plugin offering ``twilio-jwt mint`` commands through ``twilio_jwt_cli_commands``."""

    def __init__(self, *commands: object) -> None:
        self.commands = list(commands)

    @hookimpl
    def twilio_jwt_cli_commands(self) -> list[object]:
        return self.commands


def _echo_command(name: str, said: str) -> Command:
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--word", required=True)

    def run(args: argparse.Namespace) -> int:
        print(said, args.word)
        return 0

    return Command(name, f"say {said}", add_arguments, run)


def test_a_plugin_command_runs_under_mint(capsys: pytest.CaptureFixture[str]) -> None:
    host = PluginHost(plugins={"ref_hmac": ReferenceHMACPlugin(), "echo": CommandPlugin(_echo_command("echo", "hi"))})
    with use_host(host):
        assert main(["mint", "echo", "--word", "there"]) == 0
        assert capsys.readouterr() == ("hi there\n", "")
        with pytest.raises(SystemExit):
            main(["mint", "--help"])
    assert re.search(r"\n    echo +say hi\n", capsys.readouterr().out)


def test_two_plugins_offering_one_command_name_the_clash(capsys: pytest.CaptureFixture[str]) -> None:
    host = PluginHost(
        plugins={"one": CommandPlugin(_echo_command("echo", "one")), "two": CommandPlugin(_echo_command("echo", "two"))}
    )
    with use_host(host):
        assert main(["mint", "echo", "--word", "x"]) == 2
    assert capsys.readouterr() == (
        "",
        "twilio-jwt: error: twilio-jwt mint echo is offered by one (no distribution) and two (no distribution); "
        "uninstall or disable one (TWILIO_JWT_DISABLE_PLUGINS)\n",
    )


def test_a_plugin_cannot_replace_access_token_and_a_broken_hook_spoils_only_its_plugin(
    capsys: pytest.CaptureFixture[str],
) -> None:
    host = PluginHost(
        plugins={
            "ref_hmac": ReferenceHMACPlugin(),
            "pets": GrantPlugin(PetGrant),
            "thief": CommandPlugin(_echo_command("access-token", "stolen")),
            "broken": CommandPlugin("not a command"),
        }
    )
    with use_host(host):
        assert main(["mint", "access-token", "--identity", "alice", "--grant", "pet:name=rex"]) == 0
    out, err = capsys.readouterr()
    assert decode_hs(out.strip(), SECRET)[1]["grants"] == {"identity": "alice", "pet": {"name": "rex"}}
    assert err.splitlines() == [
        "twilio-jwt: warning: plugin broken (no distribution): twilio_jwt_cli_commands: "
        "returned 'not a command', which is not a Command",
        "twilio-jwt: warning: thief (no distribution) cannot replace twilio-jwt mint access-token; ignored",
    ]


def test_first_party_commands_without_their_plugin_say_what_to_install(
    host: PluginHost, capsys: pytest.CaptureFixture[str]
) -> None:
    with use_host(host):
        for name, distribution in [
            ("taskrouter", "twilio-jwt-task-router"),
            ("client-capability", "twilio-jwt-voice"),
            ("validation", "twilio-jwt-rsa"),
        ]:
            assert main(["mint", name, "--any", "option"]) == 2
            out, err = capsys.readouterr()
            assert (out, err.count("\n")) == ("", 1)
            assert err.startswith(f"twilio-jwt: error: twilio-jwt mint {name} needs the ")
            assert err.endswith(f" plugin; install {distribution}\n")


def test_error_lines_escape_control_characters(host: PluginHost, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(host, capsys, "pet:na\rme\x1b[2K=x")
    assert (status, out) == (2, "")
    assert "\x1b" not in err
    assert "\r" not in err
    assert "na\\rme\\x1b[2K" in err
    assert err.count("\n") == 1
