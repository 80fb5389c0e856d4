"""The template editor's widgets, used as a person does: typing, clicking, the file dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QPlainTextEdit

from gui.editor.body_editor import BodyEditor
from gui.editor.highlighter import FORMATS
from gui.editor.preview import PHONE_WIDTH, MailPreview


def formats_at(editor: QPlainTextEdit, line: int) -> list[tuple[int, int, QColor]]:
    block = editor.document().findBlockByLineNumber(line)
    return [(r.start, r.length, r.format.foreground().color()) for r in block.layout().formats()]


def colour_of(editor: QPlainTextEdit, line: int, text: str) -> QColor | None:
    block = editor.document().findBlockByLineNumber(line)
    at = block.text().index(text)
    found = None
    for start, length, colour in formats_at(editor, line):
        if start <= at < start + length:
            found = colour
    return found


def test_highlighting_follows_the_body_format_and_marks_jinja(qtbot):
    editor = BodyEditor()
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor.body, '<a href="x">Hi {{ name }}</a>')
    jinja = FORMATS["jinja"].foreground().color()
    assert colour_of(editor.body, 0, "{{ name }}") == jinja
    assert colour_of(editor.body, 0, "<a") == FORMATS["tag"].foreground().color()
    assert editor.body.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth
    editor.format.setCurrentIndex(editor.format.findData("markdown"))
    assert editor.tabs.tabText(0) == "Markdown"
    editor.body.clear()
    qtbot.keyClicks(editor.body, "# Title {{ name }}")
    assert colour_of(editor.body, 0, "Title") == FORMATS["heading"].foreground().color()
    assert colour_of(editor.body, 0, "{{ name }}") == jinja
    qtbot.mouseClick(editor.wrap, Qt.MouseButton.LeftButton)
    assert editor.body.lineWrapMode() == QPlainTextEdit.LineWrapMode.NoWrap


def test_insert_image_through_the_file_dialog(qtbot, tmp_path: Path):
    picture = tmp_path / "logo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    editor = BodyEditor()
    qtbot.addWidget(editor)
    editor.format.setCurrentIndex(editor.format.findData("markdown"))

    def answer() -> None:
        dialog = editor.image_dialog
        assert isinstance(dialog, QFileDialog) and dialog.isVisible()
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        name.setText(str(picture))
        dialog.accept()

    QTimer.singleShot(100, answer)
    qtbot.mouseClick(editor.image_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "logo" in editor.body.toPlainText(), timeout=5000)
    assert editor.body.toPlainText() == f"![logo]({picture})"


def test_did_you_mean_replaces_the_mistyped_variable(qtbot):
    editor = BodyEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.body.setPlainText("Hi {{ frist_name }}, frist_name stays.")
    editor.text.setPlainText("Hi {{ frist_name }}")
    editor.show_suggestions([("frist_name", "first_name"), ("zzz", None)])
    assert "did you mean {{ first_name }}?" in editor.suggestions.text()
    assert "{{ zzz }} is not a column of this list." in editor.suggestions.text()
    qtbot.mouseClick(editor.fix_button, Qt.MouseButton.LeftButton)
    assert editor.body.toPlainText() == "Hi {{ first_name }}, frist_name stays."
    assert editor.text.toPlainText() == "Hi {{ first_name }}"
    editor.body.undo()
    assert "frist_name }}" in editor.body.toPlainText()


def test_preview_at_phone_width_shows_embedded_images(qtbot):
    from tests.core.test_content import PNG

    preview = MailPreview()
    qtbot.addWidget(preview)
    preview.resize(900, 600)
    preview.show()
    preview.show_html('<p>Hi</p><img src="cid:img1.x@staffetta">', {"img1.x@staffetta": PNG})
    qtbot.mouseClick(preview.phone_button, Qt.MouseButton.LeftButton)
    assert preview.browser.width() == PHONE_WIDTH
    image = preview.browser.loadResource(
        2, __import__("PySide6.QtCore").QtCore.QUrl("cid:img1.x@staffetta")
    )
    assert not image.isNull() and image.width() == 1
    qtbot.mouseClick(preview.desktop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.browser.width() > PHONE_WIDTH)
    QApplication.processEvents()
