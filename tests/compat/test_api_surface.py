"""The compat layer offers twilio-python's names, where twilio-python has them, with the same signatures.

Migrating is meant to be a change of imports: ``twilio.jwt...`` becomes
``twilio_jwt_compat...``. These tests read twilio-python's installed
modules and check that every class it defines is found under the mirrored module
path and at the package top level, that constructors take the same positional
parameters with the same defaults, that its ``**kwargs`` options are keyword
parameters here, and that its methods and properties exist. They also check that
importing the layer loads no plugin and that an HMAC token never imports
``cryptography``.
"""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
import time
from typing import Any

import pytest
import twilio.jwt

import twilio_jwt_compat as compat
from twilio_jwt_compat.base import build_time

#: twilio-python module -> the compat module at the mirrored path.
MODULES = {
    "twilio.jwt": "twilio_jwt_compat",
    "twilio.jwt.access_token": "twilio_jwt_compat.access_token",
    "twilio.jwt.access_token.grants": "twilio_jwt_compat.access_token.grants",
    "twilio.jwt.client": "twilio_jwt_compat.client",
    "twilio.jwt.taskrouter": "twilio_jwt_compat.taskrouter",
    "twilio.jwt.taskrouter.capabilities": "twilio_jwt_compat.taskrouter.capabilities",
    "twilio.jwt.validation": "twilio_jwt_compat.validation",
    "twilio.http.validation_client": "twilio_jwt_compat.validation",
}
#: Names only for twilio-python's own use: its input check, its hashing helpers, its HTTP client.
INTERNAL = {"_validate_inputs", "_hash", "_sort_and_join", "_ClientValidationJwt__CTY", "ValidationClient"}
#: What twilio-python takes through ``**kwargs``, as keyword parameters here.
KEYWORDS = {
    "ClientCapabilityToken": {"allow_client_outgoing", "allow_client_incoming", "allow_event_stream"},
    "TaskRouterCapabilityToken": {"nbf", "ttl", "valid_until"},
    "WorkerCapabilityToken": {"nbf", "valid_until"},
    "TaskQueueCapabilityToken": {"nbf", "valid_until"},
    "WorkspaceCapabilityToken": {"nbf", "valid_until"},
}


def twilio_classes() -> list[Any]:
    found = []
    for theirs, ours in MODULES.items():
        module = importlib.import_module(theirs)
        for name, value in vars(module).items():
            if inspect.isclass(value) and value.__module__ == theirs and name not in INTERNAL:
                found.append(pytest.param(value, ours, id=f"{theirs}.{name}"))
    return found


def default_of(parameter: inspect.Parameter) -> object:
    """The default, with each library's ``Jwt.GENERATE`` sentinel read as the same thing."""
    if parameter.default is twilio.jwt.Jwt.GENERATE or parameter.default is compat.Jwt.GENERATE:
        return "GENERATE"
    return parameter.default


def positional(function: Any) -> list[tuple[str, object]]:
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return [(p.name, default_of(p)) for p in inspect.signature(function).parameters.values() if p.kind in kinds]


@pytest.mark.parametrize(("theirs", "module"), twilio_classes())
def test_every_class_is_there(theirs: type, module: str) -> None:
    ours = getattr(importlib.import_module(module), theirs.__name__)
    assert getattr(compat, theirs.__name__) is ours
    assert theirs.__name__ in compat.__all__
    assert positional(ours.__init__) == positional(theirs.__init__)
    keywords = {
        p.name for p in inspect.signature(ours.__init__).parameters.values() if p.kind is inspect.Parameter.KEYWORD_ONLY
    }
    assert keywords == KEYWORDS.get(theirs.__name__, set())
    for constant in ("ALGORITHM", "VERSION", "DOMAIN", "EVENTS_BASE_URL"):
        assert getattr(ours, constant, None) == getattr(theirs, constant, None), constant
    for name in dir(theirs):
        if name.startswith("__") or name in INTERNAL or name == "key":  # a grant's key: every grant class sets it
            continue
        assert hasattr(ours, name), name
        member = getattr(theirs, name)
        if inspect.isfunction(member):
            assert positional(getattr(ours, name)) == positional(member), name


def run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return result.stdout.strip()


def test_importing_the_layer_loads_no_plugin() -> None:
    loaded = run(
        "import sys, twilio_jwt_compat\n"
        "print(sorted(m for m in sys.modules if m.startswith(('twilio_jwt_', 'cryptography', 'twilio.'))"
        " and m.split('.')[0] != 'twilio_jwt_compat'))"
    )
    assert loaded == "[]"


def test_an_hmac_token_never_imports_cryptography() -> None:
    loaded = run(
        "import sys\n"
        "from twilio_jwt_compat import AccessToken, VoiceGrant, WorkerCapabilityToken\n"
        "t = AccessToken('AC' + '0' * 32, 'SK' + '0' * 32, 'secret', identity='alice')\n"
        "t.add_grant(VoiceGrant(incoming_allow=True))\n"
        "t.to_jwt()\n"
        "WorkerCapabilityToken('AC' + '0' * 32, 'secret', 'WS' + '0' * 32, 'WK' + '0' * 32).to_jwt()\n"
        "print(sorted(m for m in sys.modules if m.startswith('cryptography')))"
    )
    assert loaded == "[]"


def test_build_time_outside_a_build_is_the_floored_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.99)
    assert build_time() == 1_700_000_000
    monkeypatch.setattr(time, "time", lambda: -0.5)
    assert build_time() == -1


def test_build_time_inside_a_build_is_the_tokens_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """A ``_generate_payload`` of your own that reads ``build_time()`` sees the token's one clock reading."""
    readings = iter([1_700_000_000.5, 1_700_000_009.0])
    monkeypatch.setattr(time, "time", lambda: next(readings))

    class Stamped(compat.Jwt):
        def _generate_payload(self) -> dict[str, Any]:
            return {"stamp": build_time()}

    payload = Stamped("secret-" + "0" * 40, "issuer").payload
    assert payload["stamp"] == payload["nbf"] == 1_700_000_000
    assert build_time() == 1_700_000_009


def test_missing_plugins_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no plugin loaded, each class says which distribution it needs."""
    from twilio_jwt import MissingPluginError, PluginHost, use_host

    with use_host(PluginHost(plugins=[])):
        with pytest.raises(MissingPluginError, match="twilio-jwt-video"):
            compat.VideoGrant(room="r")
        token = compat.AccessToken("AC" + "0" * 32, "SK" + "0" * 32, "secret-" + "0" * 40)
        with pytest.raises(MissingPluginError, match="twilio-jwt-hmac"):
            token.to_jwt()
    monkeypatch.setitem(sys.modules, "twilio_jwt_task_router", None)
    with pytest.raises(MissingPluginError, match="twilio-jwt-task-router"):
        compat.WorkspaceCapabilityToken("AC" + "0" * 32, "token-" + "0" * 40, "WS" + "0" * 32)
