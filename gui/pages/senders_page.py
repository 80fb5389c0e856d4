"""Who is sending what, on a team database: every sender with its computer, since when,
the profiles it holds, the campaigns they send, when it was last seen; a sender that
missed its heartbeats is marked stale, one that stopped (or was found dead) is greyed.

The rows come from ``core.ops.team.senders`` on a reader thread, every few seconds while
the page is shown and whenever campaigns or profiles change (their names are shown).
The page exists only on a team database (``gui.team_ui`` adds it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QFont, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from core.ops import Changes
from core.ops import team as ops
from gui.context import AppContext
from gui.format import human_duration, local_time
from gui.i18n import QT_TRANSLATE_NOOP, fmt
from gui.widgets import Banner, big_table_view, page_header

if TYPE_CHECKING:  # psycopg loads only for a team database
    from core.team.senders import TeamMember

Index = QModelIndex | QPersistentModelIndex

REFRESH_MS = 5000

STATE_TEXT = {
    "sending": QT_TRANSLATE_NOOP("SendersModel", "Sending"),
    "idle": QT_TRANSLATE_NOOP("SendersModel", "Idle (nothing to send)"),
    "stale": QT_TRANSLATE_NOOP("SendersModel", "No heartbeat for %1"),
    "lost": QT_TRANSLATE_NOOP("SendersModel", "Lost (stopped answering)"),
    "stopped": QT_TRANSLATE_NOOP("SendersModel", "Stopped"),
}
STALE_COLOUR = QColor("#a05a00")
GONE_COLOUR = QColor("#8a8a8a")


class SendersModel(QAbstractTableModel):
    """The team's senders as plain rows (a handful: read whole every refresh)."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("SendersModel", "Sender"),
        QT_TRANSLATE_NOOP("SendersModel", "Computer"),
        QT_TRANSLATE_NOOP("SendersModel", "Since"),
        QT_TRANSLATE_NOOP("SendersModel", "Profiles"),
        QT_TRANSLATE_NOOP("SendersModel", "Campaigns"),
        QT_TRANSLATE_NOOP("SendersModel", "Last seen"),
        QT_TRANSLATE_NOOP("SendersModel", "State"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[TeamMember] = []
        self.mine = ""  # this window's own sender id

    def set_rows(self, rows: list[TeamMember], mine: str = "") -> None:
        self.beginResetModel()
        self.rows = rows
        self.mine = mine
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def state_text(self, member: TeamMember) -> str:
        text = self.tr(STATE_TEXT[member.state])
        if member.state == "stale":
            text = fmt(text, human_duration(member.seconds_since_seen))
        if member.state == "sending" and member.sent_last_minute:
            text += " · " + fmt(self.tr("%1 in the last minute"), member.sent_last_minute)
        return text

    def text(self, member: TeamMember, column: int) -> str:
        if column == 0:
            return member.name + (" " + self.tr("(this window)") if member.id == self.mine else "")
        if column == 1:
            return member.host
        if column == 2:
            return local_time(member.started_at)
        if column == 3:
            return ", ".join(member.profiles) or "—"
        if column == 4:
            return ", ".join(member.campaigns) or "—"
        if column == 5:
            if member.stopped_at is not None:
                return local_time(member.stopped_at)
            if member.seconds_since_seen < 10:
                return self.tr("just now")
            return fmt(self.tr("%1 ago"), human_duration(member.seconds_since_seen))
        return self.state_text(member)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        member = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(member, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 0:
                return fmt(self.tr("%1, process %2 on %3"), member.name, member.pid, member.host)
            return self.text(member, index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            if member.state in ("stopped", "lost"):
                return GONE_COLOUR
            if member.state == "stale":
                return STALE_COLOUR
        if role == Qt.ItemDataRole.FontRole and member.id == self.mine and member.id:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return member.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None


class _RoomyDelegate(QStyledItemDelegate):
    """Columns sized to their contents, with room between them (a handful of rows)."""

    PADDING = 18

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + self.PADDING, size.height())


class SendersPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.loaded = 0  # how many refreshes arrived (tests wait on it)
        self.model = SendersModel()
        self.table = big_table_view()
        self.table.setModel(self.model)
        self.table.setItemDelegate(_RoomyDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(len(SendersModel.COLUMNS)):  # a handful of rows: fit them
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # the campaigns
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.empty = QLabel(
            self.tr(
                "No sender is working on this team database. Campaigns wait in the queue "
                "until one starts: this window sends while it is open, and a server runs "
                "“staffetta send” (see the README's team section)."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setObjectName("hint")
        self.empty.hide()
        self.banner = Banner()
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.reload)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(
            page_header(
                self.tr("Senders"),
                self.tr(
                    "Every computer sending from this team database. Each SMTP profile is "
                    "sent through by one sender at a time; when a sender stops, another "
                    "takes its profiles over."
                ),
            )
        )
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.banner)
        context.signals.changed.connect(self._changed)
        self.reload()

    def on_shown(self) -> None:
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def shutdown(self) -> None:
        self._timer.stop()

    def _changed(self, changes: Changes) -> None:
        if changes.campaigns or changes.profiles:
            self.reload()

    def _my_sender_id(self) -> str:
        service = self.context.services.get("sender")
        session = getattr(service, "session", None)
        team = getattr(session, "team", None)
        return str(getattr(team, "id", "") or "") if team is not None else ""

    def reload(self) -> None:
        self.context.query("team senders", ops.senders, on_done=self._show, on_error=self._failed)

    def _failed(self, error: Any) -> None:
        self.banner.show_message(error.user_text(), "error")

    def _show(self, members: list[TeamMember]) -> None:
        self.banner.clear()
        self.model.set_rows(members, self._my_sender_id())
        live = [m for m in members if m.state in ("sending", "idle", "stale")]
        sending = sum(1 for m in members if m.state == "sending")
        stale = sum(1 for m in members if m.state == "stale")
        parts = [fmt(self.tr("Working: %1"), len(live)), fmt(self.tr("Sending: %1"), sending)]
        if stale:
            parts.append(fmt(self.tr("Not answering: %1"), stale))
        self.summary.setText(" · ".join(parts))
        self.empty.setVisible(not live)
        self.loaded += 1
