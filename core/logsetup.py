"""Logging to a rotating file in the user log directory (the crash dialog names it)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from core.paths import log_dir

_configured: Path | None = None


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
    _configured = path
    return path
