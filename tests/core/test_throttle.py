"""Pacing: token bucket with burst, adaptive slow-down and recovery, daily cap, backoffs.

A fake clock drives every check, so nothing here depends on how busy the machine is;
the benchmark (tests/benchmarks/bench_send.py) measures the real rate.
"""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta

import pytest

from core.models import Message, utcnow
from core.queue import sent_in_last_day
from core.smtp.throttle import (
    AdaptiveThrottle,
    ConnectionBackoff,
    DailyCap,
    TokenBucket,
    retry_delay,
)


class FakeClock:
    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def take_all_now(bucket: TokenBucket) -> int:
    taken = 0
    while bucket.delay_for_next() == 0:
        bucket._tokens -= 1
        taken += 1
        assert taken < 10_000
    return taken


def test_bucket_allows_the_burst_then_the_rate(clock: FakeClock):
    bucket = TokenBucket(50, 5, clock=clock)
    assert take_all_now(bucket) == 5
    assert bucket.delay_for_next() == pytest.approx(1 / 50)
    clock.advance(1.0)
    assert take_all_now(bucket) == 5  # never more than the burst stored up
    clock.advance(0.1)
    assert take_all_now(bucket) == 5


def test_bucket_acquire_paces_messages_at_the_rate(clock: FakeClock):
    """Acquire 205 tokens with sleeps that move the fake clock: exactly rate per second."""

    async def fake_sleep(seconds: float) -> None:
        clock.advance(seconds)

    bucket = TokenBucket(50, 5, clock=clock, sleep=fake_sleep)
    times: list[float] = []

    async def run() -> None:
        for _ in range(205):
            await bucket.acquire()
            times.append(clock.now)

    asyncio.run(run())
    start = times[0]
    elapsed = times[-1] - start
    assert elapsed == pytest.approx(200 / 50, rel=0.01)  # 5 from the burst, 200 at the rate
    for t in times:  # no 1-second window holds more than rate + burst
        in_window = sum(1 for u in times if t <= u < t + 1.0)
        assert in_window <= 50 + 5


def test_zero_rate_means_no_limit(clock: FakeClock):
    bucket = TokenBucket(0, 1, clock=clock)
    assert bucket.delay_for_next() == 0
    asyncio.run(bucket.acquire())  # returns at once


def test_slow_down_halves_rate_and_connections_then_recovers_gradually(clock: FakeClock):
    throttle = AdaptiveThrottle(rate=40, burst=5, max_connections=4, recover_after=30, clock=clock)
    state = throttle.slow_down("421 4.7.0 slow down")
    assert (state.rate, state.connections, throttle.slowed) == (20, 2, True)
    state = throttle.slow_down("421 again")
    assert (state.rate, state.connections) == (10, 1)
    assert throttle.maybe_recover() is None  # no change before a quiet period
    clock.advance(31)
    recovered = throttle.maybe_recover()
    assert recovered is not None and 10 < recovered.rate < 20  # a quarter, not all at once
    steps = 1
    while throttle.slowed:
        clock.advance(31)
        assert throttle.maybe_recover() is not None
        steps += 1
    assert steps >= 3
    assert throttle.state().rate == 40 and throttle.connections == 4
    assert throttle.reason == ""


def test_slow_down_never_stops_sending(clock: FakeClock):
    throttle = AdaptiveThrottle(rate=10, burst=1, max_connections=2, clock=clock)
    for _ in range(50):
        throttle.slow_down("421")
    assert throttle.connections == 1
    assert throttle.bucket.rate > 0


def test_without_a_configured_rate_slow_down_paces_at_half_the_observed_rate(clock: FakeClock):
    throttle = AdaptiveThrottle(rate=0, burst=5, max_connections=8, clock=clock)
    throttle.observed_rate = 300
    state = throttle.slow_down("454 Throttling failure")
    assert state.rate == 150 and state.connections == 4
    for _ in range(20):
        clock.advance(31)
        throttle.maybe_recover()
    assert throttle.bucket.rate == 0  # back to unlimited


def test_connection_backoff_grows_and_resets(clock: FakeClock):
    backoff = ConnectionBackoff(base=5, maximum=60, clock=clock)
    delays = [backoff.failed() for _ in range(6)]
    assert 4 <= delays[0] <= 6
    assert all(later > earlier for earlier, later in itertools.pairwise(delays[:4]))
    assert delays[-1] <= 60 * 1.2
    assert backoff.remaining() > 0
    clock.advance(100)
    assert backoff.remaining() == 0
    backoff.failed()
    backoff.succeeded()
    assert backoff.remaining() == 0 and backoff.failures == 0


def test_connection_backoff_is_separate_from_message_backoff(clock: FakeClock):
    """A dead relay delays the profile by seconds; a message's retry uses its own schedule."""
    backoff = ConnectionBackoff(clock=clock)
    first_connection_wait = backoff.failed()
    message_wait = retry_delay(1, base=300, maximum=4000)
    assert first_connection_wait < 10 < 240 <= message_wait


def test_retry_delay_doubles_with_jitter_up_to_the_maximum():
    for attempts, low, high in [(1, 240, 360), (2, 480, 720), (3, 960, 1440), (10, 3200, 4800)]:
        values = [retry_delay(attempts, base=300, maximum=4000) for _ in range(50)]
        assert all(low <= v <= high for v in values)
        assert len(set(values)) > 1  # jitter: retries do not all come back at once


def test_daily_cap_counts_a_rolling_24_hours(clock: FakeClock):
    cap = DailyCap(3, [clock.now - 86_000, clock.now - 10], clock=clock)
    assert cap.remaining() == 1
    cap.record()
    assert cap.remaining() == 0
    assert cap.seconds_until_free() == pytest.approx(400)
    clock.advance(401)
    assert cap.remaining() == 1
    assert DailyCap(0, clock=clock).remaining() is None


def test_daily_cap_survives_a_restart_because_it_is_counted_from_the_database(db, tmp_path):
    from tests.core.engine_helpers import make_campaign

    campaign = make_campaign(tmp_path, 2525, [f"p{i}@example.com" for i in range(5)])
    now = utcnow()
    Message.update(status="sent", sent_at=now - timedelta(hours=1)).where(
        Message.to_addr.in_(["p0@example.com", "p1@example.com"])
    ).execute()
    Message.update(status="sent", sent_at=now - timedelta(hours=25)).where(
        Message.to_addr == "p2@example.com"
    ).execute()
    sent = sent_in_last_day(campaign.smtp_profile_id)
    assert len(sent) == 2  # the one from yesterday no longer counts
    assert DailyCap(3, sent).remaining() == 1
