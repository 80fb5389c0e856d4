"""Logging to a rotating file in the user log directory (the crash dialog names it)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from core.paths import log_dir

_configured: Path | None = None
QUIET_LOGGERS = ("mail.log", "aiosmtplib")


def configure_logging(level: int = logging.INFO) -> Path:
    """Idempotent; returns the log file path."""
    global _configured
    if _configured is not None:
        return _configured
    path = log_dir() / "staffetta.log"
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    # aiosmtpd (the built-in inbox) logs every SMTP command with the peer and recipient at
    # INFO: thousands of lines per campaign that would rotate out the ones explaining a
    # problem, and addresses that do not belong in a log.
    for chatty in QUIET_LOGGERS:
        logging.getLogger(chatty).setLevel(logging.WARNING)
    _configured = path
    return path
