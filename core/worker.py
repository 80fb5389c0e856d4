"""The sending worker: claims due messages, builds them, sends them, records what happened.

Qt-free asyncio: the window runs it on qasync's loop, ``main.py send`` under
``asyncio.run``. Per SMTP profile there is one claimer (keeps at most about twice the
open connections' worth of messages in ``sending``, so a crash leaves only a handful
of ``unknown`` rows), ``connections`` sender tasks that each own one reused
connection, and a token bucket. One committer (``_Committer``, which also owns the
in-flight accounting) writes every state change through the ledger (SQLite's
``QueueLedger``, a team's ``PostgresLedger``), in small ordered batches; what the worker
decided for each message is a ``Decision`` (record, pause, release) and its knobs are one
``WorkerTunables``. A message is committed ``sending`` before
MAIL FROM and its outcome right after the reply, before the next claim of the same
slot. The ledger's statements run on the loop; its COMMIT (the fsync of
``synchronous=FULL``) on a thread, so the loop never waits for the disk. Reads and
the rare writes outside a send (campaigns, counts) run on another thread.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections import Counter, deque
from collections.abc import Callable, Coroutine
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from peewee import DatabaseError

from core.audience.policy import (
    SendPolicy,
    WaitKind,
    mailed_since,
    scheduled_work,
    start_due_campaigns,
)
from core.audience.schedule import naive_utc
from core.audience.warmup import cap_now, mark_started
from core.campaigns import CampaignComposer, pause_if_running
from core.campaigns.rotation import (
    active_profile_ids,
    hand_off,
    refused_profiles,
    rotate_out,
    take_back,
)
from core.db import disk_full_problem, is_postgres
from core.errors import StaffettaError
from core.events import Signal
from core.models import (
    Campaign,
    CampaignStatus,
    MessageStatus,
    SmtpProfile,
    database_proxy,
    iso,
    utcnow,
)
from core.paths import data_dir
from core.queue import (
    ClaimedMessage,
    ClaimRequest,
    CycleResult,
    Decision,
    Ledger,
    LedgerBusy,
    Outcome,
    QueueLedger,
    finish_campaigns,
    pending_work,
    sent_in_last_day,
)
from core.returnpath.verp import EnvelopeSender, envelope_sender_for
from core.smtp.classify import Outcome as Verdict
from core.smtp.classify import Step, install_user_quirks
from core.smtp.throttle import AdaptiveThrottle, ConnectionBackoff, DailyCap, retry_delay
from core.smtp.transport import Envelope, SmtpConnection, SmtpFailure

if TYPE_CHECKING:
    from core.team.senders import TeamSender

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class WorkerTunables:
    """The sending worker's knobs, in one place. Each default is a measured trade-off;
    tests and benchmarks pass their own (``SendingWorker(tunables=...)``)."""

    # RELIABILITY.md: about twice the open connections' worth of messages in `sending`.
    in_flight_per_connection: int = 2
    # How long an idle sender waits for a claimed message before it looks again.
    idle_poll_seconds: float = 0.5
    # While every sender still has a claimed message waiting, the committer gathers
    # outcomes for up to this long (or until one per connection) before it writes them:
    # one fsync and one claim query for several messages instead of one each. A sender
    # that runs out of claimed work ends the wait at once, so no connection idles.
    gather_seconds: float = 0.002
    locked_retry_seconds: float = 1.0  # after another program kept the database locked
    disk_full_retry_seconds: float = 2.0  # the commit is tried again this often meanwhile
    yield_grace_seconds: float = 15.0  # a team sender takes back a profile nobody took
    # PIPELINING: the next message's envelope rides with this one's content. With nothing
    # claimed yet, a sender waits for the next claim only on links slower than this
    # (the quickest exchange seen), and never longer than one round trip or the cap.
    look_ahead_min_rtt: float = 0.003
    look_ahead_max_wait: float = 0.05
    # On stop: how long messages on their way may take to finish and be recorded, the
    # last commit included (another program holding the database, a slow disk): one
    # period for all of it, whose last part (at most the reserve, a quarter of the period)
    # is kept for the commit. The session sets its own (core.session).
    shutdown_grace_seconds: float = 30.0
    recording_reserve_seconds: float = 2.0


# --- events (plain data; gui/bridge.py turns them into Qt signals) -------------------------


@dataclass(frozen=True)
class MessageEvent:
    message_id: int
    campaign_id: int
    to: str
    status: str
    code: int | None
    response: str | None


@dataclass(frozen=True)
class ProgressEvent:
    sent: int
    failed: int
    deferred: int
    unknown: int
    held: int
    rate: float  # messages per second over the last few seconds
    in_flight: int
    remaining: int | None  # queued + deferred still to go (None: not known yet)
    eta_seconds: float | None


@dataclass(frozen=True)
class ThrottleEvent:
    profile: str
    slowed: bool
    rate: float
    connections: int
    reason: str


@dataclass(frozen=True)
class CampaignEvent:
    campaign_id: int
    name: str
    status: str
    reason: str | None


class StoppedFirst(Exception):
    """A stop came before a step that sends nothing ended (``SendingWorker.unless_stopped``)."""


class WorkerState(StrEnum):
    IDLE = "idle"  # nothing left to send
    SENDING = "sending"  # messages are due and a profile may send them
    WAITING = "waiting"  # only retries due later, or blocked (relay unreachable, disk full)
    STOPPED = "stopped"


@dataclass(frozen=True)
class WorkerStateEvent:
    state: WorkerState
    detail: str = ""


@dataclass
class RunSummary:
    """Messages by where this run left them (one deferred, then sent, counts as sent)."""

    sent: int = 0
    failed: int = 0
    deferred: int = 0
    unknown: int = 0
    held: int = 0
    seconds: float = 0.0
    paused: dict[str, str] = field(default_factory=dict)
    recovered: int = 0  # a dead sender's in-flight rows turned unknown at start (team queue)

    def as_dict(self) -> dict[str, Any]:
        return {"sent": self.sent, "failed": self.failed, "deferred": self.deferred,
                "unknown": self.unknown, "held": self.held, "seconds": round(self.seconds, 3),
                "paused": self.paused}  # fmt: skip


class WorkerEvents:
    def __init__(self) -> None:
        self.message: Signal[MessageEvent] = Signal()
        self.progress: Signal[ProgressEvent] = Signal()
        self.throttle: Signal[ThrottleEvent] = Signal()
        self.campaign: Signal[CampaignEvent] = Signal()
        self.state: Signal[WorkerStateEvent] = Signal()


# --- the worker ----------------------------------------------------------------------------


class _ProfileRunner:
    """Claiming and sending for one SMTP profile."""

    def __init__(self, worker: SendingWorker, profile: SmtpProfile) -> None:
        self.worker = worker
        self.profile = profile
        self.throttle = AdaptiveThrottle(
            rate=profile.rate, burst=profile.burst, max_connections=profile.max_connections
        )
        self.backoff = ConnectionBackoff()
        self.daily_cap = DailyCap(self._cap_now(), clock=worker.policy.epoch)
        self.queue: asyncio.Queue[ClaimedMessage] = asyncio.Queue()
        self.in_flight = 0  # being delivered by a sender task
        self.tasks: list[asyncio.Task[None]] = []
        self.wake = asyncio.Event()
        self.idle_until = 0.0
        self.blocked_reason = ""
        self.waiting = 0  # sender tasks blocked until a claimed message arrives
        self.login_lock = asyncio.Lock()
        self.login_proven = False  # a connection of this run logged in with the password
        self.login_failure: SmtpFailure | None = None  # a refused login: not tried again
        self.unreachable = ""  # why the last connection failed, in words
        self.campaign_ids: set[int] = set()  # loaded campaigns of this profile: claimable

    def _cap_now(self) -> int:
        """Today's cap: the warm-up step of this day of sending, then the daily cap."""
        return cap_now(self.profile, self.worker.policy.now())

    async def start(self) -> None:
        await self.reload_daily_cap()
        name = self.profile.name
        for slot in range(self.throttle.max_connections):
            self.tasks.append(asyncio.create_task(self._sender(slot), name=f"sender:{name}:{slot}"))

    async def reload_daily_cap(self) -> None:
        """What the profile sent in the last 24 h, from the database (any sender's)."""
        if self.profile.daily_cap or self.profile.warmup:
            sent = await self.worker.db(sent_in_last_day, self.profile.id)
            self.daily_cap = DailyCap(self._cap_now(), sent, clock=self.worker.policy.epoch)

    def claim_request(self) -> int:
        """How many messages to claim now (0 while backing off, capped, or recently idle)."""
        if self.throttle.maybe_recover() is not None:
            self.worker.emit_throttle(self)
        if not self.worker.may_send(self):
            self.blocked_reason = "another sender holds this profile"
            return 0
        if (wait := self.backoff.remaining()) > 0:
            why = f": {self.unreachable}" if self.unreachable else ""
            self.blocked_reason = (
                f"{self.profile.host}:{self.profile.port} cannot be reached{why}; "
                f"next try in {max(1, round(wait))} s"
            )
            return 0
        if self.profile.warmup:
            self.daily_cap.cap = self._cap_now()
        if self.daily_cap.seconds_until_free() > 0:
            if self.blocked_reason != "daily cap reached":
                self.worker.hand_off_later(self)
            self.blocked_reason = "daily cap reached"
            return 0
        self.blocked_reason = ""
        if time.monotonic() < self.idle_until and not self.wake.is_set():
            return 0
        # Outcomes waiting for the commit are written in the same transaction as this
        # claim, so their slots can be claimed again now: the rows in `sending` after the
        # commit stay within ``in_flight_per_connection`` per connection, and a sender never
        # waits one more fsync for its next message.
        busy = self.worker.committer.busy(self.profile.id)
        want = self.worker.tunables.in_flight_per_connection * self.throttle.connections - busy
        remaining_today = self.daily_cap.remaining()
        if remaining_today is not None:
            want = min(want, remaining_today - busy)
        return max(0, want)

    def accept(self, claimed: list[ClaimedMessage]) -> None:
        """The committer claimed these for this profile (and counts them): queue them."""
        self.wake.clear()
        if not claimed:
            self.idle_until = time.monotonic() + self.worker.tunables.idle_poll_seconds
            return
        for message in claimed:
            if self.worker.stopping:  # claimed while stopping, after the queue was drained
                self.worker.committer.submit(Outcome.release(message))
            else:
                self.queue.put_nowait(message)

    async def _sender(self, slot: int) -> None:
        worker = self.worker
        connection: SmtpConnection | None = None
        # The next message, taken from the queue early so its MAIL/RCPT ride in the same
        # write as this message's content (PIPELINING); released if the task is cancelled.
        ahead: list[tuple[ClaimedMessage, bytes]] = []
        try:
            while ahead or not worker.stopping:
                if ahead:
                    message, data = ahead.pop()
                    built: bytes | None = data
                else:
                    if slot >= self.throttle.connections:  # slowed down: this slot rests
                        if connection is not None:
                            await connection.close()
                            connection = None
                        await asyncio.sleep(0.5)
                        continue
                    try:
                        # The common case (work waiting) skips wait_for's timer.
                        if self.queue.empty():
                            worker.committer.needs_claims()
                            self.waiting += 1
                            try:
                                message = await asyncio.wait_for(
                                    self.queue.get(), worker.tunables.idle_poll_seconds
                                )
                            finally:
                                self.waiting -= 1
                        else:
                            message = self.queue.get_nowait()
                            if self.queue.empty():
                                worker.committer.needs_claims()
                    except TimeoutError:
                        if connection is not None and self.queue.empty() and worker.idle_long():
                            await connection.close()
                            connection = None
                        continue
                    self.in_flight += 1
                    built = None
                key = message.to_addr.lower()
                worker.delivering_to.setdefault(key, message.id)
                try:
                    connection = await self._deliver(message, connection, built, ahead)
                finally:
                    self.in_flight -= 1
                    if worker.delivering_to.get(key) == message.id:
                        del worker.delivering_to[key]
        finally:
            for message, _data in ahead:
                self.in_flight -= 1
                worker.committer.submit(Outcome.release(message))
            if connection is not None:
                await connection.close()

    async def _build(self, message: ClaimedMessage) -> bytes | None:
        """The message's bytes, or None after recording it held (it cannot be built)."""
        composer = self.worker.loaded_composer(message.campaign_id)
        if composer is None:  # cannot happen (claims cover loaded campaigns): never hold it
            log.error("claimed message %s of campaign %s, which is not loaded",
                      message.id, message.campaign_id)  # fmt: skip
            self.worker.committer.submit(Outcome.release(message))
            return None
        try:
            if composer.reads_files:  # per-recipient attachments: disk reads off the loop
                return await asyncio.to_thread(
                    composer.build_for, message.variables, to_address=message.to_addr,
                    message_id=message.message_id,
                )  # fmt: skip
            return composer.build_for(
                message.variables, to_address=message.to_addr, message_id=message.message_id
            )
        except StaffettaError as exc:
            self.worker.committer.submit(Outcome(message, MessageStatus.HELD, response=exc.user_text(),
                                       attempt_counts=False))  # fmt: skip
            return None

    async def _look_ahead(
        self, connection: SmtpConnection, ahead: list[tuple[ClaimedMessage, bytes]]
    ) -> Envelope | None:
        """Take the next claimed message now, if its envelope can be pipelined behind this
        one's content on this connection (one round trip a message instead of two).

        On a slow link (a round trip longer than ``look_ahead_min_rtt``) and with nothing
        claimed yet, wait up to one round trip for the claim the last outcome asked for:
        a commit costs less than the round trip it saves. On a fast link, never wait."""
        worker = self.worker
        if (
            not connection.pipelining
            or worker.stopping
            or connection.sent_on_connection + 1 >= self.profile.per_connection
        ):
            return None
        if self.queue.empty():
            if connection.round_trip < worker.tunables.look_ahead_min_rtt:
                return None
            worker.committer.needs_claims()
            self.waiting += 1
            try:
                message = await asyncio.wait_for(
                    self.queue.get(),
                    min(connection.round_trip, worker.tunables.look_ahead_max_wait),
                )
            except TimeoutError:
                return None
            finally:
                self.waiting -= 1
        else:
            # Not needs_claims() when this empties the queue: this sender has work for two
            # messages, so the committer may still gather outcomes into one commit.
            message = self.queue.get_nowait()
        self.in_flight += 1
        data = await self._build(message) if message.campaign_id not in worker.paused_ids else b""
        if data is None:  # held
            self.in_flight -= 1
            return None
        ahead.append((message, data))
        if message.campaign_id in worker.paused_ids:
            return None
        if not worker.policy.may_leave_to(message.campaign_id, message.variables).allowed:
            return None  # not announced: _deliver releases (or defers) it, untried
        if worker.policy.frequency_cap(message.campaign_id):
            return None  # its frequency check comes first, in _deliver
        mail_from = worker.sender_of(message.campaign_id, message.id, self.profile.id)
        envelope = Envelope(mail_from, message.to_addr, len(data))
        return envelope if connection.can_announce(envelope) else None

    async def _open(self) -> SmtpConnection:
        """A new connection. With a login, the first one proves the password before any
        other opens, and a refused login is not tried again by the other connections (nor
        for the profile's other campaigns) until a campaign is resumed: one failed login
        per profile, as providers lock accounts after a few."""
        if self.profile.username and not self.login_proven:
            async with self.login_lock:
                if self.login_failure is not None:
                    raise self.login_failure
                if not self.login_proven:
                    return await self._connect()
        if self.login_failure is not None:
            raise self.login_failure
        return await self._connect()

    async def _connect(self) -> SmtpConnection:
        connection = SmtpConnection(self.profile, password=self.worker.password_for(self.profile))
        try:
            await connection.open()
        except SmtpFailure as failure:
            if failure.step == Step.AUTH and failure.verdict.outcome == Verdict.PAUSE:
                self.login_failure, self.login_proven = failure, False
            raise
        if self.profile.username:
            self.login_proven = True
        return connection

    async def _deliver(
        self,
        message: ClaimedMessage,
        connection: SmtpConnection | None,
        data: bytes | None,
        ahead: list[tuple[ClaimedMessage, bytes]],
    ) -> SmtpConnection | None:
        worker = self.worker
        if not worker.in_rotation(message.campaign_id, self.profile.id):
            # Refused for this campaign a moment ago: back, and on to its other profiles.
            worker.committer.submit(Outcome.release(message, profile_id=self.profile.id))
            return connection
        if (
            worker.stopping
            or message.campaign_id in worker.paused_ids
            or not worker.may_send(self)  # the profile's lease is lost or could be
        ):
            worker.committer.submit(Outcome.release(message))
            return await self._unannounced(connection)
        capped = await worker.frequency_check(message)
        if capped == "wait":  # another campaign's message to them is on its way: later
            worker.committer.submit(Outcome.release(message))
            return connection
        if capped == "skip":
            worker.committer.submit(Outcome(
                message, MessageStatus.CANCELLED, attempt_counts=False,
                response="Not sent: this person got another campaign's message within the "
                "campaign's frequency cap.",
            ))  # fmt: skip
            return connection
        if data is None:
            data = await self._build(message)
            if data is None:
                return connection
        bucket = self.throttle.bucket
        if not bucket.would_wait():
            await bucket.acquire()  # a token is there: taken without waiting
        else:
            # Waiting for the rate's next token puts nothing on the wire: a stop does not
            # wait for it, and the message goes back to the queue, untried.
            try:
                await worker.unless_stopped(bucket.acquire())
            except StoppedFirst:
                worker.committer.submit(Outcome.release(message))
                return await self._unannounced(connection)
            if worker.stopping:  # the token came as the stop did: untried, it goes back
                worker.committer.submit(Outcome.release(message))
                return await self._unannounced(connection)
        verdict = worker.policy.may_leave_to(message.campaign_id, message.variables)
        if not verdict.allowed:
            if verdict.kind == WaitKind.RECIPIENT_WINDOW and verdict.wait_until is not None:
                # Outside the window in the recipient's own zone: it waits, untried, for
                # that window (claimed again once it is due, as a retry is).
                worker.committer.submit(Outcome(
                    message, MessageStatus.DEFERRED, attempt_counts=False,
                    next_attempt_at=naive_utc(verdict.wait_until),
                    response=f"Waiting: {verdict.reason}.",
                ))  # fmt: skip
                return connection
            # Its window closed (or it is not yet time) while it waited: it goes back,
            # untried, and is claimed again when the policy allows.
            worker.committer.submit(Outcome.release(message))
            return connection
        if (
            connection is None
            or not connection.is_open
            or (connection.sent_on_connection >= self.profile.per_connection)
        ):
            if connection is not None:
                await connection.close()
                connection = None
            if self.backoff.remaining() > 0:
                # The relay was unreachable a moment ago: do not hammer it, and do not let
                # every claimed message stretch the backoff; try this one again later.
                worker.committer.submit(Outcome.release(message))
                return None
            try:
                # Opening (a relay slow to greet, TLS, the login) sends nothing of the
                # message: a stop cancels it (the socket is closed) and the message goes
                # back to the queue instead of holding the stop for the connect timeout.
                connection = await worker.unless_stopped(self._open())
                self.backoff.succeeded()
                self.unreachable = ""
            except StoppedFirst:
                worker.committer.submit(Outcome.release(message))
                return None
            except SmtpFailure as failure:
                if failure.verdict.outcome == Verdict.DEFERRED:
                    delay = self.backoff.failed()
                    self.unreachable = failure.message or failure.verdict.reason
                    log.info("relay %s unreachable, backing off %.0f s", self.profile.host, delay)
                await self._failed(message, failure)
                return None
            if worker.stopping:  # stopped as it opened: nothing sent yet, it goes back
                worker.committer.submit(Outcome.release(message))
                return connection
        then = await self._look_ahead(connection, ahead)
        try:
            reply = await connection.send(
                mail_from=worker.sender_of(message.campaign_id, message.id, self.profile.id),
                rcpt_to=message.to_addr, data=data, then=then,
            )  # fmt: skip
        except SmtpFailure as failure:
            await self._failed(message, failure)
            if connection.is_open and not failure.verdict.reconnect:
                return connection
            await connection.close()
            return None
        self.daily_cap.record()
        worker.remember_sent(message.to_addr)
        if self.profile.warmup and self.profile.warmup_started_at is None:
            self.profile.warmup_started_at = naive_utc(worker.policy.now())
            worker.spawn_db(mark_started, self.profile.id, worker.policy.now())
        worker.committer.submit(
            Outcome(message, MessageStatus.SENT, step="data", code=reply.code,
                    response=reply.message)
        )  # fmt: skip
        return connection

    async def _unannounced(self, connection: SmtpConnection | None) -> SmtpConnection | None:
        """The connection to go on with after giving a message back untried. If its
        envelope went ahead on it (PIPELINING; perhaps the relay waits in DATA), closing
        is the clean way out: nothing is delivered without a dot."""
        if connection is not None and connection.has_announced:
            await connection.close()
            return None
        return connection

    async def _failed(self, message: ClaimedMessage, failure: SmtpFailure) -> None:
        worker = self.worker
        verdict = failure.verdict
        if verdict.throttle:
            self.throttle.observed_rate = worker.current_rate()
            self.throttle.slow_down(
                f"the relay said {failure.code or ''} {failure.message}".strip()
            )
            worker.emit_throttle(self)
        base = Outcome(
            message, MessageStatus.DEFERRED, step=failure.step.value, code=failure.code,
            enhanced=failure.enhanced, response=failure.message or verdict.reason,
        )  # fmt: skip
        if verdict.outcome == Verdict.PAUSE:
            hint = f"{failure.hint} " if failure.hint else ""
            base.pause(
                f"{failure.describe()} — {verdict.reason}. {hint}Fix the SMTP profile, then resume."
            )
            if worker.has_other_profiles(message.campaign_id, self.profile.id):
                # Several profiles: this one leaves the rotation, the campaign goes on.
                base.pause_campaign = False
                base.profile_id = self.profile.id
                worker.rotated_out(message.campaign_id, self.profile.id)
            else:
                worker.paused_ids.add(message.campaign_id)
        elif verdict.outcome == Verdict.HELD:
            # Nothing was uploaded (the relay's SIZE limit is known before DATA): the
            # message waits, held with the reason, and the recipient is not at fault.
            base.status = MessageStatus.HELD
            base.attempt_counts = False
            base.response = " ".join(p for p in (failure.describe() + ".", failure.hint) if p)
        elif verdict.outcome == Verdict.FAILED:
            base.status = MessageStatus.FAILED
            base.suppress = verdict.suppress
            base.counts_as_failure = verdict.counts_as_failure
        elif verdict.outcome == Verdict.UNKNOWN:
            base.status = MessageStatus.UNKNOWN
        else:
            self._schedule_retry(base)
        worker.committer.submit(base)

    def _schedule_retry(self, outcome: Outcome) -> None:
        message, profile = outcome.message, self.profile
        attempts = message.attempts + 1
        age = (utcnow() - message.queued_at).total_seconds()
        delay = retry_delay(attempts, base=profile.retry_base, maximum=profile.retry_max)
        if attempts >= profile.max_attempts or age + delay > profile.lifetime:
            outcome.status = MessageStatus.FAILED
            outcome.response = (
                f"expired after {attempts} attempts over {timedelta(seconds=int(age))}: "
                f"{outcome.response}"
            )
            return
        # By the policy's clock, as claims are (the system's, or a test's injected one).
        outcome.next_attempt_at = naive_utc(self.worker.policy.now()) + timedelta(seconds=delay)


class _Committer:
    """The only writer of message states, and the owner of the in-flight accounting.

    Runners hand it outcomes (``submit``) and say when they run dry (``needs_claims``);
    each cycle writes the pending outcomes and the runners' claims in ONE transaction of
    the ledger (one fsync), outcomes first, so a message is never recorded after a later
    claim. Per profile it counts the messages claimed (in ``sending``) and not yet
    recorded, and how many of those wait for the next commit: runners ask it how busy
    they are (``busy``), and nothing else changes those counts.

    The ledger is the seam to the store: SQLite's ``QueueLedger``, or on a team database
    ``core.team.ledger.PostgresLedger`` with the same cycle. Its statements run on the
    loop and its COMMIT on a thread of its own, so the loop never waits for the disk.
    """

    def __init__(self, worker: SendingWorker) -> None:
        self.worker = worker
        self.ledger: Ledger | None = None  # opened by the worker's run(), off the loop
        # The ledger's COMMITs (and whole cycles while another connection writes): a thread
        # of their own, so they never queue behind a slow read on the worker's other one.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="staffetta-commit")
        self._job: Future[Any] | None = None
        self.pending: list[Outcome] = []
        self.wanted = asyncio.Event()  # something to write or to claim: look now
        self._gathered = asyncio.Event()  # end the gathering wait: write what is pending now
        self._owner: dict[int, int] = {}  # claimed message id → its profile id
        self._outstanding: Counter[int] = Counter()  # profile → claimed, not yet recorded
        self._finishing: Counter[int] = Counter()  # profile → of those, outcome pending

    # --- the accounting -----------------------------------------------------------------------

    def outstanding(self, profile_id: int | None = None) -> int:
        """Messages in ``sending`` for this profile (or all), claimed and not yet recorded."""
        if profile_id is None:
            return sum(self._outstanding.values())
        return self._outstanding[profile_id]

    def busy(self, profile_id: int) -> int:
        """Claimed messages of the profile whose outcome is not known yet (pending outcomes
        are written with the next claim, so their slots count as free)."""
        return self._outstanding[profile_id] - self._finishing[profile_id]

    def submit(self, outcome: Outcome) -> None:
        """An outcome to write with the next claim (one fsync for several)."""
        self.pending.append(outcome)
        profile_id = self._owner.get(outcome.message.id)
        if profile_id is not None:
            self._finishing[profile_id] += 1
        self.wanted.set()
        if self._gathered_enough():
            self._gathered.set()

    def needs_claims(self) -> None:
        """A sender has no claimed message left: commit and claim now, not after gathering."""
        self._gathered.set()
        self.wanted.set()

    def _claimed(self, profile_id: int, messages: list[ClaimedMessage]) -> None:
        self._outstanding[profile_id] += len(messages)
        for message in messages:
            self._owner[message.id] = profile_id

    def _recorded(self, batch: list[Outcome]) -> None:
        for outcome in batch:
            profile_id = self._owner.pop(outcome.message.id, None)
            if profile_id is not None:
                self._outstanding[profile_id] -= 1
                self._finishing[profile_id] -= 1

    # --- the cycle ------------------------------------------------------------------------------

    def _gathered_enough(self) -> bool:
        """One pending outcome per open connection: worth a commit of their own."""
        connections = sum(r.throttle.connections for r in self.worker.runners()) or 1
        return len(self.pending) >= connections

    async def _gather_outcomes(self) -> None:
        """Wait a moment for more outcomes while every sender still has work (see
        ``WorkerTunables.gather_seconds``); return at once when stopping or when a sender
        waits for a message (a sender holding the next message for PIPELINING is not)."""
        worker = self.worker
        if worker.stopping or self._gathered_enough():
            return
        if any(r.waiting for r in worker.runners()):
            return
        self._gathered.clear()
        try:
            await asyncio.wait_for(self._gathered.wait(), worker.tunables.gather_seconds)
        except TimeoutError:
            pass

    def _claim_requests(self) -> list[ClaimRequest]:
        """One request per profile, for the campaigns the worker has loaded and only those.

        A campaign is loaded (composer, envelope sender, failure limit) before its id is
        added to its runner's ``campaign_ids``; a claim never takes rows of a campaign
        that became running since (started while sending, or still being loaded by
        ``_refresh_campaigns``): those wait for the next look, never end up held.
        """
        worker = self.worker
        if worker.stopping:
            return []
        # Campaigns outside their send windows are held back: claim only the others'.
        held = set(worker.policy.held_back(worker.running_ids))
        due = naive_utc(worker.policy.now())  # retries and waits by the policy's clock
        requests = []
        for runner in worker.runners():
            ids = runner.campaign_ids - held
            if ids and (want := runner.claim_request()) > 0:
                requests.append(ClaimRequest(runner.profile.id, want, tuple(sorted(ids)), due))
        return requests

    async def write_cycle(self, batch: list[Outcome], requests: list[ClaimRequest]) -> CycleResult:
        """Record ``batch`` and claim for ``requests`` in one transaction (one fsync).

        The statements run here on the loop and the COMMIT on the ledger's thread. If
        another connection holds the write lock, or the thread is still busy (its caller
        was cancelled), the whole cycle goes to the thread, so the loop never waits. A
        cancelled caller does not cancel the write: what reached the thread is committed.
        """
        ledger, limits = self.ledger, self.worker.max_failures
        assert ledger is not None, "write_cycle before run()"
        thread_free = self._job is None or self._job.done()
        result = ledger.write_cycle_now(batch, limits, requests) if thread_free else None
        if result is not None:
            commit: Future[None] = self._thread.submit(ledger.commit)
            self._job = commit
            await asyncio.shield(asyncio.wrap_future(commit))
            return result
        whole: Future[CycleResult] = self._thread.submit(
            ledger.write_cycle_waiting, batch, limits, requests
        )
        self._job = whole
        return await asyncio.shield(asyncio.wrap_future(whole))

    async def run(self) -> None:
        """Outcomes and claims, batched, in order, until stopped with nothing in flight."""
        worker, tunables = self.worker, self.worker.tunables
        while True:
            requests = self._claim_requests()
            if not self.pending and not requests:
                if worker.stopping and not any(r.in_flight for r in worker.runners()):
                    return
                self.wanted.clear()
                try:
                    await asyncio.wait_for(self.wanted.wait(), tunables.idle_poll_seconds / 5)
                except TimeoutError:
                    pass
                continue
            if self.pending:
                await self._gather_outcomes()
                requests = self._claim_requests()
            batch, self.pending = self.pending, []
            try:
                result, claimed = await self.write_cycle(batch, requests)
            except LedgerBusy:
                # Another program held the database for the whole busy timeout: nothing
                # was written; the outcomes wait in memory (their rows stay `sending`,
                # so a crash now still makes them `unknown`) and the cycle runs again.
                log.warning("the database stayed locked; trying the commit again")
                self.pending = batch + self.pending
                await asyncio.sleep(tunables.locked_retry_seconds)
                continue
            except sqlite3.DatabaseError as exc:
                problem = disk_full_problem(exc, resumes=True)
                if problem is None:
                    raise
                # No room for the commit: SQLite rolled it back, nothing is lost. The
                # outcomes wait in memory (their rows stay `sending`, so a crash now makes
                # them `unknown`), nothing new is claimed, and the cycle is tried again
                # until there is room.
                self.pending = batch + self.pending
                worker.disk_is_full(problem.user_text())
                await asyncio.sleep(tunables.disk_full_retry_seconds)
                continue
            if worker.disk_full:
                worker.disk_is_full("")
            self._recorded(batch)
            worker.after_commit(batch, result.paused_campaigns)
            for request in requests:
                messages = claimed.get(request.profile_id, [])
                self._claimed(request.profile_id, messages)
                worker.runner(request.profile_id).accept(messages)

    async def flush(self) -> None:
        """Write what is still pending (the last outcomes after a stop); what is not
        written stays in ``pending`` (and its rows ``sending``)."""
        if self.pending:
            batch = list(self.pending)
            result, _claimed = await self.write_cycle(batch, [])
            del self.pending[: len(batch)]
            self._recorded(batch)
            self.worker.after_commit(batch, result.paused_campaigns)

    def close(self) -> None:
        """Close the ledger on its thread and let the thread end by itself: a blocking
        ``shutdown(wait=True)`` here would freeze the loop (the window) for as long as a
        commit waits for another program's lock."""
        if self.ledger is not None:
            self._thread.submit(self.ledger.close)
        self._thread.shutdown(wait=False)


class SendingWorker:
    """Runs until stopped (or, with ``until_done``, until nothing is left to try)."""

    def __init__(
        self,
        *,
        campaign_ids: list[int] | None = None,
        until_done: bool = False,
        passwords: dict[str, str] | None = None,
        policy: SendPolicy | None = None,
        team: TeamSender | None = None,
        tunables: WorkerTunables | None = None,
        shutdown_grace: float | None = None,
    ) -> None:
        """``team``: on a PostgreSQL queue, this process's membership of the team of senders
        (it sends only through the profiles it holds a lease on)."""
        self.campaign_ids = campaign_ids or []
        self.tunables = tunables or WorkerTunables()
        if shutdown_grace is not None:
            self.shutdown_grace = shutdown_grace
        # "May this message leave now?": schedules and send windows, on the policy's
        # clock (tests inject one).
        self.policy = policy or SendPolicy()
        self.running_ids: set[int] = set()
        # Recipients this run sent to (address key → epoch seconds), oldest first, kept
        # only while a running campaign has a frequency cap and only for that long: the
        # cap sees a send before its commit does (see ``remember_sent``).
        self.sent_to: dict[str, float] = {}
        # Recipient key → the message being delivered to them (first come, first served).
        self.delivering_to: dict[str, int] = {}
        self._db_tasks: set[asyncio.Task[Any]] = set()
        if team is None and is_postgres():
            from core.team.senders import TeamSender

            team = TeamSender(database_proxy.obj.database)
        self.team = team
        self._sent_times: deque[float] = deque()  # for the team's "sent in the last minute"
        self._rotations: dict[int, list[int]] = {}  # campaign → its profiles, when several
        self._rotated_out: set[tuple[int, int]] = set()  # (campaign, profile) refused lately
        self._rotating: set[tuple[int, int]] = set()
        self._rotate_again: set[tuple[int, int]] = set()
        self._rotation_reasons: dict[tuple[int, int], str] = {}
        # A refused profile is tried again after a backoff (its retry delays, doubling
        # with each refusal): (campaign, profile) → when (policy epoch), refusals so far.
        self._take_back_at: dict[tuple[int, int], float] = {}
        self._refusals: dict[tuple[int, int], int] = {}
        self._probing: set[tuple[int, int]] = set()
        self._side_tasks: set[asyncio.Task[None]] = set()
        self._heartbeat_task: asyncio.Task[None] | None = None
        self._wanted = 1  # profiles the running campaigns need (for sharing them)
        self._yielding: set[int] = set()  # leases being given back to other senders
        self._giving_back: set[int] = set()
        self._yielded_at: dict[int, float] = {}
        self.until_done = until_done
        self.events = WorkerEvents()
        self.stopping = False
        self.paused_ids: set[int] = set()
        self.summary = RunSummary()
        self._passwords = passwords or {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="staffetta-queue")
        self.committer = _Committer(self)  # every state change of a send goes through it
        self._runners: dict[int, _ProfileRunner] = {}
        self._composers: dict[int, CampaignComposer] = {}
        self._senders: dict[tuple[int, int], EnvelopeSender] = {}  # (campaign, profile)
        self.max_failures: dict[int, int] = {}  # campaign id → permanent failures that pause it
        self._committer_task: asyncio.Task[None] | None = None
        self._recent: deque[float] = deque(maxlen=2000)
        self._last_activity = time.monotonic()
        self._remaining: int | None = None
        self._stopped = asyncio.Event()
        self._deferred_ids: set[int] = set()  # messages whose last outcome was a deferral
        self.disk_full = ""  # the sentence to show while commits find no room, else ""

    @property
    def shutdown_grace(self) -> float:
        """The stop's one grace period (``tunables.shutdown_grace_seconds``); the session
        sets its own here."""
        return self.tunables.shutdown_grace_seconds

    @shutdown_grace.setter
    def shutdown_grace(self, seconds: float) -> None:
        self.tunables = replace(self.tunables, shutdown_grace_seconds=seconds)

    # --- plumbing ---------------------------------------------------------------------------

    async def db(self, fn: Callable[..., T], *args: Any) -> T:
        """Run database work on the worker's own thread (commits and fsyncs off the loop)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: fn(*args))

    async def frequency_check(self, message: ClaimedMessage) -> str:
        """The campaign's frequency cap for this recipient now: "skip" when another
        campaign sent them a message within the cap (this run's sends, then the
        database's), "wait" while another message to them is being delivered, "" to go."""
        cap = self.policy.frequency_cap(message.campaign_id)
        if not cap:
            return ""
        key = message.to_addr.lower()
        if self.delivering_to.get(key, message.id) != message.id:
            return "wait"
        sent = self.sent_to.get(key)
        if sent is not None and self.policy.epoch() - sent < cap:
            return "skip"
        since = self.policy.now() - timedelta(seconds=cap)
        return "skip" if await self.db(mailed_since, key, since, message.campaign_id) else ""

    def remember_sent(self, address: str) -> None:
        """A message to ``address`` was just accepted: kept for the frequency caps of the
        running campaigns, as long as the longest of them. Without a cap nothing is kept
        (one entry per recipient made a million-recipient send 140 MB bigger)."""
        cap = max((self.policy.frequency_cap(cid) for cid in self.running_ids), default=0)
        if not cap:
            self.sent_to.clear()
            return
        now, key = self.policy.epoch(), address.lower()
        self.sent_to.pop(key, None)  # to the end: the dict stays oldest first
        self.sent_to[key] = now
        while self.sent_to:
            oldest, at = next(iter(self.sent_to.items()))
            if now - at < cap:
                break
            del self.sent_to[oldest]

    def spawn_db(self, fn: Callable[..., Any], *args: Any) -> None:
        """Database work nobody waits for (kept referenced; errors logged)."""
        task = asyncio.create_task(self.db(fn, *args), name=f"db:{getattr(fn, '__name__', fn)}")
        self._db_tasks.add(task)

        def done(t: asyncio.Task[Any]) -> None:
            self._db_tasks.discard(t)
            if not t.cancelled() and t.exception() is not None:
                log.warning("background database work failed: %s", t.exception())

        task.add_done_callback(done)

    def may_send(self, runner: _ProfileRunner) -> bool:
        """On a team queue: only through a profile whose lease this sender surely holds."""
        team = self.team
        return team is None or (
            runner.profile.id in team.held
            and runner.profile.id not in self._yielding
            and team.leases_trusted()
        )

    async def _holds(self, profile_id: int, wanted: int) -> bool:
        """On a team queue, take the profile's lease if nobody else holds it (and this
        sender does not hold its share of the ``wanted`` profiles already)."""
        team = self.team
        if team is None or profile_id in team.held:
            return True
        # A profile given to the others and left free for a while (three leases, at least
        # yield_grace_seconds): nobody else wants it, so it is taken back whatever the share.
        yielded = self._yielded_at.get(profile_id)
        grace = max(self.tunables.yield_grace_seconds, 3 * team.lease_seconds)
        share = None if yielded and time.monotonic() - yielded > grace else wanted
        try:
            return await self.db(lambda: team.acquire(profile_id, wanted=share))
        except StaffettaError:
            raise
        except Exception as exc:  # the database is unreachable: try again at the next look
            log.warning("could not take the lease of profile %s: %s", profile_id, exc)
            return False

    async def _heartbeats(self) -> None:
        """Renew the sender's registration and leases; stop using the ones lost."""
        team = self.team
        assert team is not None
        beat = ThreadPoolExecutor(max_workers=1, thread_name_prefix="staffetta-heartbeat")
        loop = asyncio.get_running_loop()
        try:
            while not self.stopping:
                try:
                    await asyncio.wait_for(self._stopped.wait(), team.heartbeat_seconds)
                    break
                except TimeoutError:
                    pass
                now = time.monotonic()
                while self._sent_times and now - self._sent_times[0] > 60:
                    self._sent_times.popleft()
                try:
                    lost = await loop.run_in_executor(beat, team.heartbeat, len(self._sent_times))
                except Exception as exc:  # cut off: leases_trusted() runs out on its own
                    log.warning("sender heartbeat failed: %s", exc)
                    continue
                for profile_id in lost:
                    runner = self._runners.get(profile_id)
                    name = runner.profile.name if runner else str(profile_id)
                    log.warning("lost the lease of profile %s to another sender", name)
                if lost:
                    self.wake()
                try:
                    await self._share_profiles(loop, beat)
                except Exception as exc:
                    log.warning("could not share the profiles with the other senders: %s", exc)
        finally:
            beat.shutdown(wait=False)

    async def _share_profiles(self, loop: asyncio.AbstractEventLoop, beat: Any) -> None:
        """Senders started together: the first one took every profile. One it holds beyond
        its fair share stops taking work, and once its messages are recorded its lease is
        given back, for a sender that holds none to take."""
        team = self.team
        assert team is not None
        for profile_id in sorted(self._yielding):
            runner = self._runners.get(profile_id)
            if runner is None or self.committer.outstanding(profile_id) == 0:
                await loop.run_in_executor(beat, team.release, {profile_id})
                self._yielding.discard(profile_id)
                self._yielded_at[profile_id] = time.monotonic()
        if self._yielding:
            return
        excess = await loop.run_in_executor(beat, team.excess, self._wanted)
        if excess > 0:
            chosen = sorted(team.held, reverse=True)[:excess]
            log.info("leaving %d profile(s) to the other senders", len(chosen))
            self._yielding.update(chosen)

    def _give_back_drained(self) -> None:
        """A profile left to the other senders goes back as soon as its last message is
        recorded, not at the next heartbeat: until then nobody could send through it.
        (Looked at from a task, so after this cycle's claims are counted too.)"""
        team = self.team
        if team is None or not self._yielding or self._giving_back:
            return

        async def give_back() -> None:
            drained = {
                pid for pid in self._yielding
                if self._runners.get(pid) is None or self.committer.outstanding(pid) == 0
            }  # fmt: skip
            if not drained:
                return
            self._giving_back |= drained
            try:  # still yielding meanwhile: nothing is claimed through them
                await self.db(team.release, drained)
            except Exception as exc:  # the next heartbeat gives them back instead
                log.warning("could not give profiles back: %s", exc)
                return
            finally:
                self._giving_back -= drained
            now = time.monotonic()
            for pid in drained:
                self._yielding.discard(pid)
                self._yielded_at[pid] = now

        task = asyncio.create_task(give_back(), name="give-back")
        self._side_tasks.add(task)
        task.add_done_callback(self._side_tasks.discard)

    def _open_ledger(self) -> Ledger:
        if self.team is not None:
            from core.team.ledger import PostgresLedger

            return PostgresLedger(self.team.location, self.team.id)
        return QueueLedger.for_open_database()

    def runners(self) -> list[_ProfileRunner]:
        """The profile runners of this run (one per SMTP profile it sends through)."""
        return list(self._runners.values())

    def runner(self, profile_id: int) -> _ProfileRunner:
        return self._runners[profile_id]

    def password_for(self, profile: SmtpProfile) -> str | None:
        return self._passwords.get(profile.name)

    def loaded_composer(self, campaign_id: int) -> CampaignComposer | None:
        return self._composers.get(campaign_id)

    def sender_of(self, campaign_id: int, message_id: int, profile_id: int) -> str:
        """MAIL FROM: the profile's return path (per message with VERP), else the From."""
        return self._senders[(campaign_id, profile_id)].for_message(message_id)

    def idle_long(self) -> bool:
        return time.monotonic() - self._last_activity > 10

    def current_rate(self) -> float:
        """Messages sent per second over the last few seconds (called on every commit)."""
        now = time.monotonic()
        recent = self._recent
        while recent and now - recent[0] > 5:
            recent.popleft()
        if len(recent) < 2:
            return float(len(recent))
        return len(recent) / max(0.5, min(5.0, now - recent[0]))

    def disk_is_full(self, text: str) -> None:
        """Say (once) that the disk is full, or that it no longer is."""
        if text == self.disk_full:
            return
        self.disk_full = text
        if text:
            log.warning("database commit failed: %s", text)
            self.events.state.emit(WorkerStateEvent(WorkerState.WAITING, text))

    def emit_throttle(self, runner: _ProfileRunner) -> None:
        state = runner.throttle.state()
        self.events.throttle.emit(
            ThrottleEvent(runner.profile.name, runner.throttle.slowed, state.rate,
                          state.connections, state.reason)
        )  # fmt: skip

    def after_commit(self, batch: list[Outcome], paused: dict[int, str]) -> None:
        self._rotate_out_after_commit(batch)
        self._give_back_drained()
        now = time.monotonic()
        self._last_activity = now
        for o in batch:
            if o.decision is Decision.RELEASE:
                continue
            status = o.status
            # The summary counts messages by where they stand: one deferred and then sent
            # is one sent, not one deferred and one sent.
            if o.message.id in self._deferred_ids and status != MessageStatus.DEFERRED:
                self._deferred_ids.discard(o.message.id)
                self.summary.deferred -= 1
            if status == MessageStatus.SENT:
                self.summary.sent += 1
                self._recent.append(now)
                if self.team is not None:
                    self._sent_times.append(now)
            elif status == MessageStatus.FAILED:
                self.summary.failed += 1
            elif status == MessageStatus.DEFERRED:
                if o.message.id not in self._deferred_ids:
                    self._deferred_ids.add(o.message.id)
                    self.summary.deferred += 1
            elif status == MessageStatus.UNKNOWN:
                self.summary.unknown += 1
            elif status == MessageStatus.HELD:
                self.summary.held += 1
            if self._remaining is not None and status != MessageStatus.QUEUED:
                self._remaining = max(0, self._remaining - 1)
            self.events.message.emit(
                MessageEvent(o.message.id, o.message.campaign_id, o.message.to_addr, status,
                             o.code, o.response)
            )  # fmt: skip
        for campaign_id, reason in paused.items():
            self.paused_ids.add(campaign_id)
            name = self._campaign_names.get(campaign_id, str(campaign_id))
            self.summary.paused[name] = reason
            self.events.campaign.emit(
                CampaignEvent(campaign_id, name, CampaignStatus.PAUSED, reason)
            )
        self._emit_progress()

    def _emit_progress(self) -> None:
        rate = self.current_rate()
        in_flight = self.committer.outstanding()
        eta = (self._remaining / rate) if (self._remaining is not None and rate > 0) else None
        s = self.summary
        self.events.progress.emit(
            ProgressEvent(s.sent, s.failed, s.deferred, s.unknown, s.held, rate, in_flight,
                          self._remaining, eta)
        )  # fmt: skip

    # --- the loop ---------------------------------------------------------------------------

    _campaign_names: dict[int, str]

    def _load_running(self) -> list[Campaign]:
        query = Campaign.select().where(Campaign.status == CampaignStatus.RUNNING)
        if self.campaign_ids:
            query = query.where(Campaign.id.in_(self.campaign_ids))
        return list(query)

    async def _refresh_campaigns(self) -> None:
        """Pick up campaigns started (or resumed) since the last look."""
        campaigns = await self.db(self._load_running)
        running_ids = {c.id for c in campaigns}
        if self.paused_ids & running_ids:  # resumed by the user: try the login again
            for runner in self._runners.values():
                runner.login_failure = None
        self.paused_ids -= running_ids
        self.running_ids = running_ids
        profiles_of = await self.db(self._profiles_of, campaigns)
        self._rotations = {cid: ids for cid, ids in profiles_of.items() if len(ids) > 1}
        # A campaign paused and resumed gets its refused profiles back (bring_back).
        self._rotated_out = {key for key in self._rotated_out if key[0] in running_ids}
        await self._take_back_refused(running_ids)
        self.looks += 1
        wanted = len({pid for ids in profiles_of.values() for pid in ids})
        self._wanted = max(1, wanted)
        for campaign in campaigns:
            self._campaign_names[campaign.id] = campaign.name
            self.policy.track(campaign)
            if campaign.id not in self._composers:
                try:
                    composer = await self.db(CampaignComposer.for_campaign, campaign)
                except StaffettaError as exc:
                    await self._pause_unloadable(campaign, exc)
                    continue
                self._composers[campaign.id] = composer
            for profile_id in profiles_of.get(campaign.id, []):
                if (campaign.id, profile_id) not in self._senders:
                    self._senders[(campaign.id, profile_id)] = await self.db(
                        envelope_sender_for, campaign, profile_id
                    )
            primary: SmtpProfile = await self.db(lambda c=campaign: c.smtp_profile)
            self.max_failures[campaign.id] = primary.max_consecutive_failures
            for profile_id in profiles_of.get(campaign.id, []):
                await self._use_profile(profile_id, wanted)
                sender = self._runners.get(profile_id)
                if sender is not None:
                    # Only now, with everything a sender needs in place, may claims take
                    # this campaign's rows.
                    sender.campaign_ids.add(campaign.id)
        self.committer.wanted.set()

    async def _pause_unloadable(self, campaign: Campaign, exc: StaffettaError) -> None:
        """A running campaign whose frozen template no longer builds: paused with the
        reason (its messages untouched), instead of being skipped in silence forever."""
        reason = f"It cannot be sent: {exc.user_text()}"
        log.warning("campaign %s cannot be composed: %s", campaign.name, exc)
        paused = await self.db(pause_if_running, campaign.id, reason)
        if paused:
            self.paused_ids.add(campaign.id)
            self.summary.paused[campaign.name] = reason
            self.events.campaign.emit(
                CampaignEvent(campaign.id, campaign.name, CampaignStatus.PAUSED, reason)
            )

    @staticmethod
    def _profiles_of(campaigns: list[Campaign]) -> dict[int, list[int]]:
        return {c.id: active_profile_ids(c) for c in campaigns}

    async def _use_profile(self, profile_id: int, wanted: int) -> None:
        """A runner for the profile (on a team queue, once its lease is held)."""
        held_before = self.team is None or profile_id in self.team.held
        if not await self._holds(profile_id, wanted):
            return  # another sender has it; looked at again on the next refresh
        runner = self._runners.get(profile_id)
        if runner is None:
            profile: SmtpProfile = await self.db(SmtpProfile.get_by_id, profile_id)
            runner = _ProfileRunner(self, profile)
            self._runners[profile_id] = runner
            await runner.start()
            return
        if not held_before:  # taken back: others may have sent through it meanwhile
            await runner.reload_daily_cap()
        runner.wake.set()

    looks = 0  # how many times it looked at the running campaigns (tests wait on it)

    async def _take_back_refused(self, running_ids: set[int]) -> None:
        """Refused profiles whose backoff is over are tried (a connection and login, no
        message) and, once the relay accepts them, go back into their rotation; a refusal
        found in the database (made by another sender, or before a restart) waits one
        backoff from now."""
        now = self.policy.epoch()
        refused = await self.db(refused_profiles, sorted(running_ids))
        for key in refused:
            if key not in self._take_back_at and key not in self._probing:
                self._take_back_at[key] = now + await self._refusal_backoff(key)
        for key in [k for k in self._take_back_at if k not in refused]:
            self._take_back_at.pop(key, None)  # resumed, or another sender took it back
        for key, due in sorted(self._take_back_at.items()):
            if due > now or key in self._probing:
                continue
            del self._take_back_at[key]
            self._probing.add(key)
            task = asyncio.create_task(self._probe_and_take_back(key), name="take-back")
            self._side_tasks.add(task)
            task.add_done_callback(self._side_tasks.discard)

    async def _probe_and_take_back(self, key: tuple[int, int]) -> None:
        campaign_id, profile_id = key
        try:
            runner = self._runners.get(profile_id)
            profile: SmtpProfile = (
                runner.profile if runner is not None
                else await self.db(SmtpProfile.get_by_id, profile_id)
            )  # fmt: skip
            connection = SmtpConnection(profile, password=self.password_for(profile))
            try:
                await connection.open()
            except (SmtpFailure, OSError, TimeoutError) as exc:
                log.info("profile %s is still refused: %s", profile.name, exc)
                if not self.stopping:  # the next try waits longer
                    self._take_back_at[key] = self.policy.epoch() + await self._refusal_backoff(
                        key
                    )
                return
            finally:
                await connection.close()
            if self.stopping or not await self.db(take_back, campaign_id, profile_id):
                return
            self._rotated_out.discard(key)
            if runner is not None:
                runner.login_failure = None
                runner.backoff.succeeded()
            name = self._campaign_names.get(campaign_id, str(campaign_id))
            log.info("profile %s accepts us again: back in the rotation of %s",
                     profile.name, name)  # fmt: skip
            self.wake()
        finally:
            self._probing.discard(key)

    async def _refusal_backoff(self, key: tuple[int, int]) -> float:
        """How long a refused profile stays out: its retry delays, one step per refusal."""
        self._refusals[key] = self._refusals.get(key, 0) + 1
        runner = self._runners.get(key[1])
        profile = runner.profile if runner is not None else await self.db(
            SmtpProfile.get_by_id, key[1]
        )  # fmt: skip
        return retry_delay(self._refusals[key], base=profile.retry_base,
                           maximum=profile.retry_max)  # fmt: skip

    def rotated_out(self, campaign_id: int, profile_id: int) -> None:
        self._rotated_out.add((campaign_id, profile_id))

    def in_rotation(self, campaign_id: int, profile_id: int) -> bool:
        """Whether a profile still sends for a campaign with several (not taken out)."""
        return (campaign_id, profile_id) not in self._rotated_out

    def has_other_profiles(self, campaign_id: int, profile_id: int) -> bool:
        return any(
            pid != profile_id and (campaign_id, pid) not in self._rotated_out
            for pid in self._rotations.get(campaign_id, [])
        )

    def _rotate_out_after_commit(self, batch: list[Outcome]) -> None:
        """A profile the relay refused for a campaign with others leaves its rotation (its
        unsent messages, the one just put back included, go to the others)."""
        for o in batch:
            if o.profile_id is None or o.decision is Decision.RECORD:
                continue
            key = (o.message.campaign_id, o.profile_id)
            if o.decision is Decision.PAUSE and not o.pause_campaign:
                self._rotation_reasons.setdefault(key, o.pause_reason or "refused by the relay")
            elif key not in self._rotated_out:
                continue
            if key in self._rotating:  # messages put back meanwhile: once more afterwards
                self._rotate_again.add(key)
                continue
            self._rotating.add(key)
            task = asyncio.create_task(self._rotate_out(*key), name="rotate-out")
            self._side_tasks.add(task)
            task.add_done_callback(self._side_tasks.discard)

    async def _rotate_out(self, campaign_id: int, profile_id: int) -> None:
        key = (campaign_id, profile_id)
        reason = self._rotation_reasons.get(key, "refused by the relay")
        try:
            goes_on = await self.db(rotate_out, campaign_id, profile_id, reason)
            while key in self._rotate_again:
                self._rotate_again.discard(key)
                goes_on = await self.db(rotate_out, campaign_id, profile_id, reason)
        finally:
            self._rotating.discard(key)
        name = self._campaign_names.get(campaign_id, str(campaign_id))
        runner = self._runners.get(profile_id)
        profile = runner.profile.name if runner else str(profile_id)
        log.warning("profile %s left the rotation of campaign %s: %s", profile, name, reason)
        if not goes_on:
            self.paused_ids.add(campaign_id)
            self.summary.paused[name] = reason
            self.events.campaign.emit(
                CampaignEvent(campaign_id, name, CampaignStatus.PAUSED, reason)
            )
        self.wake()

    def hand_off_later(self, runner: _ProfileRunner) -> None:
        """The profile reached its daily cap: its messages in rotations go to the others."""
        if not any(runner.profile.id in ids for ids in self._rotations.values()):
            return

        async def hand() -> None:
            moved = await self.db(hand_off, runner.profile.id)
            if moved:
                log.info("%s reached its daily cap; %d messages go to other profiles",
                         runner.profile.name, moved)  # fmt: skip
                self.wake()

        task = asyncio.create_task(hand(), name="hand-off")
        self._side_tasks.add(task)
        task.add_done_callback(self._side_tasks.discard)

    def wake(self) -> None:
        """Look for work now (after a flush or retry from the same process)."""
        for runner in self._runners.values():
            runner.wake.set()
        self.committer.wanted.set()

    def retry_now(self) -> None:
        """The user asked to try again now (Retry now, Retry deferred now): forget every
        relay's connection backoff and look for due work at once."""
        for runner in self._runners.values():
            runner.backoff.succeeded()
            runner.idle_until = 0.0
        now = self.policy.epoch()
        for key in self._take_back_at:  # refused profiles: tried again now
            self._take_back_at[key] = now
        if self._take_back_at:
            task = asyncio.create_task(self._take_back_refused(self.running_ids), name="take-back")
            self._side_tasks.add(task)
            task.add_done_callback(self._side_tasks.discard)
        self.wake()

    def refused_retry_in(self) -> dict[tuple[int, int], float]:
        """Seconds until each refused (campaign, profile) is tried again."""
        now = self.policy.epoch()
        return {key: max(0.0, due - now) for key, due in self._take_back_at.items()}

    def relay_backoff(self) -> dict[str, float]:
        """Seconds until each backing-off profile's relay is tried again, by profile name."""
        return {
            runner.profile.name: left
            for runner in self._runners.values()
            if (left := runner.backoff.remaining()) > 0
        }

    async def unless_stopped(self, step: Coroutine[Any, Any, T]) -> T:
        """Run a step that puts nothing of a message on the wire (waiting for a rate token,
        opening a connection) unless a stop comes first: then the step is cancelled (an
        opening connection is closed) and ``StoppedFirst`` is raised, so the caller gives
        the message back instead of holding the stop until the step ends by itself.

        A step that ended anyway as it was cancelled returns what it got (the caller sees
        ``stopping`` and gives it back); one that failed raises its failure."""
        if self.stopping:
            step.close()
            raise StoppedFirst
        task = asyncio.ensure_future(step)
        stopped = asyncio.ensure_future(self._stopped.wait())
        try:
            await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:  # the sender itself is cancelled: so is its step
            task.cancel()
            raise
        finally:
            stopped.cancel()
        while not task.done():
            task.cancel()
            # A cancel that lands just as an inner ``asyncio.wait_for`` gets its result is
            # swallowed by it (CPython 3.11: aiosmtplib's connect as the TCP handshake
            # completes), and the step goes on to wait for the greeting: ask again.
            await asyncio.wait({task}, timeout=0.1)
        if task.cancelled():
            raise StoppedFirst
        return task.result()

    def stop(self) -> None:
        """Stop claiming; in-flight messages finish and are recorded honestly."""
        self.stopping = True
        self._stopped.set()
        self.wake()

    async def run(self) -> RunSummary:
        started = time.monotonic()
        self._campaign_names = {}
        install_user_quirks(data_dir())
        self.events.state.emit(WorkerStateEvent(WorkerState.SENDING))
        try:
            if self.team is not None:
                if not self.team.registered:
                    recovered = await self.db(self.team.register)
                    self.summary.recovered = recovered.messages
                self._heartbeat_task = asyncio.create_task(self._heartbeats(), name="heartbeats")
            self.committer.ledger = await self.db(self._open_ledger)
            self._committer_task = asyncio.create_task(self.committer.run(), name="committer")
            while not self.stopping:
                if self._committer_task.done():  # it only ends early on a database error
                    self._committer_task.result()
                try:
                    come = await self.db(
                        start_due_campaigns, self.policy.now(), self.campaign_ids or None
                    )
                    await self._refresh_campaigns()
                    for campaign_id in come:
                        name = self._campaign_names.get(campaign_id, str(campaign_id))
                        self.events.campaign.emit(
                            CampaignEvent(campaign_id, name, CampaignStatus.RUNNING, None)
                        )
                    remaining, due_now = await self.db(pending_work, self.campaign_ids or None)
                    self._remaining = remaining
                    waiting_to_start = await self.db(scheduled_work, self.campaign_ids or None)
                    finished = await self.db(finish_campaigns, self.campaign_ids or None)
                except DatabaseError as exc:  # peewee's: these run through the models
                    problem = disk_full_problem(exc, resumes=True)
                    if problem is None:
                        raise
                    self.disk_is_full(problem.user_text())
                    await asyncio.sleep(self.tunables.disk_full_retry_seconds)
                    continue
                for campaign_id in finished:
                    name = self._campaign_names.get(campaign_id, str(campaign_id))
                    self.events.campaign.emit(
                        CampaignEvent(campaign_id, name, CampaignStatus.FINISHED, None)
                    )
                in_flight = self.committer.outstanding()
                if (
                    self.until_done and remaining == 0 and in_flight == 0
                    and not waiting_to_start.messages
                ):  # fmt: skip
                    break
                blocked = [r.blocked_reason for r in self._runners.values() if r.blocked_reason]
                held = self.policy.held_back(self.running_ids)
                if held and set(held) >= self.running_ids:
                    due_now = False  # every running campaign waits for its window
                # Due messages and a profile free to send them: sending, even in the moment
                # before the first claim (not "waiting to retry", as the window would say).
                can_send = due_now and len(blocked) < len(self._runners)
                blocked += sorted({v.reason for v in held.values()})
                state = (
                    WorkerState.SENDING if in_flight or can_send
                    else WorkerState.WAITING if remaining else WorkerState.IDLE
                )  # fmt: skip
                if state == WorkerState.IDLE and waiting_to_start.first_start is not None:
                    state = WorkerState.WAITING
                    first = iso(naive_utc(waiting_to_start.first_start))
                    blocked.append(f"a campaign is scheduled for {first}")
                if self.disk_full:
                    state, blocked = WorkerState.WAITING, [self.disk_full]
                self.events.state.emit(WorkerStateEvent(state, "; ".join(blocked)))
                self._emit_progress()
                try:
                    await asyncio.wait_for(self._stopped.wait(), 1.0)
                except TimeoutError:
                    pass
        finally:
            try:
                await self._shutdown()
            finally:  # even when the database failed: the window must not say "sending"
                self.summary.seconds = time.monotonic() - started
                self.events.state.emit(WorkerStateEvent(WorkerState.STOPPED))
        return self.summary

    async def _shutdown(self) -> None:
        """Stop: in-flight sends finish and are recorded, claimed-but-untried messages go
        back to the queue. Never blocks the loop: past the grace period, whatever could
        not be written stays ``sending`` in the database, which the next start turns
        into ``unknown`` (honest: those messages may have gone)."""
        self.stopping = True
        senders = [t for r in self._runners.values() for t in r.tasks]
        # One grace period for the whole stop: in-flight sends finish, then their outcomes
        # and the claims going back are written (the last part of it is kept for that).
        deadline = time.monotonic() + self.shutdown_grace
        reserve = min(self.tunables.recording_reserve_seconds, self.shutdown_grace / 4)
        sends_end = deadline - reserve

        def left() -> float:
            return max(0.0, deadline - time.monotonic())

        while any(r.in_flight for r in self._runners.values()) and time.monotonic() < sends_end:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        for task in senders:
            task.cancel()
        await asyncio.gather(*senders, return_exceptions=True)
        committer = self.committer
        for runner in self._runners.values():
            while not runner.queue.empty():
                committer.submit(Outcome.release(runner.queue.get_nowait()))
        committer.wanted.set()
        try:
            if self._committer_task is not None:
                await asyncio.wait_for(self._committer_task, left())
            # The committer may have ended before the drain above.
            await asyncio.wait_for(committer.flush(), left())
        except TimeoutError:
            log.warning(
                "stopped before %d message(s) could be recorded (the database stayed busy); "
                "those messages will show as unknown at the next start",
                committer.outstanding(),
            )
        finally:
            committer.close()
            if self.team is not None:
                await self._leave_team()
            self._executor.shutdown(wait=False, cancel_futures=True)

    async def _leave_team(self) -> None:
        """Every outcome is written: give the leases back so another sender can go on."""
        team = self.team
        assert team is not None
        if self._heartbeat_task is not None:
            self._heartbeat_task.cancel()
            await asyncio.gather(self._heartbeat_task, return_exceptions=True)
        try:
            await self.db(team.release)
        except Exception as exc:  # unreachable: the leases expire by themselves
            log.warning("could not give the profile leases back: %s", exc)
        finally:
            team.close()
