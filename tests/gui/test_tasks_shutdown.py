"""A window that is closing may still be asked for background work (a refresh timer, a
late signal): the runner must refuse quietly, never raise into Qt's event loop."""

from __future__ import annotations

from gui.tasks import TaskRunner


def test_work_submitted_after_shutdown_is_dropped_without_an_error(qapp):
    runner = TaskRunner()
    runner.shutdown()
    ran: list[int] = []
    task = runner.submit("late refresh", ran.append, 1, on_done=ran.append)
    assert task.future.cancelled()
    qapp.processEvents()
    assert ran == [] and not runner.tasks
