"""The queue's SQL in one place: named statements and the limits they live with."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from core.models import Contact, Message, Suppression

T = TypeVar("T")

# Ids bound per statement: well under SQLite's bound-parameter limit on every build
# (999 before 3.32, 32,766 since; distributions raise it, the bundled Windows build does not).
CHUNK = 900


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """``values`` in slices of at most ``size``, for ``IN (…)`` lists of any length."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def marks(count: int) -> str:
    """``?, ?, …`` for an ``IN (…)`` of ``count`` values."""
    return ",".join("?" * count)


# --- named statements (like listmonk's queries.sql) -------------------------------------
# Table names come from the models, so a renamed table cannot leave a statement behind.

_M, _S, _K = Message._meta.table_name, Suppression._meta.table_name, Contact._meta.table_name

# The Queue page's views
# {domain}: core.suppressions.domain_sql("m.to_key") (the function differs per database).
BLOCKED_RECIPIENTS = (
    f"SELECT m.id, s.reason, d.reason, d.email_key, c.status FROM {_M} m "
    f"LEFT JOIN {_S} s ON s.email_key = m.to_key "
    f"LEFT JOIN {_S} d ON d.email_key = {{domain}} "
    f"LEFT JOIN {_K} c ON c.email_key = m.to_key AND c.status != ? "
    "WHERE m.id IN ({marks}) "
    "AND (s.id IS NOT NULL OR d.id IS NOT NULL OR c.id IS NOT NULL)"
)
