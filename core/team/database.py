"""Opening a PostgreSQL database: psycopg 3 through peewee, with clear errors.

The location is a libpq URL (``postgresql://USER@HOST:PORT/DB``); the password comes
from ``PGPASSWORD`` or ``~/.pgpass`` as for every libpq program (a password written in
the URL works too, and is never shown). ``synchronous_commit`` is read back as SQLite's
pragmas are: with it off, a committed ``sending`` could be lost by a server crash.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import psycopg
from peewee import DatabaseError, InterfaceError
from playhouse.psycopg3_ext import Psycopg3Database

from core.db import DatabaseInfo, migrate, redacted, schema_version
from core.errors import DatabaseProblem
from core.models import database_proxy

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10  # seconds: an unreachable server is reported, not waited on


@functools.lru_cache(maxsize=1024)
def qmark_to_format(sql: str) -> str:
    """A statement written with ``?`` placeholders, for psycopg: ``%s``, and ``%`` doubled.

    The project's hand-written statements (the hot paths peewee's query builder is too
    slow for) are spelled once, with SQLite's ``?``; PostgreSQL runs the same text.
    Question marks inside quoted literals are left alone.
    """
    out: list[str] = []
    quote = ""
    for ch in sql:
        if ch == "%":
            out.append("%%")
        elif quote:
            out.append(ch)
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        else:
            out.append("%s" if ch == "?" else ch)
    return "".join(out)


def _has_qmark(sql: str) -> bool:
    return "?" in sql and "%s" not in sql


class _QmarkCursor(psycopg.Cursor):  # type: ignore[type-arg,misc]
    """A psycopg cursor that takes the project's ``?`` statements as they are."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        if isinstance(query, str) and _has_qmark(query):
            query = qmark_to_format(query)
        return super().execute(query, params, **kwargs)

    def executemany(self, query: Any, params_seq: Any, **kwargs: Any) -> Any:
        if isinstance(query, str) and _has_qmark(query):
            query = qmark_to_format(query)
        return super().executemany(query, params_seq, **kwargs)


class PostgresDatabase(Psycopg3Database):  # type: ignore[misc]
    """PostgreSQL through psycopg 3, taking the project's ``?`` statements as they are.

    peewee's own SQL uses ``%s`` and goes through unchanged; a raw statement with
    ``?`` placeholders (``execute_sql``, or ``cursor().execute``/``executemany``) is
    rewritten once by ``qmark_to_format`` and cached, so hand-written SQL is spelled
    once for both databases.
    """

    def _connect(self) -> Any:
        conn = super()._connect()
        conn.cursor_factory = _QmarkCursor
        return conn


def libpq_url(location: str) -> str:
    """``postgres://`` and ``postgresql://`` are the same to libpq; psycopg wants the latter."""
    return "postgresql://" + location.split("://", 1)[1]


def make_postgres(location: str) -> PostgresDatabase:
    """A PostgreSQL database object for ``location`` (not connected yet)."""
    return PostgresDatabase(
        libpq_url(location), connect_timeout=CONNECT_TIMEOUT, application_name="staffetta"
    )


def open_postgres(location: str) -> DatabaseInfo:
    db = make_postgres(location)
    shown = redacted(location)
    try:
        db.connect(reuse_if_open=True)
    except (DatabaseError, InterfaceError) as exc:
        raise postgres_problem(exc, shown) from None
    try:
        synchronous = str(db.execute_sql("SHOW synchronous_commit").fetchone()[0])
        if synchronous == "off":
            log.warning("database %s runs with synchronous_commit=off", shown)
        database_proxy.initialize(db)
        created = schema_version(db) == 0
        version = migrate(db)
    except (DatabaseError, InterfaceError) as exc:
        db.close()
        raise DatabaseProblem(
            f"Cannot use the PostgreSQL database {shown}: {_first_line(exc)}.",
            hint="Check that the user may create tables there (or ask the server's administrator).",
        ) from exc
    return DatabaseInfo(shown, "postgresql", 2 if synchronous != "off" else 0, version,
                        created=created)  # fmt: skip


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text.removeprefix("connection failed: ").rstrip(".")


def postgres_problem(exc: BaseException, shown: str) -> DatabaseProblem:
    """One sentence for a failed connection: unreachable, login refused, no such database."""
    from psycopg.conninfo import conninfo_to_dict

    text = str(exc)
    try:
        parts = conninfo_to_dict("postgresql://" + shown.split("://", 1)[1])
    except Exception:
        parts = {}
    host = f"{parts.get('host') or 'localhost'}:{parts.get('port') or 5432}"
    user = parts.get("user") or "(your system user)"
    name = parts.get("dbname") or user
    if "password authentication failed" in text or "no password supplied" in text:
        return DatabaseProblem(
            f"The PostgreSQL server at {host} refused the login of user {user}.",
            hint="Check the user name, and the password in PGPASSWORD or ~/.pgpass.",
        )
    if "does not exist" in text and "database" in text:
        return DatabaseProblem(
            f"The PostgreSQL server at {host} has no database named {name}.",
            hint=f"Create it (createdb {name}) or check the name in --db.",
        )
    if "role" in text and "does not exist" in text:
        return DatabaseProblem(
            f"The PostgreSQL server at {host} has no user named {user}.",
            hint="Check the user name in --db (postgresql://USER@HOST:PORT/DB).",
        )
    if any(s in text for s in ("Connection refused", "could not translate host", "timeout expired",
                               "No route to host", "Network is unreachable", "could not connect")):  # fmt: skip
        return DatabaseProblem(
            f"Cannot reach the PostgreSQL server at {host}: {_first_line(exc).split(': ')[-1]}.",
            hint="Check that the server is running and that the address in --db is right.",
        )
    return DatabaseProblem(
        f"Cannot connect to the PostgreSQL database {shown}: {_first_line(exc)}.",
        hint="Check the address in --db and the server's pg_hba.conf.",
    )
