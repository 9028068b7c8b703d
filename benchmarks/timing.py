"""How a time is taken: calibrated rounds, interleaved with the baseline's.

A *sampler* is a function that does some work and returns seconds per operation.
:func:`compare` alternates the two samplers round by round (ours first in even
rounds, the baseline first in odd ones), so drift and noise from other processes
land on both sides; each round gives one ratio, and the reported ratio is the
median of those with its minimum and maximum. In-process samplers come from
:func:`sampler`, which uses :mod:`timeit` (garbage collection off during a round,
as ``timeit`` does, for both sides alike).
"""

from __future__ import annotations

import statistics
import timeit
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Sampler", "Settings", "Stats", "compare", "compare_many", "measure", "sampler"]

Sampler = Callable[[], float]


@dataclass(frozen=True)
class Settings:
    """How hard to measure: ``--quick`` shrinks every knob for development."""

    quick: bool
    rounds: int  # in-process rounds per side
    budget: float  # seconds one in-process round should last
    process_rounds: int  # fresh subprocesses per side
    mints: int  # tokens minted by the memory case

    @classmethod
    def make(cls, quick: bool) -> Settings:
        if quick:
            return cls(quick=True, rounds=5, budget=0.02, process_rounds=4, mints=100_000)
        return cls(quick=False, rounds=15, budget=0.1, process_rounds=15, mints=1_000_000)


@dataclass(frozen=True)
class Stats:
    """Median, minimum and maximum of a list of samples (seconds per operation, or a ratio)."""

    median: float
    low: float
    high: float
    samples: tuple[float, ...]

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stats:
        return cls(statistics.median(samples), min(samples), max(samples), tuple(samples))

    def as_json(self) -> dict[str, float]:
        return {"median": self.median, "min": self.low, "max": self.high, "rounds": len(self.samples)}


def sampler(fn: Callable[[], object], budget: float) -> Sampler:
    """A sampler running ``fn`` often enough that one round lasts about ``budget`` seconds."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()  # at least 0.2 s of calls: also warms caches and the first-call paths
    one = timer.timeit(number) / number
    number = max(1, round(budget / one))
    return lambda: timer.timeit(number) / number


def measure(sample: Sampler, rounds: int) -> Stats:
    """``rounds`` samples of one side."""
    return Stats.of([sample() for _ in range(rounds)])


def compare(ours: Sampler, baseline: Sampler, rounds: int) -> tuple[Stats, Stats, Stats]:
    """Interleaved rounds: (our stats, the baseline's, the per-round ratio ours / baseline)."""
    mine: list[float] = []
    theirs: list[float] = []
    for index in range(rounds):
        if index % 2:
            theirs.append(baseline())
            mine.append(ours())
        else:
            mine.append(ours())
            theirs.append(baseline())
    return Stats.of(mine), Stats.of(theirs), Stats.of([a / b for a, b in zip(mine, theirs, strict=True)])


def compare_many(ours: Sampler, baselines: Sequence[Sampler], rounds: int) -> tuple[Stats, list[Stats], list[Stats]]:
    """Ours and several baselines in one interleaved run.

    Every round runs each side once, starting one side further along each round (ours
    first, then the first baseline first, ...), so no side always runs right after
    another. Returns our stats, each baseline's, and each per-round ratio ours / baseline.
    """
    sides = [ours, *baselines]
    samples: list[list[float]] = [[] for _ in sides]
    for index in range(rounds):
        for offset in range(len(sides)):
            which = (index + offset) % len(sides)
            samples[which].append(sides[which]())
    mine, *theirs = samples
    ratios = [Stats.of([a / b for a, b in zip(mine, other, strict=True)]) for other in theirs]
    return Stats.of(mine), [Stats.of(other) for other in theirs], ratios
