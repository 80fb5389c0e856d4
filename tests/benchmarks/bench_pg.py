"""Team benchmark: N senders on one PostgreSQL queue, and claims on a million-row queue.

Run: ``.venv/bin/python -m tests.benchmarks.bench_pg [--messages M] [--rtt SECONDS]``.

1. Scaling: 1, 2 and 4 sender processes (``main.py send``) on as many SMTP profiles, one
   campaign spread over them, each profile's sink (aiosmtpd, its own process) behind a
   proxy that adds a 20 ms round trip (``tests.latency_proxy``). The rate is counted at
   the sinks, first arrival to last; each row is compared with N times the one-sender
   row of the same run (target ≥ 0.85).
2. Claims: ``PostgresLedger``'s claim of 8 messages (its statements; its COMMIT, an
   fsync, apart) with 1,000 and with 1,000,000 queued rows (target: under 2 ms), each
   round alternating with the claim as it was before it was one statement (a query for
   the running campaigns, one per status and campaign, the suppression check, the
   attempts: ``per_campaign_claim`` below, kept only as the baseline), so the ratio is
   measured in one run under the same load.

The cluster is a throwaway one (``tests/pg_server.py``) with fsync on, as a server has.
Prints a table; never asserts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.benchmarks.bench_send import HTML, SENDER, SUBJECT, Sink, write_contacts

ROOT = Path(__file__).resolve().parents[2]


class Proxy:
    """A round-trip delay in front of a sink, in a process of its own: engine's
    ``tests.latency_proxy`` when this checkout has it, else ``delay_proxy`` below."""

    def __init__(self, target_port: int, rtt: float) -> None:
        import importlib.util

        module = (
            ["-m", "tests.latency_proxy"]
            if importlib.util.find_spec("tests.latency_proxy") is not None
            else ["-m", "tests.benchmarks.bench_pg", "--proxy"]
        )
        self.process = subprocess.Popen(
            [sys.executable, *module, str(target_port), str(rtt)],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def delay_proxy(target_port: int, rtt: float) -> None:
    """Forward 127.0.0.1:PORT → target, each chunk delayed by half the round trip each
    way, in order (pipelined chunks share one delay, as on a real link)."""
    import asyncio

    from tests.smtp_servers import free_port

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def forward() -> None:
            while True:
                due, chunk = await queue.get()
                if (wait := due - time.monotonic()) > 0:
                    await asyncio.sleep(wait)
                if not chunk:
                    writer.close()
                    return
                writer.write(chunk)
                await writer.drain()

        task = asyncio.create_task(forward())
        try:
            while chunk := await reader.read(65536):
                queue.put_nowait((time.monotonic() + rtt / 2, chunk))
            queue.put_nowait((time.monotonic() + rtt / 2, b""))
            await task
        except (ConnectionError, OSError):
            task.cancel()
            writer.close()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer),
                             return_exceptions=True)  # fmt: skip

    async def serve() -> None:
        port = free_port()
        server = await asyncio.start_server(handle, "127.0.0.1", port)
        print(port, flush=True)
        async with server:
            await server.serve_forever()

    asyncio.run(serve())


def _campaign(url: str, folder: Path, name: str, ports: list[int], count: int, conns: int) -> None:
    from core.campaigns import DraftSettings, save_draft, start_campaign
    from core.db import close_database, open_database
    from core.importer import import_contacts
    from core.profiles import ProfileSettings, save_profile
    from core.templates import save_template

    open_database(url)
    try:
        csv_path = folder / f"{name}.csv"
        write_contacts(csv_path, count, name)
        import_contacts(csv_path, f"{name} list")
        save_template(f"{name} template", subject=SUBJECT, html=HTML)
        profiles = []
        for i, port in enumerate(ports):
            settings = ProfileSettings(
                host="127.0.0.1", port=port, security="none", is_sandbox=True, rate=0,
                max_connections=conns, per_connection=10_000, data_timeout=60,
            )  # fmt: skip
            save_profile(f"{name} relay {i}", settings)
            profiles.append((f"{name} relay {i}", 1))
        campaign = save_draft(
            name,
            DraftSettings(
                list_name=f"{name} list", template_name=f"{name} template",
                profile_name=profiles[0][0], profiles=profiles if len(profiles) > 1 else [],
                sender=SENDER, unsubscribe_url="https://shop.example/u?e={{ email|urlencode }}",
            ),
        )  # fmt: skip
        start_campaign(campaign)
    finally:
        close_database()


def scaling_row(
    server: Any, folder: Path, n: int, per_sender: int, rtt: float, conns: int
) -> float:
    """Messages per second at the sinks with ``n`` senders on ``n`` profiles."""
    name = f"scale{n}"
    database = server.create_database(name)
    url = server.url(database)
    sinks = [Sink(folder, f"{name}-{i}") for i in range(n)]
    proxies = [Proxy(sink.port, rtt) for sink in sinks]
    try:
        _campaign(url, folder, name, [p.port for p in proxies], per_sender * n, conns)
        env = {**os.environ, **server.env(), "STAFFETTA_DATA_DIR": str(folder / f"data-{n}")}
        senders = [
            subprocess.Popen(
                [
                    sys.executable,
                    str(ROOT / "main.py"),
                    "--db",
                    url,
                    "send",
                    "--until-done",
                    "--name",
                    f"bench-{i}",
                    "--json",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(n)
        ]
        for process in senders:
            _out, err = process.communicate(timeout=1800)
            if process.returncode != 0:
                print(f"sender failed: {err.strip()[-500:]}", file=sys.stderr)
        arrivals = sorted(t for sink in sinks for t in sink.arrivals())
    finally:
        for proxy in proxies:
            proxy.stop()
    if len(arrivals) < 2:
        return 0.0
    return (len(arrivals) - 1) / (arrivals[-1] - arrivals[0])


def per_campaign_claim(ledger: Any, profile_id: int, limit: int) -> int:
    """The baseline: the claim as it was, statement by statement (five round trips for
    one campaign). Only the benchmark runs it."""
    from core.campaigns.rotation import RUNNING_FOR_PROFILE_SQL
    from core.models import utcnow
    from core.queue.ledger import attempt_uid
    from core.team.database import qmark_to_format

    now = utcnow()
    cur = ledger.connection.cursor()
    running = cur.execute(
        qmark_to_format(RUNNING_FOR_PROFILE_SQL), ("running", profile_id, profile_id)
    ).fetchall()
    rows: list[Any] = []
    for status, order, extra in (
        ("deferred", "next_attempt_at", " AND next_attempt_at <= %(now)s"),
        ("queued", "id + 0", ""),
    ):
        for campaign_id, _rotated in running:
            if len(rows) >= limit:
                break
            rows += cur.execute(
                f"WITH picked AS (SELECT id FROM message WHERE campaign_id = %(c)s AND "
                f"status = '{status}'{extra} ORDER BY {order} LIMIT %(n)s FOR UPDATE SKIP LOCKED) "
                "UPDATE message m SET status = 'sending', updated_at = %(now)s, sender_id = %(me)s, "
                "smtp_profile_id = %(p)s FROM picked WHERE m.id = picked.id RETURNING m.id, m.to_key",
                {"c": campaign_id, "n": limit - len(rows), "now": now, "me": ledger.sender_id,
                 "p": profile_id},
            ).fetchall()  # fmt: skip
    keys = [key for _id, key in rows]
    cur.execute(
        "SELECT email_key, reason FROM suppression WHERE email_key = ANY(%s) UNION ALL "
        "SELECT email_key, status FROM contact WHERE email_key = ANY(%s) AND status != 'active'",
        (keys, keys),
    ).fetchall()
    cur.executemany(
        "INSERT INTO attempt (message_id, attempt_uid, started_at) VALUES (%s, %s, %s)",
        [(mid, attempt_uid(), now) for mid, _key in rows],
    )
    return len(rows)


def claim_timings(server: Any, queued: int, rounds: int = 300) -> list[tuple[float, float, float]]:
    """Milliseconds per claim of 8 (the claim's statements, then its COMMIT with fsync,
    then the baseline's statements on the same queue), with ``queued`` rows waiting."""
    from core.db import close_database, open_database
    from core.models import Campaign, ContactList, SmtpProfile, database_proxy
    from core.team.ledger import PostgresLedger

    database = server.create_database(f"claims{queued}")
    url = server.url(database)
    open_database(url)
    try:
        profile = SmtpProfile.create(name="bench", host="127.0.0.1", port=2525)
        contact_list = ContactList.create(name="bench")
        campaign = Campaign.create(
            name="bench", contact_list=contact_list, smtp_profile=profile, sender=SENDER,
            status="running",
        )  # fmt: skip
        database_proxy.execute_sql(
            "INSERT INTO message (campaign_id, to_addr, to_key, variables, message_id, status, "
            "attempts, queued_at, updated_at, smtp_profile_id) "
            "SELECT %s, 'r' || g || '@example.com', 'r' || g || '@example.com', "
            "'{\"email\":\"x\",\"name\":null,\"fields\":{}}', '<' || g || '@bench>', 'queued', 0, "
            "timezone('UTC', now()), timezone('UTC', now()), %s FROM generate_series(1, %s) g",
            (campaign.id, profile.id, queued),
        )
        database_proxy.execute_sql("VACUUM ANALYZE message")
        profile_id = profile.id
    finally:
        close_database()
    ledger = PostgresLedger(url, "bench-sender")
    timings = []
    try:
        for _ in range(20):  # warm the connection, the caches and the prepared plans
            ledger._claim(profile_id, 8, [])
            ledger.commit()
            per_campaign_claim(ledger, profile_id, 8)
            ledger.commit()
        for _ in range(rounds):
            started = time.perf_counter()
            ledger._claim(profile_id, 8, [])
            claimed = time.perf_counter()
            ledger.commit()
            committed = time.perf_counter()
            per_campaign_claim(ledger, profile_id, 8)
            baseline = time.perf_counter()
            ledger.commit()
            timings.append(((claimed - started) * 1000, (committed - claimed) * 1000,
                            (baseline - committed) * 1000))  # fmt: skip
    finally:
        ledger.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=400, help="per sender (default 400)")
    parser.add_argument("--rtt", type=float, default=0.02, help="round trip, seconds")
    parser.add_argument("--connections", type=int, default=2, help="per profile (default 2)")
    parser.add_argument("--senders", default="1,2,4")
    parser.add_argument("--queued", type=int, default=1_000_000)
    parser.add_argument("--claims-only", action="store_true", help="only the claim rows")
    parser.add_argument("--proxy", nargs=2, metavar=("PORT", "RTT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.proxy:
        delay_proxy(int(args.proxy[0]), float(args.proxy[1]))
        return
    from tests.pg_server import PostgresServer

    counts = [int(n) for n in args.senders.split(",")]
    with (
        tempfile.TemporaryDirectory(prefix="bench-pg-") as tmp,
        PostgresServer(durable=True) as server,
    ):
        os.environ.update(server.env())
        folder = Path(tmp)
        print(f"PostgreSQL {server.port}, fsync on; {args.messages} messages per sender, "
              f"{args.connections} connections per profile, {args.rtt * 1000:.0f} ms round trip")  # fmt: skip
        rates = {} if args.claims_only else {n: scaling_row(server, folder, n, args.messages, args.rtt, args.connections)
                 for n in counts}  # fmt: skip
        one = rates.get(1) or next(iter(rates.values()), 0.0)
        print(f"\n{'senders':>8} {'profiles':>8} {'msg/s':>9} {'vs N x one':>11}")
        for n, rate in rates.items():
            print(f"{n:>8} {n:>8} {rate:>9.1f} {rate / (n * one) if one else 0:>10.2f}x")
        print(f"\n{'queued rows':>12} {'claim p50':>10} {'p95':>7} {'max':>7} {'commit p50':>11}"
              f" {'before p50':>11} {'ratio':>6}   (ms; a claim of 8 messages, then its COMMIT "
              "with fsync; before: the claim statement by statement, in the same rounds)")  # fmt: skip
        for queued in (1_000, args.queued):
            rows = claim_timings(server, queued)
            claims = sorted(c for c, _, _ in rows)
            commits = sorted(c for _, c, _ in rows)
            before = sorted(b for _, _, b in rows)
            ratio = statistics.median(claims) / statistics.median(before)
            print(f"{queued:>12,} {statistics.median(claims):>10.2f} "
                  f"{claims[int(len(claims) * 0.95)]:>7.2f} {claims[-1]:>7.2f} "
                  f"{statistics.median(commits):>11.2f} {statistics.median(before):>11.2f} "
                  f"{ratio:>5.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
