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
    assert labels == [
        "Contacts", "Templates", "Campaigns", "Queue", "Suppressions", "Test inbox", "Settings"
    ]  # fmt: skip
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


def test_a_fresh_window_fits_a_1280_by_800_screen(qtbot, context):
    from PySide6.QtCore import QRect

    from gui.main_window import FRAME_ALLOWANCE, default_window_size

    laptop = QRect(0, 27, 1280, 773)  # 1280×800 with a top panel
    size = default_window_size(laptop)
    assert size.height() + FRAME_ALLOWANCE.height() <= laptop.height()
    assert size.width() + FRAME_ALLOWANCE.width() <= laptop.width()
    window = MainWindow(context, start_services=False)
    qtbot.addWidget(window)
    window.show()
    for key in window.pages:  # every page can shrink to that size
        window.show_page(key)
        hint = window.minimumSizeHint()
        assert hint.height() <= size.height() and hint.width() <= size.width(), key
    available = window.screen().availableGeometry()
    assert window.frameGeometry().height() <= max(available.height(), window.minimumSizeHint().height() + 48)
    wait_idle(qtbot, context)


def test_a_second_launch_on_the_same_database_brings_the_first_window_forward(
    qtbot, context, db, tmp_path
):
    import subprocess
    import sys
    from pathlib import Path

    from gui.single_instance import SingleInstance, server_name

    window = MainWindow(context, start_services=False)
    qtbot.addWidget(window)
    instance = SingleInstance(str(db), window)
    assert instance.listen()
    raised: list[bool] = []
    instance.activated.connect(lambda: raised.append(True))
    instance.activated.connect(window.bring_to_front)
    assert server_name(str(db)) != server_name(str(tmp_path / "other.db"))
    root = Path(__file__).resolve().parents[2]
    second = subprocess.Popen(
        [sys.executable, str(root / "main.py"), "--db", str(db)], cwd=root,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    qtbot.waitUntil(lambda: raised == [True], timeout=20_000)
    _out, err = second.communicate(timeout=20)
    assert second.returncode == 0
    assert "already open" in err
    assert window.isVisible()
    instance.close()
    wait_idle(qtbot, context)
