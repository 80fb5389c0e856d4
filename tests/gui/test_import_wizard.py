"""The import wizard on messy real files, used as a person does: the file is chosen with
Browse… (typed into the file dialog) or typed into the file field, columns are mapped
with their combo boxes, Import and Stop are clicked, rejects are saved through a dialog."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.modeltest import ModelTester

from core.models import Contact, ContactList, ListMembership
from gui.dialogs.import_wizard import ImportWizard
from tests.gui.clicking import activate, choose_file, pick
from tests.gui.conftest import wait_idle

LEFT = Qt.MouseButton.LeftButton

MESSY = (
    "Nome;Cognome;Posta;Città\r\n"
    "Zoë;Müller;zoe@Example.COM;Zürich\r\n"
    "\r\n"
    "José;Núñez;ZOE@example.com;Sevilla\r\n"
    "Bad;Row;not-an-email;Roma\r\n"
    'Anna;"Rossi\r\nBianchi";anna@example.org;€ city\r\n'
    'Evil;Cell;=HYPERLINK("x");Roma\r\n'
)


def open_wizard(qtbot, context) -> ImportWizard:
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    activate(wizard)
    return wizard


def type_file(qtbot, wizard: ImportWizard, path: Path) -> None:
    """Type the path into the file field and press Return, waiting for it to be read."""
    wizard.path.clear()
    qtbot.keyClicks(wizard.path, str(path))
    with qtbot.waitSignal(wizard.analysed, timeout=10_000):
        qtbot.keyClick(wizard.path, Qt.Key.Key_Return)


def mapping_widgets(wizard: ImportWizard, header: str) -> tuple[QComboBox, QLineEdit]:
    for row in range(wizard.mapping.rowCount()):
        if wizard.mapping.item(row, 0).text() == header:
            combo, name = wizard.mapping.cellWidget(row, 1), wizard.mapping.cellWidget(row, 2)
            assert isinstance(combo, QComboBox) and isinstance(name, QLineEdit)
            return combo, name
    raise AssertionError(header)


def test_browse_detect_map_import_and_save_the_rejects(qtbot, context, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    source = tmp_path / "excel.csv"
    source.write_bytes(MESSY.encode("cp1252"))
    wizard = open_wizard(qtbot, context)
    chose = choose_file(str(source))
    with qtbot.waitSignal(wizard.analysed, timeout=10_000):
        qtbot.mouseClick(wizard.browse_button, LEFT)
    assert chose.error is None, chose.error
    assert wizard.encoding.currentText() == "cp1252"
    assert wizard.delimiter.currentData() == ";"
    assert "cp1252" in wizard.detected.text() and "semicolon" in wizard.detected.text()
    assert wizard.preview.rowCount() == 5
    assert wizard.preview.item(0, 3).text() == "Zürich"  # decoded, not mojibake
    assert wizard.chosen_mapping()["Posta"] == "email"
    assert wizard.import_button.isEnabled()
    pick(mapping_widgets(wizard, "Città")[0], "Skip")  # skip a column
    assert "skipped" in wizard.preview.horizontalHeaderItem(3).text()
    _surname, surname_field = mapping_widgets(wizard, "Cognome")
    surname_field.selectAll()
    qtbot.keyClicks(surname_field, "last_name")  # kept under another name
    wizard.list_name.lineEdit().selectAll()
    qtbot.keyClicks(wizard.list_name.lineEdit(), "Clienti")
    changed = []
    context.signals.changed.connect(lambda c: changed.append(c))
    with qtbot.waitSignal(wizard.imported, timeout=10_000) as signal:
        qtbot.mouseClick(wizard.import_button, LEFT)
    report = signal.args[0]
    assert (report.imported, report.duplicates, report.invalid_count) == (2, 1, 2)
    qtbot.waitUntil(lambda: any(c.contacts and c.lists for c in changed), timeout=5000)
    assert wizard.steps.currentIndex() == 2 and "new contacts" in wizard.summary.text()
    assert wizard.rejected_rows.rowCount() == 2
    assert (wizard.rejected_rows.item(0, 0).text(), wizard.rejected_rows.item(0, 1).text()) == (
        "5",
        "not-an-email",
    )
    clienti = ContactList.get(ContactList.name == "Clienti")
    assert ListMembership.select().where(ListMembership.contact_list == clienti).count() == 2
    anna = Contact.get(Contact.email_key == "anna@example.org")
    assert anna.fields == {"Nome": "Anna", "last_name": "Rossi Bianchi"}

    out = tmp_path / "rejected-rows.csv"
    saved = choose_file(str(out))
    qtbot.mouseClick(wizard.save_rejected_button, LEFT)
    assert saved.done and saved.error is None, saved.error
    wait_idle(qtbot, context)
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[0] == ["line", "value", "reason"]
    assert rows[1][:2] == ["5", "not-an-email"]
    assert rows[2][1].startswith("'=")  # a formula is neutralised for spreadsheets
    ModelTester(qtbot).check(wizard.rejected_rows.model(), force_py=True)
    qtbot.mouseClick(wizard.cancel_button, LEFT)  # "Close"
    assert not wizard.isVisible()


def test_return_in_the_file_field_reads_the_file_and_does_not_import(qtbot, context, tmp_path):
    source = tmp_path / "people.csv"
    source.write_text("email,name\nann@example.com,Ann\n", encoding="utf-8")
    wizard = open_wizard(qtbot, context)
    type_file(qtbot, wizard, source)
    assert wizard.mapping.rowCount() == 2 and wizard.import_button.isEnabled()
    qtbot.keyClick(wizard.path, Qt.Key.Key_Return)  # again: still only reads
    qtbot.wait(300)
    wait_idle(qtbot, context)
    assert wizard.steps.currentIndex() == 0 and wizard.isVisible()
    assert Contact.select().count() == 0  # Return never pressed Import
    with qtbot.waitSignal(wizard.imported, timeout=10_000):
        qtbot.mouseClick(wizard.import_button, LEFT)
    assert Contact.select().count() == 1 and wizard.list_name.currentText() == "people"


def test_changing_the_encoding_or_delimiter_rereads_the_preview(qtbot, context, tmp_path: Path):
    source = tmp_path / "excel.csv"
    source.write_bytes(MESSY.encode("cp1252"))
    wizard = open_wizard(qtbot, context)
    type_file(qtbot, wizard, source)
    pick(wizard.encoding, "latin-1")  # each item passed on the way is read too
    qtbot.waitUntil(lambda: not wizard.analysing, timeout=10_000)
    assert wizard.encoding.currentText() == "latin-1"
    assert wizard.preview.item(0, 3).text() == "Zürich"
    pick(wizard.delimiter, "Comma ,")
    qtbot.waitUntil(lambda: not wizard.analysing, timeout=10_000)
    assert wizard.mapping.rowCount() == 1  # one big column: no email column any more
    assert not wizard.import_button.isEnabled()
    assert "Email address" in wizard.problem.label.text()


def test_a_file_without_an_email_header_can_be_mapped_by_hand(qtbot, context, tmp_path: Path):
    source = tmp_path / "soci.csv"
    source.write_text("Socio,Recapito\nMario,mario@example.com\nLuisa,luisa@example.com\n")
    wizard = open_wizard(qtbot, context)
    type_file(qtbot, wizard, source)
    recapito, _name = mapping_widgets(wizard, "Recapito")
    assert recapito.currentText() == "Email address"  # guessed from the values
    pick(recapito, "Keep as a field")
    assert not wizard.import_button.isEnabled()
    assert "Email address" in wizard.problem.label.text()
    pick(recapito, "Email address")
    pick(mapping_widgets(wizard, "Socio")[0], "Name")
    with qtbot.waitSignal(wizard.imported, timeout=10_000):
        qtbot.mouseClick(wizard.import_button, LEFT)
    assert Contact.get(Contact.email_key == "luisa@example.com").name == "Luisa"
    assert wizard.list_name.currentText() == "soci"
    wait_idle(qtbot, context)


def test_files_that_are_not_csv_are_explained(qtbot, context, tmp_path: Path):
    wizard = open_wizard(qtbot, context)
    sheet = tmp_path / "sheet.xlsx"
    sheet.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 20)
    type_file(qtbot, wizard, sheet)
    assert not wizard.import_button.isEnabled()
    assert "is not a text/CSV file" in wizard.problem.label.text()
    # A program picked by mistake used to get "not valid utf-16-le text".
    program = tmp_path / "ls"
    program.write_bytes(Path("/bin/ls").read_bytes())
    type_file(qtbot, wizard, program)
    text = wizard.problem.label.text()
    assert "ls is not a text/CSV file: it looks like a program" in text and "utf-16" not in text
    assert not wizard.import_button.isEnabled()


def test_stopping_an_import_keeps_what_was_stored(qtbot, context, tmp_path: Path):
    source = tmp_path / "big.csv"
    with source.open("w") as fh:
        fh.write("email,name\n")
        for i in range(60_000):
            fh.write(f"p{i}@example.com,P{i}\n")
    wizard = open_wizard(qtbot, context)
    type_file(qtbot, wizard, source)
    # Press Stop as soon as the first batch reports, as a person watching would.
    stop = {"clicked": False}

    def press_stop(_progress) -> None:
        if not stop["clicked"]:
            stop["clicked"] = True
            qtbot.mouseClick(wizard.cancel_button, LEFT)

    wizard._relay.progressed.connect(press_stop)
    with qtbot.waitSignal(wizard.imported, timeout=30_000) as signal:
        qtbot.mouseClick(wizard.import_button, LEFT)
        assert wizard.cancel_button.text() == "Stop"
    report = signal.args[0]
    assert report.cancelled
    assert 0 < report.imported < 60_000
    assert Contact.select().count() == report.imported
    assert "stopped" in wizard.summary.text()
    wait_idle(qtbot, context)
