"""Sending benchmark: the real pipeline against raw aiosmtplib and mailmerge, and throttle accuracy.

Run: ``.venv/bin/python -m tests.benchmarks.bench_send [--messages N] [--connections C]``.

Every row sends to the same kind of sink: an aiosmtpd server in a second process that
answers 250 and records when each message arrived. Rows, all in one run:

1. raw aiosmtplib: pre-built message bytes over C reused connections (the ceiling);
2. the campaign: a started campaign in a real SQLite queue, sent by ``SendingWorker``
   with real rendering, real MIME and durable state per message, over C connections;
   rows 1 and 2 alternate for ``--rounds`` rounds (7: this VM drifts by tens of percent
   within minutes), raw first and last, so every campaign run is compared with the mean
   of the raw runs just before and just after it; the median round's ratio is shown;
3. the ``mailmerge`` CLI (PyPI) on the same contacts and template;
4. throttle accuracy: a campaign at 50/s with burst 5 for 20 s, timed at the sink.

Prints a table; never asserts (PERFORMANCE.md targets are in the table).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SENDER = "Shop <shop@example.com>"
SUBJECT = "News for {{ first_name }} in {{ city }}"
HTML = """<html><body>
<h1>Hello {{ first_name }}!</h1>
<p>This month in {{ city }} we have new arrivals, seasonal offers and a few stories from
our workshop that we think you will enjoy. Your member number is {{ number }}.</p>
<p>Our autumn collection is here: handmade ceramics, linen and wool, made in small
batches by people we know by name. As a member you get early access this week.</p>
<ul><li>Free shipping on orders over 50 euro</li><li>Returns within 30 days</li>
<li>Gift wrapping on request</li></ul>
<p>See you soon,<br>The Shop team</p>
<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>
</body></html>"""


# --- the sink (second process) -------------------------------------------------------------


def run_sink(port: int, times_file: str, pipelining: bool = False) -> None:
    """An aiosmtpd server that answers 250 and writes arrival times on SIGTERM.

    aiosmtpd reads commands one line at a time, so it serves pipelined clients
    correctly; it just does not say so. With ``pipelining`` it adds PIPELINING to its
    EHLO reply, as Postfix, Exim, Gmail and every big relay do."""
    from aiosmtpd.smtp import SMTP

    arrivals: list[float] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            arrivals.append(time.time())
            return "250 2.0.0 Ok"

    class PipeliningHandler(Handler):
        async def handle_EHLO(self, server, session, envelope, hostname, responses):  # type: ignore[no-untyped-def]
            session.host_name = hostname
            return [responses[0], "250-PIPELINING", *responses[1:]]

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    handler = PipeliningHandler() if pipelining else Handler()
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(handler, hostname="sink.test"), "127.0.0.1", port)
    )

    def finish(*_: object) -> None:
        Path(times_file).write_text("\n".join(f"{t:.6f}" for t in arrivals))
        loop.stop()

    loop.add_signal_handler(signal.SIGTERM, finish)
    print("ready", flush=True)
    loop.run_forever()
    server.close()


class Sink:
    def __init__(self, folder: Path, name: str, *, pipelining: bool = False) -> None:
        from tests.smtp_servers import free_port

        self.port = free_port()
        self.times_file = folder / f"{name}.times"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.benchmarks.bench_send", "--sink", str(self.port),
             str(self.times_file), *(["--sink-pipelining"] if pipelining else [])],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        self.process.stdout.readline()

    def arrivals(self) -> list[float]:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(30)
        text = self.times_file.read_text()
        return [float(line) for line in text.split()]


class Proxy:
    """``tests.latency_proxy`` in a process of its own: ``rtt`` seconds of round trip."""

    def __init__(self, target_port: int, rtt: float) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.latency_proxy", str(target_port), str(rtt)],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


# --- the rows ------------------------------------------------------------------------------


def setup_campaign(folder: Path, name: str, port: int, count: int, **profile: Any) -> Any:
    from core.campaigns import DraftSettings, save_draft, start_campaign
    from core.importer import import_contacts
    from core.profiles import ProfileSettings, save_profile
    from core.templates import save_template

    csv_path = folder / f"{name}.csv"
    write_contacts(csv_path, count, name)
    import_contacts(csv_path, f"{name} list")
    if not (folder / "template-saved").exists():
        save_template("bench", subject=SUBJECT, html=HTML)
        (folder / "template-saved").write_text("")
    settings = ProfileSettings(host="127.0.0.1", port=port, security="none", is_sandbox=True)
    for key, value in profile.items():
        setattr(settings, key, value)
    save_profile(f"{name} relay", settings)
    campaign = save_draft(
        name,
        DraftSettings(
            list_name=f"{name} list", template_name="bench", profile_name=f"{name} relay",
            sender=SENDER, unsubscribe_url="https://shop.example/u?e={{ email|urlencode }}",
        ),
    )  # fmt: skip
    start_campaign(campaign)
    return campaign


def write_contacts(path: Path, count: int, tag: str) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("email,first_name,city,number\n")
        for i in range(count):
            fh.write(f"{tag.lower()}{i}@example.com,Name{i},Milano,{i}\n")


def prebuilt_messages(campaign: Any) -> list[tuple[str, bytes]]:
    from core.campaigns import CampaignComposer
    from core.models import Message

    composer = CampaignComposer.for_campaign(campaign)
    rows = Message.select().where(Message.campaign == campaign.id).order_by(Message.id)
    return [
        (m.to_addr, composer.build_for(m.variables, to_address=m.to_addr, message_id=m.message_id))
        for m in rows
    ]


async def raw_send(port: int, messages: list[tuple[str, bytes]], connections: int) -> float:
    import aiosmtplib

    queue: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()
    for item in messages:
        queue.put_nowait(item)

    async def one_connection() -> None:
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False)
        await client.connect()
        while not queue.empty():
            to, data = queue.get_nowait()
            await client.sendmail("shop@example.com", [to], data)
        await client.quit()

    start = time.perf_counter()
    await asyncio.gather(*(one_connection() for _ in range(connections)))
    return time.perf_counter() - start


def run_campaign(campaign_id: int) -> tuple[float, int]:
    """Seconds from the worker's start to the last recorded message, and messages sent."""
    from core.worker import SendingWorker

    worker = SendingWorker(campaign_ids=[campaign_id], until_done=True)
    last = [0.0]

    def seen(_event: object) -> None:
        last[0] = time.perf_counter()

    worker.events.message.connect(seen)
    start = time.perf_counter()
    summary = asyncio.run(worker.run())
    return last[0] - start, summary.sent


def run_mailmerge(folder: Path, port: int, count: int) -> float | None:
    mailmerge = Path(sys.executable).parent / "mailmerge"
    if not mailmerge.exists():
        return None
    csv_path = folder / "mm.csv"
    write_contacts(csv_path, count, "mm")
    html = HTML.replace("{{ unsubscribe_url }}", "https://shop.example/u?e={{ email }}")
    (folder / "mm_template.txt").write_text(
        "TO: {{ email }}\nSUBJECT: " + SUBJECT + "\nFROM: " + SENDER + "\nMIME-Version: 1.0\n"
        'Content-Type: multipart/alternative; boundary="outer-boundary"\n\n'
        "--outer-boundary\nContent-Type: text/plain; charset=utf-8\n\n"
        "Hello {{ first_name }}! This month in {{ city }} we have new arrivals. "
        "Your member number is {{ number }}.\n\n"
        "--outer-boundary\nContent-Type: text/html; charset=utf-8\n\n" + html + "\n\n"
        "--outer-boundary--\n"
    )  # fmt: skip
    (folder / "mm_server.conf").write_text(
        f"[smtp_server]\nhost = 127.0.0.1\nport = {port}\nratelimit = 0\n"
    )
    start = time.perf_counter()
    subprocess.run(
        [str(mailmerge), "--no-dry-run", "--no-limit", "--template", "mm_template.txt",
         "--database", "mm.csv", "--config", "mm_server.conf", "--output-format", "raw"],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
    )  # fmt: skip
    return time.perf_counter() - start


def windows(arrivals: list[float]) -> int:
    """The most arrivals in any 1-second window (windows starting at each arrival)."""
    best, j = 0, 0
    for i, start in enumerate(arrivals):
        while j < len(arrivals) and arrivals[j] < start + 1.0:
            j += 1
        best = max(best, j - i)
    return best


def compare(
    folder: Path, tag: str, port: int, n: int, c: int, rounds_wanted: int
) -> tuple[float, float, float, set[str], str, float]:
    """Raw aiosmtplib and a campaign to ``port``, alternating, raw first and last; each
    campaign run against the mean of the raw runs around it; the median round."""
    from core.models import Message

    campaigns = [
        setup_campaign(folder, f"{tag}x{i}", port, n, rate=0, max_connections=c, per_connection=n)
        for i in range(rounds_wanted)
    ]
    messages = prebuilt_messages(campaigns[0])
    size = sum(len(d) for _, d in messages) / len(messages)
    raw_rates = [n / asyncio.run(raw_send(port, messages, c))]
    rounds: list[tuple[float, float, float, set[str]]] = []
    for campaign in campaigns:
        pipeline_seconds, sent = run_campaign(campaign.id)
        raw_rates.append(n / asyncio.run(raw_send(port, messages, c)))
        raw_rate = (raw_rates[-2] + raw_rates[-1]) / 2
        pipeline_rate = sent / pipeline_seconds
        states = {
            s
            for (s,) in Message.select(Message.status)
            .where(Message.campaign == campaign.id)
            .tuples()
        }
        rounds.append((pipeline_rate / raw_rate, raw_rate, pipeline_rate, states))
    ratio, raw_rate, pipeline_rate, states = sorted(rounds, key=lambda r: r[0])[len(rounds) // 2]
    all_ratios = ", ".join(f"{r[0]:.2f}" for r in rounds)
    return ratio, raw_rate, pipeline_rate, states, all_ratios, size


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=4000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=7, help="raw/campaign pairs (median)")
    parser.add_argument("--rtt", type=float, default=0.02,
                        help="round trip added by the proxy in front of the sink, seconds")
    parser.add_argument("--rtt-messages", type=int, default=600)
    parser.add_argument("--rtt-rounds", type=int, default=3)
    parser.add_argument("--mailmerge-messages", type=int, default=600)
    parser.add_argument("--throttle-rate", type=float, default=50.0)
    parser.add_argument("--throttle-burst", type=int, default=5)
    parser.add_argument("--throttle-seconds", type=float, default=20.0)
    parser.add_argument("--sink", nargs=2, metavar=("PORT", "TIMES_FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--sink-pipelining", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sink:
        run_sink(int(args.sink[0]), args.sink[1], args.sink_pipelining)
        return 0

    folder = Path(tempfile.mkdtemp(prefix="staffetta-bench-send-"))
    os.environ["STAFFETTA_DATA_DIR"] = str(folder / "data")
    from core.db import close_database, open_database

    open_database(str(folder / "bench.db"))
    rows: list[tuple[str, str, str]] = []
    n, c = args.messages, args.connections

    # 1 and 2: raw ceiling and the real pipeline, to one sink, in alternating rounds,
    # against a sink that offers PIPELINING (as real relays do), one that does not, and
    # the pipelining sink behind a proxy adding a round trip of --rtt seconds.
    pipeline_rate = 0.0
    for label, pipelining, rtt, count, rounds_wanted in (
        ("local sink offering PIPELINING", True, 0.0, n, args.rounds),
        ("local sink without PIPELINING", False, 0.0, n, max(3, args.rounds // 2)),
        (f"{args.rtt * 1000:g} ms round trip, sink offering PIPELINING", True, args.rtt,
         args.rtt_messages, args.rtt_rounds),
    ):  # fmt: skip
        if rounds_wanted <= 0 or count <= 0:
            continue
        sink = Sink(folder, f"pipeline{len(rows)}", pipelining=pipelining)
        proxy = Proxy(sink.port, rtt) if rtt > 0 else None
        port = proxy.port if proxy is not None else sink.port
        ratio, raw_rate, rate, states, all_ratios, size = compare(
            folder, f"R{len(rows)}", port, count, c, rounds_wanted
        )
        if proxy is not None:
            proxy.stop()
        arrived = len(sink.arrivals())
        if pipelining and rtt == 0:
            pipeline_rate = rate  # the row the mailmerge comparison uses
        target = ">= 2" if rtt > 0 else ">= 0.85"
        rows.append((f"raw aiosmtplib, pre-built bytes, {c} connections, {label}",
                     f"{raw_rate:,.0f} msg/s",
                     f"{count:,} messages of ~{size:,.0f} bytes (median round, mean of the "
                     "raw runs around it)"))  # fmt: skip
        rows.append((f"campaign (queue+render+MIME+durable state), {c} connections, {label}",
                     f"{rate:,.0f} msg/s",
                     f"{ratio:.2f}x raw (target {target}x; rounds: {all_ratios}); all "
                     f"{states}"))  # fmt: skip
        expected = (2 * rounds_wanted + 1) * count
        if arrived != expected:
            rows.append(("sink check", f"{arrived:,} arrived", f"expected {expected:,}"))

    # 3: mailmerge on the same template, to a sink of its own.
    mm_sink = Sink(folder, "mailmerge")
    mm_seconds = run_mailmerge(folder, mm_sink.port, args.mailmerge_messages)
    mm_arrived = len(mm_sink.arrivals())
    if mm_seconds is None:
        rows.append(("mailmerge CLI", "not installed", ""))
    else:
        mm_rate = mm_arrived / mm_seconds
        rows.append(("mailmerge CLI (PyPI), same template", f"{mm_rate:,.0f} msg/s",
                     f"campaign is {pipeline_rate / mm_rate:.1f}x (targets >= 2.5x issue, "
                     ">= 10x PERFORMANCE.md)"))  # fmt: skip

    # 4: throttle accuracy, timed where the messages arrive.
    rate, burst = args.throttle_rate, args.throttle_burst
    count = int(rate * args.throttle_seconds)
    t_sink = Sink(folder, "throttle")
    throttled = setup_campaign(
        folder, "Throttle", t_sink.port, count, rate=rate, burst=burst, max_connections=c
    )
    run_campaign(throttled.id)
    arrivals = sorted(t_sink.arrivals())
    span = arrivals[-1] - arrivals[0]
    achieved = (len(arrivals) - burst) / span if span > 0 else 0.0
    error = (achieved - rate) / rate * 100
    worst = windows(arrivals)
    rows.append((f"throttle at {rate:g}/s, burst {burst}, {span:.1f} s", f"{achieved:.2f} msg/s",
                 f"{error:+.2f}% (target within 3%)"))  # fmt: skip
    rows.append(("throttle: most messages in any 1-s window", f"{worst}",
                 f"limit rate+burst = {rate + burst:g}"))  # fmt: skip
    close_database()

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>14}  notes")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>14}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
