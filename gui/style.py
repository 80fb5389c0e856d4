"""Look and feel: Fusion with the system's light or dark palette, plus a few accents."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#2f6fdf"
STATUS_COLOURS = {
    "queued": "#6b7280",
    "sending": "#2f6fdf",
    "deferred": "#c27c0e",
    "sent": "#1f9d55",
    "failed": "#d64545",
    "unknown": "#8e44ad",
    "held": "#7c6f64",
    "cancelled": "#9ca3af",
    "bounced": "#c2410c",  # accepted, then returned (core.returnpath)
}


def is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme() == Qt.ColorScheme.Dark)


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.Link, QColor(ACCENT))
    app.setPalette(palette)
    app.setStyleSheet(
        """
        QListWidget#navigation { border: none; font-size: 14px; padding-top: 8px; }
        QListWidget#navigation::item { padding: 9px 14px; border-radius: 6px; margin: 1px 6px; }
        QListWidget#navigation::item:selected { background: palette(highlight);
                                                color: palette(highlighted-text); }
        QLabel#pageTitle { font-size: 20px; font-weight: 600; }
        QLabel#hint { color: palette(placeholder-text); }
        QFrame#banner { border-radius: 6px; padding: 6px; }
        """
    )
