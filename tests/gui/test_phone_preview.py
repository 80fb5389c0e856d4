"""The phone preview honours the mail's @media rules (Qt's rich text alone ignores them)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from core.content.inline_css import inline_css
from gui.editor.preview import PHONE_WIDTH, MailPreview
from tests.core.test_media_preview import TEMPLATE

LEFT = Qt.MouseButton.LeftButton


def size_of(preview: MailPreview, word: str) -> int:
    """The pixel size of ``word`` as the preview lays it out."""
    document = preview.browser.document()
    found = document.find(word)
    assert not found.isNull(), word
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart() + 1)
    return cursor.charFormat().font().pixelSize()


def test_the_phone_button_shows_the_phone_layout_and_desktop_the_desktop_one(qtbot):
    preview = MailPreview()
    qtbot.addWidget(preview)
    preview.resize(900, 600)
    preview.show()
    preview.show_html(inline_css(TEMPLATE).html)
    assert size_of(preview, "Ciao") == 16
    qtbot.mouseClick(preview.phone_button, LEFT)
    assert preview.browser.width() == PHONE_WIDTH
    assert size_of(preview, "Ciao") == 22  # the @media (max-width: 620px) rule
    preview.show_html(inline_css(TEMPLATE.replace("22px", "26px")).html)  # edited while on phone
    assert size_of(preview, "Ciao") == 26
    qtbot.mouseClick(preview.desktop_button, LEFT)
    assert size_of(preview, "Ciao") == 16
