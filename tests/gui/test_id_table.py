"""The lazy id table: a refresh never leaves rows read before the change on screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from gui.models.id_table import IdTableModel, Rows


class StatusModel(IdTableModel):
    headers = ["Status"]

    def display(self, row: Any, column: int) -> Any:
        return row


def test_a_page_still_being_read_when_the_rows_change_is_read_again(qtbot):
    """The first read of a page is on its way when the statuses change (a bounce, another
    process): the refresh asks again, and the table ends with the new values, whatever
    order the answers arrive in."""
    pending: list[tuple[list[int], Callable[[Rows], None]]] = []
    model = StatusModel(lambda ids, deliver: pending.append((ids, deliver)))
    model.set_ids([1, 2, 3])
    assert model.index(0, 0).data(Qt.ItemDataRole.DisplayRole) is None  # asked for
    assert len(pending) == 1
    database = {1: "active", 2: "active", 3: "active"}
    first_read = {i: database[i] for i in pending[0][0]}  # read before the change
    database[2] = "unsubscribed"
    model.refresh_rows()
    assert len(pending) == 2, "the page on its way must be read again after the change"
    second_read = {i: database[i] for i in pending[1][0]}
    pending[1][1](second_read)
    pending[0][1](first_read)  # the older answer arrives last: it must not win
    assert model.index(1, 0).data() == "unsubscribed"
    assert not model.loading()
