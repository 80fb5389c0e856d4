"""The import wizard on a messy Excel export, with a real database."""

from __future__ import annotations

import csv
from pathlib import Path

from core.models import Contact, ContactList
from gui.dialogs.import_wizard import ImportWizard
from tests.gui.conftest import wait_idle

MESSY = (
    "Nome;Cognome;Posta;Città\r\n"
    "Zoë;Müller;zoe@Example.COM;Zürich\r\n"
    "\r\n"
    "José;Núñez;ZOE@example.com;Sevilla\r\n"
    "Bad;Row;not-an-email;Roma\r\n"
    'Anna;"Rossi\r\nBianchi";anna@example.org;€ city\r\n'
)


def test_wizard_detects_maps_imports_and_reports(qtbot, context, tmp_path: Path):
    source = tmp_path / "excel.csv"
    source.write_bytes(MESSY.encode("cp1252"))
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    wizard.set_path(str(source))
    assert wizard.encoding.currentText() == "cp1252"
    assert wizard.delimiter.currentData() == ";"
    assert "Posta" in wizard.detected.text()
    assert wizard.preview.rowCount() == 4
    assert wizard.import_button.isEnabled()
    wizard.set_target("Città", "-")  # skip a column
    wizard.list_name.setCurrentText("Clienti")
    with qtbot.waitSignal(wizard.imported, timeout=10_000) as signal:
        qtbot.mouseClick(wizard.import_button, qtbot_button())
    report = signal.args[0]
    assert (report.imported, report.duplicates, report.invalid_count) == (2, 1, 1)
    assert wizard.rejected.rowCount() == 1
    assert (
        wizard.rejected.item(0, 0).text() == "5"
        and wizard.rejected.item(0, 1).text() == "not-an-email"
    )
    assert ContactList.get().name == "Clienti"
    anna = Contact.get(Contact.email_key == "anna@example.org")
    assert anna.fields == {"Nome": "Anna", "Cognome": "Rossi Bianchi"}
    out = tmp_path / "rejected.csv"
    wizard.save_rejected(str(out))
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[1][:2] == ["5", "not-an-email"]
    wait_idle(qtbot, context)


def test_wizard_explains_a_file_without_email_column(qtbot, context, tmp_path: Path):
    source = tmp_path / "names.csv"
    source.write_text("name,city\nMario,Roma\n")
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    wizard.set_path(str(source))
    assert not wizard.import_button.isEnabled()
    assert "no email column" in wizard.problem.label.text()


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
