"""Contact operations for the window: plain data out, ``Changes`` back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from core import contacts as core_contacts
from core.contacts import ContactDetail, ContactRow
from core.models import Contact
from core.ops.changes import Changes, OpResult


def list_summaries() -> list[tuple[int, str, int]]:
    """(id, name, members) of every list, by name."""
    return core_contacts.list_summaries()


def contact_count() -> int:
    return int(Contact.select().count())


def contact_ids(list_id: int | None = None, search: str = "") -> list[int]:
    return core_contacts.contact_ids(list_id, search)


def contact_rows(ids: Sequence[int]) -> dict[int, ContactRow]:
    return core_contacts.contact_rows(ids)


def field_names(list_id: int | None = None) -> list[str]:
    return core_contacts.field_names(list_id)


def set_status(ids: Sequence[int], status: str) -> OpResult[int]:
    changed = core_contacts.set_status(ids, status)
    return OpResult(changed, Changes(contacts=True, lists=True))


def suppress(ids: Sequence[int], reason: str = "suppressed by the user") -> OpResult[int]:
    changed = core_contacts.suppress(ids, reason)
    return OpResult(changed, Changes(contacts=True, suppressions=True))


def delete_contacts(ids: Sequence[int]) -> OpResult[int]:
    deleted = core_contacts.delete_contacts(ids)
    return OpResult(deleted, Changes(contacts=True, lists=True))


def export_contacts(path: str | Path, list_name: str | None = None) -> int:
    return core_contacts.export_contacts(path, list_name)


# --- what the Contacts page and the contact dialog show (gui-b) ----------------------------


@dataclass(frozen=True)
class ContactsSidebar:
    """The list of lists with their sizes, and how many contacts there are in all."""

    total: int
    lists: list[tuple[int, str, int]]  # (id, name, members)


@dataclass(frozen=True)
class ContactsView:
    """The ids (in display order) and the custom field columns of a list and filter."""

    ids: list[int]
    fields: list[str]


def sidebar() -> ContactsSidebar:
    return ContactsSidebar(contact_count(), core_contacts.list_summaries())


def view(list_id: int | None, search: str = "") -> ContactsView:
    return ContactsView(
        core_contacts.contact_ids(list_id, search), core_contacts.field_names(list_id)
    )


def contact_detail(contact_id: int) -> ContactDetail:
    return core_contacts.contact_detail(contact_id)


def update_contact(
    contact_id: int, *, email: str, name: str, fields: dict[str, str]
) -> OpResult[int]:
    """Save an edited contact; raises ``InvalidValue`` (bad or taken address) unchanged."""
    changed = core_contacts.update_contact(contact_id, email=email, name=name, fields=fields)
    return OpResult(changed, Changes(contacts=True))
