"""What screenshots at 1280×800 showed wrong, checked as a user sees it: a long relay
problem in the status bar, the gap under the Campaigns page buttons, long list and
segment names in the Contacts sidebar, and the Queue and Contacts pages' menus (built
by one helper)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolTip

from core.audience.segments import save_segment
from core.campaigns import DraftSettings, save_draft, start_campaign
from core.importer import import_contacts
from core.profiles import ProfileSettings, save_profile
from core.templates import save_template
from gui.main_window import MainWindow
from tests.gui.clicking import right_click_row
from tests.gui.conftest import wait_idle
from tests.gui.test_end_to_end import go_to

LONG_LIST = "Clienti fedeli della Lombardia e del Piemonte iscritti alla newsletter di primavera"
LONG_SEGMENT = "Milano gold customers who signed up in the first half of 2024 and are over thirty"
PROBLEM = ("Can't reach smtp.office.example:587 (Office relay): Connection refused by the relay "
           "at smtp.office.example port 587 — is the SMTP server running and is the port "
           "right? Next try in 5 minutes; nothing is lost meanwhile.")  # fmt: skip


def test_long_texts_fit_the_window_and_say_everything_on_demand(qtbot, context, tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_text("email,first_name,city\n" + "".join(
        f"p{i}@example.com,P{i},Milano\n" for i in range(3)))  # fmt: skip
    import_contacts(path, LONG_LIST)
    save_segment(LONG_SEGMENT, ["city = Milano"])
    save_template("T", subject="Hi", html='<p>Hi <a href="{{ unsubscribe_url }}">u</a></p>')
    save_profile("Relay", ProfileSettings(host="127.0.0.1", port=2525, security="none"))
    campaign = save_draft("Spring", DraftSettings(LONG_LIST, "T", "Relay", "s@example.com",
                                                  unsubscribe_url="https://e.example/u"))  # fmt: skip
    start_campaign(campaign)
    window = MainWindow(context, start_services=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)

    # The status bar: a long problem ends in "…" instead of widening the window; the
    # whole sentence is its tooltip and shows on a click.
    context.signals.sender_status.emit(PROBLEM)
    status = window.sender_status
    qtbot.waitUntil(lambda: status.text() == PROBLEM)
    assert window.width() == 1280 and status.width() < window.width()
    assert status.shown_text().endswith("…") and status.shown_text() != PROBLEM
    assert status.toolTip() == PROBLEM
    QTest.mouseClick(status, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QToolTip.text() == PROBLEM)
    context.signals.sender_status.emit("Idle")
    qtbot.waitUntil(lambda: status.shown_text() == "Idle")

    # The Contacts sidebar: long names are cut in the middle (the count stays), and the
    # tooltip has the whole name.
    go_to(window, "contacts")
    contacts = window.pages["contacts"]
    qtbot.waitUntil(lambda: contacts.lists.count() == 4)
    items = {contacts.lists.item(i).data(Qt.ItemDataRole.UserRole): contacts.lists.item(i)
             for i in range(contacts.lists.count())}  # fmt: skip
    tips = [contacts.lists.item(i).toolTip() for i in range(contacts.lists.count())]
    assert f"{LONG_LIST}: 3 contacts" in tips
    assert any(tip.startswith(f"Segment {LONG_SEGMENT}: city = Milano") for tip in tips)
    assert contacts.lists.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert contacts.lists.width() < contacts.lists.fontMetrics().horizontalAdvance(LONG_LIST)
    assert items  # (the sidebar holds All contacts, the list, the heading, the segment)

    # The Contacts table's right-click menu: edit and copy, the status changes, delete.
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 3)
    wait_idle(qtbot, context)
    menu = right_click_row(contacts.table, 0)
    groups = [[]]
    for action in menu.actions():
        if action.isSeparator():
            groups.append([])
        else:
            groups[-1].append(action.text())
    menu.close()
    assert groups == [["Edit…", "Copy address"],
                      ["Mark unsubscribed", "Mark active again", "Suppress (never send again)"],
                      ["Delete…"]]  # fmt: skip

    # The Queue's: the fixes, what to read, delete.
    go_to(window, "queue")
    queue = window.pages["queue"]
    qtbot.waitUntil(lambda: queue.model.rowCount() == 3)
    wait_idle(qtbot, context)
    menu = right_click_row(queue.table, 0)
    texts = [a.text() if not a.isSeparator() else "|" for a in menu.actions()]
    menu.close()
    assert texts == ["Retry / resend", "Mark sent", "Hold", "Release", "|", "Show details…",
                     "Copy address", "|", "Delete…"]  # fmt: skip

    # The Campaigns page: no empty line between the buttons and the progress box.
    go_to(window, "campaigns")
    page = window.pages["campaigns"]
    qtbot.waitUntil(lambda: page.detail is not None)
    assert not page.test_result.isVisible()
    # A long list name, cut in the form's box and in the audience pickers, is whole in
    # their tooltips.
    assert page.list_box.toolTip() == f"{LONG_LIST} (3 contacts)"
    picker = page.audience_box.include
    texts = [picker.item(i).toolTip() for i in range(picker.count())]
    assert f"Segment: {LONG_SEGMENT}" in texts
    assert picker.textElideMode() == Qt.TextElideMode.ElideMiddle
    box_top = page.progress.parentWidget().geometry().top()
    buttons_bottom = page.save_button.geometry().bottom()
    assert 0 < box_top - buttons_bottom < 20, (buttons_bottom, box_top)
    window.grab().save(str(tmp_path / "campaigns.png"))
    window.shutdown()
