"""Settings → Language: follow the computer, or always English or Italian."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel

from gui import i18n


class LanguageBox(QGroupBox):
    """The choice is kept in the user's settings and used from the next start (every
    window string is read when the window is built); ``STAFFETTA_LANG`` still wins."""

    def __init__(self) -> None:
        super().__init__(self.tr("Language"))
        self.choice = QComboBox()
        system = i18n.resolve_language(None, None, QLocale.system().name())
        self.choice.addItem(
            i18n.fmt(self.tr("Follow the computer (%1)"), i18n.LANGUAGES[system]), ""
        )
        for code, name in i18n.LANGUAGES.items():
            self.choice.addItem(name, code)
        self.choice.setCurrentIndex(max(0, self.choice.findData(i18n.chosen_language())))
        self.choice.setToolTip(self.tr("The language of the window; numbers and dates follow it"))
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        self.choice.currentIndexChanged.connect(self._chosen)
        form = QFormLayout(self)
        form.addRow(self.tr("Window language"), self.choice)
        form.addRow(self.note)
        self._update_note()

    def _chosen(self, _index: int) -> None:
        i18n.set_chosen_language(str(self.choice.currentData()))
        self._update_note()

    def _update_note(self) -> None:
        wanted = i18n.current_language()
        if wanted != i18n.installed_language():
            self.note.setText(self.tr("Staffetta will speak %1 the next time it starts.")
                              .replace("%1", i18n.LANGUAGES[wanted]))  # fmt: skip
        elif i18n.env_language():
            self.note.setText(self.tr("STAFFETTA_LANG is set, so it decides the language."))
        else:
            self.note.setText("")
