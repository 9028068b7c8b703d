"""First plugin load in an environment crowded with 300 unrelated distributions.

Discovery reads every installed distribution's entry points, so its cost grows with
the environment, and a large application's environment is large. The 300
distributions are fake but real to ``importlib.metadata``: ``.dist-info`` folders with
``METADATA`` and an ``entry_points.txt`` in groups nobody here reads, in a temporary
folder put on the subprocess's ``PYTHONPATH``. Each round is a fresh subprocess (no
warm ``importlib.metadata`` caches) that times, inside itself, either our first plugin
load (``default_host().load()``: discovery, importing the plugins, calling their hooks,
building the registries) or one bare ``importlib.metadata.entry_points(group=...)``
call. Both import ``importlib.metadata`` before starting the clock, so module import
cost, paid once by any process that reads entry points, is left out of both.
"""

from __future__ import annotations

import pathlib
import tempfile
import textwrap

from benchmarks.processes import environment, run_script
from benchmarks.report import Row, at_most
from benchmarks.timing import Settings, compare

__all__ = ["fake_distributions", "run"]

COUNT = 300

OURS = textwrap.dedent("""
    import importlib.metadata, time, twilio_jwt
    host = twilio_jwt.default_host()
    started = time.perf_counter()
    host.load()
    print(time.perf_counter() - started, len(host.records))
""")

BARE = textwrap.dedent("""
    import importlib.metadata, time
    started = time.perf_counter()
    importlib.metadata.entry_points(group="twilio_jwt")
    elapsed = time.perf_counter() - started
    print(elapsed, len(list(importlib.metadata.distributions())))
""")


def fake_distributions(folder: pathlib.Path, count: int = COUNT) -> None:
    """``count`` installed-looking distributions with entry points in unrelated groups."""
    for index in range(count):
        name = f"unrelated_dist_{index:03d}"
        info = folder / f"{name}-1.{index}.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {name.replace('_', '-')}\nVersion: 1.{index}.0\nSummary: filler\n"
        )
        (info / "entry_points.txt").write_text(
            f"[console_scripts]\n{name} = {name}.cli:main\n\n[unrelated.plugins]\nplugin = {name}.plugin\n"
        )
        (info / "RECORD").write_text("")


def _seconds(code: str, env: dict[str, str]) -> float:
    return float(run_script(code, env).split()[0])


def run(settings: Settings) -> list[Row]:
    case = f"first plugin load, {COUNT} unrelated distributions installed"
    with tempfile.TemporaryDirectory(prefix="twilio-jwt-bench-") as tmp:
        folder = pathlib.Path(tmp)
        fake_distributions(folder)
        env = environment()
        env["PYTHONPATH"] = str(folder) + (f":{env['PYTHONPATH']}" if env.get("PYTHONPATH") else "")
        plugins = int(run_script(OURS, env).split()[1])  # warm-up, and a check that the plugins are found
        installed = int(run_script(BARE, env).split()[1])
        if installed < COUNT:
            raise AssertionError(f"only {installed} distributions visible; the fake ones were not found")
        stats = compare(lambda: _seconds(OURS, env), lambda: _seconds(BARE, env), settings.process_rounds)
    row = Row.compared(case, "entry_points()", stats, at_most(2, "bare entry_points(group=...)"))
    row.extra = {"distributions_visible": installed, "plugins_loaded": plugins}
    row.note = f"{installed} distributions, {plugins} plugins"
    return [row]
