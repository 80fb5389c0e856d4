"""The segment builder, clicked as a person does: rows of field / operator / value, all or
any, a live count with the first matching contacts, one sentence for a bad condition."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from core.audience.segments import count_segment, find_segment, rule_of
from core.importer import import_contacts
from gui.dialogs.segment_dialog import SegmentDialog
from gui.pages.contacts_page import ContactsPage
from tests.gui.conftest import wait_idle


def make_people(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    rows = ["email,first_name,city,plan,age"]
    for i in range(40):
        city = ("Milano", "Roma", "Torino", "milano")[i % 4]
        rows.append(f"p{i:02d}@example.com,P{i},{city},{('gold', 'silver')[i % 2]},{20 + i}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_contacts(path, "People")


def settle(qtbot, context, dialog: SegmentDialog) -> None:
    """Let the typing pause pass and the count arrive."""
    qtbot.waitUntil(lambda: not dialog._timer.isActive(), timeout=5000)
    wait_idle(qtbot, context)


def test_build_a_segment_with_a_live_count_and_save_it(qtbot, context, tmp_path: Path):
    make_people(tmp_path)
    page = ContactsPage(context)
    qtbot.addWidget(page)
    wait_idle(qtbot, context)
    qtbot.mouseClick(page.segment_button, Qt.MouseButton.LeftButton)
    dialog = page.segment_dialog
    assert dialog is not None and dialog.isVisible()
    settle(qtbot, context, dialog)
    assert "city" in dialog.fields and "plan" in dialog.fields

    row = dialog.rows[0]
    row.field_box.setCurrentText("city")
    row.op_box.setCurrentIndex(row.op_box.findData("="))
    qtbot.keyClicks(row.value, "Milano")
    settle(qtbot, context, dialog)
    assert dialog.count_label.text().startswith("20 contacts match")  # Milano and milano
    assert dialog.preview.rowCount() == 20
    assert dialog.preview.item(0, 0).text() == "p00@example.com"

    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    second = dialog.rows[1]
    second.field_box.setCurrentText("age")
    second.op_box.setCurrentIndex(second.op_box.findData(">="))
    qtbot.keyClicks(second.value, "old")
    settle(qtbot, context, dialog)
    assert "'age' holds numbers, and 'old' is not a number" in dialog.count_label.text()
    assert dialog.preview.rowCount() == 0
    qtbot.keyClicks(dialog.name, "Milano adults")
    assert not dialog.save_button.isEnabled()

    second.value.clear()
    qtbot.keyClicks(second.value, "40")
    settle(qtbot, context, dialog)
    # Milano rows are i % 4 in (0, 3): ages 20+i >= 40 → i >= 20: 20, 23, 24, 27… 10 people.
    assert dialog.count_label.text().startswith("10 contacts match")
    qtbot.mouseClick(dialog.match_any, Qt.MouseButton.LeftButton)
    settle(qtbot, context, dialog)
    assert dialog.count_label.text().startswith("30 contacts match")  # Milano or age >= 40
    qtbot.mouseClick(dialog.match_all, Qt.MouseButton.LeftButton)
    settle(qtbot, context, dialog)
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    wait_idle(qtbot, context)
    saved = find_segment("Milano adults")
    assert rule_of(saved).texts() == ["city = Milano", "age >= 40"]
    assert count_segment("Milano adults") == 10


def test_removing_a_row_and_valueless_operators(qtbot, context, tmp_path: Path):
    make_people(tmp_path)
    dialog = SegmentDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    row = dialog.rows[0]
    row.field_box.setCurrentText("plan")
    row.op_box.setCurrentIndex(row.op_box.findData("not-empty"))
    assert not row.value.isEnabled()
    settle(qtbot, context, dialog)
    assert dialog.count_label.text().startswith("40 contacts match")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    extra = dialog.rows[1]
    extra.field_box.setCurrentText("citty")
    qtbot.keyClicks(extra.value, "Roma")
    settle(qtbot, context, dialog)
    assert "There is no field 'citty'" in dialog.count_label.text()
    qtbot.mouseClick(extra.remove_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context, dialog)
    assert len(dialog.rows) == 1 and dialog.count_label.text().startswith("40 contacts")
