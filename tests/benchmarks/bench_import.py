"""Import benchmark: 100,000 rows/s against plain csv parsing, and peak memory for 1,000,000.

Run: ``.venv/bin/python -m tests.benchmarks.bench_import [--rows N] [--big-rows N]``.
Prints a table; never asserts (figures drift between machines; targets are in the table).
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Email", "First Name", "Last Name", "City", "Plan", "Notes"])
        for i in range(rows):
            writer.writerow(
                [f"User{i}@Example{i % 500}.com", f"Nome{i}", "Rossi", "Milano", "pro",
                 "likes \"quotes\", commas" if i % 10 == 0 else ""]
            )  # fmt: skip
        writer.writerow(["not-an-email", "x", "", "", "", ""])
        writer.writerow(["user0@example0.com", "dup", "", "", "", ""])


def measure_import(path: Path, db_path: Path) -> tuple[float, dict[str, int]]:
    from core.db import close_database, open_database
    from core.importer import import_contacts

    open_database(str(db_path))
    start = time.perf_counter()
    report = import_contacts(path, "bench")
    seconds = time.perf_counter() - start
    close_database()
    return seconds, {"imported": report.imported, "duplicates": report.duplicates,
                     "invalid": report.invalid_count}  # fmt: skip


def baseline_csv(path: Path) -> float:
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as fh:
        for _row in csv.DictReader(fh):
            pass
    return time.perf_counter() - start


def child_peak_rss(path: Path, db_path: Path) -> tuple[float, float]:
    """Import in a fresh process and return (seconds, peak RSS in MB) of that process."""
    code = (
        f"import sys, time, resource; sys.path.insert(0, {str(ROOT)!r})\n"
        "from tests.benchmarks.bench_import import measure_import\n"
        "from pathlib import Path\n"
        f"s, _ = measure_import(Path({str(path)!r}), Path({str(db_path)!r}))\n"
        "print(s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, rss = out.stdout.split()
    return float(seconds), float(rss)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--big-rows", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("STAFFETTA_DATA_DIR", tempfile.mkdtemp())
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        small = tmp / "contacts.csv"
        write_csv(small, args.rows)
        base = baseline_csv(small)
        seconds, counts = measure_import(small, tmp / "a.db")
        rate = args.rows / seconds
        big = tmp / "big.csv"
        write_csv(big, args.big_rows)
        big_seconds, peak = child_peak_rss(big, tmp / "b.db")
        print(f"\nImport benchmark ({counts})")
        print(f"{'measure':<46}{'figure':>16}{'target':>18}")
        print(f"{'csv.DictReader only (baseline), rows/s':<46}{args.rows / base:>16,.0f}{'':>18}")
        print(f"{f'import {args.rows:,} rows, rows/s':<46}{rate:>16,.0f}{'>= 20,000':>18}")
        print(f"{'  ratio to baseline':<46}{rate / (args.rows / base):>16.2f}{'':>18}")
        print(
            f"{f'import {args.big_rows:,} rows, rows/s':<46}{args.big_rows / big_seconds:>16,.0f}{'':>18}"
        )
        print(f"{f'import {args.big_rows:,} rows, peak RSS MB':<46}{peak:>16,.0f}{'< 300':>18}")
        print(
            f"{'  (python interpreter alone, MB)':<46}{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:>16,.0f}{'':>18}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
