"""The queue ledger on PostgreSQL: the same cycles as ``core.queue.ledger.QueueLedger``,
for many senders at once.

A cycle records outcomes, then claims, in one transaction. Claims take rows with
``FOR UPDATE SKIP LOCKED`` (two senders never get the same row, and never wait for
each other) and tag each row with this sender's id; outcomes are written only to rows
that still carry the tag, so a row another sender has since recovered or retried is
never overwritten by a late reply (a row recovered as ``unknown`` while this sender was
cut off does get the true outcome: it was still ours). ``sending`` is committed before
the message is handed to a connection, so before MAIL FROM.

Every round trip to the server is a wait (and, on a busy machine, a wake-up of each
side), so a cycle is one pipeline: BEGIN, the outcomes and the claim (which starts its
messages' attempts itself) go together, the COMMIT follows; two round trips for a cycle
that sends nothing back to decide on. It runs on the worker's commit thread and never
on the event loop: ``write_cycle_now`` always answers "not now".

A lost connection is ``LedgerBusy`` (the worker keeps the outcomes and tries again). If
the COMMIT's fate is unknown, the retry is harmless: outcomes apply once per attempt
(an attempt already finished is not counted again), and rows this sender claimed in a
cycle it never heard back from are put back in the queue when it reconnects.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

from core.campaigns.rotation import RUNNING_FOR_PROFILE_SQL
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
    utcnow,
)
from core.queue.ledger import (
    ClaimedMessage,
    ClaimRequest,
    CycleResult,
    LedgerBusy,
    Outcome,
    OutcomeRow,
    RecordResult,
    attempt_uid,
    not_sent_because,
    record_outcomes,
    send_time_block,
)
from core.team.database import qmark_to_format

log = logging.getLogger(__name__)

_MESSAGE = Message._meta.table_name
_ATTEMPT = Attempt._meta.table_name
_CAMPAIGN = Campaign._meta.table_name
_SUPPRESSION = Suppression._meta.table_name
_CONTACT = Contact._meta.table_name

_RETURNING = (
    "m.id, m.campaign_id, m.to_addr, m.to_key, m.variables, m.message_id, m.attempts, m.queued_at"
)


_RUNNING_SQL = (
    qmark_to_format(RUNNING_FOR_PROFILE_SQL)
    .replace("c.status = %s", "c.status = %(running)s", 1)
    .replace("c.smtp_profile_id = %s", "c.smtp_profile_id = %(profile)s", 1)
    .replace("r.smtp_profile_id = %s", "r.smtp_profile_id = %(profile)s", 1)
)
assert "%s" not in _RUNNING_SQL

# One round trip claims: the running campaigns this profile sends for, each one's due
# retries (oldest first) then its fresh rows (in id order), locked with SKIP LOCKED and
# tagged, each one's attempt started (its uid from the ``%(uids)s`` the caller made, one
# per row it may claim), with each address's suppression entries and contact status
# for the send-time check. Each campaign's rows are an index walk that stops at the limit (the partial
# index ``message_queued_claim`` for fresh rows, by ``id + 0``: ordered by ``id`` the
# planner may walk the primary key past every row already sent); rows another sender
# has locked are skipped, never waited for. The statuses are written into the text so
# the generic plan psycopg prepares can still use the partial index; the suppression
# and contact lookups are LATERAL ... LIMIT 1, so even that plan (which cannot know how
# few rows a claim takes) looks each address up by its unique index instead of hashing
# whole tables; the claimed rows are updated through ``= ANY(ARRAY(...))``, which that
# plan also looks up in the primary key (with ``IN (SELECT ...)`` it guessed a thousand
# rows and hashed them against a scan of the whole table: 5 ms at 10,000 rows).
_CLAIM_SQL = f"""
WITH running AS (
    SELECT * FROM ({_RUNNING_SQL}) p
    WHERE cardinality(%(campaigns)s::int[]) = 0 OR p.id = ANY(%(campaigns)s::int[])
),
due AS (
    SELECT d.id, d.next_attempt_at FROM running r CROSS JOIN LATERAL (
        SELECT m.id, m.next_attempt_at FROM {_MESSAGE} m
        WHERE m.campaign_id = r.id AND m.status = '{MessageStatus.DEFERRED}'
            AND m.next_attempt_at <= %(due)s
            AND (NOT r.rotated OR m.smtp_profile_id = %(profile)s)
        ORDER BY m.next_attempt_at LIMIT %(limit)s FOR UPDATE SKIP LOCKED) d
    ORDER BY d.next_attempt_at LIMIT %(limit)s
),
fresh AS (
    SELECT f.id FROM running r CROSS JOIN LATERAL (
        SELECT m.id FROM {_MESSAGE} m
        WHERE m.campaign_id = r.id AND m.status = '{MessageStatus.QUEUED}'
            AND (NOT r.rotated OR m.smtp_profile_id = %(profile)s)
        ORDER BY m.id + 0 LIMIT %(limit)s FOR UPDATE SKIP LOCKED) f
    ORDER BY r.id, f.id LIMIT greatest(0, %(limit)s - (SELECT count(*) FROM due))
),
claimed AS (
    UPDATE {_MESSAGE} m SET status = %(sending)s, updated_at = %(now)s, sender_id = %(me)s,
        smtp_profile_id = %(profile)s
    WHERE m.id = ANY(ARRAY(SELECT id FROM due UNION ALL SELECT id FROM fresh))
    RETURNING {_RETURNING}, m.next_attempt_at
),
numbered AS (
    SELECT c.id, (%(uids)s::text[])[row_number() OVER ()] AS uid FROM claimed c
),
attempts AS (
    INSERT INTO {_ATTEMPT} (message_id, attempt_uid, started_at)
    SELECT n.id, n.uid, %(now)s FROM numbered n
)
SELECT c.*, sk.hit IS NOT NULL, sk.reason, sd.hit IS NOT NULL, sd.reason, ct.status, n.uid
FROM claimed c JOIN numbered n ON n.id = c.id
LEFT JOIN LATERAL (SELECT 1 AS hit, reason FROM {_SUPPRESSION}
    WHERE email_key = c.to_key LIMIT 1) sk ON true
LEFT JOIN LATERAL (SELECT 1 AS hit, reason FROM {_SUPPRESSION}
    WHERE email_key = '@' || split_part(c.to_key, '@', 2) AND position('@' in c.to_key) > 0
    LIMIT 1) sd ON true
LEFT JOIN LATERAL (SELECT status FROM {_CONTACT}
    WHERE email_key = c.to_key AND status != '{ContactStatus.ACTIVE}' LIMIT 1) ct ON true
"""


# An attempt that is already finished is not recorded again (a retried cycle whose
# first COMMIT did happen), and only rows still tagged with this sender change.
_OUTCOME_SQL = (
    f"UPDATE {_MESSAGE} SET status = %s, updated_at = %s, last_step = %s, last_code = %s, "
    "last_enhanced = %s, last_response = %s, next_attempt_at = %s, "
    "attempts = attempts + %s, sent_at = COALESCE(%s, sent_at) "
    "WHERE id = %s AND sender_id = %s AND status IN ('sending', 'unknown') AND EXISTS "
    f"(SELECT 1 FROM {_ATTEMPT} a WHERE a.attempt_uid = %s AND a.finished_at IS NULL)"
)
_ATTEMPT_SQL = (
    f"UPDATE {_ATTEMPT} SET finished_at = %s, step = %s, code = %s, enhanced_code = %s, "
    "response = %s, outcome = %s WHERE attempt_uid = %s AND finished_at IS NULL"
)


@dataclass
class CycleTimings:
    """Where a ledger's time went (logged when it closes: a sender's log shows how long
    its cycles waited for the server, and for which part)."""

    cycles: int = 0
    outcomes: int = 0
    claimed: int = 0
    statements: float = 0.0  # seconds: BEGIN, outcomes and claims, results back
    commits: float = 0.0  # seconds: the COMMIT (the server's fsync)
    slowest: float = 0.0  # seconds: the longest cycle

    def add(self, started: float, written: float, done: float, outcomes: int, claimed: int) -> None:
        self.cycles += 1
        self.outcomes += outcomes
        self.claimed += claimed
        self.statements += written - started
        self.commits += done - written
        self.slowest = max(self.slowest, done - started)

    def __str__(self) -> str:
        n = max(1, self.cycles)
        return (
            f"{self.cycles} cycles, {self.outcomes} outcomes, {self.claimed} claimed; per cycle "
            f"{self.statements / n * 1000:.2f} ms statements + {self.commits / n * 1000:.2f} ms "
            f"commit, slowest {self.slowest * 1000:.1f} ms"
        )


def _text(value: str | None) -> str | None:
    """A relay's reply as PostgreSQL can store it (text there cannot hold NUL)."""
    return value.replace("\x00", "\ufffd") if value and "\x00" in value else value


class PostgresLedger:
    """The worker's own connection to a team queue (see the module docstring)."""

    def __init__(self, location: str, sender_id: str) -> None:
        from core.team.database import libpq_url

        self.url = libpq_url(location)
        self.location = location
        self.sender_id = sender_id
        self.connection: Any = None
        self._in_flight: set[int] = set()  # claimed by this ledger, not yet recorded
        self._reconcile = False
        self.timings = CycleTimings()
        self._connect()

    def _connect(self) -> None:
        from core.team.database import CONNECT_TIMEOUT, connect_options

        self.connection = psycopg.connect(
            self.url, autocommit=False, connect_timeout=CONNECT_TIMEOUT,
            application_name="staffetta ledger", **connect_options(self.location),
        )  # fmt: skip
        # The cycle's statements are prepared (psycopg, from their fifth run) and planned
        # once: left to choose, the server plans the claim afresh on every run (its
        # generic plan's estimate is higher: it cannot know how few rows a claim takes),
        # which costs more than running it. The generic plan walks the same indexes.
        self.connection.execute("SET plan_cache_mode = force_generic_plan")
        self.connection.execute("SET jit = off")
        self.connection.commit()

    def close(self) -> None:
        if self.timings.cycles:
            log.info("ledger of sender %s: %s", self.sender_id, self.timings)
        if self.connection is not None and not self.connection.closed:
            try:
                self.connection.rollback()
            finally:
                self.connection.close()

    # --- the worker's interface ------------------------------------------------------------------

    def write_cycle_now(
        self, outcomes: list[Outcome], max_failures: dict[int, int], requests: list[ClaimRequest]
    ) -> CycleResult | None:
        """Never on the loop: every statement here is a round trip to the server."""
        return None

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        if self.connection is not None and not self.connection.closed:
            self.connection.rollback()

    def write_cycle_waiting(
        self, outcomes: list[Outcome], max_failures: dict[int, int], requests: list[ClaimRequest]
    ) -> CycleResult:
        """The whole cycle and its COMMIT (call it on a thread)."""
        try:
            if self.connection is None or self.connection.closed:
                self._connect()
            # One pipeline: BEGIN, the outcomes and the first claim go in one round trip
            # (a statement whose result is needed, a claim, sends what is queued), the
            # COMMIT in the next.
            started = time.perf_counter()
            with self.connection.pipeline():
                if self._reconcile:
                    self._put_back_unknown_claims()
                result = self._record(outcomes, max_failures)
                claimed = {
                    r.profile_id: self._claim(r.profile_id, r.limit, list(r.campaign_ids), r.now)
                    for r in requests
                    if r.limit > 0
                }
                written = time.perf_counter()
                self.connection.commit()
            self.timings.add(
                started, written, time.perf_counter(), len(outcomes),
                sum(len(m) for m in claimed.values()),
            )  # fmt: skip
        except psycopg.OperationalError as exc:
            # The server went away (or we were cut off): nothing is known to be written.
            self._reconcile = True
            try:
                self.connection.close()
            except Exception:
                log.debug("closing a broken ledger connection failed", exc_info=True)
            raise LedgerBusy(f"the team database cannot be reached: {exc}") from exc
        except BaseException:
            self.rollback()
            raise
        for o in outcomes:
            self._in_flight.discard(o.message.id)
        for messages in claimed.values():
            self._in_flight.update(m.id for m in messages)
        return result, claimed

    # --- the statements --------------------------------------------------------------------------

    def _put_back_unknown_claims(self) -> None:
        """Rows claimed in a cycle whose COMMIT we never heard back from: no connection
        ever had them, so they go back to the queue."""
        with self.connection.cursor() as cur:
            cur.execute(
                f"WITH back AS (UPDATE {_MESSAGE} SET status = %s, updated_at = %s "
                "WHERE status = %s AND sender_id = %s AND NOT (id = ANY(%s)) RETURNING id) "
                f"DELETE FROM {_ATTEMPT} WHERE finished_at IS NULL "
                "AND message_id IN (SELECT id FROM back)",
                (MessageStatus.QUEUED, utcnow(), MessageStatus.SENDING, self.sender_id,
                 sorted(self._in_flight)),
            )  # fmt: skip
        self._reconcile = False

    def _record(self, outcomes: list[Outcome], max_failures: dict[int, int]) -> RecordResult:
        return record_outcomes(self, outcomes, max_failures)

    # --- OutcomeWriter: PostgreSQL's statements for record_outcomes ------------------------

    def now(self) -> Any:
        return utcnow()

    def value(self, text: str | None) -> str | None:
        return _text(text)

    def write_outcomes(self, rows: list[OutcomeRow]) -> None:
        """Only rows still tagged with this sender change (see ``_OUTCOME_SQL``)."""
        cur = self.connection.cursor()
        cur.executemany(
            _OUTCOME_SQL,
            [(r.status, r.now, r.step, r.code, r.enhanced, r.response, r.next_attempt_at,
              r.attempts, r.sent_at, r.message.id, self.sender_id, r.message.attempt_uid)
             for r in rows],
        )  # fmt: skip
        cur.executemany(
            _ATTEMPT_SQL,
            [(r.now, r.step, r.code, r.enhanced, r.response, r.outcome, r.message.attempt_uid)
             for r in rows],
        )  # fmt: skip

    def suppress(self, key: str, reason: str, now: Any) -> None:
        cur = self.connection.cursor()
        cur.execute(
            f"INSERT INTO {_SUPPRESSION} (email_key, reason, created_at) "
            "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
            (key, reason, now),
        )
        cur.execute(
            f"UPDATE {_CONTACT} SET status = %s WHERE email_key = %s",
            (ContactStatus.BOUNCED, key),
        )

    def count_failure(self, campaign_id: int) -> int:
        (failures,) = self.connection.execute(
            f"UPDATE {_CAMPAIGN} SET consecutive_failures = consecutive_failures + 1 "
            "WHERE id = %s RETURNING consecutive_failures",
            (campaign_id,),
        ).fetchone()
        return int(failures)

    def reset_failures(self, campaign_ids: list[int]) -> None:
        self.connection.execute(
            f"UPDATE {_CAMPAIGN} SET consecutive_failures = 0 "
            "WHERE id = ANY(%s) AND consecutive_failures != 0",
            (campaign_ids,),
        )

    def pause(self, campaign_id: int, reason: str, by: PausedBy) -> None:
        self.connection.execute(
            f"UPDATE {_CAMPAIGN} SET status = %s, pause_reason = %s, paused_by = %s "
            "WHERE id = %s AND status = %s",
            (CampaignStatus.PAUSED, reason, by, campaign_id, CampaignStatus.RUNNING),
        )

    def release(self, messages: list[ClaimedMessage], now: Any) -> None:
        """Only this sender's rows still ``sending`` go back."""
        self.connection.execute(
            f"UPDATE {_MESSAGE} SET status = %s, updated_at = %s "
            "WHERE id = ANY(%s) AND status = %s AND sender_id = %s",
            (MessageStatus.QUEUED, now, [m.id for m in messages], MessageStatus.SENDING,
             self.sender_id),
        )  # fmt: skip
        self.connection.execute(
            f"DELETE FROM {_ATTEMPT} WHERE attempt_uid = ANY(%s) AND finished_at IS NULL",
            ([m.attempt_uid for m in messages],),
        )

    def _claim(
        self, profile_id: int, limit: int, campaign_ids: list[int], due: datetime | None = None
    ) -> list[ClaimedMessage]:
        """Up to ``limit`` due messages for this profile: retries whose time has come
        (by ``due``, the sender's clock, else the system's) first, then fresh ones, each
        with its attempt started: one statement. A claimed address suppressed since the
        campaign started is cancelled with the reason (its attempt removed) before the
        COMMIT, one more round trip only then."""
        now = utcnow()
        cur = self.connection.cursor()
        params = {
            "now": now, "due": due or now, "profile": profile_id, "me": self.sender_id, "limit": limit,
            "sending": MessageStatus.SENDING, "running": CampaignStatus.RUNNING,
            "campaigns": list(campaign_ids), "uids": [attempt_uid() for _ in range(limit)],
        }  # fmt: skip
        rows = cur.execute(_CLAIM_SQL, params).fetchall()
        if not rows:
            return []
        blocked = _blocked_reasons(rows)
        claimed: list[ClaimedMessage] = []
        for row in sorted(rows, key=lambda r: (r[8] is None, r[8] or datetime.min, r[0])):
            mid, cid, to_addr, key, variables, message_id, tries, queued_at = row[:8]
            if key in blocked:
                continue
            claimed.append(
                ClaimedMessage(mid, cid, to_addr, Message.variables.python_value(variables) or {},
                               message_id, tries, queued_at, row[14])
            )  # fmt: skip
        if blocked:
            stopped = [row for row in rows if row[3] in blocked]
            cur.execute(
                f"DELETE FROM {_ATTEMPT} WHERE attempt_uid = ANY(%s)", ([r[14] for r in stopped],)
            )
            cur.executemany(
                f"UPDATE {_MESSAGE} SET status = %s, updated_at = %s, next_attempt_at = NULL, "
                "last_response = %s WHERE id = %s",
                [(MessageStatus.CANCELLED, now, not_sent_because(blocked[r[3]]), r[0])
                 for r in stopped],
            )  # fmt: skip
        return claimed


def _blocked_reasons(rows: list[Any]) -> dict[str, str]:
    """The claimed addresses never to be sent to, with the reason (``send_time_block``,
    as on SQLite); ``rows`` carry the facts it needs after the claim's columns."""
    blocked: dict[str, str] = {}
    for row in rows:
        key_hit, key_reason, domain_hit, domain_reason, contact_status = row[9:14]
        why = send_time_block(
            row[3], address_reason=(key_reason or "") if key_hit else None,
            contact_status=contact_status,
            domain_reason=(domain_reason or "") if domain_hit else None,
        )  # fmt: skip
        if why is not None:
            blocked[row[3]] = why
    return blocked
