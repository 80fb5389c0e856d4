"""The queue's SQL in one place: named statements and the limits they live with."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

# Ids bound per statement: well under SQLite's bound-parameter limit on every build
# (999 before 3.32, 32,766 since; distributions raise it, the bundled Windows build does not).
CHUNK = 900


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """``values`` in slices of at most ``size``, for ``IN (…)`` lists of any length."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
