"""The few SQL spellings that SQLite and PostgreSQL do not share, in one place.

Contact fields are JSON text (``contact.fields``); a field's value is read with
``json_extract`` on SQLite and ``::jsonb ->>`` on PostgreSQL. The expressions are
deterministic, so both databases can index them (``core.audience.segments`` creates
expression indexes for the fields segments compare).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Dialect:
    postgres: bool

    @classmethod
    def of(cls, database: Any) -> Dialect:
        obj = getattr(database, "obj", database)  # a DatabaseProxy or the database itself
        from peewee import PostgresqlDatabase

        return cls(isinstance(obj, PostgresqlDatabase))

    @property
    def param(self) -> str:
        return "%s" if self.postgres else "?"

    def field_text(self, column: str, key: str) -> str:
        """The text of one JSON field (NULL when absent). The key is spliced as a literal
        (it must be for an expression index to match), quoted for SQL and JSON."""
        if self.postgres:
            return f"({column}::jsonb ->> {_sql_literal(key)})"
        return f"json_extract({column}, {_sql_literal('$.' + json.dumps(key))})"

    def snapshot_field_text(self, column: str, key: str) -> str:
        """The text of one of the recipient's fields in a message's ``variables``
        snapshot (``{"fields": {key: …}}``), NULL when absent."""
        if self.postgres:
            return f"(({column})::jsonb -> 'fields' ->> {_sql_literal(key)})"
        return f"json_extract({column}, {_sql_literal('$.fields.' + json.dumps(key))})"

    def looks_numeric(self, expr: str) -> str:
        """A condition: the text is a plain decimal number (what ``to_number`` can read)."""
        if self.postgres:
            return f"({expr} ~ '^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)\\s*$')"
        return (
            f"(trim({expr}) GLOB '*[0-9]*' AND trim({expr}) NOT GLOB '*[^0-9.+-]*' "
            f"AND trim({expr}) NOT GLOB '?*[+-]*' AND trim({expr}) NOT GLOB '*.*.*')"
        )

    def to_number(self, expr: str) -> str:
        """The number in the text, or NULL when it is not one."""
        kind = "DOUBLE PRECISION" if self.postgres else "REAL"
        return f"(CASE WHEN {self.looks_numeric(expr)} THEN CAST(trim({expr}) AS {kind}) END)"

    def looks_like_date(self, expr: str) -> str:
        if self.postgres:
            return f"({expr} ~ '^\\s*[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}')"
        return f"(trim({expr}) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*')"

    def to_date(self, expr: str) -> str:
        """``YYYY-MM-DD`` of an ISO date or date-time, NULL for anything else."""
        return f"(CASE WHEN {self.looks_like_date(expr)} THEN substr(trim({expr}), 1, 10) END)"

    def to_datetime(self, expr: str) -> str:
        """``YYYY-MM-DDTHH:MM:SS`` (as far as written) of an ISO date-time, NULL otherwise."""
        return (
            f"(CASE WHEN {self.looks_like_date(expr)} THEN "
            f"replace(substr(trim({expr}), 1, 19), ' ', 'T') END)"
        )

    def domain(self, column: str) -> str:
        if self.postgres:
            return f"split_part({column}, '@', 2)"
        return f"substr({column}, instr({column}, '@') + 1)"

    def snapshot_json(self, alias: str = "c") -> str:
        """A message's ``variables`` built from its contact row, as expansion stores it:
        ``{"email": …, "name": …, "fields": {…}}`` (the fields' JSON as stored)."""
        if self.postgres:
            return (
                f"json_build_object('email', {alias}.email, 'name', {alias}.name, "
                f"'fields', COALESCE({alias}.fields, '{{}}')::json)::text"
            )
        return (
            f"json_object('email', {alias}.email, 'name', {alias}.name, "
            f"'fields', json(COALESCE({alias}.fields, '{{}}')))"
        )

    def message_id(self, alias: str = "c") -> str:
        """A Message-ID from two parameters, a clock prefix and the sender's domain, and
        the contact's id (unique within the campaign) and 64 random bits, in the form of
        ``core.mime.make_message_id``: ``<prefix.id.random@domain>``."""
        p = self.param
        if self.postgres:
            return (
                f"'<' || {p} || '.' || lpad(to_hex({alias}.id), 8, '0') || '.' || "
                f"substr(md5(random()::text || clock_timestamp()::text), 1, 16) || '@' || {p} || '>'"
            )
        return (
            f"'<' || {p} || '.' || printf('%08x', {alias}.id) || '.' || "
            f"lower(hex(randomblob(8))) || '@' || {p} || '>'"
        )

    def like_escape(self) -> str:
        return "ESCAPE '\\'"

    def index_on(self, *expressions: str) -> str:
        """An index's column list for expressions (PostgreSQL wants each parenthesised)."""
        if self.postgres:
            return "(" + ", ".join(f"({e})" for e in expressions) + ")"
        return "(" + ", ".join(expressions) + ")"

    def timestamp(self, value: datetime) -> Any:
        """A naive UTC time as a parameter compared with a DateTimeField: PostgreSQL
        takes the datetime, SQLite the text peewee stores (``YYYY-MM-DD HH:MM:SS``)."""
        return value if self.postgres else str(value)


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def like_pattern(text: str, *, prefix: bool = False, suffix: bool = False) -> str:
    """A LIKE pattern matching ``text`` literally (``%`` and ``_`` escaped with ``\\``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return ("%" if suffix else "") + escaped + ("%" if prefix else "")
