"""One window per database: a second launch on the same database brings the first window
to the front and exits.

The first instance listens on a ``QLocalServer`` whose name is derived from the
database's resolved path (a PostgreSQL URL as given); a later launch connects to it,
says "show", and quits. A server left behind by a crashed instance is removed, so a
crash never blocks the next start.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1000
MESSAGE = b"show\n"


def server_name(database: str) -> str:
    """A per-user name for the database (local socket names are per machine)."""
    key = database if "://" in database else str(Path(database).expanduser().resolve())
    user = os.environ.get("USER") or os.environ.get("USERNAME") or str(os.getuid())
    digest = hashlib.sha256(f"{user}\0{key}".encode()).hexdigest()[:24]
    return f"staffetta-{digest}"


def activate_running(database: str) -> bool:
    """Ask a window already open on ``database`` to come to the front; True if one did."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(database))
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(MESSAGE)
    socket.flush()
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class SingleInstance(QObject):
    """Listens for later launches on the same database; ``activated`` fires for each."""

    activated = Signal()

    def __init__(self, database: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(database)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connection)
        self._sockets: list[QLocalSocket] = []

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)  # left by an instance that crashed
        ok = self.server.listen(self.name)
        if not ok:
            log.warning("cannot listen for other launches: %s", self.server.errorString())
        return ok

    def _connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._sockets.append(socket)
            socket.readyRead.connect(self._read_all)
            socket.disconnected.connect(self._forget_closed)
        self._read_all()

    def _read_all(self) -> None:
        for socket in list(self._sockets):
            if socket.bytesAvailable() and bytes(socket.readAll().data()).startswith(b"show"):
                self.activated.emit()

    def _forget_closed(self) -> None:
        self._read_all()  # a launch that wrote and hung up at once
        self._sockets = [
            s for s in self._sockets if s.state() == QLocalSocket.LocalSocketState.ConnectedState
        ]

    def close(self) -> None:
        for socket in self._sockets:
            socket.blockSignals(True)
            socket.abort()
        self._sockets.clear()
        self.server.blockSignals(True)
        self.server.close()
