"""Shared fixtures: every test gets its own real SQLite file and data directory."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep logs, the built-in inbox and the default database out of the user's folders."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("STAFFETTA_DATA_DIR", str(data))
    monkeypatch.delenv("STAFFETTA_DB", raising=False)
    return data


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "staffetta.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Path]:
    """An opened, migrated database file bound to the models for this test."""
    from core.db import close_database, open_database

    open_database(str(db_path))
    yield db_path
    close_database()


def require_server(what: str, reason: str) -> None:
    """Skip loudly on a developer's machine when a server program is missing; in CI
    (``STAFFETTA_REQUIRE_SERVERS=1``, set by ``.ci/run``) fail instead, so a test that
    needs PostgreSQL, Dovecot or Postfix can never pass there by not running."""
    message = f"{what} is not available: {reason}"
    if os.environ.get("STAFFETTA_REQUIRE_SERVERS") == "1":
        pytest.fail(message + " (required in CI: .ci/run installs it)", pytrace=False)
    pytest.skip(message + " (install it, or run .ci/run as root)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
