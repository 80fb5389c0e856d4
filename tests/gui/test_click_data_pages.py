"""Every enabled button and action of the Contacts, Queue, Test inbox and Settings pages
is clicked, on a fresh database and again after a campaign has run; whatever dialog or
menu opens is dismissed as a person pressing Escape would. Nothing may reach the crash
dialog (pytest-qt fails the test on an exception in a Qt callback) or log an error.

This is the sweep that catches a ``clicked(bool)`` reaching an optional argument, a
handler that assumes a selection, or a dialog that crashes on an empty database.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QDialog, QWidget

from core.firstrun import seed_first_run
from core.sandbox import InboxStore
from gui.pages.contacts_page import ContactsPage
from gui.pages.inbox_page import InboxPage
from gui.pages.queue_page import QueuePage
from gui.pages.settings_page import SettingsPage
from tests.core.engine_helpers import make_campaign, run_worker
from tests.gui.clicking import activate
from tests.gui.conftest import wait_idle
from tests.smtp_servers import FaultServer

SKIPPED = {"Open"}  # opens the file manager: not this test's business


class Dismisser:
    """Closes every dialog and menu that opens, a few times a second, as Escape would."""

    def __init__(self) -> None:
        self.dismissed: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(30)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            self.dismissed.append(f"menu {popup.objectName()}")
            popup.close()
        widget = QApplication.activeModalWidget()
        if widget is not None and widget.isVisible():
            self.dismissed.append(widget.windowTitle())
            if isinstance(widget, QDialog):
                widget.reject()
            else:
                widget.close()

    def stop(self) -> None:
        self.timer.stop()


def page_factories(tmp_path: Path):
    store = InboxStore(tmp_path / "inbox")
    return {
        "contacts": ContactsPage,
        "queue": QueuePage,
        "inbox": lambda context: InboxPage(context, store=store),
        "settings": SettingsPage,
    }


def select_first_row(page: QWidget) -> None:
    for view in page.findChildren(QAbstractItemView):
        if view.isVisible() and view.model() is not None and view.model().rowCount() > 0:
            view.setCurrentIndex(view.model().index(0, 0))


def click_everything(qtbot, context, page: QWidget) -> int:
    clicked = 0
    for button in page.findChildren(QAbstractButton):
        if (
            not (button.isVisible() and button.isEnabled())
            or button.text().replace("&", "") in SKIPPED
        ):
            continue
        select_first_row(page)
        activate(page)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        clicked += 1
        wait_idle(qtbot, context)
        qtbot.wait(60)
    for action in page.findChildren(QAction):
        select_first_row(page)
        if action.isEnabled():
            action.trigger()
            clicked += 1
            wait_idle(qtbot, context)
            qtbot.wait(60)
    return clicked


@pytest.mark.parametrize("after_a_campaign", [False, True], ids=["fresh", "after-a-campaign"])
def test_every_button_and_action_of_gui_b_pages_can_be_clicked(
    qtbot, context, tmp_path: Path, caplog, after_a_campaign: bool
):
    seed_first_run()
    if after_a_campaign:
        replies = {"rcpt": lambda to: "550 5.1.1 No such user" if to.startswith("gone") else
                   "451 4.7.1 Try later" if to.startswith("later") else ""}  # fmt: skip
        with FaultServer(replies=replies) as server:
            make_campaign(tmp_path, server.port, ["ok@example.com", "gone@example.com",
                                                  "later@example.com"], retry_base=3600, retry_max=3600)  # fmt: skip
            run_worker(until_done=False, seconds=3)
    caplog.set_level(logging.ERROR)
    dismisser = Dismisser()
    try:
        for name, factory in page_factories(tmp_path).items():
            page = factory(context)
            qtbot.addWidget(page)
            page.resize(1280, 800)
            page.show()
            qtbot.waitExposed(page)
            wait_idle(qtbot, context)
            assert click_everything(qtbot, context, page) >= 2, name
            page.close()
    finally:
        dismisser.stop()
    wait_idle(qtbot, context)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
