"""The command line against explicit hosts: grant look-up by key or plugin name, conflicts, missing plugins."""

from __future__ import annotations

import pytest
from core_fakes import ACCOUNT_SID, KEY_SID, SECRET, GrantPlugin, OtherPetGrant, PetGrant, load_warnings

from twilio_jwt import PluginHost, use_host
from twilio_jwt.cli.main import main
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
        *(
            f"algorithm {name} is signed and verified by ref_hmac (no distribution)".split()
            for name in ("HS256", "HS384", "HS512")
        ),
    ]
