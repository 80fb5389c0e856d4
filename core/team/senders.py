"""Many senders on one PostgreSQL queue: who is alive, who holds which profile.

Each run of ``send`` registers a ``Sender`` row and renews it with a heartbeat; a
sender sends through a profile only while it holds that profile's ``ProfileLease``
(a row per profile, renewed with the same heartbeat), so a profile's rate,
connections and daily cap stay true across machines. A sender whose heartbeat stops
(killed, machine down, cable cut) loses everything once ``expires_at`` has passed: the
next sender that looks turns the rows tagged with that sender and still ``sending``
into ``unknown`` (never ``queued``: they may have been delivered), and only those;
then its leases can be taken.

A sender that is cut off stops by itself: if it could not renew its leases for
``lease_seconds`` minus a margin (measured on its own monotonic clock), it stops
claiming and sending before anyone else may take them over.

Times are the database server's clock (one clock for every machine), unless a
``clock`` is injected (tests move time forward without sleeping).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import psycopg

from core.models import (
    Attempt,
    Campaign,
    CampaignProfile,
    CampaignStatus,
    Message,
    MessageStatus,
    ProfileLease,
    Sender,
    SmtpProfile,
    iso,
)

log = logging.getLogger(__name__)

LEASE_SECONDS = 30.0
HEARTBEAT_SECONDS = 5.0
# Stop sending this long before the lease could be taken over by another sender.
SAFETY_MARGIN_SECONDS = 5.0

Clock = Callable[[], datetime]

_MESSAGE = Message._meta.table_name
_ATTEMPT = Attempt._meta.table_name
_SENDER = Sender._meta.table_name
_LEASE = ProfileLease._meta.table_name
_PROFILE = SmtpProfile._meta.table_name
_CAMPAIGN = Campaign._meta.table_name
_CAMPAIGN_PROFILE = CampaignProfile._meta.table_name

UNKNOWN_AFTER_DEATH = (
    "The sender {name} stopped (no heartbeat) while this message was being sent; it may or "
    "may not have been delivered. Resend it (same Message-ID) or mark it sent."
)

_RECOVER_SQL = f"""
WITH dead AS (
    UPDATE {_SENDER} SET stopped_at = %(now)s, stop_reason = 'no heartbeat since ' || heartbeat_at
    WHERE stopped_at IS NULL AND expires_at < %(now)s
    RETURNING id, name
), lost AS (
    UPDATE {_MESSAGE} m SET status = %(unknown)s, updated_at = %(now)s,
        last_response = replace(%(text)s, '{{name}}', dead.name)
    FROM dead WHERE m.status = %(sending)s AND m.sender_id = dead.id
    RETURNING m.id
), orphans AS (
    UPDATE {_MESSAGE} m SET status = %(unknown)s, updated_at = %(now)s,
        last_response = replace(%(text)s, '{{name}}', 'that had it')
    WHERE m.status = %(sending)s AND (m.sender_id IS NULL OR NOT EXISTS
        (SELECT 1 FROM {_SENDER} s WHERE s.id = m.sender_id))
    RETURNING m.id
), attempts AS (
    UPDATE {_ATTEMPT} SET finished_at = %(now)s, outcome = %(unknown)s
    WHERE message_id IN (SELECT id FROM lost UNION ALL SELECT id FROM orphans)
        AND finished_at IS NULL
), leases AS (
    DELETE FROM {_LEASE} WHERE sender_id IN (SELECT id FROM dead)
)
SELECT (SELECT count(*) FROM dead),
       (SELECT count(*) FROM lost) + (SELECT count(*) FROM orphans)
"""

_ACQUIRE_SQL = f"""
INSERT INTO {_LEASE} (smtp_profile_id, sender_id, acquired_at, heartbeat_at, expires_at)
VALUES (%(profile)s, %(me)s, %(now)s, %(now)s, %(expires)s)
ON CONFLICT (smtp_profile_id) DO UPDATE
    SET sender_id = excluded.sender_id, acquired_at = excluded.acquired_at,
        heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at
    WHERE {_LEASE}.sender_id = excluded.sender_id OR {_LEASE}.expires_at < %(now)s
RETURNING sender_id
"""


_HELD_BY_ANOTHER_SQL = (
    f"SELECT 1 FROM {_LEASE} WHERE smtp_profile_id = %s AND sender_id <> %s AND expires_at >= %s"
)


@dataclass(frozen=True)
class Recovered:
    senders: int  # senders found dead
    messages: int  # their in-flight rows, now unknown


@dataclass(frozen=True)
class LiveSender:
    name: str
    host: str
    pid: int
    profiles: list[str]
    sent_last_minute: int
    last_heartbeat: str | None
    started_at: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "host": self.host,
            "pid": self.pid,
            "profiles": self.profiles,
            "sent_last_minute": self.sent_last_minute,
            "last_heartbeat": self.last_heartbeat,
            "started_at": self.started_at,
        }


def new_sender_id() -> str:
    return f"{time.time_ns():x}-{secrets.token_hex(4)}"


class TeamSender:
    """This process as one of the team's senders: registration, leases, heartbeats.

    It has a connection of its own (autocommit; each operation is one transaction),
    so a heartbeat never waits behind the worker's queries. Its methods block: the
    worker calls them on a thread.
    """

    def __init__(
        self,
        location: str,
        *,
        name: str | None = None,
        clock: Clock | None = None,
        lease_seconds: float = LEASE_SECONDS,
        heartbeat_seconds: float | None = None,
    ) -> None:
        self.location = location
        self.id = new_sender_id()
        self.host = socket.gethostname()
        self.pid = os.getpid()
        self.name = name or f"{self.host}:{self.pid}"
        self.clock = clock
        self.lease_seconds = lease_seconds
        self.heartbeat_seconds = heartbeat_seconds or min(HEARTBEAT_SECONDS, lease_seconds / 6)
        self.held: set[int] = set()
        self.registered = False
        self._renewed_at = 0.0  # monotonic time of the last successful heartbeat
        self._connection: Any = None
        self._lock = threading.Lock()
        self.waits: dict[str, tuple[int, float, float]] = {}  # what → count, seconds, slowest

    # --- the connection ------------------------------------------------------------------------

    def _conn(self) -> Any:
        if self._connection is None or self._connection.closed:
            from core.team.database import CONNECT_TIMEOUT, connect_options, libpq_url

            self._connection = psycopg.connect(
                libpq_url(self.location), autocommit=True, connect_timeout=CONNECT_TIMEOUT,
                application_name=f"staffetta sender {self.name}",
                **connect_options(self.location),
            )  # fmt: skip
        return self._connection

    def _now(self, conn: Any) -> datetime:
        if self.clock is not None:
            return self.clock()
        value: datetime = conn.execute("SELECT timezone('UTC', clock_timestamp())").fetchone()[0]
        return value

    def _run(self, work: Callable[[Any, datetime], Any], what: str = "other") -> Any:
        """One transaction; a broken connection is dropped so the next call reconnects."""
        with self._lock:
            started = time.perf_counter()
            conn = self._conn()
            try:
                with conn.transaction():
                    return work(conn, self._now(conn))
            except psycopg.OperationalError:
                self.close()
                raise
            finally:
                took = time.perf_counter() - started
                count, total, slowest = self.waits.get(what, (0, 0.0, 0.0))
                self.waits[what] = (count + 1, total + took, max(slowest, took))

    def waited(self) -> str:
        """How long its heartbeats and lease changes took (the sender's log, at the end)."""
        return "; ".join(
            f"{what} {count}× {total / count * 1000:.2f} ms (slowest {slowest * 1000:.1f} ms)"
            for what, (count, total, slowest) in sorted(self.waits.items())
        )

    def close(self) -> None:
        if self.waits:
            log.info("sender %s: %s", self.name, self.waited())
            self.waits = {}
        conn, self._connection = self._connection, None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                log.debug("closing the sender connection failed", exc_info=True)

    # --- lifecycle -----------------------------------------------------------------------------

    def register(self) -> Recovered:
        """Join the team; first turn the rows of senders found dead into ``unknown``."""

        def work(conn: Any, now: datetime) -> Recovered:
            recovered = self._recover(conn, now)
            conn.execute(
                f"INSERT INTO {_SENDER} (id, name, host, pid, started_at, heartbeat_at, "
                "expires_at, sent_last_minute) VALUES (%s, %s, %s, %s, %s, %s, %s, 0)",
                (self.id, self.name, self.host, self.pid, now, now, self._expiry(now)),
            )
            return recovered

        recovered: Recovered = self._run(work, "register")
        self._renewed_at = time.monotonic()
        self.registered = True
        return recovered

    def acquire(self, profile_id: int, *, wanted: int | None = None) -> bool:
        """Take the profile's lease if it is free or expired (its holder's rows recovered first).

        ``wanted`` is how many profiles the running campaigns need: a sender that already
        holds its fair share of them (``wanted`` over the live senders) leaves the rest
        to the others, so senders started together spread over the profiles (None: no
        share, take it if free).
        """

        def work(conn: Any, now: datetime) -> bool:
            # Held by another live sender (the common answer, asked every second by each
            # sender for each profile it does not hold): nothing to take, nobody to recover.
            if conn.execute(_HELD_BY_ANOTHER_SQL, (profile_id, self.id, now)).fetchone():
                return False
            self._recover(conn, now)
            if self.held and wanted is not None:
                (live,) = conn.execute(
                    f"SELECT count(*) FROM {_SENDER} WHERE stopped_at IS NULL AND expires_at >= %s",
                    (now,),
                ).fetchone()
                if len(self.held) >= -(-wanted // max(1, int(live))):
                    return False
            row = conn.execute(
                _ACQUIRE_SQL,
                {"profile": profile_id, "me": self.id, "now": now, "expires": self._expiry(now)},
            ).fetchone()
            return row is not None

        got: bool = self._run(work, "acquire")
        if got:
            self.held.add(profile_id)
        return got

    def heartbeat(self, sent_last_minute: int = 0) -> set[int]:
        """Renew the registration and every held lease; return the profiles no longer held."""
        held = sorted(self.held)

        def work(conn: Any, now: datetime) -> set[int]:
            expires = self._expiry(now)
            alive = conn.execute(
                f"UPDATE {_SENDER} SET heartbeat_at = %s, expires_at = %s, sent_last_minute = %s "
                "WHERE id = %s AND stopped_at IS NULL RETURNING id",
                (now, expires, sent_last_minute, self.id),
            ).fetchone()
            if alive is None:  # declared dead by another sender: everything is gone
                return set(held)
            kept = {
                pid
                for (pid,) in conn.execute(
                    f"UPDATE {_LEASE} SET heartbeat_at = %s, expires_at = %s "
                    "WHERE sender_id = %s AND smtp_profile_id = ANY(%s) RETURNING smtp_profile_id",
                    (now, expires, self.id, held),
                ).fetchall()
            }
            self._recover(conn, now)
            return set(held) - kept

        lost: set[int] = self._run(work, "heartbeat")
        self._renewed_at = time.monotonic()
        self.held -= lost
        return lost

    def release(self, profile_ids: set[int] | None = None) -> None:
        """Give leases back (all of them, and leave the team, when ``profile_ids`` is None)."""
        ids = sorted(self.held if profile_ids is None else profile_ids)

        def work(conn: Any, now: datetime) -> None:
            conn.execute(
                f"DELETE FROM {_LEASE} WHERE sender_id = %s AND smtp_profile_id = ANY(%s)",
                (self.id, ids),
            )
            if profile_ids is None:
                conn.execute(
                    f"UPDATE {_SENDER} SET stopped_at = %s, stop_reason = 'stopped', "
                    "sent_last_minute = 0 WHERE id = %s AND stopped_at IS NULL",
                    (now, self.id),
                )

        self._run(work, "release")
        self.held -= set(ids)

    def excess(self, wanted: int) -> int:
        """How many leases to give back so the live senders share the ``wanted`` profiles:
        more than a fair share while another live sender holds less than one."""
        if len(self.held) <= 1:
            return 0

        def work(conn: Any, now: datetime) -> int:
            counts = {
                sid: int(n)
                for sid, n in conn.execute(
                    f"SELECT s.id, count(l.smtp_profile_id) FROM {_SENDER} s "
                    f"LEFT JOIN {_LEASE} l ON l.sender_id = s.id AND l.expires_at >= %s "
                    "WHERE s.stopped_at IS NULL AND s.expires_at >= %s GROUP BY s.id",
                    (now, now),
                ).fetchall()
            }
            fair = -(-wanted // max(1, len(counts)))
            others = [n for sid, n in counts.items() if sid != self.id]
            if not others or min(others) >= fair:
                return 0
            return max(0, len(self.held) - fair)

        result: int = self._run(work, "share")
        return result

    def recover_expired(self) -> Recovered:
        result: Recovered = self._run(self._recover)
        return result

    def leases_trusted(self) -> bool:
        """Whether this sender may still send: its last renewal is recent enough that no
        other sender can have taken its leases over (its own monotonic clock)."""
        margin = min(SAFETY_MARGIN_SECONDS, self.lease_seconds / 3)
        return time.monotonic() - self._renewed_at < self.lease_seconds - margin

    # --- statements ----------------------------------------------------------------------------

    def _expiry(self, now: datetime) -> datetime:
        return now + timedelta(seconds=self.lease_seconds)

    def _recover(self, conn: Any, now: datetime) -> Recovered:
        senders, messages = conn.execute(
            _RECOVER_SQL,
            {"now": now, "unknown": MessageStatus.UNKNOWN, "sending": MessageStatus.SENDING,
             "text": UNKNOWN_AFTER_DEATH},
        ).fetchone()  # fmt: skip
        if senders:
            log.warning(
                "%d sender(s) stopped without a heartbeat; %d in-flight message(s) are now unknown",
                senders, messages,
            )  # fmt: skip
        return Recovered(int(senders), int(messages))


def live_senders() -> list[LiveSender]:
    """``workers``: the senders whose heartbeat is fresh, with the profiles they hold."""
    from core.models import database_proxy

    now = database_proxy.execute_sql("SELECT timezone('UTC', clock_timestamp())").fetchone()[0]
    rows = database_proxy.execute_sql(
        f"SELECT s.id, s.name, s.host, s.pid, s.sent_last_minute, s.heartbeat_at, s.started_at, "
        f"COALESCE(string_agg(p.name, ',' ORDER BY p.name), '') FROM {_SENDER} s "
        f"LEFT JOIN {_LEASE} l ON l.sender_id = s.id AND l.expires_at >= %s "
        f"LEFT JOIN {_PROFILE} p ON p.id = l.smtp_profile_id "
        "WHERE s.stopped_at IS NULL AND s.expires_at >= %s "
        "GROUP BY s.id ORDER BY s.started_at, s.id",
        (now, now),
    ).fetchall()
    return [
        LiveSender(
            name,
            host,
            int(pid),
            [p for p in profiles.split(",") if p],
            int(sent),
            iso(heartbeat),
            iso(started),
        )
        for _id, name, host, pid, sent, heartbeat, started, profiles in rows
    ]


# --- who is sending what (the window's view of the team) ------------------------------------

STOPPED_SHOWN_FOR = timedelta(hours=1)  # a stopped sender stays in the view this long
TEAM_VIEW_LIMIT = 100


class SenderState(StrEnum):
    SENDING = "sending"  # heartbeat fresh, holds profiles
    IDLE = "idle"  # heartbeat fresh, holds no profile (nothing to send, or all taken)
    STALE = "stale"  # half its lease went by without a heartbeat: slow, cut off or dead
    LOST = "lost"  # declared dead (no heartbeat until its lease expired)
    STOPPED = "stopped"  # stopped and left the team


@dataclass(frozen=True)
class TeamMember:
    """One row of the window's senders view (plain data)."""

    id: str
    name: str
    host: str
    pid: int
    started_at: datetime
    last_seen: datetime
    seconds_since_seen: float
    profiles: list[str]
    campaigns: list[str]
    sent_last_minute: int
    state: SenderState
    stopped_at: datetime | None = None


_TEAM_VIEW_SQL = f"""
WITH held AS (
    SELECT l.sender_id, l.smtp_profile_id, p.name FROM {_LEASE} l
    JOIN {_PROFILE} p ON p.id = l.smtp_profile_id WHERE l.expires_at >= %(now)s
)
SELECT s.id, s.name, s.host, s.pid, s.started_at, s.heartbeat_at, s.expires_at, s.stopped_at,
    s.stop_reason, s.sent_last_minute,
    ARRAY(SELECT h.name FROM held h WHERE h.sender_id = s.id ORDER BY h.name),
    ARRAY(SELECT c.name FROM {_CAMPAIGN} c WHERE c.status = %(running)s AND (
        (c.smtp_profile_id IN (SELECT h.smtp_profile_id FROM held h WHERE h.sender_id = s.id)
         AND NOT EXISTS (SELECT 1 FROM {_CAMPAIGN_PROFILE} r WHERE r.campaign_id = c.id))
        OR EXISTS (SELECT 1 FROM {_CAMPAIGN_PROFILE} r WHERE r.campaign_id = c.id
            AND r.paused_reason IS NULL AND r.smtp_profile_id IN
            (SELECT h.smtp_profile_id FROM held h WHERE h.sender_id = s.id)))
        ORDER BY c.id)
FROM {_SENDER} s
WHERE s.stopped_at IS NULL OR s.stopped_at >= %(since)s
ORDER BY s.stopped_at IS NOT NULL, s.stopped_at DESC, s.started_at, s.id
LIMIT %(limit)s
"""


def team_view(clock: Clock | None = None) -> list[TeamMember]:
    """Every sender of the team now, and those stopped in the last hour, with the
    profiles each holds and the running campaigns those profiles send (live ones first)."""
    from core.models import database_proxy

    now: datetime = (
        clock()
        if clock is not None
        else database_proxy.execute_sql("SELECT timezone('UTC', clock_timestamp())").fetchone()[0]
    )
    rows = database_proxy.execute_sql(
        _TEAM_VIEW_SQL,
        {"now": now, "since": now - STOPPED_SHOWN_FOR, "running": CampaignStatus.RUNNING,
         "limit": TEAM_VIEW_LIMIT},
    ).fetchall()  # fmt: skip
    members = []
    for (sid, name, host, pid, started, heartbeat, expires, stopped, reason, sent,
         profiles, campaigns) in rows:  # fmt: skip
        if stopped is not None:
            state = SenderState.STOPPED if reason == "stopped" else SenderState.LOST
            profiles, campaigns, sent = [], [], 0
        elif now > heartbeat + (expires - heartbeat) / 2:
            state = SenderState.STALE
        else:
            state = SenderState.SENDING if profiles else SenderState.IDLE
        member = TeamMember(
            id=sid, name=name, host=host, pid=int(pid), started_at=started,
            last_seen=heartbeat, seconds_since_seen=max(0.0, (now - heartbeat).total_seconds()),
            profiles=list(profiles), campaigns=list(campaigns), sent_last_minute=int(sent),
            state=state, stopped_at=stopped,
        )  # fmt: skip
        members.append(member)
    return members
