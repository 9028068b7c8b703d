"""Finding the entry points of group ``twilio_jwt`` without importing ``importlib.metadata``.

``importlib.metadata`` costs more to import (it pulls in ``email``, ``zipfile``,
``csv`` and ``pathlib``) than everything else a fresh process does to mint its first
token. The group's entry points only need this much: every directory on ``sys.path``
is listed once, the first ``*.dist-info`` / ``*.egg-info`` of each normalised
distribution name wins (``importlib.metadata`` resolves duplicates the same way), and
only the ``[twilio_jwt]`` section of ``entry_points.txt`` is read. Anything unusual on
``sys.path`` (a zip archive, an importer that is not the file system) hands the whole
job to ``importlib.metadata``, so exotic installs still work, just slower.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from importlib import import_module


class Found:
    """One entry point: its name, distribution, version and how to load it.

    A plain class: a ``NamedTuple`` generates and compiles code when it is defined,
    which every process that mints a token would pay for.
    """

    __slots__ = ("distribution", "load", "name", "version")

    def __init__(self, name: str, distribution: str | None, version: str | None, load: Callable[[], object]) -> None:
        self.name, self.distribution, self.version, self.load = name, distribution, version, load

    @property
    def where(self) -> tuple[str, str | None, str | None]:
        """Name, distribution and version: what a plugin's record and failures start with."""
        return self.name, self.distribution, self.version


def find_entry_points(group: str) -> list[Found]:
    """The entry points of ``group`` in every installed distribution (first on sys.path wins)."""
    if any(entry and os.path.isfile(entry) for entry in sys.path):
        return _from_importlib_metadata(group)
    found: list[Found] = []
    seen: set[str] = set()
    for entry in sys.path:
        directory = entry or "."
        try:
            names = sorted(name for name in os.listdir(directory) if name.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
        for name in names:
            normalised = _normalise(name.rpartition(".")[0].partition("-")[0])
            if normalised in seen:
                continue
            seen.add(normalised)
            found.extend(_read(os.path.join(directory, name), group))
    return found


def _normalise(name: str) -> str:
    """PEP 503's ``re.sub(r"[-_.]+", "-", name).lower()``, without compiling a pattern in every process."""
    name = name.replace("_", "-").replace(".", "-").lower()
    while "--" in name:
        name = name.replace("--", "-")
    return name


def _read(folder: str, group: str) -> list[Found]:
    try:  # bytes first, through os (no file object): most distributions have no such section
        data = _bytes(os.path.join(folder, "entry_points.txt"))
        pairs = _section(data.decode("utf-8"), group) if f"[{group}]".encode() in data else []
    except (OSError, UnicodeDecodeError):
        return []
    if not pairs:
        return []
    distribution, version = _name_and_version(folder)
    return [Found(name, distribution, version, _loader(value)) for name, value in pairs]


def _bytes(path: str) -> bytes:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        return b"".join(iter(lambda: os.read(descriptor, 65536), b""))
    finally:
        os.close(descriptor)


def _text(path: str) -> str:
    try:
        return _bytes(path).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _section(text: str, group: str) -> list[tuple[str, str]]:
    """``name = value`` lines of one INI section (entry_points.txt is INI with ``=``)."""
    pairs: list[tuple[str, str]] = []
    inside = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):  # importlib.metadata knows no ";" comments either
            continue
        if line.startswith("["):
            inside = line == f"[{group}]"
            continue
        if inside:
            name, sep, value = line.partition("=")
            if sep:
                pairs.append((name.strip(), value.strip()))
    return pairs


def _name_and_version(folder: str) -> tuple[str | None, str | None]:
    """Name and Version from the metadata's header block, without the ``email`` parser.

    Both are single-line fields at the top of the header block (core metadata
    specification), so the first of each before the first blank line is what
    ``importlib.metadata`` reports too.
    """
    text = _text(os.path.join(folder, "METADATA")) or _text(os.path.join(folder, "PKG-INFO"))
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            break
        field, sep, value = line.partition(":")
        if sep:
            fields.setdefault(field.strip().lower(), value.strip())
    return fields.get("name"), fields.get("version")


def _loader(value: str) -> Callable[[], object]:
    """``module`` or ``module:attr.attr`` (extras in ``[...]`` are ignored, as importlib does)."""
    reference = value.partition("[")[0].strip()
    module, _, attributes = reference.partition(":")

    def load() -> object:
        target: object = import_module(module.strip())
        for attribute in filter(None, attributes.strip().split(".")):
            target = getattr(target, attribute)
        return target

    return load


def _from_importlib_metadata(group: str) -> list[Found]:
    from importlib.metadata import entry_points

    return [
        Found(ep.name, ep.dist.metadata["Name"] if ep.dist else None, ep.dist.version if ep.dist else None, ep.load)
        for ep in entry_points(group=group)
    ]
