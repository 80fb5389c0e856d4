"""The suppression list: addresses (and whole domains) no campaign sends to, ever.

Entries are lower-cased address keys (``core.addresses``) or domain entries written
``@example.org``, which block every address at that domain (not its subdomains). The
same rule is applied at expansion (``suppressed_sql``, in SQL) and again at send time
(``blocked``), so an entry added while a campaign runs still stops its unsent mail.

Import reads CSV exports of other tools (Mailchimp's "Email Address", SendGrid's
"email", a plain one-column list with or without a header) with the importer's
encoding and delimiter detection; export writes cells neutralised against spreadsheet
formulas, and import undoes that (``'@example.org`` → ``@example.org``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from peewee import JOIN, fn

from core.addresses import InvalidAddress, validate_address
from core.contacts import neutralise_cell
from core.errors import BadInputFile, InvalidValue
from core.models import (
    Campaign,
    Contact,
    ContactStatus,
    Message,
    MessageStatus,
    ReturnEvent,
    Suppression,
    database_proxy,
    iso,
    utcnow,
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")
_BATCH = 500


def suppressed_sql(key_column: str) -> str:
    """A SQL condition true when the address key in ``key_column`` is suppressed, by
    itself or by its domain (``@example.org``)."""
    table = Suppression._meta.table_name
    return (
        f"({key_column} IN (SELECT email_key FROM {table}) OR "
        f"{domain_sql(key_column)} IN (SELECT email_key FROM {table}))"
    )


def domain_sql(key_column: str) -> str:
    """``@example.org`` of the address key in ``key_column``, in this database's SQL
    (SQLite has ``instr``, PostgreSQL ``strpos``)."""
    from peewee import PostgresqlDatabase

    position = "strpos" if isinstance(database_proxy.obj, PostgresqlDatabase) else "instr"
    return f"substr({key_column}, {position}({key_column}, '@'))"


def domain_of(key: str) -> str:
    """``ann@example.org`` → ``@example.org`` (the key a domain entry has)."""
    return key[key.rfind("@") :] if "@" in key else ""


def blocked(keys: Iterable[str]) -> dict[str, str]:
    """Which of these address keys are suppressed, with the reason (address entries win)."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    domains = sorted({domain_of(k) for k in wanted} - {""})
    reasons: dict[str, str] = {}
    for start in range(0, max(len(wanted), len(domains)), _BATCH):
        chunk = [*wanted[start : start + _BATCH], *domains[start : start + _BATCH]]
        for key, reason in (
            Suppression.select(Suppression.email_key, Suppression.reason)
            .where(Suppression.email_key.in_(chunk))
            .tuples()
        ):
            reasons[key] = reason
    found: dict[str, str] = {}
    for key in wanted:
        if key in reasons:
            found[key] = reasons[key] or "suppressed"
        elif domain_of(key) in reasons:
            found[key] = f"the domain {domain_of(key)[1:]} is suppressed" + (
                f" ({reasons[domain_of(key)]})" if reasons[domain_of(key)] else ""
            )
    return found


def normalise_entry(value: str) -> str:
    """The key of an address or ``@domain`` entry; raises ``InvalidAddress``."""
    text = value.strip().strip("<>").strip()
    if text.startswith("'") and text[1:2] in _FORMULA_STARTS:
        text = text[1:]  # a cell neutralised by an export (ours or a spreadsheet's)
    if text.startswith("*@"):
        text = text[1:]
    if text.startswith("@"):
        domain = text[1:]
        if not domain or "@" in domain:
            raise InvalidAddress(f"{value!r} is not a domain entry.")
        try:
            return "@" + validate_address(f"x@{domain}").key.partition("@")[2]
        except InvalidAddress as exc:
            raise InvalidAddress(f"The domain {domain!r} is not valid: {exc}") from None
    return validate_address(text).key


@dataclass
class SuppressionImport:
    imported: int = 0
    already: int = 0
    domains: int = 0
    invalid: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "already": self.already,
            "domains": self.domains,
            "invalid": self.invalid,
        }


def _email_column(headers: list[str]) -> int | None:
    from core.importer import guess_mapping

    mapping = guess_mapping(headers)
    for index, header in enumerate(headers):
        if mapping.get(header) == "email":
            return index
    return None


def _reason_column(headers: list[str]) -> int | None:
    for index, header in enumerate(headers):
        if header.strip().lower() in ("reason", "suppression reason", "type", "status"):
            return index
    return None


def _looks_like_entry(value: str) -> bool:
    try:
        normalise_entry(value)
    except InvalidAddress:
        return False
    return True


def import_suppressions(path: str | Path, *, reason: str | None = None) -> SuppressionImport:
    """Add every address or domain of a CSV to the list; rows with a bad value are reported
    with their line number (header = line 1) and skipped."""
    from core.importer import clean_value, detect_delimiter, detect_encoding

    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInputFile(f"The file {path} does not exist.", hint="Check the path.") from None
    except IsADirectoryError:
        raise BadInputFile(f"{path} is a folder, not a CSV file.") from None
    except OSError as exc:
        raise BadInputFile(f"Cannot read {path}: {exc.strerror}.") from None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadInputFile(
            f"{path.name} looks like a binary file, not a CSV file.",
            hint="Export the list as CSV and import that.",
        )
    encoding = detect_encoding(data[: 1024 * 1024])
    try:
        text = data.decode(encoding).lstrip("\ufeff")
    except (UnicodeDecodeError, LookupError) as exc:
        raise BadInputFile(f"{path.name} is not readable text ({exc}).") from None
    if not text.strip():
        raise BadInputFile(f"{path.name} is empty.", hint="Choose a CSV file of addresses.")
    delimiter = detect_delimiter(text[:65536])
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    first = [clean_value(c) for c in rows[0]] if rows else []
    header_line = not any(_looks_like_entry(c) for c in first)
    column = _email_column(first) if header_line else None
    reason_column = _reason_column(first) if header_line else None
    if header_line and column is None:
        if len(first) == 1:
            column = 0
        else:
            raise BadInputFile(
                f"{path.name} has no email column (columns: {', '.join(first)}).",
                hint="Name the column 'email'.",
            )
    if column is None:
        column = next((i for i, c in enumerate(first) if _looks_like_entry(c)), 0)
    report = SuppressionImport()
    entries: dict[str, str] = {}
    start_line = 2 if header_line else 1
    for line, row in enumerate(rows[start_line - 1 :], start=start_line):
        if not any(cell.strip() for cell in row):
            continue
        value = clean_value(row[column]) if column < len(row) else ""
        try:
            key = normalise_entry(value)
        except InvalidAddress as exc:
            report.invalid.append({"row": line, "value": value, "reason": str(exc)})
            continue
        row_reason = (
            clean_value(row[reason_column])
            if reason_column is not None and reason_column < len(row)
            else ""
        )
        entries.setdefault(key, reason or row_reason or f"imported from {path.name}")
    keys = list(entries)
    with database_proxy.atomic():
        existing: set[str] = set()
        for start in range(0, len(keys), _BATCH):
            chunk = keys[start : start + _BATCH]
            existing.update(
                k for (k,) in Suppression.select(Suppression.email_key)
                .where(Suppression.email_key.in_(chunk)).tuples()
            )  # fmt: skip
        new = [k for k in keys if k not in existing]
        now = utcnow()
        for start in range(0, len(new), _BATCH):
            Suppression.insert_many(
                [{"email_key": k, "reason": entries[k][:500], "created_at": now}
                 for k in new[start : start + _BATCH]]
            ).on_conflict_ignore().execute()  # fmt: skip
    report.imported = len(new)
    report.already = len(existing)
    report.domains = sum(1 for k in new if k.startswith("@"))
    return report


class SuppressionCause(StrEnum):
    """Why an entry is on the list, read from the reason its writer gave."""

    HARD_BOUNCE = "hard_bounce"
    SOFT_BOUNCES = "soft_bounces"
    COMPLAINT = "complaint"
    UNSUBSCRIBE = "unsubscribe"
    REFUSED = "refused"  # the relay refused the address while sending (5.1.x at RCPT)
    IMPORTED = "imported"
    ADDED = "added"
    OTHER = "other"


# The reasons' first words, as the return path (core.returnpath.apply), the sender
# (core.queue.ledger), import and the window write them.
_CAUSES = (
    (re.compile(r"hard bounce\b"), SuppressionCause.HARD_BOUNCE),
    (re.compile(r"\d+ soft bounces\b"), SuppressionCause.SOFT_BOUNCES),
    (re.compile(r"complaint\b"), SuppressionCause.COMPLAINT),
    (re.compile(r"unsubscribed\b"), SuppressionCause.UNSUBSCRIBE),
    (re.compile(r"[45]\d\d\b"), SuppressionCause.REFUSED),
    (re.compile(r"imported from\b"), SuppressionCause.IMPORTED),
    (re.compile(r"(added|suppressed) by (you|the user)\b"), SuppressionCause.ADDED),
)
# the kind of report (core.returnpath.parse.ReturnKind, whose package imports this one)
_EVENT_KIND = {
    SuppressionCause.HARD_BOUNCE: "bounce",
    SuppressionCause.SOFT_BOUNCES: "soft_bounce",
    SuppressionCause.COMPLAINT: "complaint",
    SuppressionCause.UNSUBSCRIBE: "unsubscribe",
}
_RETURN_KINDS = list(_EVENT_KIND.values())


def cause_of(reason: str) -> SuppressionCause:
    text = (reason or "").strip().lower()
    for pattern, cause in _CAUSES:
        if pattern.match(text):
            return cause
    return SuppressionCause.OTHER


@dataclass(frozen=True)
class SuppressionEntry:
    email: str
    reason: str
    created_at: str | None
    campaign: str | None = None  # the campaign whose message came back (if any)

    @property
    def is_domain(self) -> bool:
        return self.email.startswith("@")

    @property
    def cause(self) -> SuppressionCause:
        return cause_of(self.reason)

    def as_dict(self) -> dict[str, Any]:
        return {
            "email": self.email,
            "reason": self.reason,
            "created_at": self.created_at,
            "domain": self.is_domain,
            "cause": str(self.cause),
            "campaign": self.campaign,
        }


def _event_behind(entry_key: Any, entry_created: Any) -> Any:
    """The id of the last report about this address up to the moment it was suppressed."""
    event = ReturnEvent.alias()
    return event.select(fn.MAX(event.id)).where(
        (event.email_key == entry_key)
        & (event.created_at <= entry_created)
        & event.kind.in_(_RETURN_KINDS)
    )


def list_suppressions(search: str = "") -> list[SuppressionEntry]:
    """Every entry with the campaign whose returned message put it there (one query)."""
    query = (
        Suppression.select(
            Suppression.email_key, Suppression.reason, Suppression.created_at, Campaign.name
        )
        .join(
            ReturnEvent, JOIN.LEFT_OUTER,
            on=(ReturnEvent.id == _event_behind(Suppression.email_key, Suppression.created_at)),
        )
        .join(Message, JOIN.LEFT_OUTER, on=(Message.id == ReturnEvent.message))
        .join(Campaign, JOIN.LEFT_OUTER, on=(Campaign.id == Message.campaign))
    )  # fmt: skip
    if search.strip():
        query = query.where(Suppression.email_key.contains(search.strip().lower()))
    return [
        SuppressionEntry(key, reason or "", iso(created), campaign)
        for key, reason, created, campaign in query.order_by(Suppression.email_key).tuples()
    ]


@dataclass(frozen=True)
class ReturnedReport:
    """One report that came back about the address (a line of its history)."""

    kind: str  # core.returnpath.parse.ReturnKind
    at: datetime | None
    status_code: str | None
    diagnostic: str
    campaign: str | None


@dataclass(frozen=True)
class SuppressionDetail:
    """Everything the window says about why one address gets no mail, as plain data."""

    address: str  # what was asked about
    entry: str  # the list's entry that blocks it: the address, or its @domain
    reason: str
    cause: SuppressionCause
    since: datetime | None
    campaign: str | None = None  # the campaign whose message came back or was refused
    sent_at: datetime | None = None  # when that message left
    status_code: str | None = None  # enhanced status (5.1.1) or reply code
    relay_said: str = ""  # the relay's or the report's own words
    contact_id: int | None = None
    contact_status: str | None = None
    history: tuple[ReturnedReport, ...] = ()

    @property
    def by_domain(self) -> bool:
        return self.entry.startswith("@")

    @property
    def lifting_reactivates(self) -> bool:
        """Lifting makes the contact mailable again (a bounced one; not one who asked)."""
        return self.contact_status in (None, ContactStatus.ACTIVE, ContactStatus.BOUNCED)


def suppression_detail(value: str) -> SuppressionDetail | None:
    """Why ``value`` (an address or ``@domain``) is suppressed, or None if it is not."""
    try:
        key = normalise_entry(value)
    except InvalidAddress:
        raise InvalidValue(f"{value!r} is not an address or @domain entry.") from None
    found: Suppression | None = Suppression.get_or_none(Suppression.email_key == key)
    if found is None and not key.startswith("@"):
        found = Suppression.get_or_none(Suppression.email_key == domain_of(key))
    if found is None:
        return None
    reason = found.reason or ""
    cause = cause_of(reason)
    contact: Contact | None = (
        None if key.startswith("@") else Contact.get_or_none(Contact.email_key == key)
    )
    history = tuple(
        ReturnedReport(kind, at, status, diagnostic or "", campaign)
        for kind, at, status, diagnostic, campaign in (
            ReturnEvent.select(ReturnEvent.kind, ReturnEvent.created_at, ReturnEvent.status_code,
                               ReturnEvent.diagnostic, Campaign.name)
            .join(Message, JOIN.LEFT_OUTER, on=(Message.id == ReturnEvent.message))
            .join(Campaign, JOIN.LEFT_OUTER, on=(Campaign.id == Message.campaign))
            .where(ReturnEvent.email_key == key)
            .order_by(ReturnEvent.id.desc())
            .limit(20)
            .tuples()
        )
    )  # fmt: skip
    detail = SuppressionDetail(
        address=key, entry=found.email_key, reason=reason, cause=cause, since=found.created_at,
        contact_id=contact.id if contact else None,
        contact_status=contact.status if contact else None, history=history,
    )  # fmt: skip
    if detail.by_domain:
        return detail
    kind = _EVENT_KIND.get(cause)
    if kind is not None:
        event = (
            ReturnEvent.select(ReturnEvent, Message.sent_at, Campaign.name)
            .join(Message, JOIN.LEFT_OUTER, on=(Message.id == ReturnEvent.message))
            .join(Campaign, JOIN.LEFT_OUTER, on=(Campaign.id == Message.campaign))
            .where((ReturnEvent.email_key == key) & (ReturnEvent.kind == kind)
                   & (ReturnEvent.created_at <= found.created_at))
            .order_by(ReturnEvent.id.desc())
            .dicts()
            .first()
        )  # fmt: skip
        if event is not None:
            return _with(detail, event["name"], event["sent_at"], event["status_code"],
                         event["diagnostic"] or "")  # fmt: skip
    if cause == SuppressionCause.REFUSED:
        refused = (
            Message.select(Message.sent_at, Message.updated_at, Message.last_code,
                           Message.last_enhanced, Message.last_response, Campaign.name)
            .join(Campaign, JOIN.LEFT_OUTER, on=(Campaign.id == Message.campaign))
            .where((Message.to_key == key) & (Message.status == MessageStatus.FAILED))
            .order_by(Message.id.desc())
            .dicts()
            .first()
        )  # fmt: skip
        if refused is not None:
            code = refused["last_enhanced"] or (
                str(refused["last_code"]) if refused["last_code"] else None
            )
            words = " ".join(
                str(p) for p in (refused["last_code"], refused["last_response"]) if p
            )
            return _with(detail, refused["name"], None, code, words)
    return detail


def _with(
    detail: SuppressionDetail, campaign: str | None, sent_at: datetime | None,
    status_code: str | None, relay_said: str,
) -> SuppressionDetail:  # fmt: skip
    from dataclasses import replace

    return replace(
        detail, campaign=campaign, sent_at=sent_at, status_code=status_code, relay_said=relay_said
    )


def export_suppressions(path: str | Path) -> int:
    path = Path(path)
    count = 0
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["email", "reason", "created_at"])
            for entry in list_suppressions():
                writer.writerow(
                    [
                        neutralise_cell(v)
                        for v in (entry.email, entry.reason, entry.created_at or "")
                    ]
                )
                count += 1
    except OSError as exc:
        raise BadInputFile(
            f"Cannot write {path}: {exc.strerror}.", hint="Choose a writable file."
        ) from None
    return count


@dataclass
class Removal:
    removed: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    reactivated: int = 0  # bounced contacts made active again
    still_blocked: dict[str, str] = field(default_factory=dict)  # key → contact status


def remove_suppressions(values: Sequence[str]) -> Removal:
    """Take entries off the list. A contact who had bounced is active again (the address
    may work now); one who unsubscribed or complained stays so: that was their wish."""
    result = Removal()
    keys: list[str] = []
    for value in values:
        try:
            keys.append(normalise_entry(value))
        except InvalidAddress:
            raise InvalidValue(f"{value!r} is not an address or @domain entry.") from None
    with database_proxy.atomic():
        for key in dict.fromkeys(keys):
            deleted = Suppression.delete().where(Suppression.email_key == key).execute()
            (result.removed if deleted else result.not_found).append(key)
        plain = [k for k in result.removed if not k.startswith("@")]
        if plain:
            result.reactivated = int(
                Contact.update(status=ContactStatus.ACTIVE, updated_at=utcnow())
                .where(Contact.email_key.in_(plain) & (Contact.status == ContactStatus.BOUNCED))
                .execute()
            )
            for key, status in (
                Contact.select(Contact.email_key, Contact.status)
                .where(Contact.email_key.in_(plain) & (Contact.status != ContactStatus.ACTIVE))
                .tuples()
            ):
                result.still_blocked[key] = status
    return result


def suppression_reason(key: str) -> str | None:
    """Why one address is not mailed (the contacts page's "why")."""
    return blocked([key]).get(key)
