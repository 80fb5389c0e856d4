"""Helpers for tests that use the window as a person does.

``answer`` arranges for a function to run on the next modal dialog (a message box, a
file dialog, the import wizard) as soon as it is on screen, from a timer, the way a
person would answer it; ``click_button`` presses one of its buttons with the mouse;
``type_path`` types a path into a Qt file dialog and presses Return; ``menu_action``
finds an item of an open popup menu and triggers it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QWidget,
)


class Answered:
    """What ``answer`` saw: the dialog and its text (checked after the click returns)."""

    def __init__(self) -> None:
        self.dialog: QWidget | None = None
        self.text = ""
        self.done = False
        self.error: BaseException | None = None


def answer(
    respond: Callable[[QWidget], object],
    *,
    kind: type[QWidget] = QWidget,
    timeout: float = 10.0,
    ignore: tuple[QWidget, ...] = (),
) -> Answered:
    """Run ``respond(dialog)`` on the first modal widget of ``kind`` that appears."""
    seen = Answered()
    deadline = time.monotonic() + timeout

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if (
            widget is not None
            and isinstance(widget, kind)
            and widget.isVisible()
            and widget not in ignore
        ):
            seen.dialog = widget
            if isinstance(widget, QMessageBox):
                seen.text = widget.text() + "\n" + widget.informativeText()
            try:
                respond(widget)
            except BaseException as exc:  # reported by the test, not lost in the event loop
                seen.error = exc
            seen.done = True
            QTimer.singleShot(int(timeout * 1000), lambda: _close_if_stuck(widget, seen))
            return
        if time.monotonic() < deadline:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def _close_if_stuck(widget: QWidget, seen: Answered) -> None:
    """A dialog the answer did not close would block the test forever: fail it instead."""
    try:
        still_open = widget.isVisible() and QApplication.activeModalWidget() is widget
    except RuntimeError:  # already deleted
        return
    if still_open and getattr(widget, "_closes_itself", True):
        seen.error = seen.error or AssertionError(f"{widget.windowTitle()!r} stayed open")
        widget.close()


def click_button(
    dialog: QWidget, which: QMessageBox.StandardButton | QDialogButtonBox.StandardButton | str
) -> None:
    """Press a dialog's button with the mouse: a standard button or one by its text."""
    button: QAbstractButton | None = None
    if isinstance(which, str):
        for candidate in dialog.findChildren(QAbstractButton):
            if candidate.text().replace("&", "") == which and candidate.isVisible():
                button = candidate
                break
    elif isinstance(dialog, QMessageBox):
        button = dialog.button(QMessageBox.StandardButton(which))
    else:
        box = dialog.findChild(QDialogButtonBox)
        button = box.button(QDialogButtonBox.StandardButton(which)) if box else None
    assert button is not None, f"no button {which!r} in {dialog.windowTitle()!r}"
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def answer_yes() -> Answered:
    return answer(lambda box: click_button(box, QMessageBox.StandardButton.Yes), kind=QMessageBox)


def answer_no() -> Answered:
    return answer(lambda box: click_button(box, QMessageBox.StandardButton.No), kind=QMessageBox)


def answer_ok() -> Answered:
    return answer(lambda box: click_button(box, QMessageBox.StandardButton.Ok), kind=QMessageBox)


def type_path(dialog: QWidget, path: str) -> None:
    """Type ``path`` into a Qt file dialog's name field and press Return."""
    assert isinstance(dialog, QFileDialog)
    field = dialog.findChild(QLineEdit, "fileNameEdit")
    assert field is not None, "not Qt's own file dialog"
    QTest.qWait(200)  # let it list the folder first, as a person would wait
    field.selectAll()
    QTest.keyClicks(field, path)
    completer = field.completer()
    if completer is not None and completer.popup().isVisible():
        completer.popup().hide()  # as a person presses Escape on the suggestions
    QTest.keyClick(field, Qt.Key.Key_Return)


def choose_file(path: str) -> Answered:
    return answer(lambda d: type_path(d, path), kind=QFileDialog)


def cancel_file_dialog() -> Answered:
    return answer(lambda d: d.reject(), kind=QFileDialog)


def open_menu() -> QMenu | None:
    popup = QApplication.activePopupWidget()
    return popup if isinstance(popup, QMenu) else None


def menu_action(menu: QMenu, text: str) -> QAction:
    for action in menu.actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no {text!r} in the menu: {[a.text() for a in menu.actions()]}")


def choose_in_menu(menu: QMenu, text: str) -> None:
    """Highlight an item of an open menu and press Return, as with the keyboard."""
    action = menu_action(menu, text)
    assert action.isEnabled(), f"{text!r} is disabled"
    menu.setActiveAction(action)
    QTest.keyClick(menu, Qt.Key.Key_Return)
    reactivate(menu)


def reactivate(popup: QWidget) -> None:
    """After a popup closed, its window is active again (the offscreen platform, unlike a
    desktop, leaves the closed popup marked active, and shortcuts would go nowhere)."""
    parent = popup.parentWidget()
    if parent is not None and QApplication.activeModalWidget() is None:
        wait_for(lambda: not popup.isVisible())
        activate(parent)


def activate(widget: QWidget) -> None:
    """Make the widget's window the active one, as clicking into it does on a desktop."""
    window = widget.window()
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        if not _in_coroutine():  # a nested event loop inside a coroutine would re-enter it
            wait_for(lambda: QApplication.activeWindow() is window)


def _in_coroutine() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def press(widget: QWidget, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # fmt: skip
    """A key press in ``widget`` with its window active (where shortcuts reach)."""
    activate(widget)
    widget.setFocus()
    QTest.keyClick(widget, key, modifier)


def click_row(view: QAbstractItemView, row: int, column: int = 0, *,
              modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
              button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:  # fmt: skip
    """Click a row of a table, scrolling it into view first (Ctrl: add to the selection)."""
    model = view.model()
    index = model.index(row, column)
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid(), f"row {row} is not on screen"
    activate(view)  # clicking a window makes it the active one
    QTest.mouseClick(view.viewport(), button, modifier, rect.center())


def right_click_row(view: QAbstractItemView, row: int, column: int = 0) -> QMenu:
    """Right-click a row and return the context menu it opened."""
    index = view.model().index(row, column)
    view.scrollTo(index)
    position = view.visualRect(index).center()
    activate(view)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier,
                     position)  # fmt: skip
    if open_menu() is None:  # some platforms open context menus on press only
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, position,
                                  view.viewport().mapToGlobal(position))  # fmt: skip
        QApplication.sendEvent(view.viewport(), event)
    menu = open_menu()
    assert menu is not None, "no context menu opened"
    return menu


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    assert predicate() or not _in_coroutine(), "wait with `await until(...)` inside a coroutine"
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        QTest.qWait(10)


def pick(combo: QComboBox, text: str) -> None:
    """Choose an item of a combo box with the keyboard: focus it, press Down or Up until
    the item shows (no waiting, so it works inside a coroutine on the qasync loop)."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not among {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setFocus()
    while combo.currentIndex() != index:
        before = combo.currentIndex()
        key = Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up
        QTest.keyClick(combo, key)
        assert combo.currentIndex() != before, f"{combo.itemText(before)!r} does not move"
    assert combo.currentText() == text, (combo.currentText(), text)


def choose_from_button_menu(button: QWidget, text: str) -> Answered:
    """Click a tool button whose menu pops up at once, and pick ``text`` in it."""
    seen = Answered()

    def poll(tries: int = 0) -> None:
        menu = open_menu()
        if menu is None:
            if tries < 200:
                QTimer.singleShot(10, lambda: poll(tries + 1))
            return
        seen.dialog = menu
        try:
            action = menu_action(menu, text)
            assert action.isEnabled(), f"{text!r} is disabled"
            menu.setActiveAction(action)
            QTest.keyClick(menu, Qt.Key.Key_Return)
        except BaseException as exc:
            seen.error = exc
            menu.close()
        seen.done = True

    QTimer.singleShot(0, poll)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_for(lambda: seen.done)
    if seen.error is not None:
        raise seen.error
    if seen.dialog is not None:
        reactivate(seen.dialog)
    return seen


def double_click_row(view: QAbstractItemView, row: int, column: int = 0) -> None:
    index = view.model().index(row, column)
    view.scrollTo(index)
    activate(view)
    center = view.visualRect(index).center()
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, center
    )
    QTest.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, center
    )


# --- shared with the campaigns and templates tests ---------------------------------------


async def until(predicate: Callable[[], bool], timeout: float = 30) -> None:
    """Wait with the qasync loop running (the sender lives on it, as in the app)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def answer_message_box(button: QMessageBox.StandardButton, seen: list[str] | None = None,
                       timeout_ms: int = 10_000) -> None:  # fmt: skip
    """When the next modal message box opens, click ``button`` on it (its text goes to
    ``seen``). Call before the click that opens it: the box's ``exec()`` blocks."""
    started = time.monotonic()

    def look() -> None:
        # The modal box that has the button: another one left open (a message a slow
        # refresh showed) would otherwise take the answer and leave this one unanswered,
        # its exec() blocking the test for good.
        boxes = [QApplication.activeModalWidget(), *QApplication.topLevelWidgets()]
        for box in boxes:
            if isinstance(box, QMessageBox) and box.isVisible() and box.button(button):
                if seen is not None:
                    seen.append(box.text())
                target = box.button(button)
                assert target is not None
                target.click()
                return
        if (time.monotonic() - started) * 1000 < timeout_ms:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def button_named(parent: QWidget, text: str) -> QAbstractButton:
    for button in parent.findChildren(QAbstractButton):
        if button.text().replace("&", "") == text:
            return button
    raise AssertionError(f"no button {text!r}")
