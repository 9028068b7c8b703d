"""Core and every plugin are released together: one version everywhere, pinned exactly both ways.

The sources (``core/pyproject.toml``, ``plugins/*/pyproject.toml``, ``twilio_jwt.__version__``)
and the installed metadata must agree, so a bump that misses one file fails here
rather than producing a plugin that pins a core which was never released.
"""

from __future__ import annotations

import importlib.metadata
import pathlib
import sys
from typing import Any

import pytest

import twilio_jwt

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 has no tomllib; the installed-metadata test still runs there
    tomllib = pytest.importorskip("tomli")

ROOT = pathlib.Path(__file__).resolve().parents[1]
PLUGIN_FOLDERS = sorted(path.parent for path in ROOT.glob("plugins/*/pyproject.toml"))
SIGNERS = {"hmac", "rsa"}  # the plugins that sign; every other plugin's extra needs one


def project(folder: pathlib.Path) -> dict[str, Any]:
    with (folder / "pyproject.toml").open("rb") as file:
        data: dict[str, Any] = tomllib.load(file)["project"]
    return data


def test_sources_share_one_version_and_pin_it_both_ways() -> None:
    core = project(ROOT / "core")
    version = core["version"]
    assert twilio_jwt.__version__ == version
    plugins = {folder.name: project(folder) for folder in PLUGIN_FOLDERS}
    assert {name: data["version"] for name, data in plugins.items()} == dict.fromkeys(plugins, version)
    for name, data in plugins.items():
        pins = [requirement for requirement in data["dependencies"] if requirement.startswith("twilio-jwt")]
        assert pins == [f"twilio-jwt=={version}"], name
    extras = core["optional-dependencies"]
    # A grant or scope extra brings hmac as well, so that `pip install "twilio-jwt[voice]"` can mint.
    hmac = f"twilio-jwt-hmac=={version}"
    expected = {
        name.replace("_", "-"): [f"{data['name']}=={version}", *([] if name in SIGNERS else [hmac])]
        for name, data in plugins.items()
    }
    assert {extra: extras[extra] for extra in expected} == expected
    assert sorted(extras["all"]) == sorted(f"{data['name']}=={version}" for data in plugins.values())


def test_installed_metadata_agrees() -> None:
    version = twilio_jwt.__version__
    distributions = ["twilio-jwt-" + folder.name.replace("_", "-") for folder in PLUGIN_FOLDERS]
    assert importlib.metadata.version("twilio-jwt") == version
    assert {name: importlib.metadata.version(name) for name in distributions} == dict.fromkeys(distributions, version)
    for name in distributions:
        pins = [r for r in importlib.metadata.requires(name) or [] if r.replace(" ", "").startswith("twilio-jwt")]
        assert [pin.replace(" ", "") for pin in pins] == [f"twilio-jwt=={version}"], name
    core_requires = {r.replace(" ", "").replace('"', "'") for r in importlib.metadata.requires("twilio-jwt") or []}
    for name in distributions:
        for extra in (name.removeprefix("twilio-jwt-"), "all"):
            assert f"{name}=={version};extra=='{extra}'" in core_requires, (name, extra)
        if name.removeprefix("twilio-jwt-") not in SIGNERS:
            extra = name.removeprefix("twilio-jwt-")
            assert f"twilio-jwt-hmac=={version};extra=='{extra}'" in core_requires, extra
