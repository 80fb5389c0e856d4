"""Opening the database: durable pragmas, schema versions, clear errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core import db as dbmod
from core.db import SCHEMA_VERSION, close_database, open_database
from core.errors import DatabaseProblem
from core.models import ALL_MODELS, Contact


def test_new_database_is_wal_full_sync_and_current_schema(db_path: Path):
    info = open_database(str(db_path))
    try:
        assert info.journal_mode == "wal"
        assert info.synchronous == 2  # FULL: a committed 'sending' survives power loss
        assert info.schema_version == SCHEMA_VERSION
        for model in ALL_MODELS:
            assert model.table_exists(), model.__name__
        fk = Contact._meta.database.execute_sql("PRAGMA foreign_keys").fetchone()[0]
        assert fk == 1
    finally:
        close_database()
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()


def test_migrations_run_in_order_once(db_path: Path, monkeypatch: pytest.MonkeyPatch):
    ran: list[int] = []

    def step2(database) -> None:
        ran.append(2)
        database.execute_sql("CREATE TABLE extra_thing (id INTEGER PRIMARY KEY)")

    open_database(str(db_path))
    close_database()
    monkeypatch.setattr(dbmod, "MIGRATIONS", [*dbmod.MIGRATIONS, (SCHEMA_VERSION + 1, step2)])
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    info = open_database(str(db_path))
    close_database()
    info_again = open_database(str(db_path))
    close_database()
    assert ran == [2]
    assert info.schema_version == info_again.schema_version == SCHEMA_VERSION + 1


def test_database_from_a_newer_version_is_refused_clearly(db_path: Path):
    raw = sqlite3.connect(db_path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    raw.commit()
    raw.close()
    with pytest.raises(DatabaseProblem, match="newer Staffetta"):
        open_database(str(db_path))


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not sqlite" * 100)
    with pytest.raises(DatabaseProblem, match="Cannot open the database"):
        open_database(str(bogus))


def test_postgres_url_says_not_yet(tmp_path: Path):
    with pytest.raises(DatabaseProblem, match="PostgreSQL"):
        open_database("postgresql://localhost/staffetta")
