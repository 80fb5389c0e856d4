"""A source editor for templates: monospace, wrapped lines, highlighted HTML/Markdown/CSS
with Jinja, an error line marked."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from gui.editor.highlighter import TemplateHighlighter


class CodeEditor(QPlainTextEdit):
    def __init__(self, mode: str = "html") -> None:
        super().__init__()
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.setTabStopDistance(4 * self.fontMetrics().horizontalAdvance(" "))
        self.set_wrap(True)
        self.highlighter = TemplateHighlighter(self.document(), mode)

    def set_mode(self, mode: str) -> None:
        self.highlighter.set_mode(mode)

    def set_wrap(self, wrap: bool) -> None:
        self.setLineWrapMode(
            QPlainTextEdit.LineWrapMode.WidgetWidth if wrap else QPlainTextEdit.LineWrapMode.NoWrap
        )

    def mark_line(self, line: int | None) -> None:
        """Tint line ``line`` (1-based), or clear the mark."""
        if line is None:
            self.setExtraSelections([])
            return
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(QColor("#fdecea"))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        block = self.document().findBlockByLineNumber(max(0, line - 1))
        selection.cursor = QTextCursor(block)
        self.setExtraSelections([selection])

    def insert_at_cursor(self, text: str) -> None:
        self.insertPlainText(text)
        self.setFocus()
