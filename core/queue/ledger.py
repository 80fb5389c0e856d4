"""The sending worker's record of every state change: claims, outcomes, attempts, finished campaigns.

Every state change is its own committed transaction (several may share one commit, in
order). A message is committed as ``sending`` with a new attempt before MAIL FROM and
as ``sent`` right after the relay answers the final dot; so after any crash a row left
in ``sending`` may or may not have been delivered, and start-up turns it into
``unknown`` for the user to decide (resend with the same Message-ID, or mark sent).
"""

from __future__ import annotations

import secrets
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, NamedTuple, Protocol

from peewee import JOIN, fn

from core.campaigns.rotation import RUNNING_FOR_PROFILE_SQL
from core.db import BUSY_TIMEOUT_MS, PRAGMAS
from core.models import (
    Attempt,
    Campaign,
    CampaignStatus,
    Contact,
    ContactStatus,
    Message,
    MessageStatus,
    PausedBy,
    Suppression,
    database_proxy,
    utcnow,
)
from core.suppressions import domain_of


@dataclass(frozen=True)
class ClaimedMessage:
    id: int
    campaign_id: int
    to_addr: str
    variables: dict[str, Any]
    message_id: str
    attempts: int
    queued_at: datetime
    attempt_uid: str


class Decision(StrEnum):
    """What the worker decided for a claimed message: each kind is written differently."""

    RECORD = "record"  # the message's new status (sent, deferred, failed, unknown, held)
    PAUSE = "pause"  # back to queued untouched, the campaign (or this profile) paused
    RELEASE = "release"  # never tried (stopping, campaign paused): queued again, no attempt


@dataclass
class Outcome:
    """What happened to one claimed message, to be committed by the ``QueueLedger``."""

    message: ClaimedMessage
    status: str  # a MessageStatus: the new one with RECORD (a pause or release: queued)
    decision: Decision = Decision.RECORD
    step: str | None = None
    code: int | None = None
    enhanced: str | None = None
    response: str | None = None
    next_attempt_at: datetime | None = None
    suppress: bool = False
    counts_as_failure: bool = False
    pause_reason: str | None = None
    attempt_counts: bool = True
    # A PAUSE of one profile of a campaign's rotation: the message goes back to the
    # queue and the campaign goes on through its other profiles (core.campaigns.rotation).
    pause_campaign: bool = True
    profile_id: int | None = None  # the profile that was refused, for such a pause

    @classmethod
    def release(cls, message: ClaimedMessage, profile_id: int | None = None) -> Outcome:
        """Claimed, never tried: back to the queue as if it had not been claimed."""
        return cls(message, MessageStatus.QUEUED, Decision.RELEASE, profile_id=profile_id)

    def pause(self, reason: str) -> None:
        """The relay refused us (login, sender, TLS): the message goes back untouched."""
        self.decision, self.status = Decision.PAUSE, MessageStatus.QUEUED
        self.pause_reason = reason
        self.attempt_counts = False

    @property
    def attempt_outcome(self) -> str:
        """What the attempt's row says: the new status, or ``pause``."""
        return Decision.PAUSE.value if self.decision is Decision.PAUSE else self.status


@dataclass
class RecordResult:
    paused_campaigns: dict[int, str]


@dataclass(frozen=True)
class ClaimRequest:
    profile_id: int
    limit: int
    campaign_ids: tuple[int, ...] = ()
    # The sender's clock (naive UTC) that retries and waits are due by; None: the system's.
    now: datetime | None = None


CycleResult = tuple[RecordResult, dict[int, list[ClaimedMessage]]]


class Ledger(Protocol):
    """What the sending worker's committer needs of a queue's store: SQLite's
    ``QueueLedger`` here, a team database's ``core.team.ledger.PostgresLedger``.

    A cycle records outcomes (in order) and then makes the claims, in one transaction:
    ``write_cycle_now`` runs it on the caller's thread without waiting for any lock
    (None, nothing written, if it would have to wait) and leaves ``commit`` to be called
    off the event loop; ``write_cycle_waiting`` runs and commits a whole cycle on a
    thread, waiting for locks (``LedgerBusy`` if they stay taken)."""

    def write_cycle_now(
        self, outcomes: list[Outcome], max_failures: dict[int, int], requests: list[ClaimRequest]
    ) -> CycleResult | None: ...

    def commit(self) -> None: ...

    def write_cycle_waiting(
        self, outcomes: list[Outcome], max_failures: dict[int, int], requests: list[ClaimRequest]
    ) -> CycleResult: ...

    def close(self) -> None: ...


class LedgerBusy(Exception):
    """Another connection kept the write lock for the whole busy timeout: nothing was
    written, and the same cycle can be tried again."""


_MESSAGE = Message._meta.table_name


_ATTEMPT = Attempt._meta.table_name


_CAMPAIGN = Campaign._meta.table_name


@dataclass
class OutcomeRow:
    """One outcome as the message's and the attempt's rows record it."""

    message: ClaimedMessage
    status: str  # the message's new status
    outcome: str  # what the attempt says (``pause`` for a pause)
    now: Any
    step: str | None
    code: int | None
    enhanced: str | None
    response: str | None
    next_attempt_at: datetime | None
    attempts: int  # added to the message's count (0 for a pause)
    sent_at: Any


class OutcomeWriter(Protocol):
    """One database's statements for ``record_outcomes`` (SQLite's ``QueueLedger``, the
    team's ``PostgresLedger``): what they write is decided there, once for both."""

    def now(self) -> Any: ...

    def value(self, text: str | None) -> str | None:
        """A relay's text as the database can store it."""
        ...

    def write_outcomes(self, rows: list[OutcomeRow]) -> None: ...

    def suppress(self, key: str, reason: str, now: Any) -> None:
        """Suppress the address (a hard bounce) and mark its contact bounced."""
        ...

    def count_failure(self, campaign_id: int) -> int:
        """One more permanent failure in a row; the count now."""
        ...

    def reset_failures(self, campaign_ids: list[int]) -> None: ...

    def pause(self, campaign_id: int, reason: str, by: PausedBy) -> None: ...

    def release(self, messages: list[ClaimedMessage], now: Any) -> None:
        """Claimed but never tried: back to the queue, their attempts forgotten."""
        ...


def record_outcomes(
    writer: OutcomeWriter, outcomes: list[Outcome], max_failures: dict[int, int]
) -> RecordResult:
    """Write a cycle's outcomes in order, on either database: each message's status and
    reply and its attempt, hard bounces suppressed, a relay's pause or too many
    permanent failures in a row pausing the campaign, a sent message ending the run of
    failures, messages never tried put back. ``max_failures``: campaign → the run of
    permanent failures that pauses it (default 10)."""
    now = writer.now()
    paused: dict[int, str] = {}
    paused_by: dict[int, PausedBy] = {}
    rows: list[OutcomeRow] = []
    released: list[ClaimedMessage] = []
    sent_campaigns: set[int] = set()
    for o in outcomes:
        m = o.message
        if o.decision is Decision.RELEASE:
            released.append(m)
            continue
        status = o.status
        response = writer.value(o.response)
        row = OutcomeRow(
            m, status, o.attempt_outcome, now, o.step, o.code, writer.value(o.enhanced), response,
            o.next_attempt_at, 1 if o.attempt_counts else 0,
            now if status == MessageStatus.SENT else None,
        )  # fmt: skip
        rows.append(row)
        if o.suppress:
            writer.suppress(m.to_addr.lower(), f"{o.code} {response}"[:500], now)
        if o.decision is Decision.PAUSE:
            if o.pause_campaign:
                paused[m.campaign_id] = writer.value(o.pause_reason) or "paused by the relay"
                paused_by[m.campaign_id] = PausedBy.RELAY
        elif o.counts_as_failure:
            failures = writer.count_failure(m.campaign_id)
            if failures >= max_failures.get(m.campaign_id, 10) and m.campaign_id not in paused:
                paused_by[m.campaign_id] = PausedBy.FAILURES
                paused[m.campaign_id] = (
                    f"{failures} messages in a row were refused permanently (last: "
                    f"{o.code} {response}). Check the template and the sender, then resume."
                )
        elif status == MessageStatus.SENT:
            sent_campaigns.add(m.campaign_id)
    if rows:
        writer.write_outcomes(rows)
    if sent_campaigns - set(paused):
        writer.reset_failures(sorted(sent_campaigns - set(paused)))
    for campaign_id, reason in paused.items():
        writer.pause(campaign_id, reason, paused_by[campaign_id])
    if released:
        writer.release(released, now)
    return RecordResult(paused)


class QueueLedger:
    """The sending worker's own connection to the queue: every state change of a send.

    A commit cycle records the finished messages and claims the next ones in ONE
    transaction, so one fsync covers several messages; outcomes are written before
    claims, so a message is never recorded sent after a later claim, and the caller
    keeps claims to about twice the open connections (RELIABILITY.md).

    The cycle's statements take a fraction of a millisecond and run on the caller's
    thread, the worker's event loop: handing every cycle to another thread cost more
    than the statements themselves (GIL hand-offs and wake-ups, about a tenth of the
    send rate). Only the COMMIT, whose fsync can take milliseconds, runs on a thread.
    The busy timeout is 0, so the loop never waits for a lock either: while another
    connection is writing (an import, a campaign being started), ``write_cycle_now``
    writes nothing and says so at once, and the worker runs that cycle on the thread
    with ``write_cycle_waiting``.
    """

    def __init__(self, location: str) -> None:
        """Open the connection (this may wait for locks: call it off the event loop)."""
        self.connection = sqlite3.connect(
            location, isolation_level=None, check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )  # fmt: skip
        try:
            for name, value in PRAGMAS.items():
                self.connection.execute(f"PRAGMA {name} = {value}")
            self.connection.execute("PRAGMA busy_timeout = 0")
        except sqlite3.Error:
            self.connection.close()
            raise

    @classmethod
    def for_open_database(cls) -> QueueLedger:
        """A ledger on the file ``open_database`` opened."""
        return cls(database_proxy.obj.database)

    def close(self) -> None:
        self.rollback()
        self.connection.close()

    def begin(self) -> bool:
        """Start the write transaction now; False at once if another connection holds the lock."""
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if self.connection.in_transaction or not _is_busy(exc):
                raise
            return False
        return True

    def write_cycle_now(
        self, outcomes: list[Outcome], max_failures: dict[int, int], requests: list[ClaimRequest]
    ) -> CycleResult | None:
        """Begin and run the statements without waiting for any lock, leaving the COMMIT
        to the caller; None, with nothing written, if another connection is in the way."""
        if not self.begin():
            return None
        try:
            return self.write_cycle(outcomes, max_failures, requests)
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
            return None  # write_cycle rolled back

    def write_cycle(
        self, outcomes: list[Outcome], max_failures: dict[int, int], requests: list[ClaimRequest]
    ) -> CycleResult:
        """The cycle's statements, inside the transaction ``begin`` opened (rolled back on error).

        ``max_failures`` maps campaign id → consecutive permanent failures that pause it.
        """
        try:
            result = self._record(outcomes, max_failures)
            claimed = {
                r.profile_id: self._claim(r.profile_id, r.limit, list(r.campaign_ids), r.now)
                for r in requests
                if r.limit > 0
            }
        except BaseException:
            self.rollback()
            raise
        return result, claimed

    def commit(self) -> None:
        """COMMIT, with the fsync of ``synchronous=FULL``: call it off the event loop."""
        try:
            self.connection.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise

    def rollback(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")

    def write_cycle_waiting(
        self, outcomes: list[Outcome], max_failures: dict[int, int], requests: list[ClaimRequest]
    ) -> CycleResult:
        """The whole cycle, waiting for the write lock like every other writer (on a thread).

        Raises ``LedgerBusy`` if the lock stays taken for the whole busy timeout."""
        self.connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            self.connection.execute("BEGIN IMMEDIATE")
            result = self.write_cycle(outcomes, max_failures, requests)
            self.commit()
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise LedgerBusy(str(exc)) from exc
            raise
        finally:
            self.connection.execute("PRAGMA busy_timeout = 0")
        return result

    # --- the statements ----------------------------------------------------------------------

    def _record(self, outcomes: list[Outcome], max_failures: dict[int, int]) -> RecordResult:
        return record_outcomes(self, outcomes, max_failures)

    # --- OutcomeWriter: SQLite's statements for record_outcomes ----------------------------

    def now(self) -> Any:
        return str(utcnow())

    def value(self, text: str | None) -> str | None:
        return text

    def write_outcomes(self, rows: list[OutcomeRow]) -> None:
        """The common rows (status, reply, attempt) in two ``executemany`` statements:
        building one peewee query per message cost more than the send itself."""
        self.connection.executemany(
            f"UPDATE {_MESSAGE} SET status = ?, updated_at = ?, last_step = ?, "
            "last_code = ?, last_enhanced = ?, last_response = ?, next_attempt_at = ?, "
            "attempts = attempts + ?, sent_at = COALESCE(?, sent_at) WHERE id = ?",
            [(r.status, r.now, r.step, r.code, r.enhanced, r.response,
              str(r.next_attempt_at) if r.next_attempt_at else None, r.attempts, r.sent_at,
              r.message.id) for r in rows],
        )  # fmt: skip
        self.connection.executemany(
            f"UPDATE {_ATTEMPT} SET finished_at = ?, step = ?, code = ?, "
            "enhanced_code = ?, response = ?, outcome = ? WHERE attempt_uid = ?",
            [(r.now, r.step, r.code, r.enhanced, r.response, r.outcome, r.message.attempt_uid)
             for r in rows],
        )  # fmt: skip

    def suppress(self, key: str, reason: str, now: Any) -> None:
        self.connection.execute(
            f"INSERT OR IGNORE INTO {Suppression._meta.table_name} "
            "(email_key, reason, created_at) VALUES (?, ?, ?)",
            (key, reason, now),
        )
        self.connection.execute(
            f"UPDATE {Contact._meta.table_name} SET status = ? WHERE email_key = ?",
            (ContactStatus.BOUNCED, key),
        )

    def count_failure(self, campaign_id: int) -> int:
        self.connection.execute(
            f"UPDATE {_CAMPAIGN} SET consecutive_failures = consecutive_failures + 1 "
            "WHERE id = ?",
            (campaign_id,),
        )
        (failures,) = self.connection.execute(
            f"SELECT consecutive_failures FROM {_CAMPAIGN} WHERE id = ?", (campaign_id,)
        ).fetchone()
        return int(failures)

    def reset_failures(self, campaign_ids: list[int]) -> None:
        for campaign_id in campaign_ids:
            self.connection.execute(
                f"UPDATE {_CAMPAIGN} SET consecutive_failures = 0 "
                "WHERE id = ? AND consecutive_failures != 0",
                (campaign_id,),
            )

    def pause(self, campaign_id: int, reason: str, by: PausedBy) -> None:
        self.connection.execute(
            f"UPDATE {_CAMPAIGN} SET status = ?, pause_reason = ?, paused_by = ? "
            "WHERE id = ? AND status = ?",
            (CampaignStatus.PAUSED, reason, by, campaign_id, CampaignStatus.RUNNING),
        )

    def release(self, messages: list[ClaimedMessage], now: Any) -> None:
        self._release(messages)

    def _release(self, messages: list[ClaimedMessage]) -> None:
        """Claimed but never tried (the campaign paused, the worker stopped): back to the queue."""
        marks = ",".join("?" * len(messages))
        self.connection.execute(
            f"UPDATE {_MESSAGE} SET status = ?, updated_at = ? WHERE id IN ({marks}) "
            "AND status = ?",
            [MessageStatus.QUEUED, str(utcnow()), *[m.id for m in messages],
             MessageStatus.SENDING],
        )  # fmt: skip
        self.connection.execute(
            f"DELETE FROM {_ATTEMPT} WHERE attempt_uid IN ({marks})",
            [m.attempt_uid for m in messages],
        )

    def _claim(
        self, profile_id: int, limit: int, campaign_ids: list[int], due: datetime | None = None
    ) -> list[ClaimedMessage]:
        """Mark up to ``limit`` due messages ``sending``, each with a new attempt (due by
        ``due``, the sender's clock, else the system's)."""
        if limit <= 0:
            return []
        now = utcnow()
        rows = self._due_rows(profile_id, limit, campaign_ids, due or now)
        if not rows:
            return []
        rows = self._drop_suppressed(rows, now)
        if not rows:
            return []
        claimed = []
        attempts = []
        for mid, cid, to_addr, _key, variables, message_id, tries, queued_at in rows:
            uid = attempt_uid()
            claimed.append(
                ClaimedMessage(mid, cid, to_addr, Message.variables.python_value(variables) or {},
                               message_id, tries, _timestamp(queued_at), uid)
            )  # fmt: skip
            attempts.append((mid, uid, str(now)))
        marks = ",".join("?" * len(claimed))
        self.connection.execute(
            f"UPDATE {_MESSAGE} SET status = ?, updated_at = ?, smtp_profile_id = ? "
            f"WHERE id IN ({marks})",
            [MessageStatus.SENDING, str(now), profile_id, *[c.id for c in claimed]],
        )
        self.connection.executemany(
            f"INSERT INTO {_ATTEMPT} (message_id, attempt_uid, started_at) VALUES (?, ?, ?)",
            attempts,
        )
        return claimed

    def _due_rows(
        self, profile_id: int, limit: int, campaign_ids: list[int], now: datetime
    ) -> list[Any]:
        """Up to ``limit`` due messages: retries whose time has come first, then fresh ones.

        Each query walks an index and stops at ``limit`` rows, so a claim costs the same
        with 100 or 100,000 messages waiting (one query with ``status = queued OR
        (status = deferred AND …)`` made SQLite gather and sort every queued row per claim).
        """
        sql = self.connection
        rotated: dict[int, bool] = {
            cid: bool(has_rotation)
            for cid, has_rotation in sql.execute(
                RUNNING_FOR_PROFILE_SQL, (CampaignStatus.RUNNING, profile_id, profile_id)
            )
            if not campaign_ids or cid in campaign_ids
        }
        running = list(rotated)
        if not running:
            return []
        rows: list[Any] = []
        for campaign_id in running:  # one index range each, stopping at ``limit``
            # A campaign with several profiles: only the messages given to this one.
            mine = " AND m.smtp_profile_id = ?" if rotated[campaign_id] else ""
            rows += sql.execute(
                f"SELECT {_CLAIM_COLUMNS}, m.next_attempt_at FROM {_MESSAGE} m "
                f"WHERE m.status = ? AND m.campaign_id = ? AND m.next_attempt_at <= ?{mine} "
                "ORDER BY m.next_attempt_at LIMIT ?",
                [MessageStatus.DEFERRED, campaign_id, str(now)]
                + ([profile_id] if mine else [])
                + [limit],
            ).fetchall()
        if len(running) > 1:
            rows.sort(key=lambda row: row[-1])  # the longest-waiting retries first
        rows = [row[:-1] for row in rows[:limit]]
        for campaign_id in running:
            if len(rows) >= limit:
                break
            mine = " AND m.smtp_profile_id = ?" if rotated[campaign_id] else ""
            rows += sql.execute(
                f"SELECT {_CLAIM_COLUMNS} FROM {_MESSAGE} m WHERE m.campaign_id = ? "
                f"AND m.status = ?{mine} ORDER BY m.id LIMIT ?",
                [campaign_id, MessageStatus.QUEUED]
                + ([profile_id] if mine else [])
                + [limit - len(rows)],
            ).fetchall()
        return rows

    def _drop_suppressed(self, rows: list[Any], now: datetime) -> list[Any]:
        """Checked again at send time: an address suppressed, unsubscribed or bounced since
        the campaign started is never sent to; its message is cancelled with the reason."""
        keys = list({row[3] for row in rows})
        # the addresses themselves and their domains (entries written @example.org)
        entries = keys + list({domain_of(k) for k in keys} - {""})
        marks, entry_marks = ",".join("?" * len(keys)), ",".join("?" * len(entries))
        entry_reasons: dict[str, str] = {}
        statuses: dict[str, str] = {}
        for source, key, reason in self.connection.execute(
            f"SELECT 's', email_key, reason FROM {Suppression._meta.table_name} WHERE email_key "
            f"IN ({entry_marks}) UNION ALL SELECT 'c', email_key, status FROM "
            f"{Contact._meta.table_name} WHERE email_key IN ({marks}) AND status != ?",
            [*entries, *keys, ContactStatus.ACTIVE],
        ).fetchall():
            (entry_reasons if source == "s" else statuses)[key] = reason or ""
        blocked: dict[str, str] = {}
        for key in keys:
            why = send_time_block(
                key, address_reason=entry_reasons.get(key), contact_status=statuses.get(key),
                domain_reason=entry_reasons.get(domain_of(key)),
            )  # fmt: skip
            if why is not None:
                blocked[key] = why
        if not blocked:
            return rows
        self.connection.executemany(
            f"UPDATE {_MESSAGE} SET status = ?, updated_at = ?, next_attempt_at = NULL, "
            "last_response = ? WHERE id = ?",
            [(MessageStatus.CANCELLED, str(now), not_sent_because(blocked[row[3]]), row[0])
             for row in rows if row[3] in blocked],
        )  # fmt: skip
        return [row for row in rows if row[3] not in blocked]


def send_time_block(
    key: str, *, address_reason: str | None, contact_status: str | None, domain_reason: str | None
) -> str | None:
    """Why a claimed address must not be sent to now (None: it may), on either database:
    an entry for the address (its reason), else the contact's status (unsubscribed,
    bounced, complained), else an entry for its domain. ``None`` for each fact means
    there is none; an entry may have an empty reason."""
    if address_reason is not None:
        return address_reason
    if contact_status:
        return contact_status
    if domain_reason is not None:
        return f"the domain {domain_of(key)[1:]} is suppressed" + (
            f": {domain_reason}" if domain_reason else ""
        )
    return None


def not_sent_because(reason: str) -> str:
    """The queue's sentence for a message cancelled by the send-time check."""
    return (
        f"Not sent: the address was suppressed after the campaign started ({reason or 'suppressed'})."
    )


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    """SQLITE_BUSY, "database is locked": another connection holds the lock we need."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return "locked" in str(exc)
    return bool(code & 0xFF == sqlite3.SQLITE_BUSY)


def attempt_uid() -> str:
    """A unique attempt id that sorts by creation time, so new ids land at the end of
    the unique index rather than on a random page of it."""
    return f"{time.time_ns():016x}{secrets.token_hex(4)}"


def _timestamp(value: Any) -> datetime:
    """A stored DateTimeField value (``fromisoformat`` is C; peewee's strptime is not)."""
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        parsed: datetime = Message.queued_at.python_value(value)
        return parsed


_CLAIM_COLUMNS = (
    "m.id, m.campaign_id, m.to_addr, m.to_key, m.variables, m.message_id, m.attempts, m.queued_at"
)


def finish_campaigns(campaign_ids: Iterable[int] | None = None) -> list[int]:
    """Running campaigns whose every message is final become ``finished``."""
    query = Campaign.select(Campaign.id).where(Campaign.status == CampaignStatus.RUNNING)
    ids = list(campaign_ids or [])
    if ids:
        query = query.where(Campaign.id.in_(ids))
    finished = []
    for (cid,) in list(query.tuples()):  # read to the end first: no snapshot stays open
        unsent = Message.select(Message.id).where(
            (Message.campaign == cid) & Message.status.not_in(MessageStatus.FINAL)
        )
        if unsent.exists():
            continue
        # One statement, so the check is made again under the write lock: the sender may
        # have committed a deferral (or the user a retry) since the read above.
        changed = (
            Campaign.update(status=CampaignStatus.FINISHED, finished_at=utcnow())
            .where(
                (Campaign.id == cid)
                & (Campaign.status == CampaignStatus.RUNNING)
                & ~fn.EXISTS(unsent)
            )
            .execute()
        )
        if changed:
            finished.append(cid)
    return finished


class PendingWork(NamedTuple):
    remaining: int  # messages of running campaigns still to try, now or later
    due_now: bool  # some of them could go out right away (not only retries due later)


def pending_work(campaign_ids: Iterable[int] | None = None) -> PendingWork:
    """How much work the running campaigns have left, and whether any of it is due now."""
    running = Campaign.select(Campaign.id).where(Campaign.status == CampaignStatus.RUNNING)
    ids = list(campaign_ids or [])
    if ids:
        running = running.where(Campaign.id.in_(ids))
    running_ids = [cid for (cid,) in running.tuples()]
    if not running_ids:
        return PendingWork(0, False)
    unsent = Message.campaign.in_(running_ids) & Message.status.in_(
        [MessageStatus.QUEUED, MessageStatus.DEFERRED, MessageStatus.SENDING]
    )
    count = int(Message.select().where(unsent).count())
    if not count:
        return PendingWork(0, False)
    now = utcnow()
    due_now = Message.select(Message.id).where(
        Message.campaign.in_(running_ids)
        & Message.status.in_([MessageStatus.QUEUED, MessageStatus.SENDING])
    ).exists() or any(
        Message.select(Message.id)
        .where(
            (Message.status == MessageStatus.DEFERRED)
            & (Message.campaign == cid)
            & (Message.next_attempt_at <= now)
        )
        .exists()  # one index seek per campaign
        for cid in running_ids
    )
    return PendingWork(count, due_now)


def sent_in_last_day(profile_id: int) -> list[float]:
    """Send times (epoch seconds) through a profile in the last 24 h, by any sender: the
    daily cap survives restarts and holds across the senders of a team."""
    since = utcnow() - timedelta(days=1)
    through = (Message.smtp_profile == profile_id) | (
        Message.smtp_profile.is_null() & (Campaign.smtp_profile == profile_id)
    )  # rows from before messages recorded their profile
    rows = (
        Message.select(Message.sent_at)
        .join(Campaign, JOIN.LEFT_OUTER, on=(Message.campaign == Campaign.id))
        .where(through & (Message.sent_at > since))
        .tuples()
    )
    from datetime import UTC

    return [sent.replace(tzinfo=UTC).timestamp() for (sent,) in rows if sent is not None]
