"""Team benchmark: N senders on one PostgreSQL queue, and claims on a million-row queue.

Run: ``.venv/bin/python -m tests.benchmarks.bench_pg [--messages M] [--rtt SECONDS]``.

1. Scaling: 1, 2 and 4 sender processes (``main.py send``) on as many SMTP profiles, one
   campaign spread over them, each profile's sink (aiosmtpd, not offering PIPELINING)
   behind a proxy that adds a 20 ms round trip (``tests.latency_proxy``), the sinks and
   proxies all in one process (``Relays``). The rate is counted at the sinks, first
   arrival to last, and while every sink was receiving (from the last sender's first
   delivery to the first one's last: a sender process that started a second late on
   busy cores does not count against the others); each row is compared with N times
   the one-sender row of the same run (target ≥ 0.85). Each row also says where the
   time went: CPU per message of the senders (start-up included; an idle sender's
   start and stop is measured apart), of the server and of the sinks and proxies,
   against what the cores could give and what the whole machine used (on 2 shared
   cores, the other programs decide as much as the senders); what the team's
   connections were doing in the server (``pg_stat_activity`` wait events and
   ``pg_locks`` waits, sampled every 50 ms); the server's time per message for each
   kind of statement (``pg_stat_statements``); and each sender's own account from its
   log (the ledger's cycles: statements and COMMIT; heartbeats and lease changes).
2. Claims: ``PostgresLedger``'s claim of 8 messages (its BEGIN and its statement; its
   COMMIT, an fsync, apart) with 10,000 and with 1,000,000 queued rows (target:
   under 2 ms), each round alternating with the claim as it was before it was one
   statement (a query for the running campaigns, one per status and campaign, the
   suppression check, the attempts: ``per_campaign_claim`` below, kept only as the
   baseline, on a connection of its own), so the ratio is measured in one run under the
   same load; with the claim statement's mean time inside the server.

Every figure is printed with the load average (start-end of its row).
The cluster is a throwaway one (``tests/pg_server.py``) with fsync on, as a server has.
Prints a table; never asserts.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.benchmarks.bench_send import HTML, SENDER, SUBJECT, write_contacts

ROOT = Path(__file__).resolve().parents[2]


RELAYS_NICE = -5


class Relays:
    """``n`` sinks (aiosmtpd, answering 250 and noting when each message arrived), each
    behind a ``tests.latency_proxy`` adding the round trip, all in ONE process with one
    event loop: the relays and the network are not on the senders' machine, so four
    senders bring four processes to the 2 cores, not twelve (a sink and a proxy each)."""

    def __init__(self, folder: Path, name: str, n: int, rtt: float) -> None:
        self.times_file = folder / f"{name}.times"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.benchmarks.bench_pg", "--relays", str(n), str(rtt),
             str(self.times_file)],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        self.ports = [int(p) for p in self.process.stdout.readline().split()]
        # The network and the relays are not what is measured: on a machine other
        # programs keep busy, their wake-ups go first (root only), so a round trip stays
        # 20 ms however loaded the cores are; the senders and the server keep the
        # ordinary priority.
        self.nice = 0
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, RELAYS_NICE)
            self.nice = RELAYS_NICE
        except OSError:
            pass

    def arrivals(self) -> dict[int, list[float]]:
        """Each sink's arrival times, in order (stops the relays)."""
        self.stop()
        by_sink: dict[int, list[float]] = {}
        for line in self.times_file.read_text().splitlines():
            sink, when = line.split()
            by_sink.setdefault(int(sink), []).append(float(when))
        return {sink: sorted(times) for sink, times in by_sink.items()}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(30)


def run_relays(n: int, rtt: float, times_file: str) -> None:
    import asyncio

    from aiosmtpd.smtp import SMTP

    from tests.latency_proxy import LatencyProxy
    from tests.smtp_servers import free_port

    arrivals: list[tuple[int, float]] = []

    class Handler:
        def __init__(self, sink: int) -> None:
            self.sink = sink

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            arrivals.append((self.sink, time.time()))
            return "250 2.0.0 Ok"

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    ports = []
    for i in range(n):
        port = free_port()
        loop.run_until_complete(
            loop.create_server(
                lambda i=i: SMTP(Handler(i), hostname="sink.test"), "127.0.0.1", port
            )
        )
        proxy = LatencyProxy(port, rtt=rtt)
        loop.run_until_complete(asyncio.start_server(proxy._handle, "127.0.0.1", proxy.port))
        ports.append(proxy.port)

    def finish(*_: object) -> None:
        Path(times_file).write_text("\n".join(f"{i} {t:.6f}" for i, t in arrivals))
        loop.stop()

    loop.add_signal_handler(signal.SIGTERM, finish)
    print(" ".join(map(str, ports)), flush=True)
    loop.run_forever()


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


TICK = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int, *, reaped_children: bool = False) -> float:
    """CPU seconds (user + system) of a live process, and of the children it has waited
    for when asked (the postmaster's backends that have exited)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if reaped_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICK


def server_cpu(server: Any) -> float:
    """CPU seconds of the whole cluster so far: the postmaster, its live children and
    every child it has reaped."""
    postmaster = int((server.root / "data" / "postmaster.pid").read_text().split()[0])
    total = process_cpu(postmaster, reaped_children=True)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if int(text.rsplit(")", 1)[1].split()[1]) == postmaster:
            total += process_cpu(int(stat.parent.name))
    return total


def machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of every core since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values[:8]) - idle, sum(values[:8])


def run_to_end(process: subprocess.Popen[str], timeout: float) -> tuple[str, float]:
    """Wait for a sender, returning its stderr and the CPU seconds it used (wait4)."""
    import threading

    out: list[str] = []
    readers = [
        threading.Thread(target=lambda s=stream: out.append(s.read()), daemon=True)
        for stream in (process.stdout, process.stderr)
        if stream is not None
    ]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return (out[-1] if out else ""), usage.ru_utime + usage.ru_stime


class ActivitySampler:
    """What the team's connections are doing, sampled every ``every`` seconds from
    ``pg_stat_activity`` (a wait event, or running) and ``pg_locks`` (lock waits)."""

    def __init__(self, server: Any, database: str, every: float = 0.01) -> None:
        import collections
        import threading

        self.server, self.database, self.every = server, database, every
        self.samples = 0
        self.states: collections.Counter[str] = collections.Counter()
        self.lock_waits = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ActivitySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        with self.server.connect() as conn:
            while not self._stop.wait(self.every):
                rows = conn.execute(
                    "SELECT application_name, state, wait_event_type, wait_event, "
                    "(SELECT count(*) FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted) "
                    "FROM pg_stat_activity a WHERE datname = %s AND pid <> pg_backend_pid()",
                    (self.database,),
                ).fetchall()
                self.samples += 1
                for app, state, kind, event, waits in rows:
                    who = (
                        "ledger" if "ledger" in app else "heartbeat" if "sender" in app else "other"
                    )
                    if state == "active":
                        self.states[f"{who} " + (f"{kind}:{event}" if kind else "on CPU")] += 1
                    self.lock_waits += int(waits)

    def summary(self) -> str:
        n = max(1, self.samples)
        parts = [f"{what} {count / n:.2f}" for what, count in self.states.most_common(6)]
        return (f"{self.samples} samples; connections busy per sample: "
                + (", ".join(parts) or "none") + f"; lock waits {self.lock_waits / n:.3f}")  # fmt: skip


STATEMENT_KINDS = (  # pg_stat_statements' text → a name (first match)
    ("WITH running AS", "claim"),
    ("UPDATE message SET status = $1, updated_at = $2, last_step", "outcome"),
    ("UPDATE attempt SET finished_at", "attempt"),
    ("COMMIT", "commit"),
    ("BEGIN", "begin"),
    ("UPDATE sender SET heartbeat_at", "heartbeat"),
    ("UPDATE profile_lease SET heartbeat_at", "heartbeat"),
    ("WITH dead AS", "recover"),
)


def statement_times(server: Any, database: str) -> dict[str, tuple[int, float]]:
    """Server time per kind of statement since the row started: (calls, total ms)."""
    totals: dict[str, tuple[int, float]] = {}
    with server.connect(database) as conn:
        for query, calls, total in conn.execute(
            "SELECT query, calls, total_exec_time + total_plan_time FROM pg_stat_statements s "
            "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = %s", (database,)
        ).fetchall():  # fmt: skip
            kind = next((k for text, k in STATEMENT_KINDS if text in query), "other")
            count, ms = totals.get(kind, (0, 0.0))
            totals[kind] = (count + int(calls), ms + float(total))
    return totals


def logged_timings(folder: Path) -> list[str]:
    """The senders' own lines on where their time went (the ledger's cycles, the
    heartbeats), from the log of the row's data directory."""
    lines = []
    for log_file in sorted(folder.glob("logs/staffetta.log*")):
        for line in log_file.read_text(errors="replace").splitlines():
            if "ledger of sender" in line or " sender bench-" in line:
                lines.append(line.split(" INFO ", 1)[-1].split("] ", 1)[-1])
    return lines


@dataclass
class Row:
    senders: int
    rate: float  # messages a second at the sinks, first arrival to last
    together: float  # messages a second while every sink was receiving (start-ups apart)
    messages: int
    wall: float  # seconds, first sender started to last one ended
    sender_cpu: float  # CPU seconds, every sender
    server_cpu: float
    sink_cpu: float  # the sinks and the delay proxies
    machine_busy: float  # of every core, over the row (others' programs included)
    load: tuple[float, float]  # 1-minute load average at the start and at the end
    activity: str
    statements: dict[str, tuple[int, float]]
    logged: list[str]


def scaling_row(server: Any, folder: Path, n: int, per_sender: int, rtt: float, conns: int) -> Row:
    """Messages per second at the sinks with ``n`` senders on ``n`` profiles, and where
    the CPU and the server's time went meanwhile."""
    name = f"scale{n}"
    database = server.create_database(name)
    url = server.url(database)
    relays = Relays(folder, name, n, rtt)
    if relays.nice and n == 1:
        print(f"(the sinks and proxies run at nice {relays.nice})")
    data = folder / f"data-{n}"
    try:
        _campaign(url, folder, name, relays.ports, per_sender * n, conns)
        with server.connect(database) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            conn.execute("SELECT pg_stat_statements_reset()")
        env = {**os.environ, **server.env(), "STAFFETTA_DATA_DIR": str(data)}
        helper_cpu = process_cpu(relays.process.pid)
        pg_cpu, machine = server_cpu(server), machine_ticks()
        load_start, started = os.getloadavg()[0], time.monotonic()
        with ActivitySampler(server, database, every=0.05) as sampler:
            command = [sys.executable, str(ROOT / "main.py"), "--db", url, "send", "--until-done"]
            senders = [
                subprocess.Popen(
                    [*command, "--name", f"bench-{i}", "--json"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for i in range(n)
            ]
            sender_cpu = 0.0
            for process in senders:
                err, cpu = run_to_end(process, 1800)
                sender_cpu += cpu
                if process.returncode != 0:
                    print(f"sender failed: {err.strip()[-500:]}", file=sys.stderr)
        wall = time.monotonic() - started
        time.sleep(0.2)  # the senders' backends exit and are reaped
        pg_cpu = server_cpu(server) - pg_cpu
        busy, total = (b - a for a, b in zip(machine, machine_ticks(), strict=True))
        helper_cpu = process_cpu(relays.process.pid) - helper_cpu
        statements = statement_times(server, database)
        by_sink = relays.arrivals()
    finally:
        relays.stop()
    arrivals = sorted(t for times in by_sink.values() for t in times)
    rate = (len(arrivals) - 1) / (arrivals[-1] - arrivals[0]) if len(arrivals) > 1 else 0.0
    # The span in which every sender was sending: from the last one's first delivery to
    # the first one's last (a sender whose process started a second later, on busy
    # cores, no longer counts against the others).
    start = max(times[0] for times in by_sink.values()) if by_sink else 0.0
    end = min(times[-1] for times in by_sink.values()) if by_sink else 0.0
    inside = sum(1 for t in arrivals if start < t <= end)
    together = inside / (end - start) if end > start and len(by_sink) == n else 0.0
    return Row(n, rate, together, len(arrivals), wall, sender_cpu, pg_cpu, helper_cpu,
               busy / max(1, total), (load_start, os.getloadavg()[0]), sampler.summary(),
               statements, logged_timings(data))  # fmt: skip


def idle_sender_cpu(server: Any, folder: Path, rounds: int = 2) -> float:
    """CPU seconds of a sender's start and stop alone (nothing to send): imports, the
    connections, registering and leaving the team. The lowest of ``rounds``."""
    from core.db import close_database, open_database

    url = server.url(server.create_database("idle"))
    open_database(url)  # the schema
    close_database()
    env = {**os.environ, **server.env(), "STAFFETTA_DATA_DIR": str(folder / "data-idle")}
    spent = []
    for _ in range(rounds):
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--db", url, "send", "--until-done"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        spent.append(run_to_end(process, 300)[1])
    return min(spent)


def print_rows(rows: list[Row], idle: float) -> None:
    one = rows[0].rate / rows[0].senders if rows and rows[0].rate else 0.0
    one_together = rows[0].together / rows[0].senders if rows and rows[0].together else 0.0
    cores = os.cpu_count() or 1
    print(f"\n{'senders':>8} {'profiles':>8} {'msg/s':>7} {'vs N x one':>10} {'together':>9} "
          f"{'vs N x one':>10}   CPU ms a message: {'sender':>6} {'sending':>7} {'server':>6} "
          f"{'sinks':>6}   of {cores} cores: {'ours':>5} {'all':>5}   load")  # fmt: skip
    for r in rows:
        per = 1000 / max(1, r.messages)
        ours = (r.sender_cpu + r.server_cpu + r.sink_cpu) / (cores * r.wall)
        sending = max(0.0, r.sender_cpu - r.senders * idle)
        ratio = r.rate / (r.senders * one) if one else 0.0
        ratio_together = r.together / (r.senders * one_together) if one_together else 0.0
        print(f"{r.senders:>8} {r.senders:>8} {r.rate:>7.1f} {ratio:>9.2f}x {r.together:>9.1f} "
              f"{ratio_together:>9.2f}x   {'':>17} {r.sender_cpu * per:>6.1f} {sending * per:>7.1f} "
              f"{r.server_cpu * per:>6.1f} {r.sink_cpu * per:>6.1f}   {'':>13} {ours:>5.0%} "
              f"{r.machine_busy:>5.0%}   {r.load[0]:.1f}-{r.load[1]:.1f}")  # fmt: skip
    print(
        "\n(msg/s: first arrival to last; together: while every sink received, from the "
        "last sender's first delivery to the first one's last, start-ups apart; "
        f"sender: every sender process, start to end; sending: the same less {idle:.2f} s "
        "each, what a sender with nothing to send spends starting and stopping; server: the "
        "PostgreSQL cluster; sinks: the sinks and the delay proxies; ours: all those over "
        "the row's time; all: the cores' busy share, other programs included)"
    )
    for r in rows:
        print(f"\n{r.senders} sender(s): {r.activity}")
        per_message = ", ".join(
            f"{kind} {ms / max(1, r.messages):.2f} ms ({calls / max(1, r.messages):.2f} calls)"
            for kind, (calls, ms) in sorted(r.statements.items(), key=lambda kv: -kv[1][1])
        )
        print(f"  server time a message: {per_message}")
        for line in r.logged:
            print(f"  {line}")


def per_campaign_claim(conn: Any, sender_id: str, profile_id: int, limit: int) -> int:
    """The baseline: the claim as it was, statement by statement (five round trips for
    one campaign), on a connection of its own with the server's default plan choice.
    Only the benchmark runs it."""
    from core.campaigns.rotation import RUNNING_FOR_PROFILE_SQL
    from core.models import utcnow
    from core.queue.ledger import attempt_uid
    from core.team.database import qmark_to_format

    now = utcnow()
    cur = conn.cursor()
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
                {"c": campaign_id, "n": limit - len(rows), "now": now, "me": sender_id,
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


@dataclass
class ClaimRow:
    queued: int
    claims: list[float]  # ms: BEGIN, then the claim
    commits: list[float]  # ms: its COMMIT (fsync)
    before: list[float]  # ms: the baseline's statements
    server: float  # ms: the claim statement's mean time in the server (planning included)
    load: tuple[float, float]


def claim_timings(server: Any, queued: int, rounds: int = 300) -> ClaimRow:
    """Milliseconds per claim of 8 (the claim as a cycle sends it, then its COMMIT with
    fsync, then the baseline's statements on the same queue), with ``queued`` rows waiting."""
    import psycopg

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
        database_proxy.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        profile_id = profile.id
    finally:
        close_database()
    ledger = PostgresLedger(url, "bench-sender")
    baseline = psycopg.connect(ledger.url)
    load_start = os.getloadavg()[0]
    claims, commits, before = [], [], []
    try:
        for _ in range(20):  # warm the connection, the caches and the prepared plans
            ledger._claim(profile_id, 8, [])
            ledger.commit()
            per_campaign_claim(baseline, "bench-before", profile_id, 8)
            baseline.commit()
        with server.connect(database) as conn:
            conn.execute("SELECT pg_stat_statements_reset()")
        for _ in range(rounds):
            started = time.perf_counter()
            ledger._claim(profile_id, 8, [])  # BEGIN, then the claim: two round trips
            claimed = time.perf_counter()
            ledger.commit()
            committed = time.perf_counter()
            per_campaign_claim(baseline, "bench-before", profile_id, 8)
            ended = time.perf_counter()
            baseline.commit()
            claims.append((claimed - started) * 1000)
            commits.append((committed - claimed) * 1000)
            before.append((ended - committed) * 1000)
        calls, total = statement_times(server, database).get("claim", (0, 0.0))
    finally:
        ledger.close()
        baseline.close()
    return ClaimRow(queued, sorted(claims), sorted(commits), sorted(before),
                    total / max(1, calls), (load_start, os.getloadavg()[0]))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=400, help="per sender (default 400)")
    parser.add_argument("--rtt", type=float, default=0.02, help="round trip, seconds")
    parser.add_argument("--connections", type=int, default=2, help="per profile (default 2)")
    parser.add_argument("--senders", default="1,2,4")
    parser.add_argument("--queued", type=int, default=1_000_000)
    parser.add_argument("--claims-only", action="store_true", help="only the claim rows")
    parser.add_argument("--relays", nargs=3, metavar=("N", "RTT", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.relays:
        run_relays(int(args.relays[0]), float(args.relays[1]), args.relays[2])
        return
    import signal

    from tests.pg_server import PostgresServer

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # the cluster is removed
    counts = [int(n) for n in args.senders.split(",")]
    with (
        tempfile.TemporaryDirectory(prefix="bench-pg-") as tmp,
        PostgresServer(
            durable=True, settings={"shared_preload_libraries": "'pg_stat_statements'"}
        ) as server,
    ):
        os.environ.update(server.env())
        folder = Path(tmp)
        print(f"PostgreSQL {server.port}, fsync on; {args.messages} messages per sender, "
              f"{args.connections} connections per profile, {args.rtt * 1000:.0f} ms round "
              f"trip; load average {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
        if not args.claims_only:
            idle = idle_sender_cpu(server, folder)
            print_rows([scaling_row(server, folder, n, args.messages, args.rtt, args.connections)
                        for n in counts], idle)  # fmt: skip
        print(f"\n{'queued rows':>12} {'claim p50':>10} {'p95':>7} {'max':>7} {'server':>7} "
              f"{'commit p50':>11} {'before p50':>11} {'ratio':>6}   load   (ms; a claim of 8 "
              "messages: its BEGIN, then the statement (in a cycle the BEGIN rides with the "
              "outcomes); server: the statement's mean time in the server; then its COMMIT "
              "with fsync; before: the claim statement by statement, in the same rounds)",
              flush=True)  # fmt: skip
        for queued in (10_000, args.queued):  # more than the rounds take: never runs dry
            r = claim_timings(server, queued)
            p50 = statistics.median
            print(f"{queued:>12,} {p50(r.claims):>10.2f} {r.claims[int(len(r.claims) * 0.95)]:>7.2f} "
                  f"{r.claims[-1]:>7.2f} {r.server:>7.2f} {p50(r.commits):>11.2f} "
                  f"{p50(r.before):>11.2f} {p50(r.claims) / p50(r.before):>5.2f}x   "
                  f"{r.load[0]:.1f}-{r.load[1]:.1f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
