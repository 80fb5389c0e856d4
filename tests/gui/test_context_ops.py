"""context.op / context.query: core work off the UI thread, what changed broadcast after."""

from __future__ import annotations

import threading

from core.ops import Changes, OpResult
from core.ops import templates as template_ops
from core.ops.templates import TemplateSource
from tests.gui.conftest import wait_idle


def test_an_op_runs_off_the_ui_thread_then_broadcasts_its_changes(qtbot, context) -> None:
    seen: list[Changes] = []
    threads: list[str] = []
    results: list[int] = []
    context.signals.changed.connect(seen.append)
    legacy: list[bool] = []
    context.signals.templates_changed.connect(lambda: legacy.append(True))

    def create() -> OpResult[int]:
        threads.append(threading.current_thread().name)
        return template_ops.create("T", TemplateSource("s", "<p>x</p>"))

    context.op("create template", create, on_done=results.append)
    wait_idle(qtbot, context)
    assert threads and threads[0] != threading.main_thread().name
    assert results and seen == [Changes(templates=True)] and legacy == [True]
    names: list[list[tuple[int, str]]] = []
    context.query("templates", template_ops.list_templates, on_done=names.append)
    wait_idle(qtbot, context)
    assert names == [[(results[0], "T")]]


def test_only_the_newest_query_of_a_name_is_delivered(qtbot, context) -> None:
    release = threading.Event()
    got: list[str] = []

    def slow() -> str:
        release.wait(5)
        return "old"

    context.query("same", slow, on_done=got.append)
    context.query("same", lambda: "new", on_done=got.append)
    release.set()
    wait_idle(qtbot, context)
    assert got == ["new"]
