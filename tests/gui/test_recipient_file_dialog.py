"""Choosing a per-recipient attachment in the window: folder, name with a variable, and
the first contacts' files found or missing, as the user types."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit

from core.contacts import list_summaries
from core.importer import import_contacts
from gui.dialogs.recipient_file_dialog import RecipientFileDialog


def test_the_dialog_checks_each_contacts_file_while_typing(qtbot, context, tmp_path: Path):
    (tmp_path / "c.csv").write_text("email,customer_id\nann@example.com,C-1\nbob@example.com,C-2\n")
    import_contacts(tmp_path / "c.csv", "Clienti")
    invoices = tmp_path / "invoices"
    invoices.mkdir()
    (invoices / "C-1.pdf").write_bytes(b"%PDF" + b"x" * 3000)
    dialog = RecipientFileDialog(context, None, list_id=list_summaries()[0][0])
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "Choose the folder" in dialog.findings.text()

    def pick_folder() -> None:
        chooser = dialog.folder_dialog
        assert isinstance(chooser, QFileDialog) and chooser.isVisible()
        chooser.findChild(QLineEdit, "fileNameEdit").setText(str(invoices))
        chooser.accept()

    QTimer.singleShot(100, pick_folder)
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.folder.text() == str(invoices), timeout=5000)
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "C-1.pdf")
    qtbot.waitUntil(lambda: "at least one {{ variable }}" in dialog.findings.text(), timeout=5000)
    dialog.name.clear()
    qtbot.waitUntil(lambda: dialog.variables.count() > 0, timeout=5000)
    dialog.variables.setCurrentIndex(dialog.variables.findData("customer_id"))
    qtbot.mouseClick(dialog.insert_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.name, ".pdf")
    assert dialog.name.text() == "{{ customer_id }}.pdf"
    qtbot.waitUntil(lambda: "bob@example.com" in dialog.findings.text(), timeout=5000)
    assert "✓ ann@example.com: C-1.pdf (2 KB)" in dialog.findings.text()
    assert "✗ bob@example.com: The attachment" in dialog.findings.text()
    assert "C-2.pdf does not exist" in dialog.findings.text()
    qtbot.keyClicks(dialog.name, "{{ oops }")
    qtbot.waitUntil(lambda: dialog.findings.text().startswith("✗ Line 1"), timeout=5000)
    assert not ok.isEnabled()
    for _ in "{{ oops }":
        qtbot.keyClick(dialog.name, Qt.Key.Key_Backspace)
    qtbot.waitUntil(ok.isEnabled, timeout=5000)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.path() == str(invoices / "{{ customer_id }}.pdf")
