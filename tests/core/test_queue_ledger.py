"""The worker's ledger: statements on the loop, COMMIT on a thread, never a wait for a lock."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

from core.models import Message, Suppression
from core.queue import ClaimRequest, Outcome, QueueLedger
from core.worker import SendingWorker
from tests.core.engine_helpers import make_campaign, statuses
from tests.smtp_servers import FaultServer, delivered_to, free_port

PEOPLE = ["ann@example.com", "bob@example.com", "cy@example.com"]


def _other_connection_statuses(db: Path) -> dict[str, str]:
    with closing(sqlite3.connect(str(db))) as reader:
        return dict(reader.execute("SELECT to_addr, status FROM message").fetchall())


def test_begin_never_waits_for_a_lock_and_the_waiting_cycle_runs_once_it_is_free(
    db: Path, tmp_path: Path
):
    campaign = make_campaign(tmp_path, free_port(), PEOPLE)
    ledger = QueueLedger.for_open_database()
    holder = sqlite3.connect(str(db), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # an import or a campaign start writing
    try:
        started = time.monotonic()
        assert ledger.begin() is False
        # At once, not after the app's 10 s busy timeout: on the loop that would freeze.
        assert time.monotonic() - started < 1.0
        assert not ledger.connection.in_transaction

        results: list[object] = []
        waiting = threading.Thread(
            target=lambda: results.append(
                ledger.write_cycle_waiting([], {}, [ClaimRequest(campaign.smtp_profile_id, 2)])
            )
        )
        waiting.start()
        time.sleep(0.3)
        assert waiting.is_alive() and not results  # on its thread, it waits its turn
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    waiting.join(10)
    assert not waiting.is_alive()
    _record, claimed = results[0]  # type: ignore[misc]
    mine = claimed[campaign.smtp_profile_id]
    assert len(mine) == 2
    seen = _other_connection_statuses(db)
    assert sorted(seen.values()) == ["queued", "sending", "sending"]  # committed

    # The fast path: statements now, visible to others only after the COMMIT.
    assert ledger.begin() is True
    sent = [Outcome(m, "sent", step="data", code=250, response="2.0.0 Ok") for m in mine]
    ledger.write_cycle(sent, {}, [])
    assert sorted(_other_connection_statuses(db).values()) == ["queued", "sending", "sending"]
    ledger.commit()
    assert sorted(_other_connection_statuses(db).values()) == ["queued", "sent", "sent"]
    ledger.close()


def test_a_cycle_that_fails_half_way_leaves_nothing_behind(db: Path, tmp_path: Path):
    campaign = make_campaign(tmp_path, free_port(), PEOPLE)
    ledger = QueueLedger.for_open_database()
    assert ledger.begin()
    _record, claims = ledger.write_cycle([], {}, [ClaimRequest(campaign.smtp_profile_id, 1)])
    claimed = claims[campaign.smtp_profile_id]
    ledger.commit()
    # The first statements (suppress the address) succeed, then a value SQLite cannot
    # store stops the cycle: none of it may stay.
    broken = Outcome(
        claimed[0], "failed", step="rcpt", code=object(), response="5.1.1 gone",  # type: ignore[arg-type]
        suppress=True,
    )  # fmt: skip
    assert ledger.begin()
    try:
        ledger.write_cycle([broken], {}, [ClaimRequest(campaign.smtp_profile_id, 2)])
    except sqlite3.Error:
        pass
    else:
        raise AssertionError("the broken outcome was written")
    assert not ledger.connection.in_transaction
    assert not Suppression.select().exists()
    assert sorted(_other_connection_statuses(db).values()) == ["queued", "queued", "sending"]
    ledger.close()


def test_sending_goes_on_while_another_connection_holds_the_write_lock(
    db: Path, tmp_path: Path, monkeypatch
):
    """An import in the window must neither stall the event loop (the UI) nor lose or
    repeat a message: cycles that find the lock taken wait for it on the ledger's thread."""
    waited: list[int] = []
    real_waiting = QueueLedger.write_cycle_waiting

    def counted(self, *args):  # type: ignore[no-untyped-def]
        waited.append(1)
        return real_waiting(self, *args)

    monkeypatch.setattr(QueueLedger, "write_cycle_waiting", counted)
    people = [f"w{i:02d}@example.com" for i in range(40)]
    lock_taken = threading.Event()

    def hold_the_lock() -> None:
        holder = sqlite3.connect(str(db), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        lock_taken.set()
        time.sleep(1.5)
        holder.execute("ROLLBACK")
        holder.close()

    holding = threading.Thread(target=hold_the_lock)

    def on_rcpt(to: str) -> str:
        if to == people[5] and not holding.is_alive() and not lock_taken.is_set():
            holding.start()
            lock_taken.wait(5)
        return ""

    longest_gap = [0.0]

    async def main() -> None:
        worker = SendingWorker(until_done=True)
        task = asyncio.create_task(worker.run())
        last = time.monotonic()
        while not task.done():
            await asyncio.sleep(0.01)
            now = time.monotonic()
            longest_gap[0] = max(longest_gap[0], now - last)
            last = now
        await task

    with FaultServer(replies={"rcpt": on_rcpt}) as server:
        make_campaign(tmp_path, server.port, people, max_connections=2)
        asyncio.run(main())
    holding.join(5)
    assert lock_taken.is_set() and waited, "the lock was never in the way"
    assert sorted(delivered_to(server)) == sorted(people)
    assert set(statuses().values()) == {"sent"}
    assert Message.select().count() == len(people)
    # The lock was held for 1.5 s; the loop kept turning meanwhile.
    assert longest_gap[0] < 0.75, f"the event loop stalled for {longest_gap[0]:.2f} s"


def _claim_steps(ledger: QueueLedger, profile_id: int) -> int:
    """SQLite VM steps (in hundreds) one claim takes: a measure of rows walked, not time."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    ledger.connection.set_progress_handler(count, 100)
    assert ledger.begin()
    ledger.write_cycle([], {}, [ClaimRequest(profile_id, 4)])
    ledger.rollback()
    ledger.connection.set_progress_handler(None, 100)
    return steps[0]


def test_a_paused_campaigns_due_retries_do_not_weigh_on_claims(db: Path, tmp_path: Path):
    """Claims run on the event loop: they must read only the running campaigns' rows,
    however many retries a paused campaign has waiting."""
    from core.models import Campaign

    paused = make_campaign(tmp_path, free_port(), [f"p{i}@example.com" for i in range(3000)])
    running = make_campaign(tmp_path, free_port(), PEOPLE, name="Running")
    Campaign.update(status="paused").where(Campaign.id == paused.id).execute()
    ledger = QueueLedger.for_open_database()

    def paused_backlog(count: int) -> int:
        Message.update(status="queued", next_attempt_at=None).where(
            Message.campaign == paused.id
        ).execute()
        due = Message.select(Message.id).where(Message.campaign == paused.id).limit(count)
        Message.update(status="deferred", next_attempt_at="2020-01-01 00:00:00").where(
            Message.id.in_(due)
        ).execute()
        return _claim_steps(ledger, running.smtp_profile_id)

    few, many = paused_backlog(30), paused_backlog(3000)
    assert many < 1.5 * few + 5, f"{few} vs {many}: the claim walked the paused backlog"
    # Due retries of the running campaign itself are still claimed first.
    first = Message.get(Message.campaign == running.id, Message.to_addr == PEOPLE[2])
    Message.update(status="deferred", next_attempt_at="2020-01-01 00:00:00").where(
        Message.id == first.id
    ).execute()
    assert ledger.begin()
    _record, claimed = ledger.write_cycle([], {}, [ClaimRequest(running.smtp_profile_id, 2)])
    ledger.rollback()
    assert [m.to_addr for m in claimed[running.smtp_profile_id]] == [PEOPLE[2], PEOPLE[0]]
    ledger.close()


def test_a_lock_held_past_the_busy_timeout_delays_the_commit_and_loses_nothing(
    db: Path, tmp_path: Path, monkeypatch
):
    import core.queue.ledger as queue_module
    from core.queue import LedgerBusy
    from core.worker import WorkerTunables

    monkeypatch.setattr(queue_module, "BUSY_TIMEOUT_MS", 200)
    gave_up: list[LedgerBusy] = []
    real_waiting = QueueLedger.write_cycle_waiting

    def recorded(self, *args):  # type: ignore[no-untyped-def]
        try:
            return real_waiting(self, *args)
        except LedgerBusy as exc:
            gave_up.append(exc)
            raise

    monkeypatch.setattr(QueueLedger, "write_cycle_waiting", recorded)
    people = [f"b{i:02d}@example.com" for i in range(20)]
    holder = sqlite3.connect(str(db), isolation_level=None, check_same_thread=False)
    released = threading.Event()

    def on_rcpt(to: str) -> str:
        if to == people[3] and not holder.in_transaction and not released.is_set():
            holder.execute("BEGIN IMMEDIATE")  # held for 1.2 s, six busy timeouts
            threading.Timer(1.2, lambda: (holder.execute("ROLLBACK"), released.set())).start()
        return ""

    with FaultServer(replies={"rcpt": on_rcpt}) as server:
        make_campaign(tmp_path, server.port, people)
        tunables = WorkerTunables(locked_retry_seconds=0.1)
        asyncio.run(SendingWorker(until_done=True, tunables=tunables).run())
    holder.close()
    assert released.is_set() and gave_up, "the lock never outlasted the busy timeout"
    assert sorted(delivered_to(server)) == sorted(people)
    assert set(statuses().values()) == {"sent"}


def test_a_database_error_while_committing_stops_the_worker_with_it(
    db: Path, tmp_path: Path, monkeypatch
):
    """Not a silent stall with outcomes piling up in memory: run() raises."""

    def broken_commit(self: QueueLedger) -> None:
        self.rollback()
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(QueueLedger, "commit", broken_commit)
    with FaultServer() as server:
        make_campaign(tmp_path, server.port, PEOPLE)
        worker = SendingWorker(until_done=True)
        states: list[str] = []
        worker.events.state.connect(lambda event: states.append(event.state))

        async def main() -> None:
            task = asyncio.create_task(worker.run())
            done, _ = await asyncio.wait({task}, timeout=20)
            if not done:
                worker.stop()
                await asyncio.gather(task, return_exceptions=True)
                raise AssertionError("the worker kept running without its committer")
            await task

        try:
            asyncio.run(main())
        except sqlite3.OperationalError as exc:
            assert "disk I/O error" in str(exc)
        else:
            raise AssertionError("the error was swallowed")
    assert server.delivered == []  # nothing was claimed, so nothing was sent
    assert states[-1] == "stopped"
