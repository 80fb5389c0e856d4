"""Matching returned mail to its messages and applying what it says, exactly once.

A batch of mails read from one mailbox is classified (``parse``), matched in bulk
(one query per kind of key, never one per mail) and applied in one transaction that
also records every mail by its UID (and Message-ID) and moves the mailbox's
high-water mark, so a crash either keeps the whole batch or none of it and a second
check counts nothing twice.

Matching, strongest first: the original's Message-ID (from the returned copy, or
In-Reply-To/References), a VERP return path ``local+<message id>@domain``, and for a
bounce that quotes nothing, the latest message sent to the failed address. An
unsubscribe request counts when it comes from a recipient and is addressed to a
campaign's ``List-Unsubscribe`` mailto (or replies to one of the messages).

Effects: a hard bounce turns the message ``bounced`` (with the DSN's status and
diagnostic as its last reply) and the contact ``bounced``; soft bounces of
``soft_bounce_limit`` different messages in a row do the same to the contact; a complaint makes
the contact ``complained``; an unsubscribe request ``unsubscribed``. Each also puts the
address on the suppression list with the reason, so no campaign sends to it again even
if the contact is deleted and imported anew. A report about a message already reported
the same way counts nothing.

Soft bounces add up only while nothing gets through (RELIABILITY.md: "soft bounces
counted"): a soft bounce counts when it came back within the last ``soft_bounce_days``
and no later message to the address went through (sent, and no bounce of it came
back). A full mailbox last spring, or one that was emptied since,
never adds up to a suppression. "Went through" is what is known at the check: a
message whose own bounce is still on its way looks delivered until it arrives, and then
the count is made again from every report, so it ends up right either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from core.mime import parse_sender
from core.models import (
    Campaign,
    Contact,
    ContactStatus,
    Mailbox,
    Message,
    MessageStatus,
    ProcessedMail,
    ReturnEvent,
    Suppression,
    database_proxy,
    utcnow,
)
from core.returnpath.parse import Failure, ReturnedMail, ReturnKind, read_returned_mail
from core.returnpath.verp import verp_message_ids

_CHUNK = 500
DEFAULT_SOFT_BOUNCE_DAYS = 30.0
_CODE = re.compile(r"\b([245]\d\d)\b")
# A message can bounce only once it has left: an `unknown` one (the connection dropped
# after the final dot) evidently had.
_BOUNCEABLE = (MessageStatus.SENT, MessageStatus.UNKNOWN, MessageStatus.BOUNCED)


@dataclass
class CheckCounts:
    """What one check found (``mailbox check --json``)."""

    checked: int = 0
    bounces: int = 0
    soft_bounces: int = 0
    complaints: int = 0
    unsubscribes: int = 0
    unmatched: int = 0
    auto_replies: int = 0
    suppressed: int = 0  # addresses newly put on the suppression list

    def add(self, other: CheckCounts) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class _Row:
    id: int
    message_id: str
    to_key: str
    status: str
    campaign_id: int | None
    profile_id: int | None


@dataclass
class _Effect:
    kind: ReturnKind
    key: str
    message: _Row | None
    status_code: str | None = None
    diagnostic: str = ""


@dataclass
class BatchResult:
    counts: CheckCounts = field(default_factory=CheckCounts)
    handled_uids: list[int] = field(default_factory=list)


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _rows(where_sql: str, values: Sequence[Any]) -> list[_Row]:
    """Messages (with their campaign's profile) where ``where_sql`` holds for ``values``."""
    message, campaign = Message._meta.table_name, Campaign._meta.table_name
    found: list[_Row] = []
    for chunk in _chunks(list(values)):
        marks = ",".join("?" * len(chunk))
        cursor = database_proxy.execute_sql(
            f"SELECT m.id, m.message_id, m.to_key, m.status, m.campaign_id, c.smtp_profile_id "
            f"FROM {message} m LEFT JOIN {campaign} c ON c.id = m.campaign_id "
            f"WHERE {where_sql.format(marks=marks)}",
            list(chunk),
        )
        found += [_Row(*row) for row in cursor.fetchall()]
    return found


class _Matcher:
    """Bulk lookups for one batch: Message-IDs, VERP ids, recipients, mailto addresses."""

    def __init__(self, mailbox: Mailbox, mails: list[ReturnedMail]) -> None:
        self.profile_id = mailbox.profile_id
        ids = {mid for m in mails for mid in m.original_ids}
        self.by_message_id = {
            r.message_id: r for r in _rows("m.message_id IN ({marks})", sorted(ids))
        }
        verp = {
            i for m in mails for i in verp_message_ids([*m.addressed_to, *m.original_return_paths])
        }
        self.by_id = {r.id: r for r in _rows("m.id IN ({marks})", sorted(verp))}
        keys: set[str] = set()
        for m in mails:
            keys.update(f.recipient for f in m.failures if f.recipient)
            if m.complained_recipient:
                keys.add(m.complained_recipient)
            if m.kind == ReturnKind.UNSUBSCRIBE and m.sender:
                keys.add(m.sender)
        self.latest: dict[str, _Row] = {}
        for row in _rows("m.to_key IN ({marks})", sorted(keys)):
            if row.status in _BOUNCEABLE:
                best = self.latest.get(row.to_key)
                if best is None or row.id > best.id:
                    self.latest[row.to_key] = row
        self.contacts = {
            str(k) for (k,) in _select_in(_statements().contacts_in, (), sorted(keys))
        }
        self._mailtos: set[str] | None = None

    def mailtos(self) -> set[str]:
        """Every address a campaign's List-Unsubscribe mailto points to."""
        if self._mailtos is None:
            found: set[str] = set()
            for mailto, sender in Campaign.select(
                Campaign.unsubscribe_mailto, Campaign.sender
            ).tuples():
                found.add(parse_sender(mailto or sender)[1].lower())
            self._mailtos = found
        return self._mailtos

    def referenced(self, mail: ReturnedMail) -> list[_Row]:
        rows = [self.by_message_id[i] for i in mail.original_ids if i in self.by_message_id]
        for message_id in verp_message_ids([*mail.addressed_to, *mail.original_return_paths]):
            row = self.by_id.get(message_id)
            if row is not None and row.profile_id == self.profile_id and row not in rows:
                rows.append(row)
        return rows

    def for_recipient(self, mail: ReturnedMail, key: str | None) -> _Row | None:
        referenced = self.referenced(mail)
        if key is None:
            return referenced[0] if len(referenced) == 1 else None
        for row in referenced:
            if row.to_key == key:
                return row
        if referenced and len(mail.failures) <= 1 and not mail.complained_recipient:
            # a report naming a rewritten or forwarded address: the quoted original decides
            return referenced[0]
        return self.latest.get(key)


def _effects(mail: ReturnedMail, matcher: _Matcher) -> list[_Effect]:
    if mail.kind in (ReturnKind.BOUNCE, ReturnKind.SOFT_BOUNCE):
        effects: list[_Effect] = []
        failures: list[Failure] = mail.failures or [
            Failure(None, None, "", mail.kind == ReturnKind.BOUNCE)
        ]
        for failure in failures:
            row = matcher.for_recipient(mail, failure.recipient)
            key = row.to_key if row is not None else failure.recipient
            if key is None or (row is None and key not in matcher.contacts):
                continue
            kind = ReturnKind.BOUNCE if failure.hard else ReturnKind.SOFT_BOUNCE
            effects.append(_Effect(kind, key, row, failure.status, failure.diagnostic))
        return effects
    if mail.kind == ReturnKind.COMPLAINT:
        row = matcher.for_recipient(mail, mail.complained_recipient)
        key = row.to_key if row is not None else mail.complained_recipient
        if key is None or (row is None and key not in matcher.contacts):
            return []
        where = f" ({mail.feedback_type})" if mail.feedback_type else ""
        return [_Effect(ReturnKind.COMPLAINT, key, row, None, f"spam complaint{where}")]
    if mail.kind == ReturnKind.UNSUBSCRIBE and mail.sender:
        key = mail.sender
        replied = [r for r in matcher.referenced(mail) if r.to_key == key]
        to_mailto = bool(set(mail.addressed_to) & matcher.mailtos())
        if not replied and not to_mailto:
            return []
        row = replied[0] if replied else matcher.latest.get(key)
        if row is None and key not in matcher.contacts:
            return []
        return [_Effect(ReturnKind.UNSUBSCRIBE, key, row, None, "unsubscribe request by mail")]
    return []


class _Sql:
    """The statements of the write path, named once (peewee's query building cost more
    than the database work: 10,000 mails took 14 s)."""

    def __init__(self) -> None:
        m, c, s = Message._meta.table_name, Contact._meta.table_name, Suppression._meta.table_name
        e, p = ReturnEvent._meta.table_name, ProcessedMail._meta.table_name
        marks = ",".join("?" * len(_BOUNCEABLE))
        self.bounce_message = (
            f"UPDATE {m} SET status = ?, updated_at = ?, next_attempt_at = NULL, "
            "last_step = 'dsn', last_code = ?, last_enhanced = ?, last_response = ? "
            f"WHERE id = ? AND status IN ({marks})"
        )
        self.contact_status = f"UPDATE {c} SET status = ?, updated_at = ? WHERE email_key = ?"
        self.contact_status_if = self.contact_status + " AND status = ?"
        self.suppress = (
            f"INSERT INTO {s} (email_key, reason, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (email_key) DO NOTHING"
        )
        bounced = f"'{ReturnKind.BOUNCE.value}', '{ReturnKind.SOFT_BOUNCE.value}'"
        # soft-bounced messages to one address, reported since a moment, with no message
        # to it sent after them that went through (status sent, nothing bounced about it)
        self.soft_messages = (
            f"SELECT COUNT(DISTINCT COALESCE(e.message_id, -e.mail_id)) FROM {e} e "
            f"LEFT JOIN {m} m ON m.id = e.message_id "
            "WHERE e.email_key = ? AND e.kind = ? AND e.created_at >= ? "
            f"AND NOT EXISTS (SELECT 1 FROM {m} d WHERE d.to_key = e.email_key "
            "AND d.status = ? AND d.sent_at > COALESCE(m.sent_at, e.created_at) "
            f"AND NOT EXISTS (SELECT 1 FROM {e} r WHERE r.message_id = d.id "
            f"AND r.kind IN ({bounced})))"
        )
        self.record_mail = (
            f"INSERT INTO {p} (mailbox_id, uidvalidity, uid, mail_message_id, kind, handled, "
            "subject, processed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (mailbox_id, uidvalidity, uid) DO NOTHING"
        )
        self.mail_id = f"SELECT id FROM {p} WHERE mailbox_id = ? AND uidvalidity = ? AND uid = ?"
        self.record_event = (
            f"INSERT INTO {e} (mail_id, kind, message_id, email_key, status_code, diagnostic, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        self.seen_uids = (
            f"SELECT uid, handled FROM {p} WHERE mailbox_id = ? AND uidvalidity = ? "
            "AND uid IN ({marks})"
        )
        self.seen_ids = (
            f"SELECT mail_message_id, handled FROM {p} WHERE mailbox_id = ? "
            "AND mail_message_id IN ({marks})"
        )
        self.contacts_in = f"SELECT email_key FROM {c} WHERE email_key IN ({{marks}})"
        self.reported_messages = f"SELECT message_id, kind FROM {e} WHERE message_id IN ({{marks}})"
        self.reported_addresses = (
            f"SELECT email_key, kind FROM {e} WHERE message_id IS NULL AND email_key IN ({{marks}})"
        )


_sql: _Sql | None = None


def _statements() -> _Sql:
    global _sql
    if _sql is None:
        _sql = _Sql()
    return _sql


def _run(sql: str, params: Sequence[Any]) -> Any:
    return database_proxy.execute_sql(sql, tuple(params))


def _select_in(sql: str, fixed: Sequence[Any], values: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (``{marks}`` standing for the IN list) for every chunk of ``values``:
    written once, not built by peewee for each of hundreds of values."""
    rows: list[tuple[Any, ...]] = []
    for chunk in _chunks(list(values)):
        marks = ",".join("?" * len(chunk))
        rows += _run(sql.format(marks=marks), (*fixed, *chunk)).fetchall()
    return rows


def _reported(effects: Sequence[_Effect]) -> set[tuple[str, object]]:
    """(kind, message id or address) already recorded for these effects."""
    sql = _statements()
    found: set[tuple[str, object]] = set()
    message_ids = sorted({e.message.id for e in effects if e.message is not None})
    keys = sorted({e.key for e in effects if e.message is None})
    for chunk in _chunks(message_ids):
        cursor = _run(sql.reported_messages.format(marks=",".join("?" * len(chunk))), chunk)
        found.update((str(kind), int(mid)) for mid, kind in cursor.fetchall())
    for chunk in _chunks(keys):
        cursor = _run(sql.reported_addresses.format(marks=",".join("?" * len(chunk))), chunk)
        found.update((str(kind), str(key)) for key, kind in cursor.fetchall())
    return found


def _report_key(effect: _Effect) -> tuple[str, object]:
    return (str(effect.kind), effect.message.id if effect.message is not None else effect.key)


def _suppress(key: str, reason: str, at: datetime) -> bool:
    """On the suppression list with this reason (an earlier entry keeps its own); True
    when the address was not on it before."""
    cursor = _run(_statements().suppress, (key, reason[:500], at))
    return bool(cursor.rowcount == 1)


def _soft_bounced_messages(key: str, since: datetime) -> int:
    """Different messages to ``key`` whose soft bounce came back since ``since``, with nothing
    delivered to it after them (a delay warning and the final failure of one message
    count once)."""
    row = _run(
        _statements().soft_messages,
        (key, ReturnKind.SOFT_BOUNCE.value, since, MessageStatus.SENT),
    ).fetchone()
    return int(row[0]) if row else 0


def _set_contact(key: str, status: str, at: datetime, *, only_from: str | None = None) -> None:
    sql = _statements()
    if only_from is None:
        _run(sql.contact_status, (status, at, key))
    else:
        _run(sql.contact_status_if, (status, at, key, only_from))


def _reply_code(diagnostic: str) -> int | None:
    match = _CODE.search(diagnostic)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class SoftBouncePolicy:
    """When soft bounces suppress an address (``ReturnPathOptions``)."""

    limit: int
    since: datetime  # soft bounces that came back before this no longer count


def _apply(effect: _Effect, counts: CheckCounts, soft: SoftBouncePolicy, at: datetime) -> None:
    """One effect, inside the batch's transaction."""
    key = effect.key
    added = False
    if effect.kind == ReturnKind.BOUNCE:
        counts.bounces += 1
        if effect.message is not None:
            _run(_statements().bounce_message, (
                MessageStatus.BOUNCED, at, _reply_code(effect.diagnostic),
                effect.status_code, effect.diagnostic[:1000], effect.message.id, *_BOUNCEABLE,
            ))  # fmt: skip
        _set_contact(key, ContactStatus.BOUNCED, at, only_from=ContactStatus.ACTIVE)
        code = f" {effect.status_code}" if effect.status_code else ""
        added = _suppress(key, f"hard bounce{code}: {effect.diagnostic}".strip(), at)
    elif effect.kind == ReturnKind.SOFT_BOUNCE:
        counts.soft_bounces += 1
        in_a_row = _soft_bounced_messages(key, soft.since)
        if in_a_row >= soft.limit:
            _set_contact(key, ContactStatus.BOUNCED, at, only_from=ContactStatus.ACTIVE)
            added = _suppress(key, f"{in_a_row} soft bounces; the last: {effect.diagnostic}", at)
    elif effect.kind == ReturnKind.COMPLAINT:
        counts.complaints += 1
        _set_contact(key, ContactStatus.COMPLAINED, at)
        added = _suppress(key, f"complaint: {effect.diagnostic}", at)
    elif effect.kind == ReturnKind.UNSUBSCRIBE:
        counts.unsubscribes += 1
        _set_contact(key, ContactStatus.UNSUBSCRIBED, at, only_from=ContactStatus.ACTIVE)
        added = _suppress(key, "unsubscribed by mail (List-Unsubscribe)", at)
    if added:
        counts.suppressed += 1


def process_batch(
    mailbox: Mailbox,
    uidvalidity: int,
    mails: Sequence[tuple[int, bytes]],
    *,
    soft_bounce_limit: int,
    soft_bounce_days: float = DEFAULT_SOFT_BOUNCE_DAYS,
    now: Callable[[], datetime] = utcnow,
) -> BatchResult:
    """Classify, match and apply one batch of (UID, raw mail); record each mail once.

    ``now`` (naive UTC) dates the records and places the soft-bounce window."""
    result = BatchResult()
    if not mails:
        return result
    parsed = [(uid, read_returned_mail(raw)) for uid, raw in mails]
    uids = [uid for uid, _m in parsed]
    sql = _statements()
    seen_uids: dict[int, bool] = {  # UID → handled
        int(u): bool(h) for u, h in _select_in(sql.seen_uids, (mailbox.id, uidvalidity), uids)
    }
    own_ids = sorted({m.mail_message_id for _u, m in parsed if m.mail_message_id})
    seen_ids: dict[str, bool] = {}
    for mid, handled in _select_in(sql.seen_ids, (mailbox.id,), own_ids):
        seen_ids[mid] = seen_ids.get(mid, False) or bool(handled)
    fresh = []
    for uid, mail in parsed:
        if uid in seen_uids:
            if seen_uids[uid]:
                result.handled_uids.append(uid)  # recorded, but its flag was lost
            continue
        if mail.mail_message_id and mail.mail_message_id in seen_ids:
            if seen_ids[mail.mail_message_id]:
                result.handled_uids.append(uid)  # the same mail again (copied back, re-synced)
            continue
        fresh.append((uid, mail))
    matcher = _Matcher(mailbox, [m for _u, m in fresh])
    planned = [(uid, mail, _effects(mail, matcher)) for uid, mail in fresh]
    reported = _reported([e for _u, _m, effects in planned for e in effects])
    counts = result.counts
    soft = SoftBouncePolicy(soft_bounce_limit, now() - timedelta(days=soft_bounce_days))
    with database_proxy.atomic():
        for uid, mail, effects in planned:
            counts.checked += 1
            if mail.kind == ReturnKind.AUTO_REPLY:
                counts.auto_replies += 1
            elif not effects:
                counts.unmatched += 1
            at = now()
            recorded = _run(sql.record_mail, (
                mailbox.id, uidvalidity, uid, mail.mail_message_id, mail.kind.value,
                bool(effects), mail.subject, at,
            ))  # fmt: skip
            if recorded.rowcount == 0:  # another check (another program) got there first
                counts.checked -= 1
                if mail.kind == ReturnKind.AUTO_REPLY:
                    counts.auto_replies -= 1
                elif not effects:
                    counts.unmatched -= 1
                continue
            mail_id = None
            if effects:  # its id, by the unique key (portable: no lastrowid on PostgreSQL)
                mail_id = _run(sql.mail_id, (mailbox.id, uidvalidity, uid)).fetchone()[0]
            for effect in effects:
                _run(sql.record_event, (
                    mail_id, effect.kind.value, effect.message.id if effect.message else None,
                    effect.key, effect.status_code, effect.diagnostic[:1000], at,
                ))  # fmt: skip
                if _report_key(effect) not in reported:
                    reported.add(_report_key(effect))
                    _apply(effect, counts, soft, at)
            if effects:
                result.handled_uids.append(uid)
            if mail.mail_message_id:
                seen_ids[mail.mail_message_id] = bool(effects)
        previous = mailbox.last_uid if mailbox.uidvalidity == uidvalidity else 0
        mailbox.uidvalidity, mailbox.last_uid = uidvalidity, max(max(uids), previous)
        Mailbox.update(uidvalidity=mailbox.uidvalidity, last_uid=mailbox.last_uid).where(
            Mailbox.id == mailbox.id
        ).execute()
    return result
