"""A stop never waits for a step that puts nothing on the wire.

While a connection is being opened (a relay that accepts TCP and never greets) or a
sender waits for the rate's next token, nothing of the message has been sent: a stop
(the window's, Ctrl-C, SIGTERM) ends at once instead of after the connect timeout or
the grace period, the connection is closed, and the message goes back to ``queued``
(not ``unknown``: it was never tried)."""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from pathlib import Path

from core.db import close_database, open_database
from core.models import Attempt, Message
from core.worker import SendingWorker
from tests.core.engine_helpers import make_campaign, run_worker, statuses
from tests.core.test_crash_safety import sender
from tests.smtp_servers import STALL, FaultServer, delivered_to

PEOPLE = ["ann@example.com", "bob@example.com", "cy@example.com"]
# Far above anything a stop may take: the relay's connect timeout and the grace period.
CONNECT_TIMEOUT, GRACE = 120, 60
# A generous bound for "at once" on a loaded machine, well below both.
PROMPT = 15


def test_a_stop_while_the_relay_has_not_greeted_yet_is_at_once(db: Path, tmp_path: Path):
    with FaultServer(replies={"greeting": STALL}) as server:
        make_campaign(tmp_path, server.port, PEOPLE[:2], connect_timeout=CONNECT_TIMEOUT)
        worker = SendingWorker(shutdown_grace=GRACE)

        async def main() -> float:
            task = asyncio.create_task(worker.run())
            # Both connections are open and waiting for the greeting that never comes.
            connected = await asyncio.to_thread(server.wait_for_connections, 2, 30)
            assert connected, "the sender never connected"
            stopped_at = time.monotonic()
            worker.stop()
            await asyncio.wait_for(task, CONNECT_TIMEOUT)
            return time.monotonic() - stopped_at

        took = asyncio.run(main())
        # The stop closed both connections: the server sees them hang up.
        hung_up = server.wait_for_hang_ups(2, 10)
    assert took < PROMPT, f"the stop took {took:.1f} s"
    assert statuses() == dict.fromkeys(PEOPLE[:2], "queued")  # not unknown: never tried
    assert Attempt.select().count() == 0
    assert [m.attempts for m in Message.select()] == [0, 0]
    assert hung_up, f"{server.hung_up} of 2 connections closed"


def test_a_stop_while_waiting_for_the_rate_is_at_once(db: Path, tmp_path: Path):
    """One connection, one message every ten minutes: the first goes out at once, the
    second waits for its token when the user stops; it goes back, untried."""
    with FaultServer() as server:
        make_campaign(tmp_path, server.port, PEOPLE, rate=1 / 600, burst=1, max_connections=1)
        worker = SendingWorker(shutdown_grace=GRACE)
        started = time.monotonic()
        # Stopped from the first outcome's event: by then the sender waits for the token.
        run_worker(until_done=False, seconds=CONNECT_TIMEOUT, worker=worker, stop_after=1)
        took = time.monotonic() - started
    assert took < PROMPT, f"the run took {took:.1f} s"
    assert delivered_to(server) == ["ann@example.com"]
    assert statuses() == {"ann@example.com": "sent", "bob@example.com": "queued",
                          "cy@example.com": "queued"}  # fmt: skip
    assert [a.outcome for a in Attempt.select()] == ["sent"]


def test_sigterm_while_the_relay_has_not_greeted_yet_exits_at_once(
    tmp_path: Path, isolated_data_dir: Path
):
    """``main.py send`` as a service manager stops it: SIGTERM while connecting."""
    db = tmp_path / "stop.db"
    with FaultServer(replies={"greeting": STALL}) as server:
        open_database(str(db))
        make_campaign(tmp_path, server.port, PEOPLE[:2], connect_timeout=CONNECT_TIMEOUT)
        close_database()
        process = sender(db, isolated_data_dir)
        try:
            # Claimed (committed `sending` before connecting) and waiting for the greeting.
            assert server.wait_for_connections(2, 60), "the sender never connected"
            stopped_at = time.monotonic()
            process.send_signal(signal.SIGTERM)
            _out, err = process.communicate(timeout=CONNECT_TIMEOUT)
            took = time.monotonic() - stopped_at
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert took < PROMPT, f"the sender took {took:.1f} s to stop"
    open_database(str(db))
    try:
        assert Counter(m.status for m in Message.select()) == {"queued": 2}
    finally:
        close_database()
