"""What keeps the window responsive with big tables: work on the UI thread that does not
grow with the number of rows (bench_gui measures the stalls themselves)."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from core.importer import import_contacts
from gui.contact_picker import ContactIdsModel, ContactPicker
from tests.gui.conftest import wait_idle

ROWS = 3000


def test_showing_the_contact_picker_lays_out_only_the_rows_it_paints(qtbot, context, tmp_path):
    """The picker's contacts arrive while its page is hidden (the contacts changed); the
    page is then shown. A list view laid out every row then (two ``rowCount()`` calls into
    Python per row: 1.2 s at 100,000 contacts, on the UI thread); the picker must not."""
    path = tmp_path / "many.csv"
    path.write_text(
        "email,first_name\n" + "".join(f"c{i:04d}@example.com,C{i}\n" for i in range(ROWS))
    )
    import_contacts(path, "Many")
    holder = QWidget()
    qtbot.addWidget(holder)
    picker = ContactPicker(context, rows=5)
    QVBoxLayout(holder).addWidget(picker)
    holder.resize(400, 300)
    holder.show()
    qtbot.waitExposed(holder)
    holder.hide()
    picker.set_list(None)
    qtbot.waitUntil(lambda: picker.model.rowCount() == ROWS)
    wait_idle(qtbot, context)

    calls = {ContactIdsModel.rowCount.__code__: 0, ContactIdsModel.data.__code__: 0}

    def count(frame, event, _arg):  # type: ignore[no-untyped-def]
        if event == "call" and frame.f_code in calls:
            calls[frame.f_code] += 1

    sys.setprofile(count)  # sees Qt's calls into the model (a patched method would not)
    try:
        holder.show()
        qtbot.waitExposed(holder)
        qtbot.waitUntil(lambda: "c0000@example.com" in picker.current_label())
        wait_idle(qtbot, context)
        picker.view.viewport().repaint()
    finally:
        sys.setprofile(None)
    painted, counted = (
        calls[ContactIdsModel.data.__code__],
        calls[ContactIdsModel.rowCount.__code__],
    )
    assert painted > 0  # the hook sees Qt's calls into the model: the rows shown were read
    assert counted < ROWS / 4, f"{counted} rowCount() calls for {ROWS} contacts"
    # What the user sees: the first contact chosen, its neighbours listed under it.
    assert picker.view.currentIndex().row() == 0
    second = picker.model.index(1)
    assert second.data(Qt.ItemDataRole.DisplayRole) == "c0001@example.com"
    assert picker.view.viewport().rect().contains(picker.view.visualRect(second))
