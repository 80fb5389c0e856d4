"""The rendered mail as a recipient sees it, at a desktop or a phone's width.

Embedded images are shown from their bytes (``cid:`` sources), as mail clients do;
remote images are not fetched (a preview must not tell a tracker it was opened). Qt's
rich text ignores ``@media``: at the phone's width the preview shows the mail with the
rules of its matching ``@media`` blocks applied (``core.content.media_preview``), as a
phone's mail client does.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QUrl, Signal
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.content.media_preview import apply_media

PHONE_WIDTH = 375  # CSS pixels of a common phone
DESKTOP_MIN_WIDTH = 320


class MailBrowser(QTextBrowser):
    """A text browser that shows ``cid:`` images from the message's own parts."""

    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(False)
        self.images: dict[str, bytes] = {}

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        url = QUrl(url) if isinstance(url, str) else url
        if kind == QTextDocument.ResourceType.ImageResource.value and url.scheme() == "cid":
            data = self.images.get(url.path())
            if data is not None:
                image = QImage()
                image.loadFromData(QByteArray(data))
                return image
            return None
        if url.scheme() in ("http", "https"):
            return None
        return super().loadResource(kind, url)


class MailPreview(QWidget):
    """The preview with its Desktop / Phone switch."""

    width_changed = Signal(str)  # "desktop" or "phone"

    def __init__(self) -> None:
        super().__init__()
        self.browser = MailBrowser()
        self.desktop_button = QToolButton()
        self.desktop_button.setText(self.tr("Desktop"))
        self.desktop_button.setCheckable(True)
        self.phone_button = QToolButton()
        self.phone_button.setText(self.tr("Phone"))
        self.phone_button.setCheckable(True)
        self.desktop_button.setToolTip(self.tr("Show the mail as wide as this pane"))
        self.phone_button.setToolTip(
            self.tr("Show the mail at a phone's width ({0} pixels)").replace(
                "{0}", str(PHONE_WIDTH)
            )
        )
        group = QButtonGroup(self)
        group.setExclusive(True)
        group.addButton(self.desktop_button)
        group.addButton(self.phone_button)
        self.desktop_button.setChecked(True)
        self.desktop_button.toggled.connect(lambda on: self._width_toggled(on, "desktop"))
        self.phone_button.toggled.connect(lambda on: self._width_toggled(on, "phone"))
        self.size_label = QLabel()
        self.size_label.setObjectName("hint")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.desktop_button)
        bar.addWidget(self.phone_button)
        bar.addStretch(1)
        bar.addWidget(self.size_label)
        frame = QHBoxLayout()
        frame.setContentsMargins(0, 0, 0, 0)
        frame.addStretch(0)
        frame.addWidget(self.browser, 1)
        frame.addStretch(0)
        self._frame = frame
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(frame, 1)
        self.mode = "desktop"
        self._html = ""
        self._phone_html: str | None = None  # the mail with its phone @media rules applied
        self._on_screen: str | None = None

    def _width_toggled(self, on: bool, mode: str) -> None:
        if on:
            self.set_width(mode)

    def set_width(self, mode: str) -> None:
        self.mode = mode
        if mode == "phone":
            self.browser.setFixedWidth(PHONE_WIDTH)
            self._frame.setStretch(0, 1)
            self._frame.setStretch(2, 1)
            self.phone_button.setChecked(True)
        else:
            self.browser.setMinimumWidth(DESKTOP_MIN_WIDTH)
            self.browser.setMaximumWidth(16_777_215)
            self._frame.setStretch(0, 0)
            self._frame.setStretch(2, 0)
            self.desktop_button.setChecked(True)
        self._show()
        self.width_changed.emit(mode)

    def show_html(self, html: str, images: dict[str, bytes] | None = None) -> None:
        self.browser.images = dict(images or {})
        self._html, self._phone_html = html, None
        self._show()

    def show_message(self, html: str) -> None:
        self.browser.images = {}
        self._html, self._phone_html = html, html  # the window's own text: no @media
        self._show()

    def shown_html(self) -> str:
        """The HTML the browser shows now (the phone's version at the phone's width)."""
        if self.mode != "phone":
            return self._html
        if self._phone_html is None:
            self._phone_html = apply_media(self._html, PHONE_WIDTH)  # a few ms, once per mail
        return self._phone_html

    def _show(self) -> None:
        shown = self.shown_html()
        if shown != self._on_screen:
            self._on_screen = shown
            self.browser.setHtml(shown)
