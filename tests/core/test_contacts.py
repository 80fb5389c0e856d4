"""Contact queries and edits on a real database: the filter and the edit dialog's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.contacts import contact_detail, contact_ids, update_contact
from core.errors import InvalidValue, NotFound
from core.importer import import_contacts
from core.models import Contact


@pytest.fixture
def people(db: Path, tmp_path: Path) -> dict[str, int]:
    path = tmp_path / "people.csv"
    path.write_text(
        "email,name,city,company\n"
        "ann@example.com,Ann,Zürich,ACME\n"
        "bob@example.com,Bob,Roma,Foo & Co\n"
        "cy@example.com,Cy,Milano,\n",
        encoding="utf-8",
    )
    import_contacts(path, "People")
    return {c.email: c.id for c in Contact.select()}


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("Zürich", ["ann@example.com"]),
        ("ZÜRICH", ["ann@example.com"]),  # case folded beyond ASCII
        ("acme", ["ann@example.com"]),  # a custom field's value
        ("foo & co", ["bob@example.com"]),
        ("roma", ["bob@example.com"]),
        ("city", []),  # a field's *name* is not a match
        ("BOB@", ["bob@example.com"]),
        ("cy", ["cy@example.com"]),
        ("example.com", ["ann@example.com", "bob@example.com", "cy@example.com"]),
        ("nobody", []),
    ],
)
def test_the_filter_matches_email_name_and_any_fields_value(
    people: dict[str, int], search: str, expected: list[str]
):
    assert contact_ids(None, search) == [people[e] for e in expected]


def test_editing_a_contact_validates_and_refuses_another_contacts_address(people):
    ann = people["ann@example.com"]
    update_contact(ann, email=" Anna@Example.com ", name="  Anna  ", fields={"city": "Bern"})
    detail = contact_detail(ann)
    assert (detail.email, detail.name, detail.fields) == (
        "Anna@example.com",
        "Anna",
        {"city": "Bern"},
    )
    assert detail.lists == ["People"]
    assert Contact.get_by_id(ann).email_key == "anna@example.com"

    with pytest.raises(
        InvalidValue, match=r"Another contact already has the address bob@example\.com"
    ):
        update_contact(ann, email="BOB@example.com", name="x", fields={})
    with pytest.raises(InvalidValue, match="not a valid email address"):
        update_contact(ann, email="not-an-address", name="x", fields={})
    with pytest.raises(InvalidValue, match="Two fields are called 'a'"):
        update_contact(ann, email="anna@example.com", name="x", fields={"a": "1", " a ": "2"})
    with pytest.raises(InvalidValue, match="has no name"):
        update_contact(ann, email="anna@example.com", name="x", fields={" ": "1"})
    assert contact_detail(ann).name == "Anna"  # nothing half-saved
    Contact.delete_by_id(ann)
    with pytest.raises(NotFound):
        update_contact(ann, email="anna@example.com", name="x", fields={})
