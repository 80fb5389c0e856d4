"""The shell: navigation, shortcuts, geometry, about box."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt

from gui.main_window import PAGES, MainWindow
from tests.gui.conftest import wait_idle


def test_navigation_has_every_page_and_shortcuts_switch(qtbot, context):
    window = MainWindow(context, start_services=False)
    qtbot.addWidget(window)
    window.show()
    labels = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert labels == ["Contacts", "Templates", "Campaigns", "Queue", "Test inbox", "Settings"]
    assert [k for k, _l, _t in PAGES] == list(window.pages)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "queue"
    window.navigation.setCurrentRow(0)
    assert window.current_page_key() == "contacts"
    wait_idle(qtbot, context)


def test_window_geometry_is_remembered(qtbot, context, monkeypatch):
    window = MainWindow(context, start_services=False)
    qtbot.addWidget(window)
    window.show()
    saved_by_window = window.saveGeometry()
    window.close()
    stored = QSettings().value("window/geometry")
    assert stored == saved_by_window
    restored = []
    original = MainWindow.restoreGeometry
    monkeypatch.setattr(
        MainWindow, "restoreGeometry", lambda self, g: restored.append(g) or original(self, g)
    )
    again = MainWindow(context, start_services=False)
    qtbot.addWidget(again)
    assert restored == [stored]
    wait_idle(qtbot, context)
