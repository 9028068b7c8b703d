"""Everything installed: entry-point discovery of every first-party plugin, and ``twilio-jwt plugins``."""

from __future__ import annotations

import importlib.metadata
import json
import os
import pathlib
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from twilio_jwt import PluginHost

Run = Callable[..., subprocess.CompletedProcess[str]]  # the ``cli`` fixture of tests/conftest.py
ROOT = pathlib.Path(__file__).resolve().parents[1]
FIRST_PARTY = sorted(path.parent.name for path in ROOT.glob("plugins/*/pyproject.toml"))

#: What each first-party plugin must provide (grant keys; algorithms), from the wire contract.
PROVIDES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "voice": (("voice",), ()),
    "video": (("video",), ()),
    "chat": (("chat",), ()),
    "sync": (("data_sync",), ()),
    "playback": (("player",), ()),
    "task_router": (("task_router",), ()),
    "hmac": ((), ("HS256", "HS384", "HS512")),
    "rsa": ((), ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")),
}


def distribution_of(plugin: str) -> str:
    return "twilio-jwt-" + plugin.replace("_", "-")


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost(environ={})


def test_the_plugins_folder_is_what_the_contract_lists() -> None:
    assert sorted(PROVIDES) == FIRST_PARTY


def test_discovery_matches_the_installed_entry_points(host: PluginHost) -> None:
    installed = sorted(ep.name for ep in importlib.metadata.entry_points(group="twilio_jwt"))
    assert [record.name for record in host.records] == installed  # sorted, none invented, none dropped
    assert host.failures == ()
    assert host.registry.conflicts == {}
    assert set(FIRST_PARTY) <= set(installed)


@pytest.mark.parametrize("plugin", FIRST_PARTY)
def test_each_first_party_plugin_is_found_with_distribution_version_and_provisions(
    host: PluginHost, plugin: str
) -> None:
    (record,) = (r for r in host.records if r.name == plugin)
    distribution = distribution_of(plugin)
    assert (record.distribution, record.version) == (distribution, importlib.metadata.version(distribution))
    assert (record.grant_keys, record.algorithm_names) == PROVIDES[plugin]
    (entry_point,) = importlib.metadata.distribution(distribution).entry_points.select(group="twilio_jwt")
    assert (entry_point.name, entry_point.value) == (plugin, f"twilio_jwt_{plugin}")


def report(data: dict[str, Any], host: PluginHost) -> None:
    """``data`` (from ``twilio-jwt plugins --json``) describes exactly what ``host`` loaded, in its order."""
    keys = ("name", "distribution", "version", "grants", "scopes", "algorithms")
    shown = [tuple(tuple(v) if isinstance(v, list) else v for v in map(plugin.get, keys)) for plugin in data["plugins"]]
    loaded = [(r.name, r.distribution, r.version, r.grant_keys, r.scope_names, r.algorithm_names) for r in host.records]
    assert shown == loaded
    assert all(sorted(plugin) == sorted(keys) for plugin in data["plugins"])
    assert (data["failed"], data["conflicts"]) == ([], [])
    # Each algorithm names the one plugin that signs and verifies it; nothing chosen by the environment here.
    assert data["algorithms"] == {
        name: {"plugin": r.name, "distribution": r.distribution, "version": r.version, "chosen": False}
        for r in host.records
        for name in sorted(r.algorithm_names)
    }


def test_plugins_json(cli: Run, host: PluginHost) -> None:
    result = cli("plugins", "--json")
    assert (result.returncode, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    report(data, host)
    assert data["disabled"] == []


def test_plugins_json_honours_the_load_variable(cli: Run) -> None:
    result = cli("plugins", "--json", env={"TWILIO_JWT_LOAD_PLUGINS": "voice,hmac"})
    data = json.loads(result.stdout)
    assert [plugin["name"] for plugin in data["plugins"]] == ["hmac", "voice"]
    assert set(data["disabled"]) == set(FIRST_PARTY) - {"hmac", "voice"}


def test_plugins_text(cli: Run, host: PluginHost) -> None:
    result = cli("plugins")
    assert (result.returncode, result.stderr) == (0, "")
    signers = [line for line in result.stdout.splitlines() if line.startswith("algorithm ")]
    assert signers == [
        f"algorithm {name} is signed and verified by {r.name} ({r.distribution} {r.version})"
        for r in host.records
        for name in sorted(r.algorithm_names)
    ]
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if not line.startswith("algorithm ")}
    assert sorted(lines) == [record.name for record in host.records]
    for plugin in FIRST_PARTY:
        words = lines[plugin].split()
        assert words[1:3] == [distribution_of(plugin), importlib.metadata.version(distribution_of(plugin))]
        grants, algorithms = PROVIDES[plugin]
        if grants:
            assert f"grants: {', '.join(grants)}" in lines[plugin]
        if algorithms:
            assert f"algorithms: {', '.join(algorithms)}" in lines[plugin]


def test_plugins_text_lists_disabled_plugins(cli: Run) -> None:
    result = cli("plugins", env={"TWILIO_JWT_DISABLE_PLUGINS": "rsa,chat"})
    assert "disabled chat" in result.stdout.splitlines()
    assert "disabled rsa" in result.stdout.splitlines()
    assert not any(line.startswith(("chat ", "rsa ")) for line in result.stdout.splitlines())


def test_plugins_names_the_backend_the_environment_chose(cli: Run) -> None:
    """Choosing a backend is shown even when it is the only one (core's tests choose between two)."""
    env = {"TWILIO_JWT_ALGORITHM_BACKENDS": "HS256=hmac"}
    result = cli("plugins", env=env)
    assert result.returncode == 0
    assert "algorithm HS256 is signed and verified by hmac (twilio-jwt-hmac " in result.stdout
    assert ", chosen by TWILIO_JWT_ALGORITHM_BACKENDS" in next(
        line for line in result.stdout.splitlines() if line.startswith("algorithm HS256 ")
    )
    assert "chosen by" not in next(line for line in result.stdout.splitlines() if line.startswith("algorithm HS384 "))
    data = json.loads(cli("plugins", "--json", env=env).stdout)
    assert (data["algorithms"]["HS256"]["chosen"], data["algorithms"]["HS384"]["chosen"]) == (True, False)


@pytest.mark.parametrize("arguments", [(), ("--json",)])
def test_plugins_exits_1_when_it_reports_a_conflict(cli: Run, arguments: tuple[str, ...]) -> None:
    result = cli("plugins", *arguments, env={"TWILIO_JWT_ALGORITHM_BACKENDS": "HS256=nobody"})
    assert result.returncode == 1
    assert "algorithm 'HS256' is unusable: the chosen backend 'nobody' is not loaded" in result.stdout
    assert "algorithm HS256 is signed" not in result.stdout


def test_the_console_script_and_python_dash_m_agree(cli: Run, clean_environ: Any) -> None:
    script = pathlib.Path(sys.executable).with_name("twilio-jwt" + (".exe" if os.name == "nt" else ""))
    by_script = subprocess.run(
        [str(script), "plugins", "--json"], capture_output=True, text=True, env=clean_environ(), check=True
    )
    assert json.loads(by_script.stdout) == json.loads(cli("plugins", "--json").stdout)


def test_python_dash_m_help(cli: Run) -> None:
    result = cli("--help")
    assert result.returncode == 0
    assert "mint" in result.stdout
    assert "plugins" in result.stdout
    mint = cli("mint", "access-token", "--help")
    assert mint.returncode == 0
    assert "--grant PLUGIN[:FIELD=VALUE,...]" in mint.stdout


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ((), "twilio-jwt: error: twilio-jwt: the following arguments are required: COMMAND"),
        (("nope",), "twilio-jwt: error: twilio-jwt: argument COMMAND: invalid choice: 'nope'"),
        (("mint",), "twilio-jwt: error: twilio-jwt mint: the following arguments are required: KIND"),
        (("plugins", "--yaml"), "twilio-jwt: error: twilio-jwt: unrecognized arguments: --yaml"),
    ],
)
def test_a_bad_command_is_one_line_and_exit_2(cli: Run, argv: tuple[str, ...], message: str) -> None:
    result = cli(*argv)
    assert (result.returncode, result.stdout) == (2, "")
    (line,) = result.stderr.splitlines()
    assert line.startswith(message)
