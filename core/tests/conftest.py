"""Fixtures for core's own tests: fake plugins defined here, no first-party plugin needed.

Core is tested alone (``nox -s core`` installs no plugin), so signing goes through
:class:`twilio_jwt.testing.ReferenceHMACPlugin`, grants are the small classes of
``core_fakes``, and entry-point discovery is exercised with real ``.dist-info`` folders written
to a temporary directory on ``sys.path`` (``importlib.metadata`` finds them exactly as
it finds installed distributions).
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from core_fakes import GrantPlugin, Install, PetGrant

from twilio_jwt import PluginHost
from twilio_jwt.testing import ReferenceHMACPlugin


@pytest.fixture
def hmac_plugin() -> ReferenceHMACPlugin:
    return ReferenceHMACPlugin()


@pytest.fixture
def pets() -> GrantPlugin:
    return GrantPlugin(PetGrant)


@pytest.fixture
def host(hmac_plugin: ReferenceHMACPlugin, pets: GrantPlugin) -> PluginHost:
    """An explicit host: the reference HMAC and the pet grant, no entry points, no environment."""
    return PluginHost(plugins={"ref_hmac": hmac_plugin, "pets": pets})


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Install]:
    """Write real distributions (``.dist-info`` with entry points, plus modules) onto ``sys.path``.

    ``install("dist-name", {"entry_name": module_source}, version="1.2.3")``. The modules
    are unique to the test and are forgotten again afterwards.
    """
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    modules: list[str] = []

    def install(distribution: str, entry_points: Mapping[str, str], version: str = "1.0.0") -> None:
        stem = distribution.replace("-", "_")
        info = site / f"{stem}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n")
        lines = ["[twilio_jwt]"]
        for name, source in entry_points.items():
            module = f"_fake_{stem}_{name}"
            (site / f"{module}.py").write_text(textwrap.dedent(source))
            lines.append(f"{name} = {module}")
            modules.append(module)
        (info / "entry_points.txt").write_text("\n".join(lines) + "\n")

    yield install
    for module in modules:
        sys.modules.pop(module, None)
