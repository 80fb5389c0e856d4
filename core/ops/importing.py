"""Import operations for the window's import wizard: detection, the import, the rejects.

Reading a file's first megabyte, importing it and writing the rejected rows all touch
the disk or the database, so the wizard runs each here, off the UI thread.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from core.contacts import list_summaries, neutralise_cell
from core.errors import BadInputFile
from core.events import CancelToken
from core.importer import (
    CsvLayout,
    ImportProgress,
    ImportReport,
    InvalidRow,
    import_contacts,
    sniff_csv,
)
from core.ops.changes import Changes, OpResult


def list_names() -> list[tuple[str, int]]:
    """(name, members) of every list, for the wizard's "Into list" box."""
    return [(name, count) for _id, name, count in list_summaries()]


def sniff(path: str, *, encoding: str | None = None, delimiter: str | None = None) -> CsvLayout:
    """What the file looks like (encoding, delimiter, columns, first rows); never needs an
    email column, so the user can pick it."""
    return sniff_csv(path, encoding=encoding, delimiter=delimiter, require_email=False)


def import_file(
    path: str, list_name: str, *, layout: CsvLayout,
    progress: Callable[[ImportProgress], None] | None = None, cancel: CancelToken | None = None,
) -> OpResult[ImportReport]:  # fmt: skip
    report = import_contacts(path, list_name, layout=layout, progress=progress, cancel=cancel)
    return OpResult(report, Changes(contacts=True, lists=True))


def save_rejected(path: str, rows: list[InvalidRow]) -> int:
    """Rejected rows as CSV (line, value, reason), safe to open in a spreadsheet."""
    try:
        with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["line", "value", "reason"])
            for bad in rows:
                writer.writerow([bad.row, neutralise_cell(bad.value), neutralise_cell(bad.reason)])
    except OSError as exc:
        raise BadInputFile(
            f"Could not save {path}: {exc.strerror}.", hint="Choose another folder."
        ) from None
    return len(rows)
