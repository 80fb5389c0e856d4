"""The Contacts page used as a person does, over a real database.

Lists are clicked, the filter is typed into, actions are chosen from the "Selected…"
button, the right-click menu or the keyboard, every question is answered through its
own buttons, and the contact dialog is filled in through its fields. Each test checks
what the page shows and what the database holds.
"""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.modeltest import ModelTester

from core.importer import import_contacts
from core.models import Contact, ContactStatus, ListMembership, Suppression
from core.ops import Changes
from core.ops import contacts as ops
from gui.models.contacts_model import ContactsTableModel
from gui.pages.contacts_page import ContactsPage
from tests.gui.clicking import (
    activate,
    answer_no,
    answer_yes,
    choose_file,
    choose_from_button_menu,
    choose_in_menu,
    click_button,
    click_row,
    double_click_row,
    press,
    right_click_row,
)
from tests.gui.conftest import wait_idle

LEFT = Qt.MouseButton.LeftButton


def make_contacts(tmp_path: Path, count: int, list_name: str = "News") -> None:
    path = tmp_path / f"{list_name}.csv"
    rows = ["email,first_name,city"] + [
        f"user{i:05d}@example.com,Name{i},{'Roma' if i % 2 else 'Zürich'}" for i in range(count)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_contacts(path, list_name)


def open_page(qtbot, context) -> ContactsPage:
    page = ContactsPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    activate(page)
    wait_settled(qtbot, page)
    return page


def settled(page: ContactsPage) -> bool:
    return not page.loading and not page.model.loading() and not page.context.tasks.tasks


def wait_settled(qtbot, page: ContactsPage) -> None:
    qtbot.waitUntil(lambda: settled(page), timeout=10_000)


def cell(qtbot, page: ContactsPage, row: int, column: int) -> str:
    """What the table shows in a cell, once its row has been read."""
    qtbot.waitUntil(lambda: page.model.index(row, column).data() is not None, timeout=5000)
    return str(page.model.index(row, column).data())


def row_of(page: ContactsPage, email: str) -> int:
    return page.model.row_of(Contact.get(Contact.email_key == email).id)


def test_lists_and_filter_as_you_type_including_custom_fields(qtbot, context, tmp_path: Path):
    make_contacts(tmp_path, 300)
    make_contacts(tmp_path, 5, "VIP")
    page = open_page(qtbot, context)
    assert page.model.rowCount() == 300  # the 5 VIP contacts are the same first addresses
    assert page.model.headers == ["Email", "Name", "Status", "first_name", "city"]
    assert cell(qtbot, page, 0, 0) == "user00000@example.com"
    assert cell(qtbot, page, 1, 4) == "Roma"
    assert page.count_label.text() == "300 contacts"

    names = [page.lists.item(i).text() for i in range(page.lists.count())]
    assert names == ["All contacts  (300)", "News  (300)", "VIP  (5)"]
    click_row(page.lists, 2)
    wait_settled(qtbot, page)
    assert page.model.rowCount() == 5

    click_row(page.lists, 0)
    qtbot.keyClicks(page.search, "user0012")
    qtbot.waitUntil(lambda: page.model.rowCount() == 10 and settled(page), timeout=5000)
    assert page.count_label.text() == "10 contacts match the filter"

    # "any field": a custom field's value, in any letter case (it used to find nothing).
    page.search.clear()
    qtbot.keyClicks(page.search, "ZÜRICH")
    qtbot.waitUntil(lambda: page.model.rowCount() == 150 and settled(page), timeout=5000)
    assert cell(qtbot, page, 0, 4) == "Zürich"
    page.search.clear()
    press(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "user00003")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and settled(page), timeout=5000)
    assert (
        page.count_label.text() == "1 contact match the filter"
        or page.count_label.text().startswith("1 contact")
    )


def test_actions_from_the_selected_menu_the_context_menu_and_the_keyboard(qtbot, context, tmp_path):
    make_contacts(tmp_path, 10)
    page = open_page(qtbot, context)
    assert not page.actions_button.isEnabled()
    click_row(page.table, 0)
    assert page.actions_button.text() == "1 selected…"
    choose_from_button_menu(page.actions_button, "Mark unsubscribed")
    wait_settled(qtbot, page)
    assert Contact.get(Contact.email_key == "user00000@example.com").status == "unsubscribed"
    assert cell(qtbot, page, 0, 2) == "unsubscribed"

    choose_in_menu(right_click_row(page.table, 1), "Suppress (never send again)")
    wait_settled(qtbot, page)
    assert Suppression.select().where(Suppression.email_key == "user00001@example.com").exists()
    qtbot.waitUntil(lambda: page.model.index(1, 2).data() == "suppressed", timeout=5000)

    choose_in_menu(right_click_row(page.table, 0), "Mark active again")
    wait_settled(qtbot, page)
    assert Contact.get(Contact.email_key == "user00000@example.com").status == "active"

    # Delete key: asks with the right plural; No keeps, Yes deletes from every list.
    click_row(page.table, 3)
    asked = answer_no()
    press(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: asked.done, timeout=5000)
    assert "Delete 1 contact from every list?" in asked.text and "for it keep" in asked.text
    assert Contact.select().count() == 10

    click_row(page.table, 4, modifier=Qt.KeyboardModifier.ControlModifier)
    agreed = answer_yes()
    choose_from_button_menu(page.actions_button, "Delete…")
    qtbot.waitUntil(lambda: agreed.done, timeout=5000)
    assert "Delete 2 contacts from every list?" in agreed.text
    wait_settled(qtbot, page)
    assert Contact.select().count() == 8
    assert page.model.rowCount() == 8 and page.count_label.text() == "8 contacts"
    assert page.lists.item(1).text() == "News  (8)"

    # Copy the addresses of the selection (Ctrl+C, and from the menu).
    click_row(page.table, 0)
    press(page.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: QGuiApplication.clipboard().text() == "user00000@example.com", timeout=5000
    )
    click_row(page.table, 1, modifier=Qt.KeyboardModifier.ControlModifier)
    choose_in_menu(right_click_row(page.table, 1), "Copy address")
    qtbot.waitUntil(
        lambda: (
            QGuiApplication.clipboard().text() == "user00000@example.com\nuser00001@example.com"
        ),
        timeout=5000,
    )


def test_edit_a_contact_validates_and_refuses_a_taken_address(qtbot, context, tmp_path):
    make_contacts(tmp_path, 3)
    page = open_page(qtbot, context)
    double_click_row(page.table, row_of(page, "user00001@example.com"))
    qtbot.waitUntil(
        lambda: page.editor is not None and page.editor.save_button.isEnabled(), timeout=5000
    )
    dialog = page.editor
    assert dialog.email.text() == "user00001@example.com"
    assert dialog.lists.text() == "News" and dialog.status.text() == "active"
    assert [dialog.fields.item(r, 0).text() for r in range(dialog.fields.rowCount())] == [
        "first_name",
        "city",
    ]

    # Another contact's address: refused in one sentence, the dialog stays with the typing.
    dialog.email.selectAll()
    qtbot.keyClicks(dialog.email, "USER00002@example.com")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.problem.isVisible(), timeout=5000)
    assert (
        "Another contact already has the address user00002@example.com"
        in dialog.problem.label.text()
    )
    assert dialog.isVisible() and dialog.email.text() == "USER00002@example.com"
    dialog.email.selectAll()
    qtbot.keyClicks(dialog.email, "not an address")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(
        lambda: "not a valid email address" in dialog.problem.label.text(), timeout=5000
    )

    dialog.email.selectAll()
    qtbot.keyClicks(dialog.email, "zoe@example.org")
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Zoe Muller")
    click_row(dialog.fields, 1)  # city
    qtbot.mouseClick(dialog.remove_field_button, LEFT)
    qtbot.keyClicks(dialog.new_key, "plan")
    qtbot.keyClicks(dialog.new_value, "silver")
    qtbot.mouseClick(dialog.add_field_button, LEFT)
    assert dialog.new_key.text() == "" and dialog.new_key.hasFocus()
    assert dialog.typed_fields() == {"first_name": "Name1", "plan": "silver"}
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    zoe = Contact.get(Contact.email_key == "zoe@example.org")
    assert (zoe.name, zoe.fields) == ("Zoe Muller", {"first_name": "Name1", "plan": "silver"})
    assert not Contact.select().where(Contact.email_key == "user00001@example.com").exists()
    wait_settled(qtbot, page)
    row = row_of(page, "zoe@example.org")
    qtbot.waitUntil(lambda: page.model.index(row, 1).data() == "Zoe Muller", timeout=5000)

    # Return on a selected contact opens it too; Cancel changes nothing.
    click_row(page.table, row)
    press(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editor is not dialog and page.editor.isVisible(), timeout=5000)
    click_button(page.editor, QDialogButtonBox.StandardButton.Cancel)
    assert not page.editor.isVisible()


def test_import_and_export_buttons(qtbot, context, tmp_path, monkeypatch):
    make_contacts(tmp_path, 4, "Clienti")
    monkeypatch.setenv("HOME", str(tmp_path))
    page = open_page(qtbot, context)
    qtbot.mouseClick(page.import_button, LEFT)
    qtbot.waitUntil(lambda: page.wizard is not None and page.wizard.isVisible(), timeout=5000)
    page.wizard.reject()

    click_row(page.lists, 1)
    wait_settled(qtbot, page)
    target = tmp_path / "out" / "clienti.csv"
    target.parent.mkdir()
    chose = choose_file(str(target))
    qtbot.mouseClick(page.export_button, LEFT)
    assert chose.done and chose.error is None, chose.error
    wait_idle(qtbot, context)
    rows = list(csv.DictReader(target.open(encoding="utf-8-sig")))
    assert [r["email"] for r in rows] == [f"user{i:05d}@example.com" for i in range(4)]


def test_contacts_model_reads_rows_off_the_ui_thread_and_passes_model_checks(
    qtbot, context, tmp_path
):
    make_contacts(tmp_path, 450)
    model = ContactsTableModel(
        lambda ids, deliver: context.query(
            "rows", ops.contact_rows, ids, on_done=deliver, latest=False
        )
    )
    view = ops.view(None)
    model.set_fields(view.fields)
    model.set_ids(view.ids)
    assert model.index(420, 0).data() is None  # asked for, read on a reader thread
    qtbot.waitUntil(lambda: not model.loading(), timeout=5000)
    assert model.index(420, 0).data() == "user00420@example.com"
    ModelTester(qtbot).check(model, force_py=True)
    qtbot.waitUntil(lambda: not model.loading(), timeout=5000)
    wait_idle(qtbot, context)


def test_a_bounce_while_sending_shows_on_the_open_page(qtbot, context, tmp_path: Path):
    make_contacts(tmp_path, 5)
    page = open_page(qtbot, context)
    assert cell(qtbot, page, 2, 2) == "active"
    # What the worker does on a 550 5.1.1, then what the sender service announces.
    Contact.update(status=ContactStatus.BOUNCED).where(
        Contact.email_key == "user00002@example.com"
    ).execute()
    context.signals.broadcast(Changes(queue=True))
    qtbot.waitUntil(lambda: page.model.index(2, 2).data() == "bounced", timeout=5000)
    assert ListMembership.select().count() == 5
