"""The questions pages ask before something cannot be undone or edits would be lost.

One place for the box every page showed the same way: a question with its buttons, kept
on the page as ``confirm_box`` while it is open (so a test answers it through its real
buttons), and the Save / Discard / Cancel question before leaving unsaved edits. The
pages pass their own (translated) words.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

Button = QMessageBox.StandardButton


def ask(
    owner: QWidget,
    title: str,
    text: str,
    *,
    buttons: Button = Button.Yes | Button.No,
    default: Button | None = None,
) -> Button:
    """Show the question (modal) and return the button the user chose."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, owner)
    if default is not None:
        box.setDefaultButton(default)
    owner.confirm_box = box  # type: ignore[attr-defined]
    try:
        return Button(box.exec())
    finally:
        owner.confirm_box = None  # type: ignore[attr-defined]


def confirm_unsaved(
    owner: QWidget,
    title: str,
    question: str,
    *,
    save: Callable[[], object],
    discard: Callable[[], object] | None = None,
) -> bool:
    """Unsaved edits: Save them (then go on), Discard them (then go on), or stay (False)."""
    answer = ask(owner, title, question, buttons=Button.Save | Button.Discard | Button.Cancel)
    if answer == Button.Save:
        save()
        return True
    if answer == Button.Discard:
        if discard is not None:
            discard()
        return True
    return False
