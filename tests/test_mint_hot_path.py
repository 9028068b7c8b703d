"""What minting an HS256 access token touches, checked in a fresh interpreter with everything installed.

Minting must not import ``cryptography`` (only the rsa plugin may, lazily) nor PyJWT
(only decoding needs it), and once the first token is out the plugin host answers
from its cached registries: no hook call, no ``importlib.metadata`` read. The child
process replaces those functions with traps after the first mint and reports.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import jwt

from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET

CHILD = r"""
import importlib.metadata as metadata
import json
import sys

import pluggy

from twilio_jwt import AccessToken, default_host
from twilio_jwt.grants import VideoGrant, VoiceGrant
from twilio_jwt.testing import TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET


def mint(identity, algorithm="HS256"):
    token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity=identity)
    token.add_grant(VoiceGrant(incoming_allow=True))
    token.add_grant(VideoGrant(room="r"))
    return token.to_jwt(algorithm)


tokens = [mint("first")]
calls = []


def trap(name):
    def called(*args, **kwargs):
        calls.append(name)
        raise AssertionError(name + " was called after the first mint")

    return called


for name in ("entry_points", "distributions", "distribution", "metadata", "version", "requires", "files"):
    setattr(metadata, name, trap("importlib.metadata." + name))
metadata.Distribution.from_name = trap("Distribution.from_name")
metadata.Distribution.discover = trap("Distribution.discover")
pluggy.PluginManager.load_setuptools_entrypoints = trap("load_setuptools_entrypoints")
manager = default_host().manager
hooks = 0
for hook in ("twilio_jwt_grant_types", "twilio_jwt_scope_types", "twilio_jwt_signing_algorithms"):
    for impl in getattr(manager.hook, hook).get_hookimpls():
        impl.function = trap(impl.plugin_name + "." + hook)
        if hasattr(impl.plugin, hook):
            setattr(impl.plugin, hook, trap(impl.plugin_name + "." + hook))
        hooks += 1

tokens += [mint("second"), mint("third", "HS384"), mint("fourth", "HS512")]
from twilio_jwt.grants import ChatGrant  # noqa: E402 - a look-up after the first mint, from the cached registry

token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="fifth", region="us1")
token.add_grant(ChatGrant(service_sid="IS1"))
tokens.append(token.to_jwt())
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"cryptography", "jwt", "twilio_jwt_rsa"})
print(json.dumps({"calls": calls, "hooks": hooks, "imported": loaded, "tokens": tokens}))
"""


def test_minting_imports_no_cryptography_and_reads_no_metadata_after_the_first_token(
    clean_environ: Callable[..., dict[str, str]],
) -> None:
    assert importlib.util.find_spec("cryptography") is not None, "the point is that it is installed but not imported"
    result = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, env=clean_environ(), check=False, timeout=120
    )
    assert (result.returncode, result.stderr) == (0, "")
    report: dict[str, Any] = json.loads(result.stdout)
    assert report["calls"] == []
    assert report["hooks"] >= 8  # every first-party plugin's hooks were trapped: the traps were in place
    # The rsa plugin is discovered and loaded, yet neither it nor minting pulls in cryptography or PyJWT.
    assert report["imported"] == ["twilio_jwt_rsa"]
    expected = ["first", "second", "third", "fourth", "fifth"]
    claims = [jwt.decode(token, TEST_SECRET, algorithms=["HS256", "HS384", "HS512"]) for token in report["tokens"]]
    assert [c["grants"]["identity"] for c in claims] == expected
    assert claims[0]["grants"] == {"identity": "first", "voice": {"incoming": {"allow": True}}, "video": {"room": "r"}}
    assert claims[-1]["grants"] == {"identity": "fifth", "chat": {"service_sid": "IS1"}}


LAZY_CHILD = r"""
import json
import sys

from twilio_jwt import AccessToken
from twilio_jwt.grants import VoiceGrant

TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET = sys.argv[1:]  # not twilio_jwt.testing: it imports decoding
token = AccessToken(TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET, identity="alice")
token.add_grant(VoiceGrant(incoming_allow=True))
jwt = token.to_jwt()
after_minting = sorted(sys.modules)
AccessToken.from_jwt(jwt, TEST_SECRET)
after_decoding = sorted(sys.modules)
from twilio_jwt.scopes import IncomingClientScope  # noqa: E402 - the scope hook, called on this first look-up

print(json.dumps({"minting": after_minting, "decoding": after_decoding, "scopes": sorted(sys.modules)}))
"""

#: Modules a process that mints one voice token has no use for: each loads on first use.
NOT_FOR_MINTING = [
    "jwt",
    "twilio_jwt.capability",
    "twilio_jwt.client_capability",
    "twilio_jwt.decoding",
    "twilio_jwt.rebuild",
    "twilio_jwt.scope",
    "twilio_jwt_rsa.canonical",
    "twilio_jwt_rsa.keys",
    "twilio_jwt_rsa.request_verifier",
    "twilio_jwt_rsa.validation_token",
    "twilio_jwt_task_router.capability",
    "twilio_jwt_task_router.default_policies",
    "twilio_jwt_task_router.policy",
    "twilio_jwt_voice.cli",
    "twilio_jwt_voice.scopes",
]


def test_minting_imports_only_what_it_uses_and_the_rest_loads_on_first_use(
    clean_environ: Callable[..., dict[str, str]],
) -> None:
    child = [sys.executable, "-c", LAZY_CHILD, TEST_ACCOUNT_SID, TEST_KEY_SID, TEST_SECRET]
    result = subprocess.run(child, capture_output=True, text=True, env=clean_environ(), check=False, timeout=120)
    assert (result.returncode, result.stderr) == (0, "")
    modules: dict[str, list[str]] = json.loads(result.stdout)
    # Every plugin is loaded (the grant look-up asks each which classes it offers) ...
    plugins = {"twilio_jwt_chat", "twilio_jwt_hmac", "twilio_jwt_rsa", "twilio_jwt_task_router", "twilio_jwt_voice"}
    assert plugins <= set(modules["minting"])
    # ... but none of the modules minting does not need.
    assert [name for name in NOT_FOR_MINTING if name in modules["minting"]] == []
    assert {"twilio_jwt.decoding", "twilio_jwt.rebuild", "jwt"} <= set(modules["decoding"])
    assert "twilio_jwt_voice.scopes" not in modules["decoding"]
    assert "twilio_jwt_voice.scopes" in modules["scopes"]
