"""RELIABILITY.md's fault matrix, each row against a real server on 127.0.0.1.

Tests taking the ``dialogue`` fixture run twice: against a relay that offers PIPELINING
(commands and the next message's envelope written ahead) and one that does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.models import Attempt, Campaign, Contact, Message, Suppression
from tests.core.engine_helpers import make_campaign, run_worker, statuses
from tests.smtp_servers import DROP, GARBAGE, STALL, FaultServer, delivered_to, free_port

pytestmark = pytest.mark.databases()

TWO = ["ann@example.com", "bob@example.com"]


def test_happy_path_delivers_each_recipient_once(db, dialogue, tmp_path: Path):
    with FaultServer() as server:
        campaign = make_campaign(tmp_path, server.port, [*TWO, "cy@example.com"])
        _worker, summary = run_worker()
    assert delivered_to(server) == sorted([*TWO, "cy@example.com"])
    assert summary.sent == 3
    assert set(statuses().values()) == {"sent"}
    assert Campaign.get_by_id(campaign.id).status == "finished"
    message = Message.get(Message.to_addr == "ann@example.com")
    assert message.last_code == 250 and message.sent_at is not None
    data = server.delivered[0].data.decode()
    assert message.message_id in data  # the Message-ID fixed at queue time is the one sent


def test_connection_refused_defers_and_backs_off(db, tmp_path: Path):
    make_campaign(tmp_path, free_port(), TWO)  # nothing listens there
    worker, _ = run_worker(until_done=False, seconds=2)
    # Messages that tried are deferred; any claimed after the failure went back to the
    # queue untried, and the backoff did not grow once per message.
    assert "deferred" in statuses().values()
    assert set(statuses().values()) <= {"deferred", "queued"}
    runner = next(iter(worker._runners.values()))
    assert 1 <= runner.backoff.failures <= 2
    assert runner.backoff.remaining() > 0
    assert Message.get().next_attempt_at is not None
    assert Message.get().last_step == "connect"


def test_greeting_that_never_comes_defers(db, tmp_path: Path):
    with FaultServer(replies={"greeting": STALL}) as server:
        make_campaign(tmp_path, server.port, TWO[:1], connect_timeout=1)
        run_worker(until_done=False, seconds=30, stop_after=1)
    assert statuses() == {"ann@example.com": "deferred"}


@pytest.mark.parametrize("where", ["greeting", "mail", "rcpt"])
def test_421_defers_throttles_and_reconnects_later(db, dialogue, tmp_path: Path, where: str):
    calls = {"n": 0}

    def first_421(_arg: str) -> str:
        calls["n"] += 1
        return "421 4.7.0 Try again later, closing connection" if calls["n"] == 1 else ""

    with FaultServer(replies={where: first_421}) as server:
        make_campaign(tmp_path, server.port, TWO[:1], max_connections=4)
        throttles = []
        from core.worker import SendingWorker

        worker = SendingWorker(until_done=True)
        worker.events.throttle.connect(throttles.append)
        run_worker(worker=worker, seconds=20)
    assert throttles and throttles[0].slowed
    assert throttles[0].connections < 4
    attempts = [a.outcome for a in Attempt.select().order_by(Attempt.id)]
    assert attempts == ["deferred", "sent"]
    assert delivered_to(server) == ["ann@example.com"]
    assert server.connections >= 2  # it reconnected


@pytest.mark.parametrize(
    ("replies", "auth"),
    [
        ({"greeting": "554 5.7.1 You are not welcome"}, False),
        ({"mail": "553 5.7.1 Sender address rejected"}, False),
        ({"auth": "535 5.7.8 Authentication credentials invalid"}, True),
    ],
)
def test_configuration_errors_pause_the_campaign_and_leave_recipients_untouched(
    db, dialogue, tmp_path: Path, replies: dict[str, str], auth: bool, monkeypatch
):
    monkeypatch.setenv("LAUNCH_PW", "secret")
    extra = (
        {"username": "u", "password_env": "LAUNCH_PW", "allow_insecure_auth": True} if auth else {}
    )
    with FaultServer(replies=replies, advertise_auth=auth) as server:
        campaign = make_campaign(tmp_path, server.port, TWO, **extra)
        _worker, summary = run_worker(seconds=10)
    campaign = Campaign.get_by_id(campaign.id)
    assert campaign.status == "paused"
    assert campaign.pause_reason and ("Fix the SMTP profile" in campaign.pause_reason)
    assert set(statuses().values()) == {"queued"}
    assert all(m.attempts == 0 for m in Message.select())
    assert summary.paused
    assert server.delivered == []


def test_550_511_fails_and_suppresses_the_address(db, dialogue, tmp_path: Path):
    bad = "gone@example.com"
    replies = {"rcpt": lambda to: "550 5.1.1 No such user" if to == bad else ""}
    with FaultServer(replies=replies) as server:
        make_campaign(tmp_path, server.port, [bad, "ok@example.com"])
        run_worker()
    assert statuses() == {bad: "failed", "ok@example.com": "sent"}
    assert Suppression.select().where(Suppression.email_key == bad).exists()
    assert Contact.get(Contact.email_key == bad).status == "bounced"
    failed = Message.get(Message.to_addr == bad)
    assert (failed.last_code, failed.last_enhanced, failed.last_step) == (550, "5.1.1", "rcpt")


@pytest.mark.parametrize("code", ["450 4.2.0 Greylisted", "451 4.7.1 Try later", "452 4.2.2 Full"])
def test_greylisting_defers_then_delivers(db, dialogue, tmp_path: Path, code: str):
    seen: set[str] = set()

    def greylist(to: str) -> str:
        if to in seen:
            return ""
        seen.add(to)
        return code

    with FaultServer(replies={"rcpt": greylist}) as server:
        make_campaign(tmp_path, server.port, TWO)
        run_worker(seconds=25)
    assert delivered_to(server) == TWO
    assert set(statuses().values()) == {"sent"}
    assert all(m.attempts == 2 for m in Message.select())


@pytest.mark.parametrize("reply", ["451 4.7.0 Temporary rate limit", "421 4.7.28 Unusual rate"])
def test_rate_replies_after_the_dot_defer_and_throttle(db, dialogue, tmp_path: Path, reply: str):
    with FaultServer(replies={"dot": reply}) as server:
        make_campaign(tmp_path, server.port, TWO[:1])
        from core.worker import SendingWorker

        worker = SendingWorker(until_done=False)
        throttles = []

        def slowed(event) -> None:  # type: ignore[no-untyped-def]
            # Stopped as soon as the reply after the dot slowed it down, not after a fixed
            # time a loaded machine may need before the first try.
            throttles.append(event)
            worker.stop()

        worker.events.throttle.connect(slowed)
        run_worker(worker=worker, seconds=60)
    assert statuses()["ann@example.com"] in ("deferred", "failed")
    first = Attempt.select().order_by(Attempt.id).first()
    assert first.outcome == "deferred" and first.step == "data"
    assert throttles and throttles[0].slowed


def test_permanent_failures_in_a_row_pause_the_campaign(db, dialogue, tmp_path: Path):
    people = [f"p{i}@example.com" for i in range(6)]
    with FaultServer(replies={"dot": "554 5.7.1 Message rejected as spam"}) as server:
        campaign = make_campaign(
            tmp_path, server.port, people, max_consecutive_failures=3, max_connections=1
        )
        run_worker(seconds=10)
    counts = list(statuses().values())
    # It pauses at the 3rd refusal; one more may already have been on the wire (2 in flight).
    assert 3 <= counts.count("failed") <= 4
    assert counts.count("queued") == 6 - counts.count("failed")
    campaign = Campaign.get_by_id(campaign.id)
    assert campaign.status == "paused"
    assert "messages in a row were refused permanently" in campaign.pause_reason


@pytest.mark.parametrize("fault", [DROP, STALL])
def test_drop_or_stall_after_the_dot_is_unknown_and_never_resent(
    db, dialogue, tmp_path: Path, fault: str
):
    with FaultServer(replies={"dot": fault}) as server:
        make_campaign(tmp_path, server.port, TWO[:1], data_timeout=1)
        run_worker(seconds=8)
        assert statuses() == {"ann@example.com": "unknown"}
        run_worker(seconds=2)  # a second run must not touch it
    assert statuses() == {"ann@example.com": "unknown"}
    data_commands = [c for c in server.commands if c.upper() == "DATA"]
    assert len(data_commands) == 1


@pytest.mark.parametrize("where", ["mail", "rcpt"])
def test_drop_at_mail_or_rcpt_defers(db, dialogue, tmp_path: Path, where: str):
    with FaultServer(replies={where: DROP}) as server:
        make_campaign(tmp_path, server.port, TWO[:1])
        run_worker(until_done=False, seconds=30, stop_after=1)
    assert statuses() == {"ann@example.com": "deferred"}
    assert Message.get().last_step == where


@pytest.mark.parametrize("where", ["greeting", "mail"])
def test_garbage_replies_reconnect_and_defer(db, dialogue, tmp_path: Path, where: str):
    calls = {"n": 0}

    def garbage_once(_arg: str) -> str:
        calls["n"] += 1
        return GARBAGE if calls["n"] == 1 else ""

    with FaultServer(replies={where: garbage_once}) as server:
        make_campaign(tmp_path, server.port, TWO[:1])
        run_worker(seconds=20)
    outcomes = [a.outcome for a in Attempt.select().order_by(Attempt.id)]
    assert outcomes == ["deferred", "sent"]
    assert server.connections >= 2


# --- beyond the matrix's rows: the rest of RELIABILITY.md, through the worker --------------


def test_relay_killed_and_restarted_mid_campaign_loses_nothing_and_sends_once(db, tmp_path: Path):
    people = [f"k{i:02d}@example.com" for i in range(40)]
    first = FaultServer().start()
    make_campaign(tmp_path, first.port, people, rate=40, burst=2, max_connections=2)
    from core.worker import SendingWorker

    worker = SendingWorker(until_done=True)

    async def main() -> None:
        import asyncio

        task = asyncio.create_task(worker.run())
        while len(first.delivered) < 10:
            await asyncio.sleep(0.01)
        first.stop()  # the relay dies mid-conversation
        await asyncio.sleep(1.0)
        second = FaultServer(port=first.port).start()  # and comes back on the same port
        servers.append(second)
        await asyncio.wait_for(task, 60)

    servers: list[FaultServer] = []
    import asyncio

    try:
        asyncio.run(main())
    finally:
        for server in servers:
            server.stop()
    copies: dict[str, int] = {}
    for server in (first, *servers):
        for rcpt in delivered_to(server):
            copies[rcpt] = copies.get(rcpt, 0) + 1
    final = statuses()
    assert set(final.values()) <= {"sent", "unknown"}
    assert all(n == 1 for n in copies.values())  # never twice
    assert {a for a, s in final.items() if s == "sent"} <= set(copies)
    assert len(copies) >= len(people) - 2 * 2  # at most ~2x connections were in flight


def test_a_message_that_cannot_be_built_is_held_and_the_rest_go_out(db, tmp_path: Path):
    with FaultServer() as server:
        make_campaign(tmp_path, server.port, [*TWO, "cy@example.com"])
        Message.update(variables={"email": "bob@example.com", "fields": {}}).where(
            Message.to_addr == "bob@example.com"
        ).execute()  # a snapshot the template cannot render
        _worker, summary = run_worker()
    assert statuses() == {"ann@example.com": "sent", "bob@example.com": "held",
                          "cy@example.com": "sent"}  # fmt: skip
    held = Message.get(Message.to_addr == "bob@example.com")
    assert "first_name" in held.last_response
    assert summary.held == 1
    assert delivered_to(server) == ["ann@example.com", "cy@example.com"]


def test_a_message_past_its_lifetime_expires_to_failed(db, tmp_path: Path):
    from datetime import timedelta

    from core.models import utcnow

    with FaultServer(replies={"rcpt": "451 4.3.0 Try later"}) as server:
        make_campaign(tmp_path, server.port, TWO[:1], lifetime=60)
        Message.update(queued_at=utcnow() - timedelta(minutes=5)).execute()
        run_worker(seconds=10)
    message = Message.get()
    assert message.status == "failed"
    assert "expired" in message.last_response
    assert message.last_code == 451
    assert server.delivered == []


def test_max_attempts_then_failed_as_expired(db, tmp_path: Path):
    with FaultServer(replies={"rcpt": "450 4.2.0 Greylisted"}) as server:
        make_campaign(tmp_path, server.port, TWO[:1], max_attempts=2, retry_base=1, retry_max=1)
        run_worker(seconds=15)
    message = Message.get()
    assert (message.status, message.attempts) == ("failed", 2)
    assert "expired after 2 attempts" in message.last_response
    assert [a.outcome for a in Attempt.select().order_by(Attempt.id)] == ["deferred", "failed"]
    assert all(a.step == "rcpt" and a.code == 450 for a in Attempt.select())
    assert server.delivered == []


def test_every_attempt_records_step_code_enhanced_code_and_text(db, tmp_path: Path):
    seen: set[str] = set()

    def greylist(to: str) -> str:
        if to in seen:
            return ""
        seen.add(to)
        return "451 4.7.1 Greylisted, come back later"

    with FaultServer(replies={"rcpt": greylist}) as server:
        make_campaign(tmp_path, server.port, TWO[:1])
        run_worker(seconds=20)
    first, second = Attempt.select().order_by(Attempt.id)
    assert (first.step, first.code, first.enhanced_code, first.outcome) == (
        "rcpt", 451, "4.7.1", "deferred")  # fmt: skip
    assert "Greylisted" in first.response and first.finished_at is not None
    assert (second.step, second.code, second.outcome) == ("data", 250, "sent")
    assert delivered_to(server) == ["ann@example.com"]


def test_daily_cap_counts_what_was_sent_before_a_restart(db, tmp_path: Path):
    from core.models import utcnow

    people = [f"d{i}@example.com" for i in range(5)]
    with FaultServer() as server:
        make_campaign(tmp_path, server.port, people, daily_cap=3)
        Message.update(status="sent", sent_at=utcnow()).where(
            Message.to_addr == people[0]
        ).execute()  # sent by an earlier run today
        run_worker(until_done=False, seconds=3)
    assert len(server.delivered) == 2
    assert list(statuses().values()).count("queued") == 2


def test_messages_per_connection_limit_reconnects(db, tmp_path: Path):
    people = [f"c{i}@example.com" for i in range(5)]
    with FaultServer() as server:
        make_campaign(tmp_path, server.port, people, per_connection=2, max_connections=1)
        run_worker()
    assert delivered_to(server) == people
    assert server.connections == 3


def test_a_relay_that_fails_in_every_usual_way_at_once(db, dialogue, tmp_path: Path):
    """The engine issue's "done when", in one campaign: a relay that greylists, says 421
    now and then, rejects an unknown mailbox, drops the line after one final dot, and is
    killed and restarted half-way. Every deliverable recipient gets exactly one copy;
    every other one ends with the relay's reason; nothing is left in flight."""
    import asyncio
    import threading

    from core.worker import SendingWorker

    people = [f"p{i:02d}@example.com" for i in range(40)]
    grey, gone, dropped = "grey@example.com", "gone@example.com", "drop@example.com"
    lock = threading.Lock()
    seen: dict[str, int] = {}
    rcpt_calls = {"n": 0}

    def rcpt(to: str) -> str:
        with lock:
            seen[to] = seen.get(to, 0) + 1
            rcpt_calls["n"] += 1
            if to == gone:
                return "550 5.1.1 <gone@example.com>: no such user"
            if to == grey and seen[to] == 1:
                return "451 4.7.1 Greylisted, try again later"
            if rcpt_calls["n"] % 9 == 0:
                return "421 4.7.0 Too many messages from your IP, slow down"
            return ""

    def dot(to: str) -> str:
        return DROP if to == dropped else ""

    replies = {"rcpt": rcpt, "dot": dot}
    first = FaultServer(replies=replies).start()
    make_campaign(tmp_path, first.port, [*people, grey, gone, dropped], max_connections=2,
                  data_timeout=2)  # fmt: skip
    worker = SendingWorker(until_done=True)
    servers: list[FaultServer] = [first]

    async def main() -> None:
        task = asyncio.create_task(worker.run())
        while len(first.delivered) < 12:
            await asyncio.sleep(0.01)
        first.stop()  # killed mid-conversation
        await asyncio.sleep(1.0)
        servers.append(FaultServer(replies=replies, port=first.port).start())
        await asyncio.wait_for(task, 90)

    try:
        asyncio.run(main())
    finally:
        for server in servers[1:]:
            server.stop()

    copies: dict[str, int] = {}
    for server in servers:
        for to in delivered_to(server):
            copies[to] = copies.get(to, 0) + 1
    final = statuses()
    assert all(n == 1 for n in copies.values()), copies  # never twice
    assert "sending" not in final.values() and "queued" not in final.values()
    for address in [*people, grey]:
        assert final[address] in ("sent", "unknown"), (address, final[address])
        if final[address] == "sent":
            assert copies.get(address) == 1, address
    # Only what was in flight when the relay died can be in doubt (2 connections).
    assert sum(1 for a in [*people, grey] if final[a] == "unknown") <= 2
    assert final[grey] == "sent" and Message.get(Message.to_addr == grey).attempts >= 2
    assert final[gone] == "failed" and gone not in copies
    failed = Message.get(Message.to_addr == gone)
    assert failed.last_code == 550 and "no such user" in failed.last_response
    assert Suppression.select().where(Suppression.email_key == gone).exists()
    assert final[dropped] == "unknown"  # the relay may have it: never resent on its own
    throttled = Attempt.select().where(Attempt.code == 421)
    assert throttled.count() >= 1 and all(a.outcome == "deferred" for a in throttled)


def test_only_about_twice_the_connections_are_in_sending_at_any_instant(db, tmp_path: Path):
    """RELIABILITY.md: a crash may leave only a handful of `unknown` rows, so at most
    about two messages per open connection are ever committed as `sending`."""
    from tests.core.engine_helpers import other_connection

    reader = other_connection(db)
    counts: list[int] = []

    def look(_to: str) -> str:  # at every RCPT, from another connection, as a crash would
        (sending,) = reader.execute(
            "SELECT COUNT(*) FROM message WHERE status = 'sending'"
        ).fetchone()
        counts.append(sending)
        return ""

    people = [f"s{i:03d}@example.com" for i in range(150)]
    with FaultServer(replies={"rcpt": look}) as server:
        make_campaign(tmp_path, server.port, people, max_connections=3)
        run_worker(seconds=60)
    reader.close()
    assert sorted(delivered_to(server)) == sorted(people)
    assert len(counts) == len(people)
    assert max(counts) <= 2 * 3, max(counts)
    assert max(counts) >= 3  # the connections really were used in parallel


@pytest.mark.databases("sqlite")  # the SQLite ledger's gathering; PostgreSQL: test_team_queue
def test_outcomes_are_committed_in_groups_while_every_sender_has_work(
    db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Each commit is an fsync and a claim query: while the senders still hold claimed
    messages the committer gathers several outcomes per commit (PERFORMANCE.md budget),
    and the cap of about two messages per connection in `sending` still holds."""
    from core.queue import QueueLedger
    from core.worker import SendingWorker, WorkerTunables

    batches: list[int] = []
    real_write_cycle = QueueLedger.write_cycle

    def counted(self, outcomes, max_failures, requests):  # type: ignore[no-untyped-def]
        if outcomes:
            batches.append(len(outcomes))
        return real_write_cycle(self, outcomes, max_failures, requests)

    monkeypatch.setattr(QueueLedger, "write_cycle", counted)
    # A wide window so the test does not depend on this machine's speed: the wait ends
    # when one outcome per connection is pending or a sender runs out of claimed work.
    people = [f"g{i:03d}@example.com" for i in range(200)]
    with FaultServer() as server:
        make_campaign(tmp_path, server.port, people, max_connections=4)
        tunables = WorkerTunables(gather_seconds=0.05)
        run_worker(seconds=60, worker=SendingWorker(until_done=True, tunables=tunables))
    assert sorted(delivered_to(server)) == sorted(people)
    assert set(statuses().values()) == {"sent"}
    assert sum(batches) == len(people)
    # One commit per outcome was the old behaviour; four connections give groups of ~4.
    # One commit per outcome, or whatever piled up during the last fsync, was the old
    # behaviour (70-odd commits here); gathering gives groups of about four.
    # The median says it: one commit per outcome has a median of 1. (A count of commits
    # depends on how fast this machine's fsyncs are: 75 for 200 on a fresh CI clone.)
    assert sorted(batches)[len(batches) // 2] >= 3, batches
    assert max(batches) <= 2 * 4


def test_attempt_ids_sort_in_the_order_they_were_made():
    """New attempt ids land at the end of their unique index, not on a random page."""
    from core.queue import attempt_uid

    made = [attempt_uid() for _ in range(2000)]
    assert made == sorted(made) and len(set(made)) == len(made)
