"""The import wizard on messy real files, with a real database and the real background runner."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from core.models import Contact, ContactList, ListMembership
from gui.dialogs.import_wizard import ImportWizard
from tests.gui.conftest import wait_idle

MESSY = (
    "Nome;Cognome;Posta;Città\r\n"
    "Zoë;Müller;zoe@Example.COM;Zürich\r\n"
    "\r\n"
    "José;Núñez;ZOE@example.com;Sevilla\r\n"
    "Bad;Row;not-an-email;Roma\r\n"
    'Anna;"Rossi\r\nBianchi";anna@example.org;€ city\r\n'
    'Evil;Cell;=HYPERLINK("x");Roma\r\n'
)


def test_wizard_detects_maps_imports_and_reports(qtbot, context, tmp_path: Path):
    source = tmp_path / "excel.csv"
    source.write_bytes(MESSY.encode("cp1252"))
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    wizard.set_path(str(source))
    assert wizard.encoding.currentText() == "cp1252"
    assert wizard.delimiter.currentData() == ";"
    assert "cp1252" in wizard.detected.text() and "semicolon" in wizard.detected.text()
    assert wizard.preview.rowCount() == 5
    assert wizard.preview.item(0, 3).text() == "Zürich"  # decoded, not mojibake
    assert wizard.chosen_mapping()["Posta"] == "email"
    assert wizard.import_button.isEnabled()
    wizard.set_target("Città", "-")  # skip a column
    wizard.set_target("Cognome", "field", "last_name")  # keep under another name
    assert "skipped" in wizard.preview.horizontalHeaderItem(3).text()
    wizard.list_name.setCurrentText("Clienti")
    changed = []
    context.signals.contacts_changed.connect(lambda: changed.append(True))
    with qtbot.waitSignal(wizard.imported, timeout=10_000) as signal:
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    report = signal.args[0]
    assert (report.imported, report.duplicates, report.invalid_count) == (2, 1, 2)
    assert changed
    assert wizard.steps.currentIndex() == 2
    assert wizard.rejected.rowCount() == 2
    assert (wizard.rejected.item(0, 0).text(), wizard.rejected.item(0, 1).text()) == (
        "5",
        "not-an-email",
    )
    clienti = ContactList.get(ContactList.name == "Clienti")
    assert ListMembership.select().where(ListMembership.contact_list == clienti).count() == 2
    anna = Contact.get(Contact.email_key == "anna@example.org")
    assert anna.fields == {"Nome": "Anna", "last_name": "Rossi Bianchi"}
    out = tmp_path / "rejected.csv"
    wizard.save_rejected(str(out))
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[0] == ["line", "value", "reason"]
    assert rows[1][:2] == ["5", "not-an-email"]
    assert rows[2][1].startswith("'=")  # a formula is neutralised for spreadsheets
    ModelTester(qtbot).check(wizard.rejected.model(), force_py=True)
    ModelTester(qtbot).check(wizard.preview.model(), force_py=True)
    wait_idle(qtbot, context)


def test_changing_the_encoding_rereads_the_preview(qtbot, context, tmp_path: Path):
    source = tmp_path / "excel.csv"
    source.write_bytes(MESSY.encode("cp1252"))
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    wizard.set_path(str(source))
    wizard.encoding.setCurrentText("latin-1")
    wizard.analyse(keep_choices=True)
    assert wizard.encoding.currentText() == "latin-1"
    assert wizard.preview.item(0, 3).text() == "Zürich"
    wizard.delimiter.setCurrentIndex(wizard.delimiter.findData(","))
    wizard.analyse(keep_choices=True)
    assert wizard.mapping.rowCount() == 1  # one big column: no email column any more
    assert not wizard.import_button.isEnabled()
    assert "Email address" in wizard.problem.label.text()


def test_a_file_without_an_email_header_can_be_mapped_by_hand(qtbot, context, tmp_path: Path):
    source = tmp_path / "soci.csv"
    source.write_text("Socio,Recapito\nMario,mario@example.com\nLuisa,luisa@example.com\n")
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    wizard.set_path(str(source))
    assert wizard.chosen_mapping()["Recapito"] == "email"  # guessed from the values
    wizard.set_target("Recapito", "field")
    assert not wizard.import_button.isEnabled()
    assert "Email address" in wizard.problem.label.text()
    wizard.set_target("Recapito", "email")
    wizard.set_target("Socio", "name")
    with qtbot.waitSignal(wizard.imported, timeout=10_000):
        wizard.start_import()
    assert Contact.get(Contact.email_key == "luisa@example.com").name == "Luisa"
    assert wizard.list_name.currentText() == "soci"
    wait_idle(qtbot, context)


def test_a_file_that_is_no_csv_is_explained(qtbot, context, tmp_path: Path):
    source = tmp_path / "sheet.xlsx"
    source.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 20)
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    wizard.set_path(str(source))
    assert not wizard.import_button.isEnabled()
    assert "CSV" in wizard.problem.label.text()


def test_stopping_an_import_keeps_what_was_stored(qtbot, context, tmp_path: Path):
    source = tmp_path / "big.csv"
    with source.open("w") as fh:
        fh.write("email,name\n")
        for i in range(60_000):
            fh.write(f"p{i}@example.com,P{i}\n")
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    wizard.set_path(str(source))
    wizard.start_import()
    # Stop as soon as the first batch reports, as a user pressing Stop would.
    wizard._relay.progressed.connect(lambda _p: wizard.cancel())
    with qtbot.waitSignal(wizard.imported, timeout=30_000) as signal:
        pass
    report = signal.args[0]
    assert report.cancelled
    assert 0 < report.imported < 60_000
    assert Contact.select().count() == report.imported
    assert "stopped" in wizard.summary.text()
    wait_idle(qtbot, context)
