"""What the worker says it is doing: the window's status bar and its "Stop sending?" question."""

from __future__ import annotations

from pathlib import Path

from core.models import Message
from core.queue import pending_work
from core.worker import SendingWorker
from tests.core.engine_helpers import make_campaign, run_worker
from tests.smtp_servers import FaultServer, delivered_to, free_port


def _states(worker: SendingWorker) -> list[str]:
    seen: list[str] = []
    worker.events.state.connect(lambda event: seen.append(event.state))
    return seen


def test_queued_messages_mean_sending_from_the_first_report(db, tmp_path: Path, monkeypatch):
    """Before its first claim the worker has nothing in flight; it must still say
    "sending" (it used to say "waiting", and closing the window did not ask)."""
    import time

    from core.queue import QueueLedger

    real_waiting = QueueLedger.write_cycle_waiting

    def slow_cycles(self, *args):  # type: ignore[no-untyped-def]
        time.sleep(0.3)  # a slow disk: the first report comes before the first claim
        return real_waiting(self, *args)

    monkeypatch.setattr(QueueLedger, "write_cycle_now", lambda *_args: None)
    monkeypatch.setattr(QueueLedger, "write_cycle_waiting", slow_cycles)
    people = [f"q{i}@example.com" for i in range(6)]
    with FaultServer() as server:
        make_campaign(tmp_path, server.port, people, rate=20, burst=1)
        worker = SendingWorker(until_done=True)
        states = _states(worker)
        run_worker(worker=worker)
    assert sorted(delivered_to(server)) == sorted(people)
    assert "waiting" not in states
    assert states[:2] == ["sending", "sending"] and states[-1] == "stopped"


def test_only_retries_due_later_mean_waiting(db, tmp_path: Path):
    campaign = make_campaign(tmp_path, free_port(), ["later@example.com"])
    Message.update(status="deferred", next_attempt_at="2999-01-01 00:00:00").execute()
    assert pending_work([campaign.id]) == (1, False)
    worker = SendingWorker()
    states = _states(worker)
    run_worker(worker=worker, until_done=False, seconds=1.5)
    assert states[0] == "sending"  # announced at start, before anything is known
    assert states[1:-1] and set(states[1:-1]) == {"waiting"}
    Message.update(next_attempt_at="2000-01-01 00:00:00").execute()
    assert pending_work([campaign.id]) == (1, True)
