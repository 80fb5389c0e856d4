"""A million recipients end to end: import, start, send to a local sink, each step in its
own process as a user runs it (``main.py import``, ``campaign start``, ``send
--until-done``), with its time and peak RSS.

Run: ``.venv/bin/python -m tests.benchmarks.bench_million [--recipients N] [--connections N]``
(1,000,000 by default: about half an hour on a 2-core machine, most of it sending).
Prints a table; never asserts. Target: every step's peak RSS under 250 MB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PEAK_TARGET_MB = 250

HTML = """<html><body><p>Ciao {{ first_name }},</p>
<p>our autumn collection is here, with early access for members in {{ city }}.</p>
<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>"""


def write_contacts(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("email,first_name,city,number\n")
        for i in range(count):
            fh.write(f"m{i}@example{i % 1000}.com,Name{i},Milano,{i}\n")


def load() -> str:
    """The 1-minute load average, printed with each figure (the machine may be shared)."""
    return f"{os.getloadavg()[0]:.1f}"


def step(db: Path, env: dict[str, str], *args: str) -> tuple[float, float, str]:
    """Run ``main.py --db DB ARGS`` and return (seconds, peak RSS in MB, stderr's last line)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), *args],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    last = ""
    for line in process.stderr:
        if line.strip():
            last = line.strip()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"`{' '.join(args)}` failed ({process.returncode}): {last}")
    return seconds, usage.ru_maxrss / 1024, last


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=1_000_000)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from tests.benchmarks.bench_send import Sink

    n = args.recipients
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = {**os.environ, "STAFFETTA_DATA_DIR": str(tmp / "data")}
        db = tmp / "million.db"
        csv_path = tmp / "million.csv"
        write_contacts(csv_path, n)
        (tmp / "body.html").write_text(HTML, encoding="utf-8")
        sink = Sink(tmp, "million")
        rows: list[tuple[str, float, float, str, str]] = []
        try:
            seconds, rss, _ = step(db, env, "import", str(csv_path), "--list", "Million")
            rows.append(("import", seconds, rss, f"{n / seconds:,.0f} rows/s", load()))
            step(db, env, "template", "add", "Autumn", "--subject", "Hi {{ first_name }}",
                 "--html", str(tmp / "body.html"))  # fmt: skip
            step(db, env, "smtp", "add", "Sink", "--host", "127.0.0.1", "--port", str(sink.port),
                 "--rate", "0", "--max-connections", str(args.connections),
                 "--per-connection", "100000")  # fmt: skip
            step(db, env, "campaign", "create", "Autumn", "--list", "Million", "--template",
                 "Autumn", "--smtp", "Sink", "--sender", "Shop <shop@example.com>",
                 "--unsubscribe-url", "https://shop.example/u?e={{ email|urlencode }}")  # fmt: skip
            seconds, rss, _ = step(db, env, "campaign", "start", "Autumn")
            rate = f"{n / seconds:,.0f} recipients/s"
            rows.append(("start (pre-flight + queue)", seconds, rss, rate, load()))
            seconds, rss, said = step(db, env, "send", "--until-done")
            rows.append(("send to a local sink", seconds, rss, f"{n / seconds:,.0f} msg/s", load()))
        finally:
            arrivals = sink.arrivals()
        print(
            f"\n{n:,} recipients, {args.connections} connections ({len(arrivals):,} arrived; {said})"
        )
        print(
            f"{'step':<30}{'seconds':>10}{'rate':>22}{'peak RSS MB':>14}{'target':>10}{'load':>7}"
        )
        for name, seconds, rss, rate, at in rows:
            flag = "" if rss < PEAK_TARGET_MB else "  OVER"
            print(
                f"{name:<30}{seconds:>10,.1f}{rate:>22}{rss:>14,.0f}"
                f"{f'< {PEAK_TARGET_MB}':>10}{at:>7}{flag}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
