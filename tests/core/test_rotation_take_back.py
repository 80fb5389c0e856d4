"""A profile the relay refused comes back by itself once the relay accepts it again:
after its backoff (the injected clock moves it on, nobody sleeps), or at once with
Retry now; the campaign never pauses and nobody has to resume it. On both databases."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from core.audience.policy import SendPolicy
from core.models import Campaign, CampaignProfile, Message, SmtpProfile, utcnow
from core.worker import SendingWorker
from tests.core.engine_helpers import make_campaign
from tests.smtp_servers import FaultServer, delivered_to

pytestmark = pytest.mark.databases("sqlite", "postgresql")

PEOPLE = [f"b{i:02d}@example.com" for i in range(16)]


class Clock:
    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


async def until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


def _refused() -> str | None:
    profile = SmtpProfile.get(SmtpProfile.name == "Flaky relay")
    return CampaignProfile.get(CampaignProfile.smtp_profile == profile).paused_reason


def _unsent_through_flaky() -> int:
    profile = SmtpProfile.get(SmtpProfile.name == "Flaky relay")
    return int(
        Message.select()
        .where(
            (Message.smtp_profile == profile)
            & Message.status.in_(["queued", "deferred", "sending"])
        )
        .count()
    )


def _run(retry_now: bool, tmp_path: Path) -> tuple[FaultServer, FaultServer, Campaign, str]:
    clock = Clock()
    with FaultServer() as steady, FaultServer(replies={"greeting": "554 5.7.1 Go away"}) as flaky:
        # The steady profile may send 4 today: the rest waits for the flaky one.
        campaign = make_campaign(
            tmp_path, steady.port, PEOPLE, daily_cap=4,
            more_profiles=[("Flaky relay", flaky.port, 1, {})],
        )  # fmt: skip
        worker = SendingWorker(until_done=False, policy=SendPolicy(clock))

        async def main() -> str:
            task = asyncio.create_task(worker.run())
            try:
                await until(lambda: len(steady.delivered) == 4 and _refused() is not None)
                reason = str(_refused())
                await until(lambda: bool(worker.refused_retry_in()))  # its backoff is counted
                (left,) = worker.refused_retry_in().values()
                assert 0 < left <= 2.4  # the profile's first retry delay (1 s, ±20%)
                del flaky.replies["greeting"]  # the relay accepts the profile again
                if not retry_now:
                    # With the clock standing still, it stays out for the worker's next look.
                    connections = flaky.connections
                    await worker_looks(worker)
                    assert flaky.connections == connections and _refused() is not None
                assert flaky.delivered == []
                if retry_now:
                    worker.retry_now()  # the user's Retry now, without waiting out the backoff
                else:
                    clock.advance(60)  # past the profile's retry delay
                # It sends its share again (half of what is left, by weight).
                await until(lambda: len(flaky.delivered) > 0 and _unsent_through_flaky() == 0)
            finally:
                worker.stop()
                await task
            return reason

        reason = asyncio.run(main())
    return steady, flaky, campaign, reason


def test_a_refused_profile_is_taken_back_after_its_backoff(db, tmp_path: Path):
    _check(*_run(False, tmp_path))


@pytest.mark.databases("sqlite")
def test_retry_now_takes_a_refused_profile_back_at_once(db, tmp_path: Path):
    _check(*_run(True, tmp_path))


def _check(steady: FaultServer, flaky: FaultServer, campaign: Campaign, reason: str) -> None:
    assert "554" in reason
    assert _refused() is None  # back in the rotation
    assert Campaign.get_by_id(campaign.id).status == "running"  # never paused
    sent = delivered_to(steady) + delivered_to(flaky)
    assert len(sent) == len(set(sent))  # nobody twice
    through = {
        m.to_addr: m.smtp_profile.name
        for m in Message.select().where(Message.status == "sent")
    }
    assert sorted(through) == sorted(sent)
    assert {through[r] for r in delivered_to(flaky)} == {"Flaky relay"}
    assert len(delivered_to(flaky)) >= 3  # a share of the 12 left, not one stray message


async def worker_looks(worker: SendingWorker) -> None:
    """Wait for the worker's next look at its campaigns (about once a second)."""
    looks = worker.looks
    await until(lambda: worker.looks > looks)
