"""The body editors of a template: HTML or Markdown, plain text, CSS; an image picker;
"did you mean {{ first_name }}?" for a variable the chosen list does not have."""

from __future__ import annotations

import os

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.content.suggest import replace_variable
from gui.editor.code_editor import CodeEditor


class BodyEditor(QWidget):
    """Body (HTML or Markdown), text and CSS editors in tabs; ``changed`` on every edit."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.format = QComboBox()
        self.format.addItem(self.tr("HTML"), "html")
        self.format.addItem(self.tr("Markdown"), "markdown")
        self.format.setToolTip(
            self.tr("Markdown is sent in a ready-made layout that reads well on phones")
        )
        self.body = CodeEditor("html")
        self.text = CodeEditor("text")
        self.text.setPlaceholderText(
            self.tr("Leave empty to make the text part from the HTML or Markdown.")
        )
        self.css = CodeEditor("css")
        self.css.setPlaceholderText(
            self.tr("CSS rules here (and <style> blocks in the body) are copied into each "
                    "element's style attribute when the mail is sent.")
        )  # fmt: skip
        self.tabs = QTabWidget()
        self.tabs.addTab(self.body, self.tr("HTML"))
        self.tabs.addTab(self.css, self.tr("CSS"))
        self.tabs.addTab(self.text, self.tr("Plain text"))
        self.wrap = QCheckBox(self.tr("Wrap lines"))
        self.wrap.setChecked(True)
        self.wrap.toggled.connect(self._wrap_toggled)
        self.image_button = QPushButton(self.tr("Insert image…"))
        self.image_button.setToolTip(self.tr("Embed a picture from this computer in every message"))
        self.image_button.clicked.connect(self.choose_image)
        self.image_dialog: QFileDialog | None = None
        self.suggestions = QLabel()
        self.suggestions.setObjectName("warning")
        self.suggestions.setWordWrap(True)
        self.suggestions.hide()
        self.fix_button = QPushButton(self.tr("Replace"))
        self.fix_button.hide()
        self.fix_button.clicked.connect(self.apply_suggestions)
        self._fixes: list[tuple[str, str]] = []
        self.base_dir: str | None = None

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(QLabel(self.tr("Body written in")))
        bar.addWidget(self.format)
        bar.addStretch(1)
        bar.addWidget(self.image_button)
        bar.addWidget(self.wrap)
        fix_row = QHBoxLayout()
        fix_row.setContentsMargins(0, 0, 0, 0)
        fix_row.addWidget(self.suggestions, 1)
        fix_row.addWidget(self.fix_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(fix_row)

        self.format.currentIndexChanged.connect(self._format_changed)
        for editor in (self.body, self.text, self.css):
            editor.textChanged.connect(self.changed)

    # --- contents ------------------------------------------------------------------------

    @property
    def body_format(self) -> str:
        return str(self.format.currentData())

    def load(self, *, body_format: str, body: str, text: str | None, css: str | None,
             base_dir: str | None) -> None:  # fmt: skip
        self.blockSignals(True)
        try:
            self.format.setCurrentIndex(max(0, self.format.findData(body_format)))
            self.body.setPlainText(body)
            self.text.setPlainText(text or "")
            self.css.setPlainText(css or "")
            self.base_dir = base_dir
        finally:
            self.blockSignals(False)
        self._format_changed()

    def body_text(self) -> str:
        return self.body.toPlainText()

    def text_text(self) -> str | None:
        return self.text.toPlainText() or None

    def css_text(self) -> str | None:
        return self.css.toPlainText() or None

    def _format_changed(self, *_args: object) -> None:
        markdown = self.body_format == "markdown"
        self.body.set_mode("markdown" if markdown else "html")
        self.tabs.setTabText(0, self.tr("Markdown") if markdown else self.tr("HTML"))
        self.changed.emit()

    def _wrap_toggled(self, on: bool) -> None:
        for editor in (self.body, self.text, self.css):
            editor.set_wrap(on)

    def mark(self, part: str | None, line: int | None) -> None:
        """Show an error at ``line`` of ``part`` ("HTML"/"Markdown", "text"), or clear."""
        self.body.mark_line(line if part in ("HTML", "Markdown") else None)
        self.text.mark_line(line if part == "text" else None)
        body_label = self.tr("Markdown") if self.body_format == "markdown" else self.tr("HTML")
        self.tabs.setTabText(0, body_label + (" ⚠" if part in ("HTML", "Markdown") else ""))
        self.tabs.setTabText(2, self.tr("Plain text") + (" ⚠" if part == "text" else ""))

    # --- images --------------------------------------------------------------------------

    def choose_image(self) -> None:
        """Pick a picture; it is inserted where the cursor is (full path: it is embedded)."""
        dialog = QFileDialog(
            self, self.tr("Insert image"), self.base_dir or os.path.expanduser("~")
        )
        dialog.setNameFilter(self.tr("Images (*.png *.jpg *.jpeg *.gif *.webp *.svg)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(self.insert_image)
        self.image_dialog = dialog
        dialog.open()

    def insert_image(self, path: str) -> None:
        if not path:
            return
        shown = path
        if self.base_dir and os.path.dirname(os.path.abspath(path)) == os.path.abspath(
            self.base_dir
        ):
            shown = os.path.basename(path)
        alt = os.path.splitext(os.path.basename(path))[0]
        if self.body_format == "markdown":
            snippet = f"![{alt}](<{shown}>)" if " " in shown else f"![{alt}]({shown})"
        else:
            snippet = f'<img src="{shown}" alt="{alt}" style="max-width: 100%">'
        self.tabs.setCurrentWidget(self.body)
        self.body.insert_at_cursor(snippet)

    # --- did you mean -------------------------------------------------------------------

    def show_suggestions(self, unknown: list[tuple[str, str | None]]) -> None:
        """``unknown``: (variable, closest known variable or None) from core."""
        lines: list[str] = []
        self._fixes = [(name, s) for name, s in unknown if s]
        for name, suggestion in unknown:
            if suggestion:
                lines.append(
                    self.tr("{{ %1 }} is not a column of this list: did you mean {{ %2 }}?")
                    .replace("%1", name).replace("%2", suggestion)
                )  # fmt: skip
            else:
                lines.append(self.tr("{{ %1 }} is not a column of this list.").replace("%1", name))
        self.suggestions.setText("\n".join(lines))
        self.suggestions.setVisible(bool(lines))
        self.fix_button.setVisible(bool(self._fixes))

    def apply_suggestions(self) -> None:
        """Replace every mistyped variable by its suggestion, in every editor (undoable)."""
        for editor in (self.body, self.text):
            source = editor.toPlainText()
            fixed = source
            for wrong, right in self._fixes:
                fixed = replace_variable(fixed, wrong, right)
            if fixed != source:
                cursor = editor.textCursor()
                cursor.beginEditBlock()
                cursor.select(QTextCursor.SelectionType.Document)
                cursor.insertText(fixed)
                cursor.endEditBlock()
