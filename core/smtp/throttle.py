"""Pacing per SMTP profile: a token bucket, an adaptive slow-down, a daily cap, backoff.

Providers accept a rate, not a flood: the bucket releases ``rate`` messages per second
with at most ``burst`` at once. When the relay says "slow down" (421, 454, 4.7.x) the
profile halves its rate and its connections and then recovers by a quarter every
``recover_after`` seconds without complaints. A relay that cannot be reached at all is
retried with its own exponential backoff, separate from each message's.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


class TokenBucket:
    """``rate`` tokens per second, up to ``burst`` stored. ``rate <= 0`` means unlimited."""

    def __init__(
        self,
        rate: float,
        burst: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(self.burst)
        self._updated = clock()
        self._lock = asyncio.Lock()

    def set_rate(self, rate: float) -> None:
        self._refill()
        self.rate = rate

    def _refill(self) -> None:
        now = self._clock()
        if self.rate > 0:
            self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    def delay_for_next(self) -> float:
        """Seconds until a token is available (0 when one is there now)."""
        if self.rate <= 0:
            return 0.0
        self._refill()
        if self._tokens >= 1 - 1e-9:  # float rounding must not leave a sliver to wait for
            return 0.0
        return (1 - self._tokens) / self.rate

    def would_wait(self) -> bool:
        """Whether ``acquire`` would wait now (for a token, or behind another waiter)."""
        return self.rate > 0 and (self._lock.locked() or self.delay_for_next() > 0)

    async def acquire(self) -> None:
        if self.rate <= 0:
            return
        async with self._lock:  # first come, first served
            while True:
                wait = self.delay_for_next()
                if wait <= 0:
                    self._tokens -= 1
                    return
                await self._sleep(wait)


@dataclass
class ThrottleState:
    factor: float  # 1.0 = configured speed
    rate: float
    connections: int
    reason: str


class AdaptiveThrottle:
    """The profile's current speed: configured limits scaled by what the relay tolerates."""

    MIN_FACTOR = 0.05

    def __init__(
        self,
        *,
        rate: float,
        burst: int,
        max_connections: int,
        recover_after: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.configured_rate = rate
        self.max_connections = max(1, max_connections)
        self.recover_after = recover_after
        self.factor = 1.0
        self.reason = ""
        self._clock = clock
        self._last_change = clock()
        self.bucket = TokenBucket(rate, burst, clock=clock)
        self.observed_rate = 0.0  # set by the worker; used when no rate is configured

    @property
    def connections(self) -> int:
        return max(1, math.floor(self.max_connections * self.factor + 1e-9))

    @property
    def slowed(self) -> bool:
        return self.factor < 1.0

    def slow_down(self, reason: str) -> ThrottleState:
        """The relay complained: halve the speed (and the connections)."""
        self.factor = max(self.MIN_FACTOR, self.factor / 2)
        self.reason = reason
        self._last_change = self._clock()
        if self.configured_rate > 0:
            self.bucket.set_rate(self.configured_rate * self.factor)
        elif self.observed_rate > 0:
            # No configured limit: pace at half of what we were doing when it complained.
            self.bucket.set_rate(max(1.0, self.observed_rate * 0.5))
        return self.state()

    def maybe_recover(self) -> ThrottleState | None:
        """Speed back up by a quarter after a quiet period; None when nothing changed."""
        if self.factor >= 1.0 or self._clock() - self._last_change < self.recover_after:
            return None
        self.factor = min(1.0, self.factor * 1.25)
        self._last_change = self._clock()
        if self.factor >= 1.0:
            self.reason = ""
            self.bucket.set_rate(self.configured_rate)
        elif self.configured_rate > 0:
            self.bucket.set_rate(self.configured_rate * self.factor)
        else:
            self.bucket.set_rate(self.bucket.rate * 1.25)
        return self.state()

    def state(self) -> ThrottleState:
        return ThrottleState(self.factor, self.bucket.rate, self.connections, self.reason)


class ConnectionBackoff:
    """Do not hammer a relay that is down: 5 s, 10 s, 20 s … up to ``maximum``."""

    def __init__(
        self,
        *,
        base: float = 5.0,
        maximum: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base = base
        self.maximum = maximum
        self.failures = 0
        self.until = 0.0
        self._clock = clock

    def failed(self) -> float:
        self.failures += 1
        delay = min(self.maximum, self.base * 2 ** (self.failures - 1))
        delay *= random.uniform(0.8, 1.2)
        self.until = self._clock() + delay
        return delay

    def succeeded(self) -> None:
        self.failures = 0
        self.until = 0.0

    def remaining(self) -> float:
        return max(0.0, self.until - self._clock())


class DailyCap:
    """At most ``cap`` messages in any rolling 24 hours (0 = no cap)."""

    WINDOW = 24 * 3600.0

    def __init__(
        self, cap: int, already_sent: list[float] | None = None,
        *, clock: Callable[[], float] = time.time,
    ) -> None:  # fmt: skip
        self.cap = cap
        self._clock = clock
        self._sent: deque[float] = deque(sorted(already_sent or []))

    def _expire(self) -> None:
        horizon = self._clock() - self.WINDOW
        while self._sent and self._sent[0] <= horizon:
            self._sent.popleft()

    def remaining(self) -> int | None:
        if self.cap <= 0:
            return None
        self._expire()
        return max(0, self.cap - len(self._sent))

    def record(self) -> None:
        if self.cap > 0:
            self._sent.append(self._clock())

    def seconds_until_free(self) -> float:
        self._expire()
        if self.cap <= 0 or len(self._sent) < self.cap or not self._sent:
            return 0.0
        return max(0.0, self._sent[0] + self.WINDOW - self._clock())


def retry_delay(attempts: int, *, base: float, maximum: float) -> float:
    """Per-message exponential backoff with ±20% jitter (Postfix: 300 s doubling to 4000 s)."""
    delay = min(maximum, base * 2 ** max(0, attempts - 1))
    return delay * random.uniform(0.8, 1.2)
