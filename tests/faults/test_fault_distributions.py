"""Real broken and clashing distributions (tests/distributions, installed by ``nox -s faults``).

- twilio-jwt-broken-import: entry point ``broken_import`` whose module raises ImportError;
- twilio-jwt-duplicate-voice: entry point ``duplicate_voice`` offering the grant key ``voice`` again;
- twilio-jwt-video-same-name: a second distribution whose entry point is also named ``video``.

Each must be reported with plugin name, distribution, version and reason, in the host
and in ``twilio-jwt plugins``, while every other plugin keeps working.
"""

from __future__ import annotations

import importlib.metadata
import os
import json
import re
import subprocess
from collections.abc import Callable, Mapping

import pytest

from twilio_jwt import AccessToken, PluginConflictError, PluginError, PluginHost, PluginLoadWarning, use_host
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, decode_hs

Run = Callable[..., subprocess.CompletedProcess[str]]  # the ``cli`` fixture of tests/conftest.py
FAULTS = ("twilio-jwt-broken-import", "twilio-jwt-duplicate-voice", "twilio-jwt-video-same-name")


def _installed(distribution: str) -> bool:
    try:
        importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


# `nox -s faults` sets TWILIO_JWT_FAULT_SESSION, so there a missing distribution fails instead of skipping.
pytestmark = pytest.mark.skipif(
    not os.environ.get("TWILIO_JWT_FAULT_SESSION") and not all(map(_installed, FAULTS)),
    reason="the fault distributions are installed by `nox -s faults` only",
)

BROKEN = (
    "plugin broken_import (twilio-jwt-broken-import 0.1.0) failed at import: "
    "ImportError: No module named 'a_dependency_nobody_installed'"
)
COLLISION = (
    "plugin video (twilio-jwt-video-same-name 0.1.0) failed at collision: "
    "entry point name 'video' is also used by twilio-jwt-video; only that one was loaded"
)
CONFLICT = (
    "grant key 'voice' is offered by duplicate_voice (twilio-jwt-duplicate-voice 0.1.0) "
    "and voice (twilio-jwt-voice 0.1.0); uninstall or disable one (TWILIO_JWT_DISABLE_PLUGINS)"
)


def load(environ: Mapping[str, str]) -> tuple[PluginHost, list[str]]:
    """A discovering host with ``environ``, loaded, and the warnings it emitted."""
    host = PluginHost(environ=environ)
    with pytest.warns(PluginLoadWarning) as caught:
        host.load()
    return host, [str(warning.message) for warning in caught]


def mint(host: PluginHost, **grants: dict[str, str]) -> dict[str, object]:
    """Mint through ``host`` with grants given as ``key={field: value}``; the verified ``grants`` claim."""
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="alice", host=host)
    for key, fields in grants.items():
        token.add_grant(host.grant_type(key)(**fields))
    claims = decode_hs(token.to_jwt(), TEST_SECRET)[1]
    grants_claim: dict[str, object] = claims["grants"]
    return grants_claim


@pytest.fixture(scope="module")
def faulty() -> tuple[PluginHost, list[str]]:
    return load({})


def test_every_fault_is_warned_about_once(faulty: tuple[PluginHost, list[str]]) -> None:
    _, messages = faulty
    assert messages == [COLLISION, BROKEN, CONFLICT]  # collisions are found at discovery, before loading


def test_failures_name_plugin_distribution_version_and_reason(faulty: tuple[PluginHost, list[str]]) -> None:
    host, _ = faulty
    assert [(f.name, f.distribution, f.version, f.stage) for f in host.failures] == [
        ("video", "twilio-jwt-video-same-name", "0.1.0", "collision"),
        ("broken_import", "twilio-jwt-broken-import", "0.1.0", "import"),
    ]
    assert [f.describe() for f in host.failures] == [COLLISION, BROKEN]


def test_the_first_video_in_name_distribution_order_is_the_one_loaded(faulty: tuple[PluginHost, list[str]]) -> None:
    host, _ = faulty
    (video,) = (r for r in host.records if r.name == "video")
    assert (video.distribution, video.grant_keys) == ("twilio-jwt-video", ("video",))
    assert "video_fork" not in host.registry.grants


def test_the_duplicate_voice_key_is_a_conflict_naming_both_distributions(
    faulty: tuple[PluginHost, list[str]],
) -> None:
    host, _ = faulty
    conflict = host.registry.conflicts[("grant key", "voice")]
    assert [(p.name, p.distribution, p.version) for p in conflict.providers] == [
        ("duplicate_voice", "twilio-jwt-duplicate-voice", "0.1.0"),
        ("voice", "twilio-jwt-voice", "0.1.0"),
    ]
    for look_up in (
        lambda: host.grant_type("voice"),
        lambda: host.grant_class("VoiceGrant"),
        lambda: host.grant_class("DuplicateVoiceGrant"),
    ):
        with pytest.raises(PluginConflictError, match=re.escape(CONFLICT)):
            look_up()
    with use_host(host), pytest.raises(PluginConflictError, match=re.escape(CONFLICT)):
        from twilio_jwt.grants import VoiceGrant  # noqa: F401


def test_the_other_plugins_still_work(faulty: tuple[PluginHost, list[str]]) -> None:
    host, _ = faulty
    grants = mint(
        host,
        video={"room": "r"},
        chat={"service_sid": "IS1"},
        data_sync={"endpoint_id": "e"},
        task_router={"role": "worker"},
        player={"grant": {"playbackUrl": "u"}},
    )
    assert grants == {
        "identity": "alice",
        "video": {"room": "r"},
        "chat": {"service_sid": "IS1"},
        "data_sync": {"endpoint_id": "e"},
        "task_router": {"role": "worker"},
        "player": {"playbackUrl": "u"},
    }


def test_disabling_the_duplicate_makes_voice_usable_again() -> None:
    host, messages = load({"TWILIO_JWT_DISABLE_PLUGINS": "duplicate_voice"})
    assert messages == [COLLISION, BROKEN]
    assert host.disabled == ("duplicate_voice",)
    grants = mint(host, voice={"endpoint_id": "phone"}, video={"room": "r"})
    assert grants == {"identity": "alice", "voice": {"endpoint_id": "phone"}, "video": {"room": "r"}}


def test_strict_turns_the_faults_into_one_error_listing_all() -> None:
    host = PluginHost(environ={"TWILIO_JWT_STRICT_PLUGINS": "1"})
    with pytest.raises(PluginError) as excinfo:
        host.grant_type("video")
    assert str(excinfo.value).splitlines() == [
        "TWILIO_JWT_STRICT_PLUGINS is set and plugin loading had problems:",
        f"  {COLLISION}",
        f"  {BROKEN}",
        f"  {CONFLICT}",
    ]


# -- what the command line shows ------------------------------------------------------------------------------------


def test_plugins_command_reports_each_fault(cli: Run) -> None:
    result = cli("plugins")
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert f"FAILED {BROKEN.removeprefix('plugin ').replace(' failed at ', ' at ')}" in lines
    assert f"FAILED {COLLISION.removeprefix('plugin ').replace(' failed at ', ' at ')}" in lines
    assert f"CONFLICT {CONFLICT}" in lines
    assert any(line.split()[:3] == ["duplicate_voice", "twilio-jwt-duplicate-voice", "0.1.0"] for line in lines)


def test_plugins_json_reports_each_fault(cli: Run) -> None:
    data = json.loads(cli("plugins", "--json").stdout)
    assert data["failed"] == [
        {
            "name": "video",
            "distribution": "twilio-jwt-video-same-name",
            "version": "0.1.0",
            "stage": "collision",
            "reason": "entry point name 'video' is also used by twilio-jwt-video; only that one was loaded",
        },
        {
            "name": "broken_import",
            "distribution": "twilio-jwt-broken-import",
            "version": "0.1.0",
            "stage": "import",
            "reason": "ImportError: No module named 'a_dependency_nobody_installed'",
        },
    ]
    assert data["conflicts"] == [CONFLICT]


def test_cli_minting_a_conflicted_grant_exits_2_naming_both(cli: Run) -> None:
    result = cli("mint", "access-token", "--identity", "alice", "--grant", "voice:incoming_allow=true")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == f"twilio-jwt: error: {CONFLICT}"
    assert "Traceback" not in result.stderr
    assert TEST_SECRET not in result.stderr


def test_cli_with_the_duplicate_disabled_mints_voice_and_video(cli: Run) -> None:
    argv = ("mint", "access-token", "--identity", "alice", "--grant", "voice:incoming_allow=true", "--grant", "video")
    result = cli(*argv, env={"TWILIO_JWT_DISABLE_PLUGINS": "duplicate_voice"})
    assert result.returncode == 0
    assert "PluginLoadWarning" in result.stderr  # the remaining faults are still shown, as warnings
    grants = decode_hs(result.stdout.strip(), TEST_SECRET)[1]["grants"]
    assert grants == {"identity": "alice", "voice": {"incoming": {"allow": True}}, "video": {}}


def test_cli_in_strict_mode_exits_2(cli: Run) -> None:
    result = cli("plugins", env={"TWILIO_JWT_STRICT_PLUGINS": "1"})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("twilio-jwt: error: TWILIO_JWT_STRICT_PLUGINS is set")
    for fault in (BROKEN, COLLISION, CONFLICT):
        assert fault in result.stderr
    assert "Traceback" not in result.stderr
