"""The contacts page over a real database: lists, filtering as you type, actions."""

from __future__ import annotations

from pathlib import Path

from pytestqt.modeltest import ModelTester

from core.importer import import_contacts
from core.models import Contact, ContactStatus, Suppression
from gui.models.contacts_model import ContactsTableModel
from gui.pages.contacts_page import ContactsPage
from tests.gui.conftest import wait_idle


def make_contacts(tmp_path: Path, count: int, list_name: str = "News") -> None:
    path = tmp_path / f"{list_name}.csv"
    rows = ["email,first_name,city"] + [
        f"user{i:05d}@example.com,Name{i},{'Roma' if i % 2 else 'Milano'}" for i in range(count)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_contacts(path, list_name)


def test_page_lists_contacts_and_filters_as_you_type(qtbot, context, tmp_path: Path):
    make_contacts(tmp_path, 300)
    make_contacts(tmp_path, 5, "VIP")
    page = ContactsPage(context)
    qtbot.addWidget(page)
    wait_idle(qtbot, context)
    assert page.model.rowCount() == 300  # the 5 VIP contacts are the same first addresses
    assert page.model.headers == ["Email", "Name", "Status", "first_name", "city"]
    assert page.model.index(0, 0).data() == "user00000@example.com"
    assert page.model.index(1, 4).data() == "Roma"

    names = [page.lists.item(i).text() for i in range(page.lists.count())]
    assert names == ["All contacts  (300)", "News  (300)", "VIP  (5)"]
    page.lists.setCurrentRow(2)
    wait_idle(qtbot, context)
    assert page.model.rowCount() == 5

    page.lists.setCurrentRow(0)
    qtbot.keyClicks(page.search, "user0012")
    qtbot.waitUntil(lambda: page.model.rowCount() == 10, timeout=5000)
    assert "match the filter" in page.count_label.text()


def test_unsubscribe_and_suppress_selected(qtbot, context, tmp_path: Path):
    make_contacts(tmp_path, 10)
    page = ContactsPage(context)
    qtbot.addWidget(page)
    wait_idle(qtbot, context)
    page.table.selectRow(0)
    assert page.actions_button.isEnabled()
    page._change_status(ContactStatus.UNSUBSCRIBED)
    wait_idle(qtbot, context)
    assert Contact.get(Contact.email_key == "user00000@example.com").status == "unsubscribed"
    page.table.selectRow(1)
    page._suppress()
    wait_idle(qtbot, context)
    assert Suppression.select().where(Suppression.email_key == "user00001@example.com").exists()
    wait_idle(qtbot, context)
    assert page.model.index(1, 2).data() == "suppressed"


def test_contacts_model_passes_qt_model_checks(qtbot, db, tmp_path: Path):
    make_contacts(tmp_path, 50)
    model = ContactsTableModel()
    from core.contacts import contact_ids

    model.set_ids(contact_ids())
    model.set_fields(["first_name", "city"])
    ModelTester(qtbot).check(model, force_py=True)


def test_a_bounce_while_sending_shows_on_the_open_page(qtbot, context, tmp_path: Path):
    make_contacts(tmp_path, 5)
    page = ContactsPage(context)
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, context)
    assert page.model.index(2, 2).data() == "active"
    # What the worker does on a 550 5.1.1, then what the sender service announces.
    Contact.update(status=ContactStatus.BOUNCED).where(
        Contact.email_key == "user00002@example.com"
    ).execute()
    context.signals.queue_changed.emit()
    assert page.model.index(2, 2).data() == "bounced"
