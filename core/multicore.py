"""Chunks of CPU-bound work shared between this process and helper processes.

Rendering every recipient of a big list is pure Python, and the GIL keeps threads on
one core, so pre-flight hands some chunks to spawned helper processes while the caller
renders the others. Helpers are *spawned* (fork is unsafe next to Qt's threads and does
not exist on Windows); the bundle runs them through ``multiprocessing.freeze_support()``
in ``main.py``; a helper whose parent dies exits instead of lingering; and if helpers
cannot start or die, the caller simply does their chunks itself.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

log = logging.getLogger(__name__)

C = TypeVar("C")  # the chunk
R = TypeVar("R")  # a chunk's result

CHUNKS_AHEAD_PER_HELPER = 2  # queued per helper, so none waits for the caller to hand out work
PARENT_CHECK_SECONDS = 1.0


def spare_cores() -> int:
    """Cores this process may use beyond the one it runs on."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        usable = os.cpu_count() or 1
    return max(0, usable - 1)


def helper_pool(helpers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=helpers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_exit_with_parent,
        initargs=(os.getpid(),),
    )


def _exit_with_parent(parent_pid: int) -> None:
    """In a helper: leave as soon as the process that started it is gone (killed, crashed),
    rather than wait forever for work that will never come."""

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent_pid:
                os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def run_chunks(
    work: Callable[[Any, C], R],
    shared: Any,
    chunks: Iterable[C],
    *,
    helpers: int,
    after_chunk: Callable[[C, R], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> list[R]:
    """``work(shared, chunk)`` for every chunk, in helpers and here; results in chunk order.

    ``work`` must be a module-level function and ``shared`` and the chunks picklable.
    Chunks are read lazily: each helper holds at most ``CHUNKS_AHEAD_PER_HELPER`` of them
    and this process works through the rest, so memory stays bounded and a slow helper
    (or one still starting) never holds up the whole. ``after_chunk`` runs here, in
    chunk completion order; ``stop`` is checked between chunks.
    """
    results: dict[int, R] = {}
    pool: ProcessPoolExecutor | None = None
    outstanding: dict[Future[R], tuple[int, C]] = {}
    if helpers > 0:
        try:
            pool = helper_pool(helpers)
        except OSError as exc:
            log.warning("no helper processes (%s); working on one core", exc)

    def finish(index: int, chunk: C, result: R) -> None:
        results[index] = result
        if after_chunk is not None:
            after_chunk(chunk, result)

    def collect(block: bool) -> None:
        nonlocal pool
        if not outstanding:
            return
        if block:
            wait(list(outstanding), return_when=FIRST_COMPLETED)
        for future in [f for f in outstanding if f.done()]:
            index, chunk = outstanding.pop(future)
            try:
                result = future.result()
            except BrokenProcessPool as exc:  # a helper died or could not start
                if pool is not None:
                    log.warning("helper processes stopped (%s); working on one core", exc)
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = None
                result = work(shared, chunk)
            finish(index, chunk, result)

    try:
        for index, chunk in enumerate(chunks):
            if stop is not None and stop():
                break
            collect(block=False)
            if pool is not None and len(outstanding) < CHUNKS_AHEAD_PER_HELPER * helpers:
                try:
                    outstanding[pool.submit(work, shared, chunk)] = (index, chunk)
                    continue
                except (BrokenProcessPool, RuntimeError, OSError) as exc:
                    log.warning("helper processes unavailable (%s); working on one core", exc)
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = None
            finish(index, chunk, work(shared, chunk))
        while outstanding and not (stop is not None and stop()):
            collect(block=True)
    finally:
        if pool is not None:
            pool.shutdown(wait=not outstanding, cancel_futures=True)
    return [results[i] for i in sorted(results)]
