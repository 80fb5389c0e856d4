"""Settings → Language, chosen with the keyboard as a person does."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui import i18n
from gui.language_box import LanguageBox


def test_choosing_italian_is_kept_for_the_next_start(qtbot, monkeypatch):
    monkeypatch.delenv("STAFFETTA_LANG", raising=False)
    box = LanguageBox()
    qtbot.addWidget(box)
    box.show()
    assert box.choice.currentData() == "" and box.choice.itemText(0).startswith(
        "Follow the computer"
    )
    box.choice.setFocus()
    while box.choice.currentData() != "it":
        qtbot.keyClick(box.choice, Qt.Key.Key_Down)
    assert i18n.chosen_language() == "it" and i18n.current_language() == "it"
    assert box.note.text() == "Staffetta will speak Italiano the next time it starts."
    again = LanguageBox()
    qtbot.addWidget(again)
    assert again.choice.currentData() == "it"
    monkeypatch.setenv("STAFFETTA_LANG", "en")
    qtbot.keyClick(box.choice, Qt.Key.Key_Up)  # back to English
    assert i18n.chosen_language() == "en"
    assert box.note.text() == "STAFFETTA_LANG is set, so it decides the language."
