"""Where Staffetta keeps its files (platformdirs), overridable for tests and portable use."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from core import APP_NAME

DATA_DIR_ENV = "STAFFETTA_DATA_DIR"
DB_ENV = "STAFFETTA_DB"


def data_dir() -> Path:
    """The per-user data directory; ``STAFFETTA_DATA_DIR`` overrides it."""
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "staffetta.db"


def database_location(explicit: str | None = None) -> str:
    """``--db`` wins, then ``STAFFETTA_DB``, then the user data directory."""
    return explicit or os.environ.get(DB_ENV) or str(default_database_path())
