"""Real broken and clashing distributions (tests/distributions, installed by ``nox -s faults``).

- twilio-jwt-broken-import: entry point ``broken_import`` whose module raises ImportError;
- twilio-jwt-duplicate-voice: entry point ``duplicate_voice`` offering the grant key ``voice`` again;
- twilio-jwt-video-same-name: a second distribution whose entry point is also named ``video``;
- twilio-jwt-hook-raises: entry point ``hook_raises`` whose grant hook raises RuntimeError;
- twilio-jwt-wrong-type: entry point ``wrong_type`` whose grant hook returns a dict, not a list;
- twilio-jwt-unknown-hook: entry point ``unknown_hook`` implementing ``twilio_jwt_grant_type`` (no such hook);
- twilio-jwt-duplicate-algorithm: entry point ``duplicate_algorithm`` offering HS256 again (a working backend);
- twilio-jwt-widen-algorithms: entry point ``widen_algorithms`` that tries to add ``none``/``RS256`` to
  ``AccessToken.ALGORITHMS`` when imported (the attribute is fixed, so its import fails), and
  ``none_algorithm`` offering an algorithm named ``none``.

Each must be reported with plugin name, distribution, version and reason, in the host
and in ``twilio-jwt plugins``, while every other plugin keeps working; strict mode
turns each one alone into an error. HS256 is offered twice here, so minting HS256
needs ``TWILIO_JWT_ALGORITHM_BACKENDS`` (that is how backends compose: explicitly).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
from collections.abc import Callable, Mapping

import pytest

from twilio_jwt import (
    AccessToken,
    ClientCapability,
    InvalidParameterError,
    PluginConflictError,
    PluginError,
    PluginHost,
    PluginLoadWarning,
    use_host,
)
from twilio_jwt._jws import b64url
from twilio_jwt.errors import AlgorithmNotAllowedError, MissingPluginError
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, decode_hs
from twilio_jwt_rsa import ValidationToken

Run = Callable[..., subprocess.CompletedProcess[str]]  # the ``cli`` fixture of tests/conftest.py
FAULTS = (
    "twilio-jwt-broken-import",
    "twilio-jwt-duplicate-voice",
    "twilio-jwt-video-same-name",
    "twilio-jwt-hook-raises",
    "twilio-jwt-wrong-type",
    "twilio-jwt-unknown-hook",
    "twilio-jwt-duplicate-algorithm",
    "twilio-jwt-widen-algorithms",
)


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

COLLISION = (
    "plugin video (twilio-jwt-video-same-name 0.1.0) failed at collision: "
    "entry point name 'video' is also used by twilio-jwt-video; only that one was loaded"
)
BROKEN = (
    "plugin broken_import (twilio-jwt-broken-import 0.1.0) failed at import: "
    "ImportError: No module named 'a_dependency_nobody_installed'"
)
RAISES = (
    "plugin hook_raises (twilio-jwt-hook-raises 0.1.0) failed at hook: RuntimeError: the grant catalogue is unreachable"
)
NONE = (
    "plugin none_algorithm (twilio-jwt-widen-algorithms 0.1.0) failed at hook: "
    "ValueError: an algorithm named 'none' is refused: 'none' means an unsigned token"
)
UNKNOWN = (
    "plugin unknown_hook (twilio-jwt-unknown-hook 0.1.0) failed at register: "
    "PluginValidationError: unknown hook 'twilio_jwt_grant_type' in plugin <module 'twilio_jwt_unknown_hook'"
)
FIXED = "AccessToken.ALGORITHMS cannot be changed: a token type's algorithms are fixed"
WIDEN = f"plugin widen_algorithms (twilio-jwt-widen-algorithms 0.1.0) failed at import: AttributeError: {FIXED}"
WRONG = (
    "plugin wrong_type (twilio-jwt-wrong-type 0.1.0) failed at hook: "
    "TypeError: twilio_jwt_grant_types must return a list, got dict"
)
HS256_CONFLICT = (
    "algorithm 'HS256' is offered by duplicate_algorithm (twilio-jwt-duplicate-algorithm 0.1.0) "
    "and hmac (twilio-jwt-hmac 0.1.0); choose one with TWILIO_JWT_ALGORITHM_BACKENDS='HS256=<plugin>'"
)
VOICE_CONFLICT = (
    "grant key 'voice' is offered by duplicate_voice (twilio-jwt-duplicate-voice 0.1.0) "
    "and voice (twilio-jwt-voice 0.1.0); uninstall or disable one (TWILIO_JWT_DISABLE_PLUGINS)"
)
#: (plugin, distribution, version, stage) of each failure: the collision, then in load (name) order.
FAILED = [
    ("video", "twilio-jwt-video-same-name", "0.1.0", "collision"),
    ("broken_import", "twilio-jwt-broken-import", "0.1.0", "import"),
    ("hook_raises", "twilio-jwt-hook-raises", "0.1.0", "hook"),
    ("none_algorithm", "twilio-jwt-widen-algorithms", "0.1.0", "hook"),
    ("unknown_hook", "twilio-jwt-unknown-hook", "0.1.0", "register"),
    ("widen_algorithms", "twilio-jwt-widen-algorithms", "0.1.0", "import"),
    ("wrong_type", "twilio-jwt-wrong-type", "0.1.0", "hook"),
]
#: Collisions are found at discovery, then failures come in load (name) order, then conflicts.
EVERY_FAULT = [COLLISION, BROKEN, RAISES, NONE, UNKNOWN, WIDEN, WRONG, HS256_CONFLICT, VOICE_CONFLICT]
CHOOSE_HMAC = {"TWILIO_JWT_ALGORITHM_BACKENDS": "HS256=hmac"}
ALLOW_LISTS = {
    AccessToken: ("HS256", "HS384", "HS512"),
    ClientCapability: ("HS256",),
    ValidationToken: ("RS256", "PS256"),
}


def _matches(message: str, expected: str) -> bool:
    # pluggy names the module with its path after the part quoted in UNKNOWN.
    return message == expected or (expected.endswith(UNKNOWN[-40:]) and message.startswith(expected))


def assert_messages(messages: list[str], expected: list[str]) -> None:
    assert len(messages) == len(expected), messages
    for message, wanted in zip(messages, expected, strict=True):
        assert _matches(message, wanted), (message, wanted)


def load(environ: Mapping[str, str]) -> tuple[PluginHost, list[str]]:
    """A discovering host with ``environ``, loaded, and the warnings it emitted."""
    host = PluginHost(environ=environ)
    with pytest.warns(PluginLoadWarning) as caught:
        host.load()
    return host, [str(warning.message) for warning in caught]


def mint(host: PluginHost, algorithm: str = "HS256", **grants: dict[str, str]) -> dict[str, object]:
    """Mint through ``host`` with grants given as ``key={field: value}``; the verified ``grants`` claim."""
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="alice", host=host)
    for key, fields in grants.items():
        token.add_grant(host.grant_for_key(key)(**fields))
    claims = decode_hs(token.to_jwt(algorithm), TEST_SECRET)[1]
    grants_claim: dict[str, object] = claims["grants"]
    return grants_claim


def assert_allow_lists_untouched() -> None:
    for cls, algorithms in ALLOW_LISTS.items():
        assert algorithms == cls.ALGORITHMS
        assert cls.DECODING.algorithms is cls.ALGORITHMS  # one tuple, read by minting and decoding alike
    assert "ALGORITHMS" not in vars(ClientCapability)  # inherited from CapabilityToken, never set on it


@pytest.fixture(scope="module")
def faulty() -> tuple[PluginHost, list[str]]:
    return load({})


def test_every_fault_is_warned_about_once(faulty: tuple[PluginHost, list[str]]) -> None:
    _, messages = faulty
    assert_messages(messages, EVERY_FAULT)


def test_failures_name_plugin_distribution_version_and_reason(faulty: tuple[PluginHost, list[str]]) -> None:
    host, _ = faulty
    assert [(f.name, f.distribution, f.version, f.stage) for f in host.failures] == FAILED
    assert_messages([f.describe() for f in host.failures], EVERY_FAULT[:7])


def test_failed_plugins_are_neither_recorded_nor_registered(faulty: tuple[PluginHost, list[str]]) -> None:
    host, _ = faulty
    failed = {f.name for f in host.failures} - {"video"}
    assert failed.isdisjoint(r.name for r in host.records)
    assert failed.isdisjoint(dict(host.manager.list_name_plugin()))
    assert "widen" not in host.registry.grants  # what the widening plugin offered is not used either
    assert "wrong_type" not in host.registry.grants
    assert "none" not in host.registry.algorithms


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
        lambda: host.grant_for_key("voice"),
        lambda: host.grant_named("VoiceGrant"),
        lambda: host.grant_named("DuplicateVoiceGrant"),
    ):
        with pytest.raises(PluginConflictError, match=re.escape(VOICE_CONFLICT)):
            look_up()
    with use_host(host), pytest.raises(PluginConflictError, match=re.escape(VOICE_CONFLICT)):
        from twilio_jwt.grants import VoiceGrant  # noqa: F401


def test_hs256_offered_twice_is_a_conflict_until_a_backend_is_chosen(faulty: tuple[PluginHost, list[str]]) -> None:
    host, _ = faulty
    conflict = host.registry.conflicts[("algorithm", "HS256")]
    assert [(p.name, p.distribution, p.version) for p in conflict.providers] == [
        ("duplicate_algorithm", "twilio-jwt-duplicate-algorithm", "0.1.0"),
        ("hmac", "twilio-jwt-hmac", "0.1.0"),
    ]
    with pytest.raises(PluginConflictError) as excinfo:
        mint(host)
    assert str(excinfo.value) == HS256_CONFLICT
    assert mint(host, "HS384") == {"identity": "alice"}  # offered once: unaffected


@pytest.mark.parametrize("backend", ["hmac", "duplicate_algorithm"])
def test_either_hs256_backend_can_be_chosen_and_signs(backend: str) -> None:
    host, messages = load({"TWILIO_JWT_ALGORITHM_BACKENDS": f"HS256={backend}"})
    assert_messages(messages, [m for m in EVERY_FAULT if m is not HS256_CONFLICT])
    assert host.registry.providers[("algorithm", "HS256")].name == backend
    assert mint(host, video={"room": "r"}) == {"identity": "alice", "video": {"room": "r"}}


def test_the_other_plugins_still_work(faulty: tuple[PluginHost, list[str]]) -> None:
    host, _ = faulty
    grants = mint(
        host,
        "HS512",
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
    assert host.algorithm("RS256").name == "RS256"


# -- the allow-lists stay what the token types say ------------------------------------------------------------------


def test_the_allow_lists_are_unchanged(faulty: tuple[PluginHost, list[str]]) -> None:
    assert_allow_lists_untouched()


def test_importing_the_widening_module_before_any_host_fails_the_same_way() -> None:
    """The old bypass: an application importing the plugin before the host loads. Assignment fails whenever."""
    with pytest.raises(AttributeError, match=f"^{re.escape(FIXED)}$"):
        importlib.import_module("twilio_jwt_widen_algorithms.widen")
    assert_allow_lists_untouched()


def test_widening_fails_for_every_later_host_too(faulty: tuple[PluginHost, list[str]]) -> None:
    """A failed import leaves no module behind: every host imports it again, and it fails again."""
    _, messages = load(CHOOSE_HMAC)
    assert WIDEN in messages
    assert_allow_lists_untouched()


def test_tokens_refuse_the_algorithms_the_plugin_tried_to_add(faulty: tuple[PluginHost, list[str]]) -> None:
    host = PluginHost(environ=CHOOSE_HMAC)
    with pytest.warns(PluginLoadWarning):
        host.load()
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="alice", host=host)
    for algorithm in ("none", "RS256"):
        with pytest.raises(InvalidParameterError, match=f"^algorithm: '{algorithm}' is not allowed here"):
            token.to_jwt(algorithm)
    with pytest.raises(InvalidParameterError, match=r"^algorithm: 'none' is not allowed here"):
        ClientCapability(TEST_ACCOUNT_SID, TEST_SECRET, host=host).to_jwt("none")
    header = b64url(b'{"alg":"none","typ":"JWT","cty":"twilio-fpa;v=1"}').decode()
    claims = b64url(json.dumps({"grants": {"identity": "x"}, "exp": 2**40}).encode()).decode()
    with pytest.raises(AlgorithmNotAllowedError, match=r"signed with 'none' but an AccessToken allows only HS256"):
        AccessToken.from_jwt(f"{header}.{claims}.", TEST_SECRET, host=host)
    with pytest.raises(MissingPluginError):
        host.algorithm("none")


# -- strict mode -----------------------------------------------------------------------------------------------------

#: Each fault alone (every other fault plugin disabled), as strict mode reports it.
ALONE = {
    "broken_import": BROKEN,
    "hook_raises": RAISES,
    "none_algorithm": NONE,
    "unknown_hook": UNKNOWN,
    "widen_algorithms": WIDEN,
    "wrong_type": WRONG,
    "duplicate_voice": VOICE_CONFLICT,
    "duplicate_algorithm": HS256_CONFLICT,
}


@pytest.mark.parametrize("fault", sorted(ALONE))
def test_strict_turns_each_fault_alone_into_an_error(fault: str) -> None:
    others = ",".join(name for name in ALONE if name != fault)
    environ = {"TWILIO_JWT_STRICT_PLUGINS": "1", "TWILIO_JWT_DISABLE_PLUGINS": others}
    with pytest.raises(PluginError) as excinfo:
        PluginHost(environ=environ).load()
    lines = str(excinfo.value).splitlines()
    assert lines[0] == "TWILIO_JWT_STRICT_PLUGINS is set and plugin loading had problems:"
    assert_messages(lines[1:], [f"  {COLLISION}", f"  {ALONE[fault]}"])
    assert_allow_lists_untouched()


def test_strict_turns_the_faults_into_one_error_listing_all() -> None:
    host = PluginHost(environ={"TWILIO_JWT_STRICT_PLUGINS": "1"})
    with pytest.raises(PluginError) as excinfo:
        host.grant_for_key("video")
    lines = str(excinfo.value).splitlines()
    assert lines[0] == "TWILIO_JWT_STRICT_PLUGINS is set and plugin loading had problems:"
    assert_messages(lines[1:], [f"  {fault}" for fault in EVERY_FAULT])


def test_disabling_the_faults_leaves_only_the_collision() -> None:
    environ = {"TWILIO_JWT_DISABLE_PLUGINS": ",".join(ALONE)}
    host, messages = load(environ)
    assert messages == [COLLISION]
    assert sorted(host.disabled) == sorted(ALONE)
    grants = mint(host, voice={"endpoint_id": "phone"}, video={"room": "r"})
    assert grants == {"identity": "alice", "voice": {"endpoint_id": "phone"}, "video": {"room": "r"}}


# -- what the command line shows ------------------------------------------------------------------------------------


def _as_plugins_line(failure: str) -> str:
    return "FAILED " + failure.removeprefix("plugin ").replace(" failed at ", " at ", 1)


def test_plugins_command_reports_each_fault(cli: Run) -> None:
    result = cli("plugins")
    assert (result.returncode, result.stderr) == (1, "")  # failures and conflicts reported: exit 1
    lines = result.stdout.splitlines()
    failed = [line for line in lines if line.startswith("FAILED ")]
    assert_messages(failed, [_as_plugins_line(f) for f in EVERY_FAULT[:7]])
    assert [line for line in lines if line.startswith("CONFLICT ")] == [
        f"CONFLICT {HS256_CONFLICT}",
        f"CONFLICT {VOICE_CONFLICT}",
    ]
    assert any(line.split()[:3] == ["duplicate_voice", "twilio-jwt-duplicate-voice", "0.1.0"] for line in lines)


def test_plugins_json_reports_each_fault(cli: Run) -> None:
    result = cli("plugins", "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert "HS256" not in data["algorithms"]  # in conflict: no plugin signs it until one is chosen
    assert data["algorithms"]["HS384"]["plugin"] == "hmac"
    assert [(f["name"], f["distribution"], f["version"], f["stage"]) for f in data["failed"]] == FAILED
    assert data["failed"][1]["reason"] == "ImportError: No module named 'a_dependency_nobody_installed'"
    assert data["conflicts"] == [HS256_CONFLICT, VOICE_CONFLICT]


def test_cli_minting_a_conflicted_grant_exits_2_naming_both(cli: Run) -> None:
    argv = ("mint", "access-token", "--identity", "alice", "--grant", "voice:incoming_allow=true")
    result = cli(*argv, env=CHOOSE_HMAC)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == f"twilio-jwt: error: {VOICE_CONFLICT}"
    assert "Traceback" not in result.stderr
    assert TEST_SECRET not in result.stderr


def test_cli_minting_with_hs256_in_conflict_exits_2_naming_both(cli: Run) -> None:
    result = cli("mint", "access-token", "--identity", "alice")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == f"twilio-jwt: error: {HS256_CONFLICT}"


def test_cli_with_the_duplicates_settled_mints_voice_and_video(cli: Run) -> None:
    argv = ("mint", "access-token", "--identity", "alice", "--grant", "voice:incoming_allow=true", "--grant", "video")
    result = cli(*argv, env={"TWILIO_JWT_DISABLE_PLUGINS": "duplicate_voice", **CHOOSE_HMAC})
    assert result.returncode == 0
    assert "PluginLoadWarning" in result.stderr  # the remaining faults are still shown, as warnings
    assert WIDEN in result.stderr
    grants = decode_hs(result.stdout.strip(), TEST_SECRET)[1]["grants"]
    assert grants == {"identity": "alice", "voice": {"incoming": {"allow": True}}, "video": {}}


def test_cli_refuses_the_algorithm_the_plugin_tried_to_add(cli: Run) -> None:
    result = cli("mint", "access-token", "--identity", "alice", "--algorithm", "none", env=CHOOSE_HMAC)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == (
        "twilio-jwt: error: --algorithm: 'none' is not allowed here; use one of HS256, HS384, HS512"
    )


def test_cli_in_strict_mode_exits_2(cli: Run) -> None:
    result = cli("plugins", env={"TWILIO_JWT_STRICT_PLUGINS": "1"})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("twilio-jwt: error: TWILIO_JWT_STRICT_PLUGINS is set")
    for fault in EVERY_FAULT:
        assert (fault if fault is not UNKNOWN else UNKNOWN[:60]) in result.stderr
    assert "Traceback" not in result.stderr
