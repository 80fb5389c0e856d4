"""Run every benchmark and print their tables: ``.venv/bin/python -m tests.benchmarks [NAME…]``.

Each ``bench_*.py`` here is a script with a ``main()`` that prints a table of figures and
ratios against a baseline measured in the same run. Benchmarks are not part of the
pass/fail test suite (pytest does not collect ``bench_*`` files).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Half an hour or more: run only when asked for by name.
ONLY_WHEN_NAMED = {"million"}


def main(argv: list[str]) -> int:
    wanted = set(argv)
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        name = script.stem.removeprefix("bench_")
        if wanted and name not in wanted and script.stem not in wanted:
            continue
        if not wanted and name in ONLY_WHEN_NAMED:
            continue
        print(f"=== {script.stem} ===", flush=True)
        result = subprocess.run(
            [sys.executable, "-m", f"tests.benchmarks.{script.stem}"],
            cwd=HERE.parents[1],
            check=False,
        )
        status |= result.returncode
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
