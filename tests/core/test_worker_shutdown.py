"""Stopping the worker never freezes its event loop (the window's), even when the last
commit cannot get the database."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

from core.models import Message
from core.worker import SendingWorker
from tests.core.engine_helpers import make_campaign
from tests.smtp_servers import FaultServer


def test_a_shutdown_that_times_out_does_not_block_the_loop(db: Path, tmp_path: Path):
    """Another program holds the write lock when the user stops: the stop ends within its
    one grace period (not one per step, not the 10 s busy timeout), the loop never freezes,
    and nothing is lost: every message the relay took is `sent` or still `sending` (the
    next start makes it `unknown`), none is back in the queue to be sent twice."""
    grace = 2.0
    people = [f"p{i:03d}@example.com" for i in range(200)]
    with FaultServer() as server:
        make_campaign(tmp_path, server.port, people, rate=40, burst=1)
        worker = SendingWorker(until_done=True, shutdown_grace=grace)
        release = threading.Event()
        locked = threading.Event()

        def hold_the_write_lock() -> None:
            """Another program writes to the database for a long while."""
            other = sqlite3.connect(str(db), isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
            locked.set()
            release.wait(30)
            other.execute("ROLLBACK")
            other.close()

        async def main() -> tuple[float, float]:
            task = asyncio.create_task(worker.run())
            while worker.summary.sent < 5:
                await asyncio.sleep(0.01)
            holder = threading.Thread(target=hold_the_write_lock)
            holder.start()
            await asyncio.to_thread(locked.wait, 5)
            await asyncio.sleep(0.3)  # outcomes pile up; the commit waits on its thread
            worst = 0.0

            async def probe() -> None:
                nonlocal worst
                while True:
                    before = time.monotonic()
                    await asyncio.sleep(0.01)
                    worst = max(worst, time.monotonic() - before - 0.01)

            probing = asyncio.create_task(probe())
            stopped_at = time.monotonic()
            worker.stop()
            await asyncio.wait_for(task, 20)
            took = time.monotonic() - stopped_at
            await asyncio.sleep(0.2)
            probing.cancel()
            release.set()
            await asyncio.to_thread(holder.join)
            return worst, took

        worst, took = asyncio.run(main())
        delivered = {d.rcpt_to[0] for d in server.delivered}
    # One grace period (a second one would be 2 × grace), not the commit's busy timeout.
    assert took < grace * 1.75, took
    assert worst < 0.5, f"the loop was blocked {worst:.2f} s"
    # Whatever could not be recorded is still `sending`, for the next start to make unknown.
    status = {m.to_addr: m.status for m in Message.select()}
    assert "sending" in status.values()
    assert len(status) == len(people)
    assert delivered and all(status[a] in ("sent", "sending") for a in delivered), sorted(
        (a, status[a]) for a in delivered if status[a] not in ("sent", "sending")
    )
