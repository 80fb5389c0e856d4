"""What the worker keeps per recipient stays bounded: a million-recipient send must not
keep one entry per address for the whole run."""

from __future__ import annotations

from core.audience.policy import SendPolicy
from core.worker import SendingWorker


class CappedPolicy(SendPolicy):
    """The policy with a settable frequency cap and clock (seconds)."""

    def __init__(self) -> None:
        super().__init__()
        self.cap = 0
        self.at = 1_000_000.0

    def frequency_cap(self, campaign_id: int) -> int:
        return self.cap

    def epoch(self) -> float:
        return self.at


def test_sends_are_kept_only_while_a_frequency_cap_needs_them(db):
    policy = CappedPolicy()
    worker = SendingWorker(policy=policy)
    worker.running_ids = {1, 2}
    for i in range(1000):  # no running campaign has a cap: nothing is kept
        worker.remember_sent(f"p{i}@example.com")
    assert worker.sent_to == {}
    policy.cap = 60
    worker.remember_sent("Ann@Example.com")
    policy.at += 30
    worker.remember_sent("bob@example.com")
    policy.at += 20
    worker.remember_sent("ann@example.com")  # again: now the newest
    policy.at += 35  # bob's send is 55 s old, ann's 35 s
    worker.remember_sent("cy@example.com")
    assert list(worker.sent_to) == ["bob@example.com", "ann@example.com", "cy@example.com"]
    policy.at += 10  # bob's is 65 s old: past the cap, dropped
    worker.remember_sent("dee@example.com")
    assert list(worker.sent_to) == ["ann@example.com", "cy@example.com", "dee@example.com"]
