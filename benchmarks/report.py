"""Rows, targets, the printed table and the JSON file.

Every case returns :class:`Row` objects. A row holds raw numbers (seconds per
operation, or megabytes) and formats itself only here, so the table and the JSON
always say the same thing. A row whose feature does not exist yet, or whose case
failed, is a missed target: the exit code stays non-zero until everything exists.
"""

from __future__ import annotations

import json
import os
import pathlib
import platform
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks.timing import Sampler, Settings, Stats, compare, sampler

__all__ = [
    "Row",
    "Target",
    "against",
    "at_most",
    "below",
    "check_table",
    "describe",
    "faster",
    "failed",
    "machine",
    "report",
    "table",
    "unavailable",
    "write_json",
]


@dataclass(frozen=True)
class Target:
    """A limit on the median of a row's ratio (ours / baseline) or of its value."""

    text: str
    limit: float
    speedup: bool = False  # show the ratio as "N.NNx faster"

    def met(self, value: float) -> bool:
        return value <= self.limit


def at_most(times: float, of: str) -> Target:
    """Ours takes at most ``times`` the baseline's time."""
    return Target(f"<= {times:g}x {of}", times)


def faster(times: float, than: str) -> Target:
    """Ours is at least ``times`` faster than the baseline."""
    return Target(f">= {times:g}x faster than {than}", 1 / times, speedup=True)


def below(limit: float, unit: str) -> Target:
    """A measured value (not a ratio) under ``limit``."""
    return Target(f"< {limit:g} {unit}", limit)


@dataclass
class Row:
    """One line of the table."""

    case: str
    target: Target
    met: bool
    ours: Stats | None = None
    baseline: Stats | None = None
    baseline_name: str = ""
    ratio: Stats | None = None
    unit: str = "s"  # "s" (per operation) or another unit for plain values
    summary: str = ""  # replaces the "ours" cell when a single number does not say it (a fitted series)
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def compared(cls, case: str, baseline_name: str, stats: tuple[Stats, Stats, Stats], target: Target) -> Row:
        ours, baseline, ratio = stats
        return cls(case, target, target.met(ratio.median), ours, baseline, baseline_name, ratio)

    def cells(self) -> list[str]:
        ours = self.summary or (_amount(self.ours, self.unit) if self.ours else "-")
        baseline = f"{self.baseline_name}: {_amount(self.baseline, self.unit)}" if self.baseline else "-"
        ratio = _ratio(self.ratio, self.target.speedup) if self.ratio else "-"
        met = "yes" if self.met else "NO"
        if self.note:
            met += f" ({self.note})"
        return [self.case, ours, baseline, ratio, self.target.text, met]

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "case": self.case,
            "target": self.target.text,
            "limit": self.target.limit,
            "met": self.met,
            "unit": self.unit,
            "baseline_name": self.baseline_name or None,
            "note": self.note or None,
            "table": dict(zip(HEADERS, self.cells(), strict=True)),
        }
        for name in ("ours", "baseline", "ratio"):
            stats = getattr(self, name)
            data[name] = stats.as_json() if stats else None
        data.update(self.extra)
        return data


def unavailable(case: str, target: Target, what: str) -> Row:
    """The feature under test does not exist yet: a missed target."""
    return Row(case, target, False, note=f"not available yet: {what}")


def failed(case: str, target: Target, error: BaseException) -> Row:
    """The case raised: a missed target, with the error in the note."""
    return Row(case, target, False, note=f"error: {type(error).__name__}: {error}"[:200])


def against(
    case: str,
    name: str,
    ours: Sampler,
    baseline: Callable[[], Callable[[], object]],
    target: Target,
    settings: Settings,
    rounds: int | None = None,
) -> Row:
    """Ours against a baseline made by ``baseline()``, which may not be installed (a missed row then)."""
    try:
        work = baseline()
    except ImportError as exc:
        return failed(case, target, exc)
    return Row.compared(case, name, compare(ours, sampler(work, settings.budget), rounds or settings.rounds), target)


HEADERS = ["case", "ours (median, min-max)", "baseline (median, min-max)", "ratio (median, min-max)", "target", "met?"]


def _scale(value: float) -> tuple[str, float]:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if value >= scale:
            return unit, scale
    return "ns", 1e-9


def _amount(stats: Stats, unit: str) -> str:
    """``13.2 us (13.0-13.5)``: the median, then the minimum and maximum over the rounds."""
    scale = 1.0
    if unit == "s":
        unit, scale = _scale(stats.median)
    text = f"{_number(stats.median / scale)} {unit}"
    if len(stats.samples) > 1:
        text += f" ({_number(stats.low / scale)}-{_number(stats.high / scale)})"
    return text


def _number(value: float) -> str:
    """Three significant digits, never an exponent (a maximum of 1320 ns is "1320", not "1.32e+03")."""
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"


def _ratio(stats: Stats, speedup: bool) -> str:
    if speedup:
        return f"{1 / stats.median:.2f}x faster ({1 / stats.high:.2f}-{1 / stats.low:.2f})"
    return f"{stats.median:.2f}x ({stats.low:.2f}-{stats.high:.2f})"


def _cell(text: str) -> str:
    """One table cell: no line breaks, and a ``|`` inside a cell (an error message, say) escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def table(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table (it goes into README.md as it is): one line per row, no blank lines."""
    lines = [HEADERS, *([_cell(cell) for cell in row.cells()] for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADERS))]

    def render(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"

    text = "\n".join([render(HEADERS), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(render, lines[1:])])
    check_table(text, len(rows))
    return text


def check_table(text: str, rows: int) -> None:
    """Fail loudly when ``text`` is not one Markdown table of ``rows`` rows (blank lines, stray pipes)."""
    lines = text.split("\n")
    columns = len(HEADERS) + 1  # unescaped pipes per line
    for number, line in enumerate(lines, 1):
        pipes = line.replace("\\|", "").count("|")
        if not line.startswith("|") or not line.endswith("|") or pipes != columns:
            raise AssertionError(f"table line {number} is not a {len(HEADERS)}-column Markdown row: {line!r}")
    if len(lines) != rows + 2:
        raise AssertionError(f"table has {len(lines) - 2} rows, expected {rows}")


def describe(info: dict[str, Any]) -> str:
    """One line naming the machine and the versions measured, printed above the table."""
    packages = ", ".join(f"{name} {ver or 'not installed'}" for name, ver in info["packages"].items())
    memory = f"{info['memory_gib']:.1f} GiB" if info.get("memory_gib") else "memory unknown"
    return (
        f"Machine: {info['cpus']} cores ({info['cpu_model'] or 'unknown CPU'}, {info['machine']}), {memory}, "
        f"{info['implementation']} {info['python']} on {info['platform']}; {packages}."
    )


def report(rows: Sequence[Row], info: dict[str, Any]) -> str:
    """What the run prints: the machine line, a blank line, then the table."""
    return describe(info) + "\n\n" + table(rows)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    from importlib.metadata import PackageNotFoundError, version

    model = ""
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    memory = 0.0
    try:
        for line in pathlib.Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) / 1024**2  # kB to GiB
                break
    except (OSError, ValueError, IndexError):
        pass
    versions: dict[str, str | None] = {}
    for name in ("twilio-jwt", "twilio", "PyJWT", "cryptography", "attrs", "pluggy"):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = None
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "machine": platform.machine(),
        "memory_gib": round(memory, 1) or None,
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": versions,
    }


def write_json(path: pathlib.Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", "utf-8")
