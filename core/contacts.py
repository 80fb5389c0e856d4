"""Contact queries, status changes and CSV export (shared by the CLI and the GUI)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import JOIN, Cast, fn

from core.addresses import InvalidAddress, validate_address
from core.errors import BadInputFile, InvalidValue, NotFound
from core.importer import clean_value
from core.models import (
    Contact,
    ContactList,
    ContactStatus,
    ListMembership,
    Suppression,
    database_proxy,
    utcnow,
)

# OWASP CSV injection: a spreadsheet treats these first characters as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")


def neutralise_cell(value: object) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula (the email column too)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


@dataclass(frozen=True)
class ContactRow:
    id: int
    email: str
    name: str | None
    fields: dict[str, str]
    status: str
    suppressed: bool
    # Why the address gets no mail (the suppression list's reason), for the window.
    suppression_reason: str | None = None

    @property
    def shown_status(self) -> str:
        """What the contacts table says: an active but suppressed address is "suppressed"."""
        return "suppressed" if self.suppressed and self.status == "active" else self.status

    def as_dict(self) -> dict[str, Any]:
        return {
            "email": self.email,
            "name": self.name,
            "fields": self.fields,
            "status": self.shown_status,
        }


def find_list(name: str) -> ContactList:
    found: ContactList | None = ContactList.get_or_none(ContactList.name == name)
    if found is None:
        names = [c.name for c in ContactList.select(ContactList.name).order_by(ContactList.name)]
        raise NotFound(
            f"There is no contact list named {name!r}.",
            hint=("Lists: " + ", ".join(names) + ".") if names else "Import a CSV first.",
        )
    return found


def list_summaries() -> list[tuple[int, str, int]]:
    """(id, name, member count) for every list, by name."""
    query = (
        ContactList.select(ContactList.id, ContactList.name, fn.COUNT(ListMembership.id))
        .join(ListMembership, JOIN.LEFT_OUTER)
        .group_by(ContactList.id)
        .order_by(ContactList.name)
    )
    return [(i, n, c) for i, n, c in query.tuples()]


def _folded(text: str) -> str:
    return text.casefold()


def matches_search(
    folded_search: str, email: str, name: str | None, fields: dict[str, Any]
) -> bool:
    """Whether the (case-folded) search text is part of the email, the name or any field's
    value: the filter box's "email, name or any field", in any language's letter case."""
    if folded_search in email.casefold() or folded_search in (name or "").casefold():
        return True
    return any(folded_search in str(value).casefold() for value in (fields or {}).values())


def contact_ids(list_id: int | None = None, search: str = "") -> list[int]:
    """Ids in display order (by email), optionally within a list and matching ``search``.

    Cheap even for 100,000 rows (one indexed query returning ints): the GUI model keeps
    only these ids and loads rows lazily. ``search`` matches the email, the name and the
    *values* of custom fields (not their names), case-insensitively for every alphabet:
    SQL ``LIKE`` narrows ASCII searches down (it folds only ASCII case), then each
    candidate is checked in Python, which also folds "Ü" and "ü".
    """
    query = Contact.select(Contact.id)
    if list_id is not None:
        query = query.join(ListMembership).where(ListMembership.contact_list == list_id)
    text = search.strip()
    if not text:
        return [cid for (cid,) in query.order_by(Contact.email_key).tuples()]
    candidates = query.select(Contact.id, Contact.email, Contact.name, Contact.fields)
    if text.isascii() and not any(ch in text for ch in '"\\%_'):
        pattern = f"%{text}%"
        candidates = candidates.where(
            (Contact.email**pattern)
            | (Contact.name**pattern)
            | (Cast(Contact.fields, "TEXT") ** pattern)
        )
    wanted = _folded(text)
    return [
        cid
        for cid, email, name, fields in candidates.order_by(Contact.email_key).tuples()
        if matches_search(wanted, email, name, fields)
    ]


def contact_rows(ids: Sequence[int]) -> dict[int, ContactRow]:
    """Rows for a page of ids (the GUI's lazy row cache)."""
    if not ids:
        return {}
    result: dict[int, ContactRow] = {}
    for start in range(0, len(ids), 900):
        chunk = list(ids[start : start + 900])
        rows = (
            Contact.select(
                Contact.id,
                Contact.email,
                Contact.name,
                Contact.fields,
                Contact.status,
                Suppression.id.alias("suppression_id"),
                Suppression.reason.alias("suppression_reason"),
            )
            .join(Suppression, JOIN.LEFT_OUTER, on=(Suppression.email_key == Contact.email_key))
            .where(Contact.id.in_(chunk))
            .dicts()
        )
        domains = dict(
            Suppression.select(Suppression.email_key, Suppression.reason)
            .where(Suppression.email_key.startswith("@"))
            .tuples()
        )
        for r in rows:
            email = str(r["email"]).lower()
            domain = email[email.rfind("@") :]
            reason = r["suppression_reason"] if r["suppression_id"] is not None else None
            if reason is None and domain in domains:
                reason = f"the domain {domain[1:]} is suppressed" + (
                    f" ({domains[domain]})" if domains[domain] else ""
                )
            result[r["id"]] = ContactRow(
                r["id"], r["email"], r["name"], r["fields"] or {}, r["status"],
                r["suppression_id"] is not None or domain in domains, reason,
            )  # fmt: skip
    return result


def iter_contacts(list_name: str | None = None) -> Iterator[ContactRow]:
    """Every contact (of a list), streamed in pages of 1,000."""
    list_id = find_list(list_name).id if list_name else None
    ids = contact_ids(list_id)
    for start in range(0, len(ids), 1000):
        page = ids[start : start + 1000]
        rows = contact_rows(page)
        for cid in page:
            yield rows[cid]


def _rows_of(ids: Sequence[int]) -> Iterator[ContactRow]:
    for start in range(0, len(ids), 1000):
        page = ids[start : start + 1000]
        rows = contact_rows(page)
        yield from (rows[cid] for cid in page if cid in rows)


def field_names(list_id: int | None = None, sample: int = 500) -> list[str]:
    """The custom field names used by a list's contacts (for columns and template hints)."""
    query = Contact.select(Contact.fields)
    if list_id is not None:
        query = query.join(ListMembership).where(ListMembership.contact_list == list_id)
    names: dict[str, None] = {}
    for (fields,) in query.limit(sample).tuples():
        for key in fields or {}:
            names.setdefault(key, None)
    return list(names)


def export_contacts(
    path: str | Path, list_name: str | None = None, *, ids: Sequence[int] | None = None
) -> int:
    """Write contacts as CSV (UTF-8 with BOM so Excel opens it right): a list's, every
    contact, or those ``ids`` (a segment or filter, in that order). Returns the count."""
    path = Path(path)
    rows = iter_contacts(list_name) if ids is None else _rows_of(ids)
    list_id = find_list(list_name).id if list_name else None
    fields = field_names(list_id, sample=100_000)
    count = 0
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["email", "name", *fields, "status"])
            for row in rows:
                values: list[object] = [row.email, row.name or ""]
                values += [row.fields.get(f, "") for f in fields]
                values.append(row.as_dict()["status"])
                writer.writerow([neutralise_cell(v) for v in values])
                count += 1
    except OSError as exc:
        raise BadInputFile(
            f"Cannot write {path}: {exc.strerror}.", hint="Choose a writable file."
        ) from None
    return count


def set_status(ids: Iterable[int], status: str) -> int:
    """Unsubscribe / mark bounced / reactivate contacts."""
    if status not in ContactStatus.ALL:
        raise ValueError(status)
    id_list = list(ids)
    with database_proxy.atomic():
        return int(
            Contact.update(status=status, updated_at=utcnow())
            .where(Contact.id.in_(id_list))
            .execute()
        )


def suppress(ids: Iterable[int], reason: str = "suppressed by the user") -> int:
    id_list = list(ids)
    keys = [k for (k,) in Contact.select(Contact.email_key).where(Contact.id.in_(id_list)).tuples()]
    with database_proxy.atomic():
        for start in range(0, len(keys), 500):
            Suppression.insert_many(
                [{"email_key": k, "reason": reason} for k in keys[start : start + 500]]
            ).on_conflict_ignore().execute()
    return len(keys)


def delete_contacts(ids: Iterable[int]) -> int:
    id_list = list(ids)
    with database_proxy.atomic():
        deleted = 0
        for start in range(0, len(id_list), 500):
            deleted += (
                Contact.delete().where(Contact.id.in_(id_list[start : start + 500])).execute()
            )
    return int(deleted)


@dataclass(frozen=True)
class ContactDetail:
    """One contact as the edit dialog shows it, with the lists it belongs to."""

    id: int
    email: str
    name: str
    fields: dict[str, str]
    status: str
    suppressed: bool
    lists: list[str]


def contact_detail(contact_id: int) -> ContactDetail:
    contact: Contact | None = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise NotFound("This contact no longer exists.", hint="It may have been deleted.")
    lists = [
        name
        for (name,) in ContactList.select(ContactList.name)
        .join(ListMembership)
        .where(ListMembership.contact == contact_id)
        .order_by(ContactList.name)
        .tuples()
    ]
    suppressed = Suppression.select().where(Suppression.email_key == contact.email_key).exists()
    return ContactDetail(
        contact.id, contact.email, contact.name or "",
        {str(k): str(v) for k, v in (contact.fields or {}).items()},
        contact.status, suppressed, lists,
    )  # fmt: skip


def _clean_fields(fields: dict[str, str]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for raw_key, raw_value in fields.items():
        key = clean_value(raw_key)
        if not key:
            raise InvalidValue(
                "A field has no name.", hint="Give every field a name, or remove the empty one."
            )
        if key.lower() in ("email", "name"):
            raise InvalidValue(
                f"{key!r} cannot be a custom field: it is the contact's own {key.lower()}.",
                hint="Type it in the box above instead.",
            )
        if key in cleaned:
            raise InvalidValue(f"Two fields are called {key!r}.", hint="Rename or remove one.")
        cleaned[key] = clean_value(raw_value)
    return cleaned


def update_contact(contact_id: int, *, email: str, name: str, fields: dict[str, str]) -> int:
    """Change a contact's address, name and custom fields (validated like an import).

    A new address must be valid and not another contact's: the address is a contact's
    identity, so two contacts never share one. Returns the contact's id.
    """
    try:
        address = validate_address(email)
    except InvalidAddress as exc:
        raise InvalidValue(
            f"{email.strip() or 'The address'!s} is not a valid email address: {exc}",
            hint="Type it as name@example.com.",
        ) from None
    cleaned = _clean_fields(fields)
    with database_proxy.atomic():
        contact: Contact | None = Contact.get_or_none(Contact.id == contact_id)
        if contact is None:
            raise NotFound("This contact no longer exists.", hint="It may have been deleted.")
        clash: Contact | None = Contact.get_or_none(
            (Contact.email_key == address.key) & (Contact.id != contact_id)
        )
        if clash is not None:
            raise InvalidValue(
                f"Another contact already has the address {clash.email}.",
                hint="Each address belongs to one contact: edit or delete that one instead.",
            )
        contact.email = address.email
        contact.email_key = address.key
        contact.needs_smtputf8 = address.needs_smtputf8
        contact.name = clean_value(name) or None
        contact.fields = cleaned
        contact.updated_at = utcnow()
        contact.save()
    return contact_id
