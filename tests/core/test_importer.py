"""Importing the spreadsheets marketers really have, into a real SQLite file."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from core.contacts import contact_ids, iter_contacts
from core.errors import BadInputFile, InvalidValue
from core.events import CancelToken
from core.importer import clean_value, import_contacts, sniff_csv
from core.models import Contact, ContactList, ListMembership

EXCEL_ROWS = (
    "Nome;Cognome;E-Mail;Città;Note\r\n"
    'Zoë;Müller;zoe@Example.COM;Milano;"caffè; tè\r\nseconda riga"\r\n'
    "\r\n"
    "José;Núñez;ZOE@example.com;Torino;\r\n"
    "Bad;Row;not-an-email;Roma;\r\n"
    "Anna;€uro;anna@example.org;Napoli;;;\r\n"
    ";;;;\r\n"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def emails() -> list[str]:
    return sorted(c.email for c in Contact.select())


def test_excel_semicolon_cp1252_with_multiline_duplicates_and_invalid(db: Path, tmp_path: Path):
    path = write(tmp_path, "excel.csv", EXCEL_ROWS, "cp1252")
    report = import_contacts(path, "Clienti")

    assert (report.encoding, report.delimiter) == ("cp1252", ";")
    assert (report.imported, report.updated, report.duplicates) == (2, 0, 1)
    assert [(r.row, r.value) for r in report.invalid] == [(6, "not-an-email")]
    assert "@" in report.invalid[0].reason
    assert emails() == ["anna@example.org", "zoe@example.com"]
    zoe = Contact.get(Contact.email_key == "zoe@example.com")
    assert zoe.name == "Zoë Müller"
    assert zoe.fields["Città"] == "Milano"
    assert zoe.fields["Note"] == "caffè; tè seconda riga"  # newline inside quotes kept as text
    anna = Contact.get(Contact.email_key == "anna@example.org")
    assert anna.fields["Cognome"] == "€uro"  # cp1252, not latin-1
    assert ListMembership.select().count() == 2


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-8", "utf-8"),
        ("utf-16-le", "utf-16-le"),
    ],
)
def test_unicode_encodings_are_detected(db: Path, tmp_path: Path, encoding: str, expected: str):
    text = "email,First Name,City\nzoë@example.com,Zoë,Zürich\nli@example.com,李,北京\n"
    path = write(tmp_path, "u.csv", text, encoding)
    report = import_contacts(path, "L")
    assert report.encoding == expected
    assert report.imported == 2
    li = Contact.get(Contact.email_key == "li@example.com")
    assert li.fields == {"First Name": "李", "City": "北京"}
    assert Contact.get(Contact.email_key == "zoë@example.com").fields["City"] == "Zürich"


def test_utf8_bom_header_is_not_part_of_the_first_column_name(db: Path, tmp_path: Path):
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"Email,Name\r\na@example.com,A\r\n")
    layout = sniff_csv(path)
    assert layout.headers == ["Email", "Name"]
    assert layout.email_column == "Email"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_detected(db: Path, tmp_path: Path, delimiter: str):
    text = delimiter.join(["name", "email", "city"]) + "\n"
    text += delimiter.join(['"Rossi, Mario"', "m@example.com", "Roma"]) + "\n"
    text += delimiter.join(["Bianchi", "b@example.com", "Bari"]) + "\n"
    path = write(tmp_path, "d.csv", text)
    report = import_contacts(path, "L")
    assert report.delimiter == delimiter
    assert report.imported == 2


def test_control_characters_never_survive(db: Path, tmp_path: Path):
    text = 'email,name,note\nx@example.com,"Evil\r\nBcc: a@b.c","nul\x00here\u2028and\u2029there\x1b"\n'
    report = import_contacts(write(tmp_path, "c.csv", text), "L")
    assert report.imported == 1
    contact = Contact.get()
    assert contact.name == "Evil Bcc: a@b.c"
    assert contact.fields["note"] == "nulhere and there"
    for value in [contact.name, *contact.fields.values()]:
        assert not any(ch in value for ch in "\r\n\x00\u2028\u2029\x1b")


def test_clean_value_keeps_ordinary_text():
    assert clean_value("  Zoë  ") == "Zoë"
    assert clean_value("a\tb") == "a b"


def test_reimport_updates_instead_of_duplicating(db: Path, tmp_path: Path):
    import_contacts(write(tmp_path, "a.csv", "email,city\nA@example.com,Roma\n"), "L1")
    report = import_contacts(
        write(tmp_path, "b.csv", "email,city,plan\na@EXAMPLE.com,Milano,pro\nn@example.com,X,\n"),
        "L2",
    )
    assert (report.imported, report.updated) == (1, 1)
    assert Contact.select().count() == 2
    a = Contact.get(Contact.email_key == "a@example.com")
    assert a.fields == {"city": "Milano", "plan": "pro"}
    assert {m.contact_list.name for m in a.memberships} == {"L1", "L2"}


def test_mapping_picks_the_email_column_and_skips_columns(db: Path, tmp_path: Path):
    text = "Who,Where,Secret\nm@example.com,Roma,x\n"
    report = import_contacts(
        write(tmp_path, "m.csv", text),
        "L",
        mapping={"Who": "email", "Secret": "-", "Where": "city"},
    )
    assert report.imported == 1
    assert Contact.get().fields == {"city": "Roma"}


def test_mapping_to_an_unknown_column_is_a_clear_error(db: Path, tmp_path: Path):
    with pytest.raises(InvalidValue, match="no column named 'Nope'"):
        import_contacts(
            write(tmp_path, "m.csv", "email\na@example.com\n"), "L", mapping={"Nope": "email"}
        )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\n\n  \n", "is empty"),
        (b"PK\x03\x04\x14\x00\x06\x00binary", "Excel workbook"),
        (b"name,city\nMario,Roma\n", "no email column"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10", "not"),
        # Random bytes (an image, an archive, a database): "binary", not "has no rows".
        (random.Random(7).randbytes(3000), "looks like a binary file"),
        # A program picked by mistake: its NUL bytes are not UTF-16 text.
        (Path("/bin/ls").read_bytes()[:200_000], "is not a text/CSV file: it looks like a program"),
        (b"email,name\n\x00\x00\x00\x01\x02garbage\x00\x00\xff" * 40, "not a text/CSV file"),
        (b"SQLite format 3\x00" + bytes(2000), "an SQLite database"),
        (b"\x1f\x8b\x08\x00" + bytes(200), "a gzip archive"),
    ],
)
def test_unusable_files_change_nothing(db: Path, tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(BadInputFile, match=message):
        import_contacts(path, "L")
    assert ContactList.select().count() == 0
    assert Contact.select().count() == 0


def test_missing_file_is_a_clear_error(db: Path, tmp_path: Path):
    with pytest.raises(BadInputFile, match="does not exist"):
        import_contacts(tmp_path / "nope.csv", "L")


def test_rows_without_email_are_reported_with_their_line(db: Path, tmp_path: Path):
    text = 'email,name\n,"No\nmail"\nok@example.com,Ok\n'
    report = import_contacts(write(tmp_path, "r.csv", text), "L")
    assert [(r.row, r.value) for r in report.invalid] == [(2, "")]
    assert report.imported == 1


def test_large_import_streams_in_batches_and_reports_progress(db: Path, tmp_path: Path):
    lines = ["email,n"] + [f"user{i}@example.com,{i}" for i in range(5_000)]
    seen: list[int] = []
    report = import_contacts(
        write(tmp_path, "big.csv", "\n".join(lines) + "\n"),
        "Big",
        progress=lambda p: seen.append(p.rows),
    )
    assert report.imported == 5_000
    assert seen[-1] == 5_000 and len(seen) >= 3
    assert len(contact_ids(ContactList.get().id)) == 5_000


def test_cancel_stops_between_batches(db: Path, tmp_path: Path):
    lines = ["email"] + [f"user{i}@example.com" for i in range(10_000)]
    token = CancelToken()
    token.cancel()
    report = import_contacts(write(tmp_path, "big.csv", "\n".join(lines)), "Big", cancel=token)
    assert report.cancelled
    assert 0 < Contact.select().count() < 10_000


def test_iter_contacts_of_a_list(db: Path, tmp_path: Path):
    import_contacts(write(tmp_path, "a.csv", "email\na@example.com\nb@example.com\n"), "A")
    import_contacts(write(tmp_path, "b.csv", "email\nc@example.com\n"), "B")
    assert [c.email for c in iter_contacts("A")] == ["a@example.com", "b@example.com"]
    assert len(list(iter_contacts())) == 3


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_text_with_or_without_bom_still_imports(db: Path, tmp_path: Path, codec: str):
    path = tmp_path / "u16.csv"
    path.write_bytes("email,name\nzoe@example.com,Zoë\nluca@example.com,Luca\n".encode(codec))
    report = import_contacts(path, "L")
    assert report.imported == 2
    assert Contact.get(Contact.email_key == "zoe@example.com").name == "Zoë"
