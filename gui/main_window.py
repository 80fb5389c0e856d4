"""The main window: navigation on the left, one page at a time, the sender in the status bar.

Pages are registered in ``PAGES`` by module path and imported lazily, so each page
lives in its own module under ``gui/pages/`` and a missing page shows a placeholder
instead of breaking the window. A page is a ``QWidget`` built as ``Page(context)``;
it may define ``on_shown()`` (called when it becomes visible) and ``shutdown()``.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from core import APP_NAME, __version__
from gui import team_ui
from gui.context import AppContext
from gui.core_text import translated
from gui.i18n import QT_TRANSLATE_NOOP, fmt
from gui.team_ui import TeamParts
from gui.widgets import ElidedLabel

log = logging.getLogger(__name__)

# (key, navigation label, "module:Class")
PAGES: list[tuple[str, str, str]] = [
    ("contacts", QT_TRANSLATE_NOOP("MainWindow", "Contacts"), "gui.pages.contacts_page:ContactsPage"),
    ("templates", QT_TRANSLATE_NOOP("MainWindow", "Templates"), "gui.pages.templates_page:TemplatesPage"),
    ("campaigns", QT_TRANSLATE_NOOP("MainWindow", "Campaigns"), "gui.pages.campaigns_page:CampaignsPage"),
    ("queue", QT_TRANSLATE_NOOP("MainWindow", "Queue"), "gui.pages.queue_page:QueuePage"),
    ("suppressions", QT_TRANSLATE_NOOP("MainWindow", "Suppressions"), "gui.pages.suppressions_page:SuppressionsPage"),
    ("inbox", QT_TRANSLATE_NOOP("MainWindow", "Test inbox"), "gui.pages.inbox_page:InboxPage"),
    ("settings", QT_TRANSLATE_NOOP("MainWindow", "Settings"), "gui.pages.settings_page:SettingsPage"),
]  # fmt: skip
# The labels are translated where they are shown (the language is chosen at start-up).

# Services started with the window when their module exists: (key, "module:factory").
# A factory takes the AppContext and returns an object with an optional ``shutdown()``.
SERVICES: list[tuple[str, str]] = [
    ("inbox", "gui.inbox_service:start_inbox_service"),
    ("sender", "gui.sender_service:start_sender_service"),
    ("mailbox", "gui.mailbox_service:start_mailbox_service"),
]


def _load(target: str) -> Any:
    module_name, _, attribute = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    return getattr(module, attribute)


# Room for the window's title bar and frame, which the window's own size leaves out.
FRAME_ALLOWANCE = QSize(16, 48)


def default_window_size(available: QRect) -> QSize:
    """A first window that fits the screen's free area with its frame: at most 1280×800,
    and on a 1280×800 screen (a panel or dock taking some) a little less."""
    width = min(1280, available.width() - FRAME_ALLOWANCE.width())
    height = min(800, available.height() - FRAME_ALLOWANCE.height())
    return QSize(max(640, width), max(480, height))


class PlaceholderPage(QWidget):
    def __init__(self, title: str) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        label = QLabel(
            fmt(
                QCoreApplication.translate("PlaceholderPage", "%1 is not available in this build."),
                title,
            )
        )
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext | None = None, *, start_services: bool = True) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.context = context or AppContext.create(self)
        self.host: Any = None  # the gui.window_host.WindowHost that replaces it on File → Open…
        self.team = TeamParts()
        if start_services:
            self._start_services()
        self.pages: dict[str, QWidget] = {}
        self._page_keys: list[str] = []

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(170)
        self.navigation.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        for index, (key, english, target) in enumerate(PAGES):
            label = QCoreApplication.translate("MainWindow", english)
            page_class = _load(target)
            page = page_class(self.context) if page_class is not None else PlaceholderPage(label)
            self.pages[key] = page
            self._page_keys.append(key)
            self.stack.addWidget(page)
            item = QListWidgetItem(label)
            item.setToolTip(
                fmt(QCoreApplication.translate("MainWindow", "%1 (Ctrl+%2)"), label, index + 1)
            )
            self.navigation.addItem(item)
        self.navigation.currentRowChanged.connect(self._row_changed)

        self._build_menu()
        # A long relay problem ends in "…" rather than pushing the window wider; the whole
        # sentence is its tooltip (and shows on a click).
        self.sender_status = ElidedLabel(QCoreApplication.translate("MainWindow", "Idle"))
        status = QStatusBar()
        status.addPermanentWidget(self.sender_status)
        self.setStatusBar(status)
        self.context.signals.status_message.connect(
            lambda text: status.showMessage(translated(text), 8000)  # core's sentences too
        )
        self.context.signals.navigate.connect(self._navigate)
        self.context.signals.sender_status.connect(self.set_sender_status)
        team_ui.install(self)  # which database is open; the Senders page on a team one

        self._stopped_for_close = False
        self._stop_task: asyncio.Future[None] | None = None
        self._restore_geometry()
        self.navigation.setCurrentRow(0)

    # --- services and pages ---------------------------------------------------------------

    def _start_services(self) -> None:
        for key, target in SERVICES:
            factory = _load(target)
            if factory is None:
                continue
            try:
                self.context.services[key] = factory(self.context)
            except Exception:
                log.exception("service %s failed to start", key)

    def show_page(self, key: str) -> None:
        self.navigation.setCurrentRow(self._page_keys.index(key))

    def current_page_key(self) -> str:
        return self._page_keys[self.stack.currentIndex()]

    def _navigate(self, key: str, argument: object) -> None:
        self.show_page(key)
        page = self.pages[key]
        if argument is not None and hasattr(page, "select"):
            page.select(argument)

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        on_shown = getattr(page, "on_shown", None)
        if on_shown is not None:
            QTimer.singleShot(0, on_shown)

    def set_sender_status(self, text: str) -> None:
        self.sender_status.setText(text)

    # --- menu, about, geometry --------------------------------------------------------------

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&File"))
        team_ui.add_menu(self, file_menu)
        check = file_menu.addAction(
            QCoreApplication.translate("MainWindow", "Check &mailboxes now")
        )
        check.setToolTip(
            QCoreApplication.translate(
                "MainWindow", "Read the bounces, complaints and unsubscribe requests that came back"
            )
        )
        check.triggered.connect(self.check_mailboxes)
        self.check_mailboxes_action = check
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction(QCoreApplication.translate("MainWindow", "&Quit"))
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        view_menu = self.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Go"))
        self.go_menu = view_menu
        for index, (key, english, _target) in enumerate(PAGES):
            label = QCoreApplication.translate("MainWindow", english)
            action = view_menu.addAction(label)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, k=key: self.show_page(k))
        help_menu = self.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Help"))
        about = help_menu.addAction(QCoreApplication.translate("MainWindow", "&About Staffetta"))
        about.triggered.connect(self.show_about)

    def check_mailboxes(self) -> None:
        """Read every mailbox now (the mailbox service, or a one-off op without it)."""
        service = self.context.services.get("mailbox")
        if service is not None:
            service.check_now()
            return
        from core.ops import returnpath

        self.context.op("check mailboxes", returnpath.check_now, io=True)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            fmt(self.tr("About %1"), APP_NAME),
            f"<h3>{APP_NAME} {__version__}</h3><p>"
            + self.tr(
                "Email campaigns from your desktop: import contacts, write a personalised "
                "email, test it, and send it at a pace your provider accepts."
            )
            + "</p>",
        )

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)
        restored = geometry is not None and self.restoreGeometry(geometry)
        if restored and available.contains(self.frameGeometry()):
            return
        size = default_window_size(available)
        self.resize(size)
        frame = self.frameGeometry()
        frame.moveCenter(available.center())
        self.move(frame.topLeft())

    def bring_to_front(self) -> None:
        """Another launch on this database asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask before quitting while sending; then stop the sender with the window still
        open and the event loop running (messages on their way finish and are recorded,
        one grace period), and only then close."""
        if not self._stopped_for_close:
            if self._stop_task is not None:  # already stopping
                event.ignore()
                return
            sender = self.context.services.get("sender")
            confirm = getattr(sender, "confirm_close", None)
            if confirm is not None and not confirm(self):
                event.ignore()
                return
            if getattr(sender, "session", None) is not None:
                event.ignore()
                self.statusBar().showMessage(
                    QCoreApplication.translate(
                        "MainWindow", "Stopping: messages on their way finish first…"
                    )
                )
                central = self.centralWidget()
                if central is not None:
                    central.setEnabled(False)
                self._stop_task = asyncio.ensure_future(self._stop_then_close())
                return
        QSettings().setValue("window/geometry", self.saveGeometry())
        super().closeEvent(event)

    def close_without_asking(self) -> None:
        """Close once its services were stopped already (it is being replaced)."""
        self._stopped_for_close = True
        self.close()

    async def _stop_then_close(self) -> None:
        try:
            await self.shutdown_async()
        finally:
            self._stopped_for_close = True
            self.close()

    async def shutdown_async(self) -> None:
        """Let services that run on the event loop (the sender) stop cleanly."""
        for service in self.context.services.values():
            stop = getattr(service, "stop_async", None)
            if stop is not None:
                try:
                    await stop()
                except Exception:
                    log.exception("service stop failed")

    def shutdown(self) -> None:
        """Stop services and background work; called once when the app quits."""
        for page in self.pages.values():
            stop = getattr(page, "shutdown", None)
            if stop is not None:
                stop()
        for service in self.context.services.values():
            stop = getattr(service, "shutdown", None)
            if stop is not None:
                try:
                    stop()
                except Exception:
                    log.exception("service shutdown failed")
        self.context.shutdown()
