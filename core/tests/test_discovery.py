"""The entry-point scanner agrees with importlib.metadata, which it stands in for."""

from __future__ import annotations

import importlib.metadata
import os.path
import sys
import zipfile
from pathlib import Path

import pytest

from twilio_jwt._discovery import find_entry_points


def _ours(group: str = "twilio_jwt") -> list[tuple[str, str | None, str | None]]:
    return sorted((found.name, found.distribution, found.version) for found in find_entry_points(group))


def _importlib(group: str = "twilio_jwt") -> list[tuple[str, str | None, str | None]]:
    return sorted(
        (ep.name, ep.dist.metadata["Name"] if ep.dist else None, ep.dist.version if ep.dist else None)
        for ep in importlib.metadata.entry_points(group=group)
    )


def _dist(site: Path, folder: str, metadata: str, entry_points: str) -> None:
    info = site / folder
    info.mkdir(parents=True)
    (info / "METADATA").write_text(metadata)
    (info / "entry_points.txt").write_text(entry_points)


def test_agrees_with_importlib_metadata_on_this_environment() -> None:
    assert _ours() == _importlib()


def test_agrees_on_other_groups_too() -> None:
    """console_scripts exist in every environment with pip or pytest, so this compares real data."""
    assert _ours("console_scripts") == _importlib("console_scripts")
    assert _ours("console_scripts")


def test_finds_installed_distributions_with_name_version_and_loader(install: object) -> None:
    install("twilio-jwt-pets", {"pets": "VALUE = 'loaded'\n"}, version="2.5.0")  # type: ignore[operator]
    found = {f.name: f for f in find_entry_points("twilio_jwt")}
    assert (found["pets"].distribution, found["pets"].version) == ("twilio-jwt-pets", "2.5.0")
    assert found["pets"].load().VALUE == "loaded"
    assert _ours() == _importlib()


def test_the_first_distribution_of_a_name_on_sys_path_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _dist(first, "Twilio_JWT.Dup-1.0.dist-info", "Name: twilio-jwt-dup\nVersion: 1.0\n", "[twilio_jwt]\ndup = os\n")
    _dist(second, "twilio_jwt_dup-2.0.dist-info", "Name: twilio-jwt-dup\nVersion: 2.0\n", "[twilio_jwt]\ndup = sys\n")
    monkeypatch.syspath_prepend(str(second))
    monkeypatch.syspath_prepend(str(first))
    assert ("dup", "twilio-jwt-dup", "1.0") in _ours()
    assert ("dup", "twilio-jwt-dup", "2.0") not in _ours()
    assert _ours() == _importlib()


def test_reads_only_its_section_and_attribute_references(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry_points = (
        "# a comment\n[console_scripts]\nnot_ours = os\n\n"
        "[twilio_jwt]\n# another comment\nattr = os.path:join\nextras = os [fast]\n\n[other]\nalso_not = sys\n"
    )
    _dist(
        tmp_path, "twilio_jwt_shapes-1.0.dist-info", "Name: twilio-jwt-shapes\nVersion: 1.0\n\nName: no\n", entry_points
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    found = {f.name: f for f in find_entry_points("twilio_jwt")}
    assert {"attr", "extras"} <= set(found)
    assert not {"not_ours", "also_not"} & set(found)

    assert found["attr"].load() is os.path.join
    assert found["extras"].load() is sys.modules["os"]
    assert found["attr"].distribution == "twilio-jwt-shapes"
    assert _ours() == _importlib()


def test_a_zip_archive_on_sys_path_hands_over_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("twilio_jwt_zipped-3.0.dist-info/METADATA", "Name: twilio-jwt-zipped\nVersion: 3.0\n")
        bundle.writestr("twilio_jwt_zipped-3.0.dist-info/entry_points.txt", "[twilio_jwt]\nzipped = json\n")
    monkeypatch.syspath_prepend(str(archive))
    assert ("zipped", "twilio-jwt-zipped", "3.0") in _ours()
    assert _ours() == _importlib()
