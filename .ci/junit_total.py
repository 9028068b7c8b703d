"""Add up the JUnit reports of every pytest session into one closing line.

Prints ``tests: N passed, N failed, N skipped`` and exits non-zero when nothing ran or
anything failed, so a CI run that collected no tests cannot pass.
"""

from __future__ import annotations

import pathlib
import sys
import xml.etree.ElementTree as ET


def main(folder: str) -> int:
    reports = sorted(pathlib.Path(folder).glob("*.xml"))
    total = failed = skipped = 0
    for report in reports:
        for suite in ET.parse(report).getroot().iter("testsuite"):
            total += int(suite.get("tests", 0))
            failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            skipped += int(suite.get("skipped", 0))
    passed = total - failed - skipped
    print(f"{len(reports)} pytest sessions")
    print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
    return 0 if passed > 0 and failed == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else ".nox/junit"))
