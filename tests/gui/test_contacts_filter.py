"""The Contacts page filters by any field through the segment builder, as a person does:
Filter by field…, rows of conditions with a live count, Show contacts, then Save as
segment… from the filter bar; the segment appears in the sidebar and shows its people."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt

from core.audience.segments import find_segment, rule_of
from core.importer import import_contacts
from core.models import Contact, Segment
from gui.pages.contacts_page import ContactsPage
from tests.gui.clicking import (
    activate,
    answer_yes,
    choose_file,
    click_row,
    double_click_row,
    menu_action,
    pick,
    right_click_row,
)
from tests.gui.conftest import wait_idle
from tests.gui.test_segment_builder import settle

LEFT = Qt.MouseButton.LeftButton


def people(tmp_path: Path) -> list[dict[str, str]]:
    rows = [
        {"email": f"p{i:02d}@example.com", "city": ("Milano", "Roma", "Torino")[i % 3],
         "plan": ("gold", "silver")[i % 2], "age": str(20 + i)}
        for i in range(30)
    ]  # fmt: skip
    path = tmp_path / "people.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, ["email", "city", "plan", "age"])
        writer.writeheader()
        writer.writerows(rows)
    import_contacts(path, "People")
    return rows


def _page(qtbot, context) -> ContactsPage:
    page = ContactsPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    wait_idle(qtbot, context)
    return page


def shown_addresses(qtbot, page: ContactsPage) -> list[str]:
    model = page.model
    qtbot.waitUntil(lambda: all(model.data(model.index(r, 0)) for r in range(model.rowCount())),
                    timeout=5000)  # fmt: skip
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def type_condition(qtbot, row, field: str, op: str, value: str) -> None:
    activate(row.field_box)
    row.field_box.lineEdit().selectAll()
    qtbot.keyClicks(row.field_box.lineEdit(), field)
    pick(row.op_box, op)
    row.value.selectAll()
    qtbot.keyClicks(row.value, value)


def test_filter_by_fields_then_save_it_as_a_segment(qtbot, context, tmp_path: Path):
    rows = people(tmp_path)
    page = _page(qtbot, context)
    qtbot.waitUntil(lambda: page.model.rowCount() == 30, timeout=5000)
    assert page.filter_bar.isHidden()

    click_row(page.lists, 1)  # the list People: the filter starts from it
    wait_idle(qtbot, context)
    qtbot.mouseClick(page.filter_button, LEFT)
    dialog = page.segment_dialog
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "Filter contacts"
    settle(qtbot, context, dialog)
    assert dialog.where() == ["list = People"]
    qtbot.mouseClick(dialog.add_button, LEFT)
    type_condition(qtbot, dialog.rows[1], "city", "=", "milano")
    qtbot.mouseClick(dialog.add_button, LEFT)
    type_condition(qtbot, dialog.rows[2], "age", ">=", "30")
    settle(qtbot, context, dialog)
    expected = sorted(r["email"] for r in rows if r["city"] == "Milano" and int(r["age"]) >= 30)
    assert dialog.count_label.text().startswith(f"{len(expected)} contacts match")
    assert not dialog.save_button.isEnabled()  # no name: only Show contacts
    conditions = dialog.where()
    qtbot.mouseClick(dialog.show_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    wait_idle(qtbot, context)
    assert shown_addresses(qtbot, page) == expected
    assert page.filter_bar.isVisible()
    assert page.filter_label.text() == "Filter: list = People and city = milano and age >= 30"
    assert page.count_label.text() == f"{len(expected)} contacts match the filter"
    qtbot.keyClicks(page.search, "p2")  # the search narrows the filter down
    qtbot.waitUntil(lambda: shown_addresses(qtbot, page) == [e for e in expected if "p2" in e],
                    timeout=5000)  # fmt: skip
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == len(expected), timeout=5000)

    # Save as segment… opens the builder with the filter's rows; a name saves it.
    qtbot.mouseClick(page.save_filter_button, LEFT)
    saver = page.segment_dialog
    assert saver is not dialog and saver.isVisible()
    settle(qtbot, context, saver)
    assert saver.where() == conditions
    qtbot.keyClicks(saver.name, "Milano 30+")
    qtbot.mouseClick(saver.save_button, LEFT)
    qtbot.waitUntil(lambda: not saver.isVisible(), timeout=5000)
    wait_idle(qtbot, context)
    assert rule_of(find_segment("Milano 30+")).texts() == [
        "list = People", "city = milano", "age >= 30"
    ]
    # The sidebar shows it, selected, with its people; the filter is off.
    qtbot.waitUntil(lambda: page.lists.currentItem().text() == "Milano 30+", timeout=5000)
    assert page.lists.item(page.lists.currentRow() - 1).text() == "SEGMENTS"
    assert page.filter_bar.isHidden()
    assert shown_addresses(qtbot, page) == expected
    assert page.count_label.text() == f"{len(expected)} contacts in the segment Milano 30+"

    # Export writes what the segment shows.
    out = tmp_path / "segment.csv"
    chosen = choose_file(str(out))
    qtbot.mouseClick(page.export_button, LEFT)
    assert chosen.done
    qtbot.waitUntil(out.exists, timeout=5000)
    wait_idle(qtbot, context)
    with out.open(encoding="utf-8-sig") as fh:
        assert [r["email"] for r in csv.DictReader(fh)] == expected

    # Choosing All contacts shows everyone again.
    click_row(page.lists, 0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 30, timeout=5000)


def test_a_bad_filter_is_one_sentence_and_a_segment_is_edited_and_deleted(
    qtbot, context, tmp_path: Path
):
    people(tmp_path)
    page = _page(qtbot, context)
    qtbot.mouseClick(page.filter_button, LEFT)
    dialog = page.segment_dialog
    settle(qtbot, context, dialog)
    type_condition(qtbot, dialog.rows[0], "age", ">", "old")
    settle(qtbot, context, dialog)
    assert dialog.count_label.text() == (
        "'age' holds numbers, and 'old' is not a number (in 'age > old'). "
        "Write it like 42 or 3.5 (a dot for decimals, no thousands separator)."
    )
    assert not dialog.show_button.isEnabled()
    type_condition(qtbot, dialog.rows[0], "colour", "=", "red")
    settle(qtbot, context, dialog)
    assert dialog.count_label.text().startswith("There is no field 'colour' (in 'colour = red').")
    type_condition(qtbot, dialog.rows[0], "plan", "=", "gold")
    settle(qtbot, context, dialog)
    qtbot.keyClicks(dialog.name, "Gold")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: page.lists.currentItem().text() == "Gold", timeout=5000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 15, timeout=5000)

    # A second segment by the same name is refused in the dialog, which stays open.
    qtbot.mouseClick(page.filter_button, LEFT)
    again = page.segment_dialog
    settle(qtbot, context, again)
    assert again.where() == ["plan = gold"]  # it starts from the chosen segment
    qtbot.keyClicks(again.name, "Gold")
    qtbot.mouseClick(again.save_button, LEFT)
    qtbot.waitUntil(lambda: "Choose another name" in again.count_label.text(), timeout=5000)
    assert again.isVisible() and Segment.select().count() == 1
    again.reject()

    # Double-click edits it: silver instead of gold.
    row = page.lists.currentRow()
    double_click_row(page.lists, row)
    qtbot.waitUntil(lambda: page.segment_dialog is not again
                    and page.segment_dialog.isVisible(), timeout=5000)  # fmt: skip
    editor = page.segment_dialog
    assert editor.windowTitle() == "Edit segment"
    settle(qtbot, context, editor)
    type_condition(qtbot, editor.rows[0], "plan", "=", "silver")
    settle(qtbot, context, editor)
    qtbot.mouseClick(editor.save_button, LEFT)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5000)
    assert rule_of(find_segment("Gold")).texts() == ["plan = silver"]

    # Right-click → Delete segment…, answered Yes: gone from the sidebar, contacts kept.
    menu = right_click_row(page.lists, row)
    agreed = answer_yes()
    menu_action(menu, "Delete segment…").trigger()
    assert agreed.done and "Delete the segment 'Gold'?" in agreed.text
    qtbot.waitUntil(lambda: Segment.select().count() == 0, timeout=5000)
    qtbot.waitUntil(lambda: "Gold" not in [page.lists.item(i).text()
                                           for i in range(page.lists.count())], timeout=5000)  # fmt: skip
    assert Contact.select().count() == 30
