"""twilio-jwt-compat is its own distribution, released in lockstep with core, and core does not hold it.

The compat layer depends on the plugins it wraps, so it cannot live in core (core never
imports a plugin). It is installed with ``twilio-jwt[compat]``, pins core and each plugin
at the one project version, and is a library: it has no ``twilio_jwt`` entry point.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import pathlib
import sys
from typing import Any

import pytest

import twilio_jwt
import twilio_jwt_compat

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 has no tomllib; the installed-metadata test still runs there
    tomllib = pytest.importorskip("tomli")

ROOT = pathlib.Path(__file__).resolve().parents[2]
#: The plugins whose grants, scopes, policies and signers the layer uses.
WRAPPED = ["voice", "video", "chat", "sync", "playback", "task-router", "hmac", "rsa"]


def project(folder: str) -> dict[str, Any]:
    with (ROOT / folder / "pyproject.toml").open("rb") as file:
        data: dict[str, Any] = tomllib.load(file)["project"]
    return data


def test_sources_pin_core_and_every_wrapped_plugin_at_the_project_version() -> None:
    version = project("core")["version"]
    compat = project("compat")
    assert (compat["name"], compat["version"]) == ("twilio-jwt-compat", version)
    assert compat["dependencies"] == [f"twilio-jwt=={version}", *(f"twilio-jwt-{p}=={version}" for p in WRAPPED)]
    assert "entry-points" not in compat
    assert project("core")["optional-dependencies"]["compat"] == [f"twilio-jwt-compat=={version}"]


def test_installed_metadata_agrees() -> None:
    version = twilio_jwt.__version__
    assert importlib.metadata.version("twilio-jwt-compat") == version
    requires = sorted(r.replace(" ", "") for r in importlib.metadata.requires("twilio-jwt-compat") or [])
    assert requires == sorted([f"twilio-jwt=={version}", *(f"twilio-jwt-{p}=={version}" for p in WRAPPED)])
    assert list(importlib.metadata.distribution("twilio-jwt-compat").entry_points) == []
    core_requires = {r.replace(" ", "").replace('"', "'") for r in importlib.metadata.requires("twilio-jwt") or []}
    assert f"twilio-jwt-compat=={version};extra=='compat'" in core_requires


def test_the_layer_is_typed_and_core_no_longer_holds_it() -> None:
    assert (pathlib.Path(twilio_jwt_compat.__file__).parent / "py.typed").is_file()
    assert importlib.util.find_spec("twilio_jwt.compat") is None
