"""Helpers for tests that use the window as a person does: answer the real dialogs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget


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
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            if seen is not None:
                seen.append(box.text())
            target = box.button(button)
            assert target is not None, f"no {button} on {box.text()!r}"
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
