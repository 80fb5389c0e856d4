"""Small widgets every page uses, so pages look alike."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.format import human_duration

__all__ = ["Banner", "big_table_view", "hbox", "human_duration", "page_header"]


def page_header(title: str, hint: str = "") -> QWidget:
    """A bold page title and a one-line explanation under it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 6)
    layout.setSpacing(2)
    label = QLabel(title)
    label.setObjectName("pageTitle")
    layout.addWidget(label)
    if hint:
        sub = QLabel(hint)
        sub.setObjectName("hint")
        sub.setWordWrap(True)
        layout.addWidget(sub)
    return box


def hbox(*widgets: QWidget | None, stretch_after: bool = True) -> QHBoxLayout:
    layout = QHBoxLayout()
    for widget in widgets:
        if widget is None:
            layout.addStretch(1)
        else:
            layout.addWidget(widget)
    if stretch_after and None not in widgets:
        layout.addStretch(1)
    return layout


def big_table_view() -> QTableView:
    """A table tuned for 100,000 rows: uniform row height, no per-row size computing."""
    view = QTableView()
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setSortingEnabled(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(26)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    return view


class Banner(QFrame):
    """A coloured strip with one sentence (e.g. why a campaign paused itself)."""

    COLOURS = {"info": "#e8f0fe", "warning": "#fff4e5", "error": "#fdecea", "success": "#e6f4ea"}
    TEXT = {"info": "#1a3d7c", "warning": "#7a4b00", "error": "#8a1c1c", "success": "#1e5631"}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        self.setStyleSheet(
            f"QFrame#banner {{ background: {self.COLOURS[kind]}; border-radius: 6px; }}"
            f"QLabel {{ color: {self.TEXT[kind]}; }}"
        )
        from gui.core_text import translated  # core's sentences in the window's language

        self.label.setText(translated(text))
        self.show()

    def clear(self) -> None:
        self.label.clear()
        self.hide()
