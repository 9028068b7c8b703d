"""``python -m benchmarks [--quick] [--json PATH] [--only NAME,...]``.

Runs every case module in order, prints a line naming the machine and the table, writes
``benchmarks/results/latest.json`` (and ``--json PATH``; the start-up case's
``-X importtime`` listing goes to ``importtime.txt`` beside each) and exits 1 when any target
is missed, including targets whose feature is not available yet.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import importlib
import pathlib
import shutil
import sys
import time
import warnings
from typing import Any

from benchmarks.report import Row, Target, failed, machine, report, write_json
from benchmarks.timing import Settings

#: Case modules, in the order their rows appear.
MODULES = (
    "cases_access",
    "cases_capability",
    "cases_validation",
    "cases_decode",
    "startup",
    "plugin_load",
    "memory",
    "scaling",
)
LATEST = pathlib.Path(__file__).resolve().parent / "results" / "latest.json"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and 100,000 mints (development only)")
    parser.add_argument("--json", type=pathlib.Path, help="also write the results to this file")
    parser.add_argument("--only", help=f"comma-separated case modules to run (of {', '.join(MODULES)})")
    args = parser.parse_args(argv)
    if args.only:
        unknown = set(args.only.split(",")) - set(MODULES)
        if unknown:
            parser.error(f"unknown case modules: {', '.join(sorted(unknown))}")
    return args


def run_module(name: str, settings: Settings) -> list[Row]:
    started = time.perf_counter()
    print(f"[bench] {name} ...", file=sys.stderr, flush=True)
    try:
        rows: list[Row] = importlib.import_module(f"benchmarks.{name}").run(settings)
    except Exception as exc:  # noqa: BLE001 - one broken case must not hide the others' numbers
        rows = [failed(name, Target("runs", 0.0), exc)]
    print(f"[bench] {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    settings = Settings.make(args.quick)
    wanted = args.only.split(",") if args.only else MODULES
    started = time.perf_counter()
    rows: list[Row] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. PyJWT's short-key warning: noise, not a result
        for name in MODULES:
            if name in wanted:
                rows.extend(run_module(name, settings))
    info = machine()
    text = report(rows, info)
    print(text)
    missed = [row.case for row in rows if not row.met]
    print(f"\n{len(rows) - len(missed)} of {len(rows)} targets met" + (" (--quick run)" if args.quick else ""))
    document: dict[str, Any] = {
        "started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 1),
        "quick": settings.quick,
        "settings": dataclasses.asdict(settings),
        "machine": info,
        "all_met": not missed,
        "rows": [row.as_json() for row in rows],
        "table": text,
    }
    for path in filter(None, (LATEST, args.json)):
        write_json(path, document)
    importtime = LATEST.parent / "importtime.txt"  # written by the startup case: keep it next to --json too
    beside = args.json.resolve().parent / "importtime.txt" if args.json else importtime
    if beside != importtime and "startup" in wanted and importtime.exists():
        shutil.copyfile(importtime, beside)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
