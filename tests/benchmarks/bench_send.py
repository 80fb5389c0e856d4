"""Send pipeline and throttle benchmarks against a local aiosmtpd sink in a second process.

Run: ``.venv/bin/python -m tests.benchmarks.bench_send [--messages N] [--throttle-seconds S]``.

Rows: raw aiosmtplib sending pre-built bytes over 4 reused connections (the baseline),
a running Staffetta campaign (real queue on SQLite with synchronous=FULL, real
rendering, real MIME, same connections, same sink), the ``mailmerge`` CLI on the same
contacts and template, and throttle accuracy at a configured rate.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONNECTIONS = 4
HTML = (
    "<html><body><h2>Ciao {{ first_name }}!</h2><p>Thanks for being on the <b>{{ plan }}</b> plan."
    " Here is what is new this month for our friends in {{ city }}.</p>"
    + "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>" * 8
    + '<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>'
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_sink() -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process, port
        time.sleep(0.05)
    raise RuntimeError("sink did not start")


def raw_baseline(port: int, count: int, data: bytes) -> float:
    import aiosmtplib

    async def worker(n: int) -> None:
        client = aiosmtplib.SMTP(
            hostname="127.0.0.1", port=port, start_tls=False, local_hostname="bench"
        )
        await client.connect()
        for _ in range(n):
            await client.mail("shop@example.com")
            await client.rcpt("someone@example.com")
            await client.data(data)
        await client.quit()

    async def main() -> float:
        start = time.perf_counter()
        await asyncio.gather(*(worker(count // CONNECTIONS) for _ in range(CONNECTIONS)))
        return time.perf_counter() - start

    return count / asyncio.run(main())


def prepare_campaign(folder: Path, port: int, count: int, **profile: object) -> None:
    from core.campaigns import DraftSettings, save_draft, start_campaign
    from core.importer import import_contacts
    from core.profiles import ProfileSettings, save_profile
    from core.templates import save_template

    csv_path = folder / "contacts.csv"
    with csv_path.open("w", encoding="utf-8") as fh:
        fh.write("email,first_name,city,plan\n")
        for i in range(count):
            fh.write(f"user{i}@example.com,Nome{i},Milano,pro\n")
    import_contacts(csv_path, "Bench")
    save_template("Bench", subject="Ciao {{ first_name }}, le novità di {{ city }}", html=HTML)
    settings = ProfileSettings(host="127.0.0.1", port=port, security="none", is_sandbox=True,
                               rate=0, burst=10, max_connections=CONNECTIONS, per_connection=100_000)  # fmt: skip
    for key, value in profile.items():
        setattr(settings, key, value)
    save_profile("Sink", settings)
    campaign = save_draft("Bench", DraftSettings("Bench", "Bench", "Sink", "Shop <shop@example.com>",
                                                 unsubscribe_url="https://example.com/u?e={{ email|urlencode }}"))  # fmt: skip
    start_campaign(campaign)


def staffetta_run(
    folder: Path, port: int, count: int, **profile: object
) -> tuple[float, list[float]]:
    from core.db import close_database, open_database
    from core.worker import SendingWorker

    open_database(str(folder / "bench.db"))
    prepare_campaign(folder, port, count, **profile)
    worker = SendingWorker(until_done=True)
    times: list[float] = []
    worker.events.message.connect(
        lambda e: times.append(time.perf_counter()) if e.status == "sent" else None
    )
    start = time.perf_counter()
    summary = asyncio.run(worker.run())
    elapsed = time.perf_counter() - start
    close_database()
    assert summary.sent == count, summary
    # The worker checks for remaining work once a second; measure up to the last send.
    return count / (times[-1] - start if times else elapsed), times


def mailmerge_run(folder: Path, port: int, count: int) -> float | None:
    exe = shutil.which("mailmerge") or str(Path(sys.executable).parent / "mailmerge")
    if not Path(exe).exists():
        return None
    (folder / "mailmerge_server.conf").write_text(
        f"[smtp_server]\nhost = 127.0.0.1\nport = {port}\nsecurity = Never\n"
    )
    (folder / "mailmerge_template.txt").write_text(
        "TO: {{email}}\nSUBJECT: Ciao {{first_name}}, le novità di {{city}}\nFROM: Shop <shop@example.com>\n"
        'MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="b"\n\n--b\n'
        "Content-Type: text/plain; charset=utf-8\n\nCiao {{first_name}}\n\n--b\n"
        f"Content-Type: text/html; charset=utf-8\n\n{HTML.replace('{{ ', '{{').replace(' }}', '}}')}\n\n--b--\n",
        encoding="utf-8",
    )
    with (folder / "mailmerge_database.csv").open("w", encoding="utf-8") as fh:
        fh.write("email,first_name,city,plan,unsubscribe_url\n")
        for i in range(count):
            fh.write(f"user{i}@example.com,Nome{i},Milano,pro,https://example.com/u\n")
    start = time.perf_counter()
    result = subprocess.run(
        [exe, "--no-dry-run", "--no-limit", "--output-format", "raw"], cwd=folder,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        print("mailmerge failed:", result.stderr[-500:], file=sys.stderr)
        return None
    return count / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=4000)
    parser.add_argument("--mailmerge-messages", type=int, default=1000)
    parser.add_argument("--throttle-rate", type=float, default=50.0)
    parser.add_argument("--throttle-seconds", type=float, default=20.0)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ["STAFFETTA_DATA_DIR"] = tempfile.mkdtemp()
    from core.campaigns import CampaignComposer, snapshot_of
    from core.mime import make_message_id

    sink, port = start_sink()
    rows: list[tuple[str, str, str]] = []
    try:
        composer = CampaignComposer(name="b", subject="Ciao {{ first_name }}", html=HTML, text=None,
                                    sender="Shop <shop@example.com>", reply_to=None,
                                    unsubscribe_url="https://example.com/u", unsubscribe_mailto=None)  # fmt: skip
        data = composer.build_for(snapshot_of("someone@example.com", "Someone", {"first_name": "A", "city": "B", "plan": "C"}),
                                  to_address="someone@example.com", message_id=make_message_id("example.com"))  # fmt: skip
        raw = raw_baseline(port, args.messages, data)
        rows.append(
            (
                f"raw aiosmtplib, pre-built {len(data)} B, {CONNECTIONS} connections",
                f"{raw:,.0f} msg/s",
                "baseline",
            )
        )
        with tempfile.TemporaryDirectory() as folder:
            ours, _ = staffetta_run(Path(folder), port, args.messages)
        rows.append(("Staffetta campaign (queue+render+MIME, FULL sync)", f"{ours:,.0f} msg/s", ""))
        rows.append(("  ratio to raw", f"{ours / raw:.2f}", ">= 0.70"))
        with tempfile.TemporaryDirectory() as folder:
            merged = mailmerge_run(Path(folder), port, args.mailmerge_messages)
        if merged:
            rows.append(("mailmerge CLI (same contacts and template)", f"{merged:,.0f} msg/s", ""))
            rows.append(("  Staffetta / mailmerge", f"{ours / merged:.1f}x", ">= 2.5x"))
        count = int(args.throttle_rate * args.throttle_seconds)
        with tempfile.TemporaryDirectory() as folder:
            _, times = staffetta_run(Path(folder), port, count, rate=args.throttle_rate, burst=5)
        span = times[-1] - times[0]
        achieved = (len(times) - 1) / span if span else 0.0
        windows = Counter(int((t - times[0]) * 10) for t in times)  # 100 ms slots
        worst = max(
            sum(windows.get(slot + k, 0) for k in range(10)) for slot in range(int(span * 10) + 1)
        )
        rows.append((f"throttle: configured {args.throttle_rate:g}/s over {span:.0f} s", f"{achieved:,.2f} msg/s",
                     f"{args.throttle_rate * 0.97:.1f}-{args.throttle_rate * 1.03:.1f}"))  # fmt: skip
        rows.append(
            (
                "  error vs configured",
                f"{(achieved / args.throttle_rate - 1) * 100:+.1f} %",
                "within ±3 %",
            )
        )
        rows.append(
            (
                "  most messages in any 1-s window",
                str(worst),
                f"<= {args.throttle_rate + 5:.0f} (rate + burst)",
            )
        )
    finally:
        sink.terminate()
        sink.wait(10)
    print("\nSend benchmark")
    print(f"{'measure':<56}{'figure':>16}{'target':>22}")
    for name, figure, target in rows:
        print(f"{name:<56}{figure:>16}{target:>22}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
