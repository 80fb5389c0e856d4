"""Shared fixtures: every test gets its own real database and data directory.

The database is a SQLite file by default. A test (or a module, with ``pytestmark``)
marked ``@pytest.mark.databases("sqlite", "postgresql")`` runs once per kind; on
PostgreSQL it gets a fresh database of a throwaway cluster (``tests/pg_server.py``)
started once per session, copied from a migrated template in a few milliseconds.
"""

from __future__ import annotations

import atexit
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DATABASE_KINDS = ("sqlite", "postgresql")

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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "databases(*kinds): run the test on each database kind (sqlite, postgresql) "
        "through the database_kind fixture",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marker = metafunc.definition.get_closest_marker("databases")
    if marker is None or "database_kind" not in metafunc.fixturenames:
        return
    kinds = marker.args or DATABASE_KINDS
    unknown = set(kinds) - set(DATABASE_KINDS)
    if unknown:
        raise pytest.UsageError(f"unknown database kinds {sorted(unknown)}")
    metafunc.parametrize("database_kind", kinds)


@pytest.fixture
def database_kind() -> str:
    """sqlite unless the test is marked ``databases(...)``."""
    return "sqlite"


class _PostgresForTests:
    """The session's cluster and its migrated template database."""

    TEMPLATE = "staffetta_template"

    def __init__(self) -> None:
        from tests.pg_server import PostgresServer

        self.server = PostgresServer().start()
        atexit.register(self.server.stop)  # even when the session ends abnormally
        os.environ.update(self.server.env())
        self.server.create_database(self.TEMPLATE)
        from core.db import close_database, open_database

        open_database(self.server.url(self.TEMPLATE))
        close_database()

    def fresh(self) -> tuple[str, str]:
        name = self.server.create_database(template=self.TEMPLATE)
        return name, self.server.url(name)


_postgres: _PostgresForTests | None = None
_postgres_error: str | None = None


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Any]:
    """The throwaway cluster (started on first use, removed at the end of the session)."""
    global _postgres, _postgres_error
    if _postgres is None and _postgres_error is None:
        from tests.pg_server import PostgresUnavailable

        try:
            _postgres = _PostgresForTests()
        except PostgresUnavailable as exc:
            _postgres_error = str(exc)
    if _postgres is None:
        require_server("postgresql", _postgres_error or "it did not start")
    yield _postgres
    # Stopped by pytest_sessionfinish, after every test that might still use it.


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _postgres
    if _postgres is not None:
        _postgres.server.stop()
        _postgres = None


@pytest.fixture
def postgres_url(postgres_cluster: Any) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test (dropped afterwards)."""
    name, url = postgres_cluster.fresh()
    yield url
    from core.db import close_database

    close_database()
    postgres_cluster.server.drop_database(name)


@pytest.fixture
def db_location(database_kind: str, db_path: Path, request: pytest.FixtureRequest) -> str:
    """Where this test's database is: a SQLite file path or a PostgreSQL URL."""
    if database_kind == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return str(db_path)


@pytest.fixture
def db(database_kind: str, db_path: Path, db_location: str) -> Iterator[Path | str]:
    """An opened, migrated database bound to the models for this test: the SQLite file's
    ``Path``, or the PostgreSQL URL."""
    from core.db import close_database, open_database

    open_database(db_location)
    yield db_path if database_kind == "sqlite" else db_location
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
