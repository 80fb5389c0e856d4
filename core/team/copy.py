"""`db copy`: a desktop (SQLite) database moved to a team server (PostgreSQL).

Everything is copied, table by table in foreign-key order, with its ids (so
Message-IDs, attempts and history stay linked), through PostgreSQL's COPY, in one
transaction: the target is either a complete copy or untouched. The target must be
empty (its schema may exist); the counts of every table are compared before the
COMMIT. Messages a desktop sender left in ``sending`` arrive as ``unknown``, as a
restart of that sender would have made them. SMTP passwords stay in this computer's
keyring (they are never in the database).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peewee import AutoField, BooleanField, sort_models

from core.db import close_database, migrate, open_database
from core.errors import DatabaseProblem, InvalidValue
from core.models import ALL_MODELS, BaseModel, Message, MessageStatus, database_proxy

BATCH = 5_000


@dataclass
class CopyReport:
    source: str
    target: str
    tables: dict[str, tuple[int, int]] = field(default_factory=dict)  # name → (source, copied)
    unknown_from_sending: int = 0

    @property
    def ok(self) -> bool:
        return all(a == b for a, b in self.tables.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "ok": self.ok,
            "tables": {name: {"source": a, "copied": b} for name, (a, b) in self.tables.items()},
            "unknown_from_sending": self.unknown_from_sending,
        }


def _models() -> list[type[BaseModel]]:
    return list(sort_models(ALL_MODELS))


def copy_database(
    sqlite_path: str,
    postgres_url: str,
    *,
    progress: Callable[[str, int], None] | None = None,
) -> CopyReport:
    """Copy ``sqlite_path`` into the empty PostgreSQL database at ``postgres_url``."""
    from core.db import is_postgres_location, redacted
    from core.team.database import make_postgres, postgres_problem

    if not is_postgres_location(postgres_url):
        raise InvalidValue(
            f"{postgres_url} is not a PostgreSQL address.",
            hint="Write it as postgresql://USER@HOST:PORT/DB.",
        )
    source_path = Path(sqlite_path).expanduser()
    if not source_path.is_file():
        raise InvalidValue(f"There is no database file {sqlite_path}.", hint="Check the path.")
    # Bring the desktop file to this version's schema (as opening it in the app would).
    open_database(str(source_path))
    close_database()
    shown = redacted(postgres_url)
    report = CopyReport(str(source_path), shown)
    target = make_postgres(postgres_url)
    try:
        target.connect()
    except Exception as exc:
        raise postgres_problem(exc, shown) from None
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        database_proxy.initialize(target)
        migrate(target)
        _refuse_non_empty(target, shown)
        conn = target.connection()
        with target.atomic():
            _drop_builtin_profile()
            for model in _models():
                copied = _copy_table(source, conn, model, progress)
                report.tables[model._meta.table_name] = copied
            report.unknown_from_sending = _sending_becomes_unknown(target)
            if not report.ok:
                wrong = ", ".join(
                    f"{name} ({a} in the file, {b} copied)"
                    for name, (a, b) in report.tables.items()
                    if a != b
                )
                raise DatabaseProblem(
                    f"The copy did not match the file: {wrong}; nothing was written.",
                    hint="Check the file with the app, then try again.",
                )
        _reset_sequences(target)
    finally:
        source.close()
        target.close()
        database_proxy.initialize(None)
    return report


def _refuse_non_empty(target: Any, shown: str) -> None:
    """Only an empty database is filled (the built-in test inbox profile that opening it
    from the command line creates does not count: the file brings its own)."""
    from core.models import SmtpProfile
    from core.sandbox import BUILTIN_PROFILE_NAME

    found = []
    for model in _models():
        query = model.select()
        if model is SmtpProfile:
            query = query.where(SmtpProfile.name != BUILTIN_PROFILE_NAME)
        count = query.count()
        if count:
            found.append(f"{count:,} in {model._meta.table_name}")
    if found:
        raise InvalidValue(
            f"The database {shown} is not empty ({', '.join(found[:4])}); "
            "db copy only fills an empty database.",
            hint="Create a new database (createdb NAME) and copy into that.",
        )


def _drop_builtin_profile() -> None:
    from core.models import SmtpProfile
    from core.sandbox import BUILTIN_PROFILE_NAME

    SmtpProfile.delete().where(SmtpProfile.name == BUILTIN_PROFILE_NAME).execute()


def _copy_table(
    source: sqlite3.Connection,
    conn: Any,
    model: type[BaseModel],
    progress: Callable[[str, int], None] | None,
) -> tuple[int, int]:
    table = model._meta.table_name
    source_columns = {row[1] for row in source.execute(f'PRAGMA table_info("{table}")')}
    fields = [f for f in model._meta.sorted_fields if f.column_name in source_columns]
    if not fields:
        return 0, 0
    names = [f.column_name for f in fields]
    booleans = [i for i, f in enumerate(fields) if isinstance(f, BooleanField)]
    (expected,) = source.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()
    cursor = source.execute("SELECT " + ", ".join(f'"{n}"' for n in names) + f' FROM "{table}"')
    column_list = ", ".join(f'"{n}"' for n in names)
    copied = 0
    with conn.cursor() as cur, cur.copy(f'COPY "{table}" ({column_list}) FROM STDIN') as copy:
        while rows := cursor.fetchmany(BATCH):
            for row in rows:
                copy.write_row(_clean(row, booleans))
            copied += len(rows)
            if progress is not None:
                progress(table, copied)
    (landed,) = conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()
    return int(expected), int(landed)


def _clean(row: tuple[Any, ...], booleans: list[int]) -> tuple[Any, ...]:
    """SQLite's values as PostgreSQL takes them: booleans, and text without NUL."""
    values = list(row)
    for i in booleans:
        if values[i] is not None:
            values[i] = bool(values[i])
    for i, value in enumerate(values):
        if isinstance(value, str) and "\x00" in value:
            values[i] = value.replace("\x00", "\ufffd")
    return tuple(values)


def _sending_becomes_unknown(target: Any) -> int:
    """Rows the desktop sender left in flight: unknown, as its restart would have made them."""
    return int(
        Message.update(
            status=MessageStatus.UNKNOWN,
            last_response="The desktop app stopped while this message was being sent; it may or "
            "may not have been delivered. Resend it (same Message-ID) or mark it sent.",
        )
        .where(Message.status == MessageStatus.SENDING)
        .execute()
    )


def _reset_sequences(target: Any) -> None:
    """Ids were copied as they were: new rows continue after the highest."""
    for model in _models():
        pk = model._meta.primary_key
        if isinstance(pk, AutoField):
            table = model._meta.table_name
            target.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{pk.column_name}'), "
                f'COALESCE((SELECT MAX("{pk.column_name}") FROM "{table}"), 0) + 1, false)'
            )
