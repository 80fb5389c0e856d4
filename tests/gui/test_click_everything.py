"""Every enabled button of the Campaigns and Templates pages, clicked on a fresh database
and again after a campaign has run: no crash dialog, no traceback in the log."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from core.firstrun import seed_first_run
from gui.main_window import MainWindow
from tests.core.engine_helpers import make_campaign, run_worker
from tests.gui.conftest import wait_idle
from tests.smtp_servers import FaultServer


class DialogCloser:
    """Closes every dialog a click opens (a message box's exec() included), counting them."""

    def __init__(self) -> None:
        self.closed: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(30)
        self.timer.timeout.connect(self._close)
        self.timer.start()

    def _close(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                self.closed.append(widget.windowTitle())
                widget.reject()

    def stop(self) -> None:
        self.timer.stop()


def click_every_button(qtbot, context, window: MainWindow, key: str) -> list[str]:
    window.show_page(key)
    page = window.pages[key]
    wait_idle(qtbot, context)
    clicked = []
    for button in page.findChildren(QPushButton):
        if not (button.isVisible() and button.isEnabled()):
            continue
        clicked.append(button.text())
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.wait(60)
        wait_idle(qtbot, context)
    return clicked


@pytest.mark.parametrize("after_a_run", [False, True], ids=["fresh", "after a run"])
def test_every_enabled_button_of_campaigns_and_templates(
    qtbot, context, tmp_path: Path, caplog, after_a_run: bool
):
    seed_first_run()
    server = FaultServer(replies={"rcpt": lambda to: "550 5.1.1 no" if to.startswith("b") else ""})
    with server:
        if after_a_run:
            make_campaign(tmp_path, server.port, ["a@example.com", "b@example.com"])
            run_worker(until_done=True)
        window = MainWindow(context, start_services=False)
        qtbot.addWidget(window)
        window.show()
        closer = DialogCloser()
        caplog.set_level(logging.ERROR)
        try:
            with qtbot.capture_exceptions() as errors:
                clicked = click_every_button(qtbot, context, window, "campaigns")
                clicked += click_every_button(qtbot, context, window, "templates")
                qtbot.wait(200)
                wait_idle(qtbot, context)
        finally:
            closer.stop()
    assert errors == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert "Test send…" in clicked and "Save" in clicked and len(clicked) >= 8
    assert closer.closed  # dialogs did open and were answered
