"""Small widgets every page uses, so pages look alike."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from gui.format import human_duration

__all__ = [
    "AutoHideLabel", "Banner", "ElidedLabel", "big_table_view", "fill_menu", "hbox", "human_duration",
    "make_action", "page_header",
]  # fmt: skip


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


def make_action(
    parent: QObject, text: str, slot: Callable[[], object], shortcut: Any = None, tip: str = ""
) -> QAction:
    """One thing a user can do on a page, shared by its button, its right-click menu and
    its key: the shortcut works while the page's widget holding the action has focus."""
    action = QAction(text, parent)
    # triggered(bool) must never reach a slot's optional argument: call it with none.
    action.triggered.connect(lambda _checked=False: slot())
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    return action


def fill_menu(menu: QMenu, groups: Sequence[Sequence[QAction]]) -> QMenu:
    """Add groups of actions to ``menu``, a separator between groups."""
    for index, group in enumerate(groups):
        if index:
            menu.addSeparator()
        for action in group:
            menu.addAction(action)
    return menu


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


class AutoHideLabel(QLabel):
    """A label that takes no room while it has nothing to say (a result line under a row
    of buttons would otherwise leave an empty gap)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setVisible(bool(text))

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        super().clear()
        self.hide()


class ElidedLabel(QLabel):
    """One line that gives up room when its neighbours need it: too long for its place,
    it ends in "…"; the whole text is its tooltip, and a click shows it at once (a long
    relay problem in the status bar). ``text()`` is always the whole text."""

    MINIMUM_WIDTH = 160

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setToolTip(text)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)
        self.update()

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def shown_text(self) -> str:
        """What the user reads: the text, or its start and "…"."""
        return self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.MINIMUM_WIDTH), hint.height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(
            painter, self.contentsRect(), int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
            self.palette(), self.isEnabled(), self.shown_text(), self.foregroundRole(),
        )  # fmt: skip

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.text():
            QToolTip.showText(event.globalPosition().toPoint(), self.text(), self)
        super().mousePressEvent(event)
